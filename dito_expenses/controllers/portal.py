# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import binascii
from datetime import date

from odoo import fields, http
from odoo.addons.benefits_base.inputs import input_error_message
from odoo.addons.benefits_base.tools import inputs
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.image import base64_to_image

from ..models.dito_expense_note_line import MAX_KM, MAX_UNIT_AMOUNT
from ..tools import choices, lines

NOTE = "dito.expense.note"
LINE_KINDS = choices.values(lines.LineKind)
MODES = choices.values(lines.TransportMode)
REGIMES = choices.values(lines.Regime)
MAX_RECEIPT_BYTES = 10 * 1024 * 1024
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
# Our own page size: ``_items_per_page`` is shared by every portal list of every addon.
DITO_ITEMS_PER_PAGE = 40
MAX_TEXT = 200
MAX_REASON = 2000
MAX_AMOUNT = MAX_UNIT_AMOUNT
MAX_COUNT = 366


class DitoExpensePortal(CustomerPortal):
    """Volunteers' and budget holders' pages of the expense notes.

    Every route goes through :meth:`_dito_note_check_access`, the one gate; the
    sudo'd record it returns is named ``note_sudo``. The volunteer's sign link
    (``access_token``) opens the note and signs it, never approves it; the
    review link carries a separate ``review_token``.
    """

    # ------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------

    def _dito_note_check_access(self, note_id, access_token=None, role="read"):
        """The sudo'd note if the current visitor may act on it as ``role``.

        - ``read``: readable by the user (record rules), or the note's sign token;
        - ``sign``: the volunteer of the note: logged in as the volunteer, or a
          visitor who is not logged in and holds the sign token. A logged-in user
          who is not the volunteer never signs, whatever token they carry;
        - ``edit``: the logged-in volunteer of the note only (no token);
        - ``review``: the budget holder of the note's budget: logged in as the
          holder, or a visitor who is not logged in and holds the review token.
          A logged-in user who is not the holder never reviews, whatever token.

        Raises AccessError or MissingError otherwise.
        """
        user = request.env.user
        is_public = user._is_public()
        access_token = self._dito_clean_token(access_token)
        if role == "review":
            note_sudo = request.env[NOTE].sudo().browse(note_id).exists()
            if not note_sudo:
                raise MissingError(request.env._("This document does not exist."))
            if is_public:
                allowed = note_sudo._check_review_token(access_token)
            else:
                allowed = note_sudo.budget_id.holder_id == user
            if not allowed:
                raise AccessError(request.env._("This review link is not valid."))
            return note_sudo
        note_sudo = self._document_check_access(NOTE, note_id, access_token=access_token)
        is_owner = not is_public and note_sudo.partner_id == user.partner_id
        if role == "edit" and not is_owner:
            raise AccessError(request.env._("Only the volunteer can change this note."))
        if role == "sign":
            stored = note_sudo.access_token
            token_ok = bool(access_token and stored) and consteq(
                access_token.encode(), stored.encode()
            )
            if not (is_owner or (is_public and token_ok)):
                raise AccessError(request.env._("Only the volunteer can sign this note."))
        return note_sudo

    @staticmethod
    def _dito_clean_token(token):
        """A token as our tokens are written (printable ASCII, bounded), else None.

        Anything else cannot be a token of ours, and would make the constant-time
        comparison raise (non-ASCII text).
        """
        if (
            not isinstance(token, str)
            or len(token) > 128
            or not token.isascii()
            or not token.isprintable()
        ):
            return None
        return token

    def _dito_is_holder(self, note_sudo):
        user = request.env.user
        return not user._is_public() and note_sudo.budget_id.holder_id == user

    def _dito_input_error(self, error):
        return input_error_message(request.env, error)

    def _dito_volunteer_partner(self):
        partner = request.env.user.partner_id
        if request.env.user._is_public() or not partner.dito_is_volunteer:
            raise AccessError(request.env._("Only volunteers can enter expense notes."))
        return partner

    # ------------------------------------------------------------
    # HOME AND LIST
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        Note = request.env[NOTE]
        if "dito_expense_count" in counters:
            values["dito_expense_count"] = (
                Note.search_count([("partner_id", "=", partner.id)])
                if Note.has_access("read")
                else 0
            )
        if "dito_review_count" in counters:
            values["dito_review_count"] = (
                Note.search_count(
                    [("budget_id.holder_id", "=", request.env.user.id), ("state", "=", "signed")]
                )
                if Note.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/expenses", "/my/expenses/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_expenses(self, page=1, **kw):
        user = request.env.user
        if not (
            user.has_group("dito_expenses.group_volunteer")
            or user.has_group("dito_expenses.group_budget_holder")
        ):
            # employers, households, workers of the other addons: nothing of dito here
            return request.redirect("/my")
        partner = user.partner_id
        Note = request.env[NOTE]
        domain = [("partner_id", "=", partner.id)]
        count = Note.search_count(domain)
        pager = portal_pager(url="/my/expenses", total=count, page=page, step=DITO_ITEMS_PER_PAGE)
        notes = Note.search(domain, limit=DITO_ITEMS_PER_PAGE, offset=pager["offset"])
        # the holder reads these notes, not their volunteers' contacts: shown sudo'd
        to_review_sudo = Note.search(
            [("budget_id.holder_id", "=", request.env.user.id), ("state", "=", "signed")]
        ).sudo()
        company = partner.company_id or request.env.company
        today = fields.Date.context_today(Note)
        status = request.env["dito.expense.batch"]._current_status(company)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dito_expenses",
                "notes": notes,
                "to_review": to_review_sudo,
                "pager": pager,
                "status": status,
                "last_signing_day": company._dito_calendar().last_signing_day(status.batch),
                "overview": Note._yearly_overview(partner, today.year)
                if partner.dito_is_volunteer
                else None,
                "is_volunteer": partner.dito_is_volunteer,
                "currency": company.currency_id,
                "batch_date": lambda batch_month: date(batch_month.year, batch_month.month, 1),
            }
        )
        return request.render("dito_expenses.portal_my_expenses", values)

    # ------------------------------------------------------------
    # CREATE AND EDIT
    # ------------------------------------------------------------

    def _dito_budgets_sudo(self, partner):
        company = partner.company_id or request.env.company
        return request.env["dito.budget"].sudo().search([("company_id", "=", company.id)])

    @http.route("/my/expenses/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_expense_new(self, **post):
        try:
            partner = self._dito_volunteer_partner()
        except AccessError:
            return request.redirect("/my")
        budgets_sudo = self._dito_budgets_sudo(partner)
        error = None
        if request.httprequest.method == "POST":
            values, error = self._dito_note_header_values(post, budgets_sudo)
            if not error:
                year = fields.Date.context_today(request.env[NOTE]).year
                note_sudo = (
                    request.env[NOTE]
                    .sudo()
                    .create(
                        {
                            "partner_id": partner.id,
                            "company_id": budgets_sudo[:1].company_id.id or request.env.company.id,
                            "channel": "portal",
                            **values,
                        }
                    )
                )
                if not values.get("regime"):
                    note_sudo.regime = partner._dito_regime_for_year(year) or "flat"
                return request.redirect(f"/my/expenses/{note_sudo.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dito_expense",
                "budgets": budgets_sudo,
                "error": error,
                "post": post,
                "default_regime": partner._dito_regime_for_year(
                    fields.Date.context_today(request.env[NOTE]).year
                )
                or "flat",
            }
        )
        return request.render("dito_expenses.portal_expense_new", values)

    def _dito_note_header_values(self, post, budgets_sudo):
        """Header values from the form, or a translated message naming the field."""
        _ = request.env._
        try:
            budget_id = inputs.parse_id(post.get("budget_id"), _("Budget"))
            regime = inputs.parse_choice(post.get("regime"), _("Regime"), REGIMES, required=False)
            description = inputs.clean_text(
                post.get("description"), _("Description"), max_length=MAX_TEXT
            )
        except inputs.InputError as error:
            return {}, self._dito_input_error(error)
        budget = budgets_sudo.filtered(lambda b: b.id == budget_id)
        if not budget:
            return {}, _("Budget: choose the budget of your activity.")
        values = {"budget_id": budget.id, "description": description}
        if regime:
            values["regime"] = regime
        return values, None

    def _dito_render_note(self, note_sudo, access_token=None, error=None, review=False, **extra):
        partner = note_sudo.partner_id
        values = self._prepare_portal_layout_values()
        is_owner = partner == request.env.user.partner_id and not request.env.user._is_public()
        is_holder = self._dito_is_holder(note_sudo)
        values.update(
            {
                "page_name": "dito_expense",
                "note": note_sudo,
                "access_token": access_token,
                "error": error,
                "review": review,
                "is_owner": is_owner,
                "is_holder": is_holder,
                "warnings": extra.get("warnings") or [],
                "editable": is_owner
                and note_sudo.state in ("draft", "submitted", "signed", "refused"),
                "budgets": self._dito_budgets_sudo(partner)
                if is_owner
                else request.env["dito.budget"],
                "today": fields.Date.context_today(note_sudo),
                "review_token": extra.get("review_token"),
                "overview": request.env[NOTE]._yearly_overview(
                    partner, note_sudo.year or fields.Date.context_today(note_sudo).year
                )
                if review or is_holder
                else None,
                "currency": note_sudo.currency_id,
                "message": extra.get("message") or request.params.get("message"),
            }
        )
        if not review:
            values = self._get_page_view_values(
                note_sudo, access_token, values, "my_expenses_history", False
            )
        return request.render("dito_expenses.portal_expense_page", values)

    @http.route("/my/expenses/<int:note_id>", type="http", auth="public", website=True)
    def portal_expense_page(
        self, note_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            note_sudo = self._dito_note_check_access(note_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # only a valid sign token is passed on to the page (it shows the sign form)
        access_token = self._dito_clean_token(access_token)
        stored = note_sudo.access_token
        if not (access_token and stored and consteq(access_token.encode(), stored.encode())):
            access_token = None
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=note_sudo,
                report_type=report_type,
                report_ref="dito_expenses.action_report_dito_expense_note",
                download=download,
            )
        return self._dito_render_note(note_sudo, access_token)

    @http.route(
        "/my/expenses/<int:note_id>/edit", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_expense_edit(self, note_id, **post):
        try:
            note_sudo = self._dito_note_check_access(note_id, role="edit")
        except (AccessError, MissingError):
            return request.redirect("/my")
        values, error = self._dito_note_header_values(
            post, self._dito_budgets_sudo(note_sudo.partner_id)
        )
        if not error:
            try:
                with request.env.cr.savepoint():
                    note_sudo.write(values)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return self._dito_render_note(note_sudo, error=error)
        return request.redirect(f"/my/expenses/{note_sudo.id}")

    def _dito_parse_line(self, post):
        """Line values from the form, or a translated message naming the field.

        Every value goes through the shared input layer: dates that exist within
        the sane window, finite bounded amounts, km and counts, text without
        control characters. Nothing is written when a value is refused.
        """
        _ = request.env._
        try:
            kind = inputs.parse_choice(post.get("kind"), _("Kind"), LINE_KINDS)
            values = {
                "kind": kind,
                "name": inputs.clean_text(post.get("name"), _("Description"), max_length=MAX_TEXT),
                "date_from": inputs.parse_date(post.get("date_from"), _("Date")),
                "date_to": inputs.parse_date(post.get("date_to"), _("Until"), required=False)
                or False,
                "count": inputs.parse_int(
                    post.get("count"), _("Times"), minimum=1, maximum=MAX_COUNT, required=False
                )
                or 1,
                "unit_amount": float(
                    inputs.parse_decimal(
                        post.get("unit_amount"),
                        _("Amount"),
                        minimum=0,
                        maximum=MAX_AMOUNT,
                        required=False,
                        default=0,
                    )
                ),
                "km": float(
                    inputs.parse_decimal(
                        post.get("km"),
                        _("Km"),
                        minimum=0,
                        maximum=MAX_KM,
                        digits=1,
                        required=False,
                        default=0,
                    )
                ),
            }
            if kind == "trip":
                values.update(
                    mode=inputs.parse_choice(post.get("mode"), _("Mode"), MODES),
                    origin=inputs.clean_text(
                        post.get("origin"), _("From"), max_length=MAX_TEXT, required=True
                    ),
                    destination=inputs.clean_text(
                        post.get("destination"), _("To"), max_length=MAX_TEXT, required=True
                    ),
                )
            receipt = post.get("receipt")
            if kind == "real_cost" and receipt and getattr(receipt, "filename", None):
                filename = inputs.clean_text(receipt.filename, _("Receipt"), max_length=MAX_TEXT)
                content = receipt.read(MAX_RECEIPT_BYTES + 1)
                if len(content) > MAX_RECEIPT_BYTES:
                    return None, _("Receipt: the file may be at most 10 MB.")
                values.update(receipt=base64.b64encode(content), receipt_filename=filename)
        except inputs.InputError as error:
            return None, self._dito_input_error(error)
        if values["date_to"] and values["date_to"] < values["date_from"]:
            return None, _("Until: the end of the period is before its start.")
        return values, None

    @http.route(
        "/my/expenses/<int:note_id>/lines/add",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_expense_line_add(self, note_id, **post):
        try:
            note_sudo = self._dito_note_check_access(note_id, role="edit")
        except (AccessError, MissingError):
            return request.redirect("/my")
        values, error = self._dito_parse_line(post)
        warnings = []
        if not error:
            try:
                with request.env.cr.savepoint():
                    line_sudo = (
                        request.env["dito.expense.note.line"]
                        .sudo()
                        .create({**values, "note_id": note_sudo.id})
                    )
                    # a missing rate is said when the line is added, never a silent 0.00
                    line_sudo._check_rate_known()
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            else:
                warnings = note_sudo._dito_cap_warnings()
        if error or warnings:
            return self._dito_render_note(note_sudo, error=error, warnings=warnings)
        return request.redirect(f"/my/expenses/{note_sudo.id}#lines")

    @http.route(
        "/my/expenses/<int:note_id>/lines/<int:line_id>/delete",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_expense_line_delete(self, note_id, line_id, **post):
        try:
            note_sudo = self._dito_note_check_access(note_id, role="edit")
        except (AccessError, MissingError):
            return request.redirect("/my")
        line_sudo = note_sudo.line_ids.filtered(lambda line: line.id == line_id)
        try:
            with request.env.cr.savepoint():
                line_sudo.unlink()
        except UserError as exc:
            return self._dito_render_note(note_sudo, error=exc.args[0])
        return request.redirect(f"/my/expenses/{note_sudo.id}#lines")

    @http.route(
        "/my/expenses/<int:note_id>/submit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_expense_submit(self, note_id, **post):
        try:
            note_sudo = self._dito_note_check_access(note_id, role="edit")
        except (AccessError, MissingError):
            return request.redirect("/my")
        if note_sudo.state not in ("draft", "refused"):
            return request.redirect(f"/my/expenses/{note_sudo.id}")
        try:
            with request.env.cr.savepoint():
                note_sudo._do_submit()
        except (UserError, ValidationError) as exc:
            return self._dito_render_note(note_sudo, error=exc.args[0])
        return request.redirect(f"/my/expenses/{note_sudo.id}?message=submitted#sign")

    # ------------------------------------------------------------
    # SIGN
    # ------------------------------------------------------------

    @http.route("/my/expenses/<int:note_id>/sign", type="jsonrpc", auth="public", website=True)
    def portal_expense_sign(self, note_id, access_token=None, name=None, signature=None):
        """Sign the note: the volunteer only (see :meth:`_dito_note_check_access`).

        Every refusal is a translated ``{"error": ...}``, never a traceback.
        """
        _ = request.env._
        access_token = self._dito_clean_token(access_token) or self._dito_clean_token(
            request.httprequest.args.get("access_token")
        )
        try:
            note_sudo = self._dito_note_check_access(note_id, access_token, role="sign")
        except (AccessError, MissingError):
            return {"error": _("Invalid note.")}
        if not note_sudo._has_to_be_signed():
            return {"error": _("The note is not waiting for your signature.")}
        try:
            name = inputs.clean_text(name, _("Name"), max_length=128, required=True)
        except inputs.InputError as error:
            return {"error": self._dito_input_error(error)}
        if not signature or not isinstance(signature, str):
            return {"error": _("Signature is missing.")}
        if len(signature) > MAX_SIGNATURE_BYTES:
            return {"error": _("The signature is too large.")}
        try:
            base64.b64decode(signature, validate=True)
            base64_to_image(signature)
        except (TypeError, ValueError, binascii.Error, UserError):
            return {"error": _("The signature is not an image.")}
        try:
            with request.env.cr.savepoint():
                note_sudo._do_sign(name, signature, request.httprequest.remote_addr)
        except (UserError, ValidationError) as exc:
            return {"error": exc.args[0]}
        # flush so that the PDF shows the signature, then keep the signed PDF in the chatter
        request.env.cr.flush()
        pdf = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("dito_expenses.action_report_dito_expense_note", [note_sudo.id])[0]
        )
        note_sudo.message_post(
            attachments=[(f"{note_sudo._get_report_base_filename().replace('/', '-')}.pdf", pdf)],
            author_id=note_sudo.partner_id.id,
            body=_("Note signed by %(name)s", name=name),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return {
            "force_refresh": True,
            "redirect_url": note_sudo.get_portal_url(query_string="&message=sign_ok"),
        }

    # ------------------------------------------------------------
    # REVIEW (budget holder)
    # ------------------------------------------------------------

    @http.route("/my/expenses/<int:note_id>/review", type="http", auth="public", website=True)
    def portal_expense_review(self, note_id, review_token=None, **kw):
        try:
            note_sudo = self._dito_note_check_access(note_id, review_token, role="review")
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._dito_render_note(note_sudo, review=True, review_token=review_token)

    @http.route(
        "/my/expenses/<int:note_id>/approve",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_expense_approve(self, note_id, review_token=None, **post):
        try:
            note_sudo = self._dito_note_check_access(note_id, review_token, role="review")
        except (AccessError, MissingError):
            return request.redirect("/my")
        holder = note_sudo.budget_id.holder_id
        reason = note_sudo._get_cannot_approve_reason(holder)
        if reason:
            return self._dito_render_note(
                note_sudo, error=reason, review=True, review_token=review_token
            )
        try:
            with request.env.cr.savepoint():
                note_sudo._do_approve(holder)
        except (UserError, ValidationError) as exc:
            return self._dito_render_note(
                note_sudo, error=exc.args[0], review=True, review_token=review_token
            )
        return self._dito_render_note(
            note_sudo, review=True, review_token=review_token, message="approved"
        )

    @http.route(
        "/my/expenses/<int:note_id>/refuse",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_expense_refuse(self, note_id, review_token=None, reason=None, **post):
        try:
            note_sudo = self._dito_note_check_access(note_id, review_token, role="review")
        except (AccessError, MissingError):
            return request.redirect("/my")
        if note_sudo.state != "signed":
            return self._dito_render_note(
                note_sudo,
                error=request.env._("Only signed notes waiting for approval can be refused."),
                review=True,
                review_token=review_token,
            )
        try:
            reason = inputs.clean_text(
                reason,
                request.env._("Reason of a refusal"),
                max_length=MAX_REASON,
                required=True,
                multiline=True,
            )
        except inputs.InputError as error:
            return self._dito_render_note(
                note_sudo,
                error=self._dito_input_error(error),
                review=True,
                review_token=review_token,
            )
        try:
            with request.env.cr.savepoint():
                note_sudo._do_refuse(note_sudo.budget_id.holder_id, reason)
        except (UserError, ValidationError) as exc:
            return self._dito_render_note(
                note_sudo, error=exc.args[0], review=True, review_token=review_token
            )
        return self._dito_render_note(
            note_sudo, review=True, review_token=review_token, message="refused"
        )
