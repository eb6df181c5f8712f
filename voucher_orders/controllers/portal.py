# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import secrets
from datetime import date
from urllib.parse import urlencode

from psycopg2 import IntegrityError

from odoo import fields, http
from odoo.addons.benefits_base.inputs import InputError, input_error_message
from odoo.addons.benefits_base.tools import inputs
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import escape_psql, mute_logger

from .. import problems as vo_problems
from ..tools import cards as card_tools
from ..tools import identifiers

PAGE_SIZE = 50
QUOTES_ON_ORDERS_PAGE = 5
# Bounds of the portal's numbers (an order covers at most a year of days worked).
MAX_DAYS = 366
MAX_FACE_VALUE = 100
MAX_AMOUNT = 100000
MIN_BIRTH_DATE = date(1900, 1, 1)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class VoucherOrdersPortal(CustomerPortal):
    """The employer's portal: beneficiaries, Excel files, orders in three steps.

    Every route works for the employer of the logged-in contact (its commercial
    partner) only: records are read with the user's rights (record rules), and
    ``sudo()`` is used after an explicit check, on records named ``*_sudo``.
    National numbers never appear in a URL: beneficiaries are addressed by id.
    """

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _vo_employer(self):
        return request.env.user.partner_id.commercial_partner_id

    def _vo_is_client(self):
        employer = self._vo_employer()
        return bool(
            employer
            and not request.env.user._is_public()
            and request.env["vo.contract"]
            .sudo()
            .search_count([("partner_id", "=", employer.id)], limit=1)
        )

    def _vo_check_client(self):
        """The access gate of every vo route: a contact of an employer with a contract.

        Anyone else (an account made by open sign-up, a contact of a company that
        is not a client) gets a 404, as for a page that does not exist.
        """
        if not self._vo_is_client():
            raise request.not_found()
        return self._vo_employer()

    def _vo_input(self, errors, key, parse, value, label, **options):
        """``parse(value, label, **options)`` of the shared input layer; on a bad
        value, the translated message goes to ``errors[key]`` and None is returned."""
        try:
            return parse(value, label, **options)
        except InputError as error:
            errors[key] = input_error_message(request.env, error)
            return None

    def _vo_beneficiary(self, beneficiary_id):
        """The beneficiary ``beneficiary_id`` if the user may see it; 404 otherwise."""
        self._vo_check_client()
        beneficiary = (
            request.env["vo.beneficiary"].with_context(active_test=False).browse(beneficiary_id)
        )
        try:
            beneficiary.ensure_one()
            if not beneficiary.exists():
                raise MissingError(request.env._("This beneficiary does not exist."))
            beneficiary.check_access("read")
        except (AccessError, MissingError, ValueError):
            raise request.not_found()
        return beneficiary

    def _vo_order_sudo(self, order_id, access_token=None):
        """The order (sudo) if the user may read it or holds its token; 404 otherwise."""
        try:
            return self._document_check_access("vo.order", order_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found()

    def _vo_messages(self, result):
        """Translated lines of a dry run: ``[(row, message, is_error)]``."""
        messages = vo_problems.problem_messages(request.env)
        return [
            (
                problem.row,
                vo_problems.problem_message(request.env, problem, messages),
                problem.is_error,
            )
            for problem in result.problems
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        employer = self._vo_employer()
        if not counters:  # the home page itself: its tiles show for employer clients only
            values["vo_is_client"] = self._vo_is_client()
        if "vo_beneficiary_count" in counters:
            values["vo_beneficiary_count"] = (
                request.env["vo.beneficiary"].search_count([("partner_id", "=", employer.id)])
                if request.env["vo.beneficiary"].has_access("read")
                else 0
            )
        if "vo_order_count" in counters:
            values["vo_order_count"] = (
                request.env["vo.order"].search_count([("partner_id", "=", employer.id)])
                if request.env["vo.order"].has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------
    # Beneficiaries
    # ------------------------------------------------------------

    @http.route(
        ["/my/beneficiaries", "/my/beneficiaries/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_beneficiaries(self, page=1, search=None, inactive=None, **kw):
        """The list; searched by name in the URL (pager links, bookmarks).

        A national number never comes in a URL (the web server writes URLs to its
        access log): the search form is posted to ``/my/beneficiaries/search``,
        which sends name searches back here; a URL that carries a number anyway
        is answered by the list without that search.
        """
        __, number = identifiers.split_search(search if isinstance(search, str) else "")
        if number:
            return request.redirect(self._vo_beneficiaries_url(inactive=bool(inactive)), code=303)
        return self._vo_beneficiaries_page(page, search, inactive)

    @http.route(
        "/my/beneficiaries/search", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_search_beneficiaries(self, search=None, inactive=None, page=1, **post):
        """The search form: a name goes back to the list's URL, a number is searched here.

        The answer to a number search is the list itself, its pager posting the
        search again: the number stays in request bodies, which are not logged.
        """
        self._vo_check_client()
        errors = {}
        term = self._vo_input(
            errors, "search", inputs.clean_text, search, request.env._("Search"), max_length=100
        )
        page = self._vo_input(
            errors,
            "page",
            inputs.parse_int,
            page,
            request.env._("Page"),
            minimum=1,
            maximum=1000000,
            required=False,
            default=1,
        )
        inactive = bool(inactive)
        if errors:
            return self._vo_beneficiaries_page(1, None, inactive, errors=errors)
        __, number = identifiers.split_search(term)
        if not number:
            return request.redirect(
                self._vo_beneficiaries_url(search=term, inactive=inactive), code=303
            )
        return self._vo_beneficiaries_page(page, term, inactive, by_post=True)

    def _vo_beneficiaries_url(self, search="", inactive=False):
        args = {"search": search} if search else {}
        if inactive:
            args["inactive"] = "1"
        return "/my/beneficiaries" + (f"?{urlencode(args)}" if args else "")

    def _vo_beneficiaries_page(self, page, search, inactive, by_post=False, errors=None):
        employer = self._vo_check_client()
        errors = dict(errors or {})
        search = self._vo_input(
            errors,
            "search",
            inputs.clean_text,
            search,
            request.env._("Search"),
            max_length=100,
        )
        inactive = bool(inactive)
        Beneficiary = request.env["vo.beneficiary"].with_context(active_test=False)
        domain = [("partner_id", "=", employer.id), ("active", "=", not inactive)]
        name, number = identifiers.split_search(search)
        if name:
            domain += [("name", "ilike", name)]
        if number:
            domain += [("national_number", "=like", f"{escape_psql(number)}%")]
        total = Beneficiary.search_count(domain)
        pager = portal_pager(
            # a number search pages by posting the form again (no number in a URL)
            url="/my/beneficiaries",
            url_args={}
            if by_post
            else {"search": search or "", "inactive": "1" if inactive else ""},
            total=total,
            page=page,
            step=PAGE_SIZE,
        )
        beneficiaries = Beneficiary.search_fetch(
            domain,
            [
                "name",
                "national_number_masked",
                "cost_centre_id",
                "delivery",
                "active",
                "number_kind",
            ],
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vo_beneficiaries",
                "beneficiaries": beneficiaries,
                # a number search pages with buttons posting the search again
                "pager": None if by_post else pager,
                "search_pager": pager if by_post else None,
                "search": search or "",
                "inactive": inactive,
                "employer": employer,
                "errors": errors,
            }
        )
        return request.render(
            "voucher_orders.portal_my_beneficiaries", values, status=400 if errors else 200
        )

    def _vo_beneficiary_form_values(self, post, employer):
        """The beneficiary form parsed with the shared input layer → (values, errors)."""
        _ = request.env._
        errors = {}
        text = inputs.clean_text
        values = {
            "last_name": self._vo_input(
                errors,
                "last_name",
                text,
                post.get("last_name"),
                _("Last name"),
                required=True,
                max_length=100,
            ),
            "first_name": self._vo_input(
                errors,
                "first_name",
                text,
                post.get("first_name"),
                _("First name"),
                required=True,
                max_length=100,
            ),
            "email": self._vo_input(
                errors, "email", text, post.get("email"), _("E-mail"), max_length=254
            )
            or False,
            "delivery": self._vo_input(
                errors,
                "delivery",
                inputs.parse_choice,
                post.get("delivery"),
                _("Card delivery"),
                choices=("workplace", "home"),
                required=False,
                default="workplace",
            ),
            "street": self._vo_input(
                errors, "street", text, post.get("street"), _("Street"), max_length=200
            )
            or False,
            "zip": self._vo_input(
                errors, "zip", text, post.get("zip"), _("Postal code"), max_length=16
            )
            or False,
            "city": self._vo_input(
                errors, "city", text, post.get("city"), _("City"), max_length=100
            )
            or False,
            "cost_centre_id": False,
        }
        face_value = self._vo_input(
            errors,
            "meal_face_value",
            inputs.parse_decimal,
            post.get("meal_face_value"),
            _("Default meal face value"),
            minimum=0,
            maximum=MAX_FACE_VALUE,
            required=False,
            default=0,
        )
        values["meal_face_value"] = float(face_value or 0)
        centre_id = self._vo_input(
            errors,
            "cost_centre_id",
            inputs.parse_id,
            post.get("cost_centre_id"),
            _("Cost centre"),
            required=False,
        )
        if centre_id:
            centre = request.env["vo.cost.centre"].search(
                [("partner_id", "=", employer.id), ("id", "=", centre_id)]
            )
            if not centre:
                errors["cost_centre_id"] = _("Unknown cost centre.")
            values["cost_centre_id"] = centre.id
        number = self._vo_input(
            errors,
            "national_number",
            text,
            post.get("national_number"),
            _("National number"),
            max_length=64,
        )
        birth_date = self._vo_input(
            errors,
            "birth_date",
            inputs.parse_date,
            post.get("birth_date"),
            _("Birth date"),
            minimum=MIN_BIRTH_DATE,
            maximum=fields.Date.context_today(request.env.user),
            required=False,
        )
        return values, number or "", birth_date, errors

    def _vo_render_beneficiary_form(self, beneficiary, post, errors, status=200):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vo_beneficiary",
                "beneficiary": beneficiary,
                "post": post,
                "errors": errors,
                "cost_centres": request.env["vo.cost.centre"].search(
                    [("partner_id", "=", self._vo_employer().id)]
                ),
            }
        )
        return request.render("voucher_orders.portal_beneficiary_form", values, status=status)

    @http.route(
        ["/my/beneficiaries/new", "/my/beneficiaries/<int:beneficiary_id>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_beneficiary_form(self, beneficiary_id=None, **post):
        employer = self._vo_check_client()
        Beneficiary = request.env["vo.beneficiary"]
        beneficiary = self._vo_beneficiary(beneficiary_id) if beneficiary_id else Beneficiary
        if request.httprequest.method != "POST":
            return self._vo_render_beneficiary_form(beneficiary, {}, {})
        values, number, birth_date, errors = self._vo_beneficiary_form_values(post, employer)
        temporary = bool(post.get("is_temporary_number"))
        if not beneficiary and not number and "national_number" not in errors:
            errors["national_number"] = request.env._("Please give the national number.")
        if errors:
            return self._vo_render_beneficiary_form(beneficiary, post, errors, status=400)
        if birth_date:
            values["birth_date"] = birth_date
        if number:
            values.update({"national_number": number, "is_temporary_number": temporary})
        try:
            # the beneficiary is the user's (checked above), the employer the user's own:
            # written in sudo; a number submitted twice at once meets the unique
            # constraint, whose failed INSERT must not log the number
            with mute_logger("odoo.sql_db"), request.env.cr.savepoint():
                if beneficiary:
                    beneficiary.sudo().write(values)
                else:
                    values["partner_id"] = employer.id
                    beneficiary = Beneficiary.sudo().create(values)
        except (ValidationError, UserError) as exc:
            return self._vo_render_beneficiary_form(
                beneficiary, post, {"global": exc.args[0]}, status=400
            )
        except IntegrityError:
            return self._vo_render_beneficiary_form(
                beneficiary,
                post,
                {"national_number": request.env._("This national number is already registered.")},
                status=400,
            )
        return request.redirect("/my/beneficiaries")

    @http.route(
        "/my/beneficiaries/<int:beneficiary_id>/deactivate",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_beneficiary_deactivate(self, beneficiary_id, **post):
        # the user's own beneficiary (checked), deactivated in sudo
        self._vo_beneficiary(beneficiary_id).sudo().action_deactivate()
        return request.redirect("/my/beneficiaries")

    @http.route(
        "/my/beneficiaries/<int:beneficiary_id>/report-card",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_beneficiary_report_card(self, beneficiary_id, status=None, **post):
        beneficiary = self._vo_beneficiary(beneficiary_id)
        try:
            status = inputs.parse_choice(
                status, request.env._("Status"), card_tools.REPORTABLE_STATUSES
            )
        except InputError:
            raise request.not_found()
        cards_sudo = beneficiary.sudo().card_ids.filtered(lambda c: c.status == "active")
        if not cards_sudo:
            raise request.not_found()
        cards_sudo.action_report(status)
        return request.redirect(f"/my/beneficiaries/{beneficiary.id}")

    # ------------------------------------------------------------
    # Beneficiaries: Excel
    # ------------------------------------------------------------

    def _vo_xlsx_response(self, data, filename):
        return request.make_response(
            data,
            headers=[
                ("Content-Type", XLSX_MIME),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route("/my/beneficiaries/template.xlsx", type="http", auth="user", website=True)
    def portal_beneficiary_template(self, **kw):
        employer = self._vo_check_client()
        data = request.env["vo.beneficiary"]._xlsx_template(employer)
        return self._vo_xlsx_response(data, request.env._("beneficiaries-template.xlsx"))

    @http.route("/my/beneficiaries/export.xlsx", type="http", auth="user", website=True)
    def portal_beneficiary_export(self, **kw):
        employer = self._vo_check_client()
        data = request.env["vo.beneficiary"]._xlsx_template(employer, prefilled=True)
        return self._vo_xlsx_response(data, request.env._("beneficiaries.xlsx"))

    def _vo_upload_attachment_sudo(self, key):
        """The file uploaded by this user for a dry run, found by its random key."""
        try:
            key = inputs.clean_text(key, "key", max_length=64)
        except InputError:
            key = None
        if not key:
            return request.env["ir.attachment"]
        return (
            request.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "vo.beneficiary.upload"),
                    ("res_id", "=", self._vo_employer().id),
                    ("create_uid", "=", request.env.uid),
                    ("name", "=", f"upload-{key}.xlsx"),
                ],
                limit=1,
            )
        )

    @http.route(
        "/my/beneficiaries/upload",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_beneficiary_upload(
        self, upload=None, allow_updates=None, key=None, confirm=None, **kw
    ):
        """Dry run of an uploaded file; with ``confirm`` and the key, apply it (all or nothing)."""
        employer = self._vo_check_client()
        Beneficiary = request.env["vo.beneficiary"]
        if confirm:
            attachment_sudo = self._vo_upload_attachment_sudo(key)
            if not attachment_sudo:
                raise request.not_found()
            data = base64.b64decode(attachment_sudo.datas)
            allow = attachment_sudo.description == "updates"
        else:
            data = upload.read(MAX_UPLOAD_BYTES + 1) if hasattr(upload, "read") else b""
            allow = bool(allow_updates)
        result = Beneficiary._upload_dry_run(employer, data, allow_updates=allow)
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "vo_beneficiary_upload", "result": result})
        if confirm and result.ok:
            # the user's own employer (gate above), the file checked by the dry run: sudo;
            # all rows or none (a number registered meanwhile refuses the whole file)
            try:
                with request.env.cr.savepoint():
                    created, updated = Beneficiary.sudo()._upload_apply(employer, result)
            except (ValidationError, UserError) as exc:
                values["apply_error"] = exc.args[0]
            else:
                attachment_sudo.unlink()
                values.update({"applied": True, "created": len(created), "updated": len(updated)})
                # whole sentences (a translator words them as a whole, numbers inside)
                values["applied_text"] = request.env._(
                    "Done: %(created)s beneficiaries added, %(updated)s updated.",
                    created=len(created),
                    updated=len(updated),
                )
        elif not confirm and result.ok and len(data) <= MAX_UPLOAD_BYTES:
            key = secrets.token_urlsafe(16)
            request.env["ir.attachment"].sudo().create(
                {
                    "name": f"upload-{key}.xlsx",
                    "res_model": "vo.beneficiary.upload",
                    "res_id": employer.id,
                    "raw": data,
                    "description": "updates" if allow else "",
                }
            )
            values["key"] = key
        values["messages"] = self._vo_messages(result)
        values["creates"] = sum(1 for row in result.rows if row.action == "create")
        values["updates"] = len(result.rows) - values["creates"]
        values["read_text"] = request.env._(
            "%(rows)s rows read: %(creates)s to add, %(updates)s to update.",
            rows=result.rows_read,
            creates=values["creates"],
            updates=values["updates"],
        )
        return request.render("voucher_orders.portal_beneficiary_upload", values)

    # ------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------

    @http.route(
        ["/my/voucher-orders", "/my/voucher-orders/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_voucher_orders(self, page=1, **kw):
        employer = self._vo_check_client()
        Order = request.env["vo.order"]
        domain = [("partner_id", "=", employer.id)]
        pager = portal_pager(
            url="/my/voucher-orders", total=Order.search_count(domain), page=page, step=PAGE_SIZE
        )
        # the user's own orders (record rules); sudo to show their product's name
        orders_sudo = Order.search(domain, limit=PAGE_SIZE, offset=pager["offset"]).sudo()
        Quote = request.env["vo.quote"]
        quotes_sudo = Quote.search(domain, limit=QUOTES_ON_ORDERS_PAGE).sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vo_orders",
                "orders": orders_sudo,
                "quotes": quotes_sudo,
                "quote_count": Quote.search_count(domain),
                "pager": pager,
            }
        )
        return request.render("voucher_orders.portal_my_voucher_orders", values)

    @http.route(
        ["/my/voucher-quotes", "/my/voucher-quotes/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_voucher_quotes(self, page=1, **kw):
        """Every quote of the employer, a page at a time."""
        employer = self._vo_check_client()
        Quote = request.env["vo.quote"]
        domain = [("partner_id", "=", employer.id)]
        pager = portal_pager(
            url="/my/voucher-quotes", total=Quote.search_count(domain), page=page, step=PAGE_SIZE
        )
        # the user's own quotes (record rules); sudo to show their product's name
        quotes_sudo = Quote.search(domain, limit=PAGE_SIZE, offset=pager["offset"]).sudo()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "vo_quotes", "quotes": quotes_sudo, "pager": pager})
        return request.render("voucher_orders.portal_my_voucher_quotes", values)

    @http.route(
        "/my/voucher-orders/new", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_voucher_order_new(self, **post):
        """Step 1: product (contract), reference, load date, amounts."""
        employer = self._vo_check_client()
        contracts, earliest = self._vo_contracts_sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vo_order_new",
                "contracts": contracts,
                "earliest": earliest,
                "delay_text": request.env._(
                    "The vouchers are loaded on this date at the earliest, and within "
                    "%(hours)s hours of your payment.",
                    hours=request.env["vo.issuer.terms"]
                    ._terms_at(fields.Date.context_today(request.env.user))
                    .processing_delay_hours,
                ),
                "post": post,
                "errors": {},
            }
        )
        if request.httprequest.method != "POST":
            return request.render("voucher_orders.portal_voucher_order_step1", values)
        _ = request.env._
        errors = {}
        contract, load_date, reference = self._vo_order_header(post, contracts, earliest, errors)
        numbers = {
            "face_value": self._vo_input(
                errors,
                "face_value",
                inputs.parse_decimal,
                post.get("face_value"),
                _("Face value per day"),
                minimum=0,
                maximum=MAX_FACE_VALUE,
                required=False,
                default=0,
            ),
            "amount": self._vo_input(
                errors,
                "amount",
                inputs.parse_decimal,
                post.get("amount"),
                _("Amount per beneficiary"),
                minimum=0,
                maximum=MAX_AMOUNT,
                required=False,
                default=0,
            ),
            "days": self._vo_input(
                errors,
                "days",
                inputs.parse_int,
                post.get("days"),
                _("Days worked"),
                minimum=1,
                maximum=MAX_DAYS,
                required=False,
                default=0,
            ),
        }
        if contract and contract.product_type == "meal" and not numbers["days"]:
            errors.setdefault("days", _("Enter the number of days worked (at least 1)."))
        if contract and contract.product_type != "meal" and not numbers["amount"]:
            errors.setdefault("amount", _("Enter the amount per beneficiary."))
        beneficiaries = request.env["vo.beneficiary"].search(
            [("partner_id", "=", employer.id), ("active", "=", True)]
        )
        if not beneficiaries:
            errors["global"] = _("Register your beneficiaries first.")
        if errors:
            values["errors"] = errors
            return request.render("voucher_orders.portal_voucher_order_step1", values, status=400)
        # the user's own contract (record rules) and beneficiaries: the order is made in sudo
        try:
            with request.env.cr.savepoint():
                order_sudo = (
                    request.env["vo.order"]
                    .sudo()
                    ._create_for_beneficiaries(
                        contract,
                        beneficiaries.sudo(),
                        reference,
                        load_date,
                        face_value=float(numbers["face_value"] or 0),
                        days=numbers["days"] or 0,
                        amount=float(numbers["amount"] or 0),
                    )
                )
                order_sudo.action_refresh_checks()
        except UserError as exc:  # e.g. no issuer terms configured for the load date
            values["errors"] = {"global": exc.args[0]}
            return request.render("voucher_orders.portal_voucher_order_step1", values, status=400)
        return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review")

    def _vo_order_header(self, post, contracts_sudo, earliest, errors):
        """Contract, load date and reference of steps 1 and of the Excel order → a tuple."""
        _ = request.env._
        contract_id = self._vo_input(
            errors, "contract_id", inputs.parse_id, post.get("contract_id"), _("Product")
        )
        contract = contracts_sudo.filtered(lambda c: c.id == contract_id)
        if not contract and "contract_id" not in errors:
            errors["contract_id"] = _("Choose a product you have a contract for.")
        load_date = self._vo_input(
            errors,
            "load_date",
            inputs.parse_date,
            post.get("load_date"),
            _("Load date"),
            minimum=earliest,
            maximum=inputs.date_window(earliest)[1],
        )
        reference = self._vo_input(
            errors,
            "reference",
            inputs.clean_text,
            post.get("reference"),
            _("Your reference"),
            max_length=64,
        )
        return contract, load_date, reference or ""

    @http.route(
        "/my/voucher-orders/<int:order_id>/review",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_voucher_order_review(self, order_id, **post):
        """Step 2: per-beneficiary summary; warnings to acknowledge."""
        self._vo_check_client()
        order_sudo = self._vo_order_sudo(order_id)
        if order_sudo.state != "draft":
            return request.redirect(order_sudo.access_url)
        errors = {}
        if request.httprequest.method == "POST" and post.get("update"):
            errors = self._vo_update_lines(order_sudo, post)
            if not errors:
                return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review")
        if request.httprequest.method == "POST" and not errors:
            if order_sudo.error_count:
                return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review")
            if order_sudo.warning_count and not post.get("acknowledge"):
                return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review?ack=1")
            order_sudo.warnings_acknowledged = bool(order_sudo.warning_count)
            return request.redirect(f"/my/voucher-orders/{order_sudo.id}/totals")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vo_order_review",
                "order": order_sudo,
                "ack_missing": post.get("ack"),
                "errors": errors,
                "post": post if errors else {},
            }
        )
        return request.render(
            "voucher_orders.portal_voucher_order_step2", values, status=400 if errors else 200
        )

    def _vo_update_lines(self, order_sudo, post):
        """Step 2 changes: days, face value or amount per beneficiary; beneficiaries removed.

        Only lines of this (checked, draft) order are touched. Every value is parsed
        first: one bad value → ``{field key: message}`` and nothing is written; lines
        with the same new value are written together.
        """
        _ = request.env._
        is_meal = order_sudo.product_type == "meal"
        columns = (
            [
                ("days", "value", inputs.parse_int, _("Days worked"), {"maximum": MAX_DAYS}),
                (
                    "face_value",
                    "face",
                    inputs.parse_decimal,
                    _("Face value per day"),
                    {"maximum": MAX_FACE_VALUE},
                ),
            ]
            if is_meal
            else [
                (
                    "amount_requested",
                    "value",
                    inputs.parse_decimal,
                    _("Amount per beneficiary"),
                    {"maximum": MAX_AMOUNT},
                )
            ]
        )
        errors, removed, by_value = {}, [], {}
        for line in order_sudo.line_ids:
            if post.get(f"remove_{line.id}"):
                removed.append(line.id)
                continue
            for field, prefix, parse, label, bounds in columns:
                key = f"{prefix}_{line.id}"
                value = self._vo_input(
                    errors,
                    key,
                    parse,
                    post.get(key),
                    _("%(field)s (%(name)s)", field=label, name=line.beneficiary_id.name),
                    minimum=1 if parse is inputs.parse_int else 0.01,
                    required=False,
                    **bounds,
                )
                if value is None:
                    continue
                value = value if parse is inputs.parse_int else float(value)
                if value != line[field]:
                    by_value.setdefault((field, value), []).append(line.id)
        if errors:
            return errors
        Line = request.env["vo.order.line"].sudo()
        for (field, value), ids in by_value.items():
            Line.browse(ids).write({field: value})
        Line.browse(removed).unlink()
        order_sudo.write({"warnings_acknowledged": False})
        order_sudo.action_refresh_checks()
        return {}

    @http.route("/my/voucher-orders/<int:order_id>/totals", type="http", auth="user", website=True)
    def portal_voucher_order_totals(self, order_id, **kw):
        """Step 3: totals, then confirm."""
        self._vo_check_client()
        order_sudo = self._vo_order_sudo(order_id)
        if order_sudo.state != "draft":
            return request.redirect(order_sudo.access_url)
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "vo_order_totals", "order": order_sudo, "error": None})
        return request.render("voucher_orders.portal_voucher_order_step3", values)

    @http.route(
        "/my/voucher-orders/<int:order_id>/confirm",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_voucher_order_confirm(self, order_id, **post):
        self._vo_check_client()
        # the user's own order (record rules), confirmed in sudo
        order_sudo = self._vo_order_sudo(order_id)
        try:
            # all or nothing: a refusal after the first writes leaves no half-confirmed order
            with request.env.cr.savepoint():
                order_sudo.action_confirm()
        except UserError as exc:
            values = self._prepare_portal_layout_values()
            values.update(
                {"page_name": "vo_order_totals", "order": order_sudo, "error": exc.args[0]}
            )
            return request.render("voucher_orders.portal_voucher_order_step3", values, status=400)
        return request.redirect(order_sudo.access_url)

    @http.route("/my/voucher-orders/<int:order_id>", type="http", auth="public", website=True)
    def portal_voucher_order_page(self, order_id, access_token=None, **kw):
        order_sudo = self._vo_order_sudo(order_id, access_token)
        values = self._get_page_view_values(
            order_sudo,
            access_token,
            {"page_name": "vo_order", "order": order_sudo},
            "my_vo_orders_history",
            False,
        )
        return request.render("voucher_orders.portal_voucher_order_page", values)

    # ------------------------------------------------------------
    # Orders: Excel
    # ------------------------------------------------------------

    def _vo_contracts_sudo(self):
        employer = self._vo_employer()
        earliest = request.env["vo.order"].sudo()._earliest_load_date()
        # the employer's own contracts (record rules); sudo to show their product's name
        contracts = request.env["vo.contract"].search(
            request.env["vo.contract"]._active_domain(employer, earliest)
        )
        return contracts.sudo(), earliest

    @http.route(
        "/my/voucher-orders/template/<int:contract_id>", type="http", auth="user", website=True
    )
    def portal_voucher_order_template(self, contract_id, **kw):
        self._vo_check_client()
        contracts_sudo, __ = self._vo_contracts_sudo()
        contract_sudo = contracts_sudo.filtered(lambda c: c.id == contract_id)
        if not contract_sudo:
            raise request.not_found()
        data = request.env["vo.order"].sudo()._order_template(contract_sudo)
        return self._vo_xlsx_response(data, request.env._("order-template.xlsx"))

    @http.route(
        "/my/voucher-orders/upload",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_voucher_order_upload(self, upload=None, **post):
        """Excel order file: a dry run; a clean file becomes a draft order (then steps 2-3)."""
        self._vo_check_client()
        contracts_sudo, earliest = self._vo_contracts_sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vo_order_new",
                "contracts": contracts_sudo,
                "earliest": earliest,
                "post": post,
                "errors": {},
                "messages": [],
            }
        )
        if request.httprequest.method != "POST":
            return request.render("voucher_orders.portal_voucher_order_upload", values)
        errors = {}
        contract_sudo, load_date, reference = self._vo_order_header(
            post, contracts_sudo, earliest, errors
        )
        if not hasattr(upload, "read"):
            errors["upload"] = request.env._("Choose the Excel file.")
        if errors:
            values["errors"] = errors
            return request.render("voucher_orders.portal_voucher_order_upload", values, status=400)
        Order = request.env["vo.order"].sudo()
        result = Order._order_upload_dry_run(
            contract_sudo, load_date, upload.read(MAX_UPLOAD_BYTES + 1)
        )
        if not result.ok:
            values["messages"] = self._vo_messages(result)
            return request.render("voucher_orders.portal_voucher_order_upload", values, status=400)
        try:
            with request.env.cr.savepoint():
                order_sudo = Order._create_from_upload(contract_sudo, load_date, reference, result)
                order_sudo.action_refresh_checks()
        except UserError as exc:
            values["errors"] = {"global": exc.args[0]}
            return request.render("voucher_orders.portal_voucher_order_upload", values, status=400)
        return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review")

    # ------------------------------------------------------------
    # Quotes
    # ------------------------------------------------------------

    @http.route("/my/voucher-quotes/<int:quote_id>", type="http", auth="public", website=True)
    def portal_voucher_quote_pdf(self, quote_id, access_token=None, **kw):
        try:
            quote_sudo = self._document_check_access("vo.quote", quote_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found()
        return self._show_report(
            quote_sudo, "pdf", "voucher_orders.vo_quote_report", download=kw.get("download")
        )
