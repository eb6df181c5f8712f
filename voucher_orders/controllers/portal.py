# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import secrets

from psycopg2 import IntegrityError

from odoo import fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request

from ..models import problems as vo_problems
from ..tools import common

PAGE_SIZE = 50
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
            and request.env["vo.contract"]
            .sudo()
            .search_count([("partner_id", "=", employer.id)], limit=1)
        )

    def _vo_beneficiary(self, beneficiary_id):
        """The beneficiary ``beneficiary_id`` if the user may see it; 404 otherwise."""
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
        if not self._vo_is_client():
            raise request.not_found()
        employer = self._vo_employer()
        Beneficiary = request.env["vo.beneficiary"].with_context(active_test=False)
        domain = [("partner_id", "=", employer.id), ("active", "=", not inactive)]
        if search:
            domain += [("name", "ilike", search)]
        total = Beneficiary.search_count(domain)
        pager = portal_pager(
            url="/my/beneficiaries",
            url_args={"search": search, "inactive": inactive},
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
                "pager": pager,
                "search": search or "",
                "inactive": inactive,
                "employer": employer,
            }
        )
        return request.render("voucher_orders.portal_my_beneficiaries", values)

    def _beneficiary_form_values(self, post):
        values = {
            "last_name": (post.get("last_name") or "").strip(),
            "first_name": (post.get("first_name") or "").strip(),
            "email": (post.get("email") or "").strip() or False,
            "delivery": post.get("delivery")
            if post.get("delivery") in ("workplace", "home")
            else "workplace",
            "street": (post.get("street") or "").strip() or False,
            "zip": (post.get("zip") or "").strip() or False,
            "city": (post.get("city") or "").strip() or False,
            "cost_centre_id": False,
            "meal_face_value": 0.0,
        }
        errors = {}
        if not values["last_name"]:
            errors["last_name"] = request.env._("Please give the last name.")
        if not values["first_name"]:
            errors["first_name"] = request.env._("Please give the first name.")
        if post.get("meal_face_value"):
            try:
                values["meal_face_value"] = float(
                    common.money(post["meal_face_value"].replace(",", "."))
                )
            except ValueError:
                errors["meal_face_value"] = request.env._("The face value must be an amount.")
        if post.get("cost_centre_id"):
            centre = request.env["vo.cost.centre"].search(
                [
                    ("partner_id", "=", self._vo_employer().id),
                    (
                        "id",
                        "=",
                        int(post["cost_centre_id"]) if post["cost_centre_id"].isdigit() else 0,
                    ),
                ]
            )
            if not centre:
                errors["cost_centre_id"] = request.env._("Unknown cost centre.")
            values["cost_centre_id"] = centre.id
        return values, errors

    def _render_beneficiary_form(self, beneficiary, post, errors, status=200):
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
        if not self._vo_is_client():
            raise request.not_found()
        Beneficiary = request.env["vo.beneficiary"]
        beneficiary = self._vo_beneficiary(beneficiary_id) if beneficiary_id else Beneficiary
        if request.httprequest.method != "POST":
            return self._render_beneficiary_form(beneficiary, {}, {})
        values, errors = self._beneficiary_form_values(post)
        number = (post.get("national_number") or "").strip()
        temporary = bool(post.get("is_temporary_number"))
        if not beneficiary and not number:
            errors["national_number"] = request.env._("Please give the national number.")
        if errors:
            return self._render_beneficiary_form(beneficiary, post, errors, status=400)
        try:
            with request.env.cr.savepoint():
                if beneficiary:
                    if number:
                        values.update({"national_number": number, "is_temporary_number": temporary})
                    beneficiary.write(values)
                else:
                    values.update(
                        {
                            "partner_id": self._vo_employer().id,
                            "national_number": number,
                            "is_temporary_number": temporary,
                        }
                    )
                    if post.get("birth_date"):
                        values["birth_date"] = post["birth_date"]
                    beneficiary = Beneficiary.create(values)
        except (ValidationError, UserError) as exc:
            return self._render_beneficiary_form(
                beneficiary, post, {"global": exc.args[0]}, status=400
            )
        except IntegrityError:
            return self._render_beneficiary_form(
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
        self._vo_beneficiary(beneficiary_id).action_deactivate()
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
        cards_sudo = beneficiary.sudo().card_ids.filtered(lambda c: c.status == "active")
        if not cards_sudo:
            raise request.not_found()
        cards_sudo.action_report(status)
        return request.redirect(f"/my/beneficiaries/{beneficiary.id}")

    # ------------------------------------------------------------
    # Beneficiaries: Excel
    # ------------------------------------------------------------

    def _xlsx_response(self, data, filename):
        return request.make_response(
            data,
            headers=[
                ("Content-Type", XLSX_MIME),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route("/my/beneficiaries/template.xlsx", type="http", auth="user", website=True)
    def portal_beneficiary_template(self, **kw):
        if not self._vo_is_client():
            raise request.not_found()
        data = request.env["vo.beneficiary"]._xlsx_template(self._vo_employer())
        return self._xlsx_response(data, request.env._("beneficiaries-template.xlsx"))

    @http.route("/my/beneficiaries/export.xlsx", type="http", auth="user", website=True)
    def portal_beneficiary_export(self, **kw):
        if not self._vo_is_client():
            raise request.not_found()
        data = request.env["vo.beneficiary"]._xlsx_template(self._vo_employer(), prefilled=True)
        return self._xlsx_response(data, request.env._("beneficiaries.xlsx"))

    def _upload_attachment_sudo(self, key):
        """The file uploaded by this user for a dry run, found by its random key."""
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
        if not self._vo_is_client():
            raise request.not_found()
        employer = self._vo_employer()
        Beneficiary = request.env["vo.beneficiary"]
        if confirm:
            attachment_sudo = self._upload_attachment_sudo(key)
            if not attachment_sudo:
                raise request.not_found()
            data = base64.b64decode(attachment_sudo.datas)
            allow = attachment_sudo.description == "updates"
        else:
            data = upload.read(MAX_UPLOAD_BYTES + 1) if upload else b""
            allow = bool(allow_updates)
        result = Beneficiary._upload_dry_run(employer, data, allow_updates=allow)
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "vo_beneficiary_upload", "result": result})
        if confirm and result.ok:
            created, updated = Beneficiary._upload_apply(employer, result)
            attachment_sudo.unlink()
            values.update({"applied": True, "created": len(created), "updated": len(updated)})
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
        Order = request.env["vo.order"]
        domain = [("partner_id", "=", self._vo_employer().id)]
        pager = portal_pager(
            url="/my/voucher-orders", total=Order.search_count(domain), page=page, step=PAGE_SIZE
        )
        # the user's own orders (record rules); sudo to show their product's name
        orders_sudo = Order.search(domain, limit=PAGE_SIZE, offset=pager["offset"]).sudo()
        quotes_sudo = request.env["vo.quote"].search(domain, limit=PAGE_SIZE).sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {"page_name": "vo_orders", "orders": orders_sudo, "quotes": quotes_sudo, "pager": pager}
        )
        return request.render("voucher_orders.portal_my_voucher_orders", values)

    @http.route(
        "/my/voucher-orders/new", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_voucher_order_new(self, **post):
        """Step 1: product (contract), reference, load date, amounts."""
        if not self._vo_is_client():
            raise request.not_found()
        employer = self._vo_employer()
        Order = request.env["vo.order"]
        contracts, earliest = self._vo_contracts_sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "vo_order_new",
                "contracts": contracts,
                "earliest": earliest,
                "post": post,
                "errors": {},
            }
        )
        if request.httprequest.method != "POST":
            return request.render("voucher_orders.portal_voucher_order_step1", values)
        errors = {}
        contract = contracts.filtered(lambda c: str(c.id) == post.get("contract_id"))
        if not contract:
            errors["contract_id"] = request.env._("Choose a product you have a contract for.")
        try:
            load_date = fields.Date.to_date(post.get("load_date"))
        except ValueError:
            load_date = None
        if not load_date:
            errors["load_date"] = request.env._("Choose the load date.")
        elif load_date < earliest:
            errors["load_date"] = request.env._(
                "The earliest load date is %(date)s.", date=fields.Date.to_string(earliest)
            )
        numbers = {}
        for key in ("face_value", "amount"):
            raw = (post.get(key) or "").replace(",", ".").strip()
            try:
                numbers[key] = float(common.money(raw)) if raw else 0.0
            except ValueError:
                errors[key] = request.env._("Enter an amount, e.g. 8.00.")
        days_raw = (post.get("days") or "").strip()
        numbers["days"] = int(days_raw) if days_raw.isdigit() else 0
        if contract and contract.product_type == "meal" and numbers["days"] < 1:
            errors["days"] = request.env._("Enter the number of days worked (at least 1).")
        if contract and contract.product_type != "meal" and numbers.get("amount", 0) <= 0:
            errors["amount"] = request.env._("Enter the amount per beneficiary.")
        beneficiaries = request.env["vo.beneficiary"].search(
            [("partner_id", "=", employer.id), ("active", "=", True)]
        )
        if not beneficiaries:
            errors["global"] = request.env._("Register your beneficiaries first.")
        if errors:
            values["errors"] = errors
            return request.render("voucher_orders.portal_voucher_order_step1", values, status=400)
        order_sudo = Order.sudo()._create_for_beneficiaries(
            contract,
            beneficiaries.sudo(),
            (post.get("reference") or "").strip()[:64],
            load_date,
            face_value=numbers["face_value"],
            days=numbers["days"],
            amount=numbers.get("amount", 0.0),
        )
        order_sudo.action_refresh_checks()
        return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review")

    @http.route(
        "/my/voucher-orders/<int:order_id>/review",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_voucher_order_review(self, order_id, **post):
        """Step 2: per-beneficiary summary; warnings to acknowledge."""
        order_sudo = self._vo_order_sudo(order_id)
        if order_sudo.state != "draft":
            return request.redirect(order_sudo.access_url)
        if request.httprequest.method == "POST" and post.get("update"):
            self._vo_update_lines(order_sudo, post)
            return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review")
        if request.httprequest.method == "POST":
            if order_sudo.error_count:
                return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review")
            if order_sudo.warning_count and not post.get("acknowledge"):
                return request.redirect(f"/my/voucher-orders/{order_sudo.id}/review?ack=1")
            order_sudo.warnings_acknowledged = bool(order_sudo.warning_count)
            return request.redirect(f"/my/voucher-orders/{order_sudo.id}/totals")
        values = self._prepare_portal_layout_values()
        values.update(
            {"page_name": "vo_order_review", "order": order_sudo, "ack_missing": post.get("ack")}
        )
        return request.render("voucher_orders.portal_voucher_order_step2", values)

    def _vo_update_lines(self, order_sudo, post):
        """Step 2 changes: the days or amount per beneficiary, beneficiaries removed.

        Only lines of this (checked, draft) order are touched; unreadable input is
        ignored; lines with the same new value are written together.
        """
        is_meal = order_sudo.product_type == "meal"
        field = "days" if is_meal else "amount_requested"
        removed, by_value = [], {}
        for line in order_sudo.line_ids:
            if post.get(f"remove_{line.id}"):
                removed.append(line.id)
                continue
            raw = (post.get(f"value_{line.id}") or "").replace(",", ".").strip()
            if not raw:
                continue
            try:
                value = int(raw) if is_meal else float(common.money(raw))
            except ValueError:
                continue
            if value != line[field]:
                by_value.setdefault(value, []).append(line.id)
        Line = request.env["vo.order.line"].sudo()
        for value, ids in by_value.items():
            Line.browse(ids).write({field: value})
        Line.browse(removed).unlink()
        order_sudo.write({"warnings_acknowledged": False})
        order_sudo.action_refresh_checks()

    @http.route("/my/voucher-orders/<int:order_id>/totals", type="http", auth="user", website=True)
    def portal_voucher_order_totals(self, order_id, **kw):
        """Step 3: totals, then confirm."""
        order_sudo = self._vo_order_sudo(order_id)
        if order_sudo.state != "draft":
            return request.redirect(order_sudo.access_url)
        values = self._prepare_portal_layout_values()
        values.update(
            {"page_name": "vo_order_totals", "order": order_sudo, "error": kw.get("error")}
        )
        return request.render("voucher_orders.portal_voucher_order_step3", values)

    @http.route(
        "/my/voucher-orders/<int:order_id>/confirm",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_voucher_order_confirm(self, order_id, **post):
        order_sudo = self._vo_order_sudo(order_id)
        try:
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
        contracts_sudo, __ = self._vo_contracts_sudo()
        contract_sudo = contracts_sudo.filtered(lambda c: c.id == contract_id)
        if not contract_sudo:
            raise request.not_found()
        data = request.env["vo.order"].sudo()._order_template(contract_sudo)
        return self._xlsx_response(data, request.env._("order-template.xlsx"))

    @http.route(
        "/my/voucher-orders/upload",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_voucher_order_upload(self, upload=None, **post):
        """Excel order file: a dry run; a clean file becomes a draft order (then steps 2-3)."""
        if not self._vo_is_client():
            raise request.not_found()
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
        contract_sudo = contracts_sudo.filtered(lambda c: str(c.id) == post.get("contract_id"))
        try:
            load_date = fields.Date.to_date(post.get("load_date"))
        except ValueError:
            load_date = None
        errors = {}
        if not contract_sudo:
            errors["contract_id"] = request.env._("Choose a product you have a contract for.")
        if not load_date or load_date < earliest:
            errors["load_date"] = request.env._(
                "The earliest load date is %(date)s.", date=fields.Date.to_string(earliest)
            )
        if not upload:
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
        order_sudo = Order._create_from_upload(
            contract_sudo, load_date, (post.get("reference") or "").strip()[:64], result
        )
        order_sudo.action_refresh_checks()
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
