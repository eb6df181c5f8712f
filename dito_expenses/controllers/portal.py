# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import binascii
from datetime import date

from odoo import fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

NOTE = "dito.expense.note"
LINE_KINDS = ("activity", "trip", "real_cost")
MODES = ("car", "bike", "public_transport")
MAX_RECEIPT_BYTES = 10 * 1024 * 1024


class DitoExpensePortal(CustomerPortal):
    """Volunteers' and budget holders' pages of the expense notes.

    Every route goes through :meth:`_dito_note_check_access`, the one gate; the
    sudo'd record it returns is named ``note_sudo``. The volunteer's sign link
    (``access_token``) opens the note and signs it, never approves it; the
    review link carries a separate ``review_token``.
    """

    _items_per_page = 40

    # ------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------

    def _dito_note_check_access(self, note_id, access_token=None, role="read"):
        """The sudo'd note if the current visitor may act on it as ``role``.

        - ``read`` and ``sign``: readable by the user, or the note's access token;
          signing also requires being the volunteer (or holding the token);
        - ``edit``: the logged-in volunteer of the note only (no token);
        - ``review``: the budget holder of the note's budget, or its review token.

        Raises AccessError or MissingError otherwise.
        """
        user = request.env.user
        if role == "review":
            note_sudo = request.env[NOTE].sudo().browse(note_id).exists()
            if not note_sudo:
                raise MissingError(request.env._("This document does not exist."))
            is_holder = not user._is_public() and note_sudo.budget_id.holder_id == user
            if not (is_holder or note_sudo._check_review_token(access_token)):
                raise AccessError(request.env._("This review link is not valid."))
            return note_sudo
        note_sudo = self._document_check_access(NOTE, note_id, access_token=access_token)
        is_owner = not user._is_public() and note_sudo.partner_id == user.partner_id
        if role == "edit" and not is_owner:
            raise AccessError(request.env._("Only the volunteer can change this note."))
        # a budget holder reads the note through the record rules: not enough to sign
        token_ok = bool(access_token and note_sudo.access_token) and consteq(
            str(access_token), note_sudo.access_token
        )
        if role == "sign" and not (is_owner or token_ok):
            raise AccessError(request.env._("Only the volunteer can sign this note."))
        return note_sudo

    def _volunteer_partner(self):
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
        partner = request.env.user.partner_id
        Note = request.env[NOTE]
        domain = [("partner_id", "=", partner.id)]
        count = Note.search_count(domain)
        pager = portal_pager(url="/my/expenses", total=count, page=page, step=self._items_per_page)
        notes = Note.search(domain, limit=self._items_per_page, offset=pager["offset"])
        to_review = Note.search(
            [("budget_id.holder_id", "=", request.env.user.id), ("state", "=", "signed")]
        )
        company = partner.company_id or request.env.company
        today = fields.Date.context_today(Note)
        status = request.env["dito.expense.batch"]._current_status(company)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dito_expenses",
                "notes": notes,
                "to_review": to_review,
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

    def _budgets_sudo(self, partner):
        company = partner.company_id or request.env.company
        return request.env["dito.budget"].sudo().search([("company_id", "=", company.id)])

    @http.route("/my/expenses/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_expense_new(self, **post):
        try:
            partner = self._volunteer_partner()
        except AccessError:
            return request.redirect("/my")
        budgets_sudo = self._budgets_sudo(partner)
        error = None
        if request.httprequest.method == "POST":
            values, error = self._note_header_values(post, budgets_sudo)
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

    def _note_header_values(self, post, budgets_sudo):
        values = {}
        budget_id = post.get("budget_id")
        budget = budgets_sudo.filtered(lambda b: str(b.id) == str(budget_id))
        if not budget:
            return values, request.env._("Budget: choose the budget of your activity.")
        values["budget_id"] = budget.id
        if post.get("regime") in ("flat", "real"):
            values["regime"] = post["regime"]
        values["description"] = (post.get("description") or "").strip()[:200]
        return values, None

    def _render_note(self, note_sudo, access_token=None, error=None, review=False, **extra):
        partner = note_sudo.partner_id
        values = self._prepare_portal_layout_values()
        is_owner = partner == request.env.user.partner_id and not request.env.user._is_public()
        values.update(
            {
                "page_name": "dito_expense",
                "note": note_sudo,
                "access_token": access_token,
                "error": error,
                "review": review,
                "is_owner": is_owner,
                "editable": is_owner
                and note_sudo.state in ("draft", "submitted", "signed", "refused"),
                "budgets": self._budgets_sudo(partner) if is_owner else request.env["dito.budget"],
                "today": fields.Date.context_today(note_sudo),
                "review_token": extra.get("review_token"),
                "overview": request.env[NOTE]._yearly_overview(
                    partner, note_sudo.year or fields.Date.context_today(note_sudo).year
                )
                if review
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
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=note_sudo,
                report_type=report_type,
                report_ref="dito_expenses.action_report_dito_expense_note",
                download=download,
            )
        return self._render_note(note_sudo, access_token)

    @http.route(
        "/my/expenses/<int:note_id>/edit", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_expense_edit(self, note_id, **post):
        try:
            note_sudo = self._dito_note_check_access(note_id, role="edit")
        except (AccessError, MissingError):
            return request.redirect("/my")
        values, error = self._note_header_values(post, self._budgets_sudo(note_sudo.partner_id))
        if not error:
            try:
                with request.env.cr.savepoint():
                    note_sudo.write(values)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return self._render_note(note_sudo, error=error)
        return request.redirect(f"/my/expenses/{note_sudo.id}")

    def _parse_line(self, post):
        """Line values from the form, or a translated message naming the field."""
        _ = request.env._
        kind = post.get("kind")
        if kind not in LINE_KINDS:
            return None, _("Kind: choose activity, trip or real cost.")
        try:
            date_from = fields.Date.to_date(post.get("date_from") or None)
        except ValueError:
            date_from = None
        if not date_from:
            return None, _("Date: enter the date (or the first day of the period).")
        try:
            date_to = fields.Date.to_date(post.get("date_to") or None)
        except ValueError:
            return None, _("Until: enter a valid date or leave it empty.")
        try:
            count = int(post.get("count") or 1)
        except ValueError:
            return None, _("Times: enter a whole number.")
        values = {
            "kind": kind,
            "name": (post.get("name") or "").strip()[:200],
            "date_from": date_from,
            "date_to": date_to or False,
            "count": count,
        }
        for field, label in (("unit_amount", _("Amount")), ("km", _("Km"))):
            raw = (post.get(field) or "").strip().replace(",", ".")
            try:
                values[field] = float(raw) if raw else 0.0
            except ValueError:
                return None, _("%(field)s: enter a number.", field=label)
            if values[field] < 0:
                return None, _("%(field)s: cannot be negative.", field=label)
        if kind == "trip":
            mode = post.get("mode")
            if mode not in MODES:
                return None, _("Mode: choose car, bike or public transport.")
            values.update(
                mode=mode,
                origin=(post.get("origin") or "").strip()[:200],
                destination=(post.get("destination") or "").strip()[:200],
            )
            if not values["origin"] or not values["destination"]:
                return None, _("From / To: enter where the trip started and ended.")
        receipt = post.get("receipt")
        if kind == "real_cost" and receipt and getattr(receipt, "filename", None):
            content = receipt.read()
            if len(content) > MAX_RECEIPT_BYTES:
                return None, _("Receipt: the file may be at most 10 MB.")
            values.update(receipt=base64.b64encode(content), receipt_filename=receipt.filename)
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
        values, error = self._parse_line(post)
        if not error:
            try:
                with request.env.cr.savepoint():
                    request.env["dito.expense.note.line"].sudo().create(
                        {**values, "note_id": note_sudo.id}
                    )
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return self._render_note(note_sudo, error=error, line_post=post)
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
            return self._render_note(note_sudo, error=exc.args[0])
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
            return self._render_note(note_sudo, error=exc.args[0])
        return request.redirect(f"/my/expenses/{note_sudo.id}?message=submitted#sign")

    # ------------------------------------------------------------
    # SIGN
    # ------------------------------------------------------------

    @http.route("/my/expenses/<int:note_id>/sign", type="jsonrpc", auth="public", website=True)
    def portal_expense_sign(self, note_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            note_sudo = self._dito_note_check_access(note_id, access_token, role="sign")
        except (AccessError, MissingError):
            return {"error": request.env._("Invalid note.")}
        if not note_sudo._has_to_be_signed():
            return {"error": request.env._("The note is not waiting for your signature.")}
        if not signature:
            return {"error": request.env._("Signature is missing.")}
        if not (name or "").strip():
            return {"error": request.env._("Name is missing.")}
        try:
            base64.b64decode(signature, validate=True)
        except (TypeError, binascii.Error):
            return {"error": request.env._("Invalid signature data.")}
        note_sudo._do_sign(name.strip()[:128], signature, request.httprequest.remote_addr)
        # flush so that the PDF shows the signature, then keep the signed PDF in the chatter
        request.env.cr.flush()
        pdf = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("dito_expenses.action_report_dito_expense_note", [note_sudo.id])[0]
        )
        note_sudo.message_post(
            attachments=[(f"{note_sudo._get_report_base_filename().replace('/', '-')}.pdf", pdf)],
            author_id=(
                note_sudo.partner_id.id
                if request.env.user._is_public()
                else request.env.user.partner_id.id
            ),
            body=request.env._("Note signed by %(name)s", name=name),
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
        return self._render_note(note_sudo, review=True, review_token=review_token)

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
            return self._render_note(
                note_sudo, error=reason, review=True, review_token=review_token
            )
        try:
            note_sudo._do_approve(holder)
        except UserError as exc:
            return self._render_note(
                note_sudo, error=exc.args[0], review=True, review_token=review_token
            )
        return self._render_note(
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
            return self._render_note(
                note_sudo,
                error=request.env._("Only signed notes waiting for approval can be refused."),
                review=True,
                review_token=review_token,
            )
        try:
            note_sudo._do_refuse(note_sudo.budget_id.holder_id, reason)
        except UserError as exc:
            return self._render_note(
                note_sudo, error=exc.args[0], review=True, review_token=review_token
            )
        return self._render_note(
            note_sudo, review=True, review_token=review_token, message="refused"
        )
