# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import uuid
from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from ..tools import calendar

PAGE_SIZE = 50
MAX_REASON = 1000


class ServiceVoucherPortal(CustomerPortal):
    """Portal pages of service vouchers.

    Users (households, group *Service Vouchers: User*) see their performances on
    ``/my/prestations``, confirm or contest them, and see their wallet. Workers
    (group *Service Vouchers: Worker*) encode on the Job Tracker page
    ``/my/jobtracker``. Every write goes through one access gate per page before
    any ``sudo()``.
    """

    # ------------------------------------------------------------
    # HOME
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        user = request.env.user
        if "sc_performance_count" in counters:
            values["sc_performance_count"] = (
                request.env["sc.performance"].search_count(self._sc_user_domain(), limit=1000)
                if user.has_group("servicecheque_prestations.group_sc_user")
                else 0
            )
        if "sc_jobtracker_count" in counters:
            values["sc_jobtracker_count"] = 1 if self._sc_worker() else 0
        return values

    # ------------------------------------------------------------
    # USER: PERFORMANCES AND WALLET
    # ------------------------------------------------------------

    def _sc_user_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", partner.id), ("deleted", "=", False)]

    def _sc_date_filters(self):
        return {
            "1m": {"label": request.env._("Last month"), "months": 1},
            "3m": {"label": request.env._("Last 3 months"), "months": 3},
            "13m": {"label": request.env._("Last 13 months"), "months": 13},
            "all": {"label": request.env._("All"), "months": None},
        }

    def _sc_check_user(self):
        if not request.env.user.has_group("servicecheque_prestations.group_sc_user"):
            raise AccessError(request.env._("This page is for service-voucher users."))

    @http.route(
        ["/my/prestations", "/my/prestations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_prestations(self, page=1, filterby="3m", **kw):
        try:
            self._sc_check_user()
        except AccessError:
            return request.redirect("/my")
        Performance = request.env["sc.performance"]
        filters = self._sc_date_filters()
        if filterby not in filters:
            filterby = "3m"
        domain = self._sc_user_domain()
        months = filters[filterby]["months"]
        if months:
            since = calendar.months_back_limit(Performance._today(), months)
            domain = [*domain, ("date", ">=", since)]
        [(count, hours)] = Performance._read_group(domain, [], ["__count", "hours:sum"])
        pager = portal_pager(
            url="/my/prestations",
            total=count,
            page=page,
            step=PAGE_SIZE,
            url_args={"filterby": filterby},
        )
        performances = Performance.search(
            domain, order="date desc, id desc", limit=PAGE_SIZE, offset=pager["offset"]
        )
        numbers = request.env["sc.user.number"].search(
            [("partner_id", "child_of", request.env.user.partner_id.commercial_partner_id.id)]
        )
        today = Performance._today()
        lots = request.env["sc.voucher.lot"].search(
            [
                ("user_number_id", "in", numbers.ids),
                ("remaining", ">", 0),
                ("valid_until", ">=", today),
            ]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sc_prestations",
                "performances": performances,
                "pager": pager,
                "total_count": count,
                "total_hours": hours or 0,
                "filterby": filterby,
                "sc_filters": filters,
                "numbers": numbers,
                "lots": lots,
                "today": today,
                "soon": today + timedelta(days=30),
                **self._sc_yearly_values(numbers, today),
                "error": kw.get("error"),
                "message": kw.get("message"),
            }
        )
        return request.render("servicecheque_prestations.portal_my_prestations", values)

    def _sc_yearly_values(self, numbers, today):
        """Vouchers bought this calendar year against the region's yearly maximum."""
        [(bought,)] = request.env["sc.voucher.lot"]._read_group(
            [
                ("user_number_id", "in", numbers.ids),
                ("bought_on", ">=", today.replace(month=1, day=1)),
            ],
            [],
            ["quantity:sum"],
        )
        region = numbers.region_id[:1]
        maximum = 0
        if region:
            rule = region.sudo()._rule_on(today)
            special = any(numbers.mapped("special_category"))
            maximum = rule.max_special if special else rule.max_per_user
        return {"bought_this_year": bought or 0, "yearly_maximum": maximum}

    def _sc_user_performance_sudo(self, performance_id):
        """The performance, sudo'd, once the current user is checked to be its user."""
        self._sc_check_user()
        performance_sudo = self._document_check_access("sc.performance", performance_id)
        partner = request.env.user.partner_id.commercial_partner_id
        if performance_sudo.partner_id.commercial_partner_id != partner:
            raise AccessError(request.env._("This performance is not yours."))
        return performance_sudo

    @http.route(
        "/my/prestations/<int:performance_id>/confirm",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_prestation_confirm(self, performance_id, **post):
        try:
            performance_sudo = self._sc_user_performance_sudo(performance_id)
        except (AccessError, MissingError):
            return request.redirect("/my/prestations")
        if not performance_sudo.can_confirm:
            # double click or already confirmed: nothing happens twice
            return request.redirect("/my/prestations")
        try:
            performance_sudo._apply_event(
                "user_confirm", "portal", author=request.env.user.partner_id
            )
        except UserError as error:
            return request.redirect(self._sc_url(error=str(error)))
        return request.redirect(self._sc_url(message=request.env._("Performance confirmed.")))

    @http.route(
        "/my/prestations/<int:performance_id>/contest",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_prestation_contest(self, performance_id, reason=None, **post):
        try:
            performance_sudo = self._sc_user_performance_sudo(performance_id)
        except (AccessError, MissingError):
            return request.redirect("/my/prestations")
        if not performance_sudo.can_contest:
            return request.redirect("/my/prestations")
        reason = (reason or "").strip()[:MAX_REASON]
        if not reason:
            return request.redirect(
                self._sc_url(error=request.env._("Reason: please say what is wrong."))
            )
        performance_sudo._apply_event(
            "user_contest", "portal", note=reason, author=request.env.user.partner_id
        )
        performance_sudo.with_context(sc_transition=True).write({"contest_reason": reason})
        return request.redirect(
            self._sc_url(message=request.env._("Your contest was sent to the company."))
        )

    @http.route(
        "/my/prestations/lots/<int:lot_id>/request",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_lot_request(self, lot_id, kind=None, quantity=None, **post):
        """Ask to exchange unexpired vouchers for new ones, or to have them refunded."""
        try:
            self._sc_check_user()
            lot_sudo = self._document_check_access("sc.voucher.lot", lot_id)
        except (AccessError, MissingError):
            return request.redirect("/my/prestations")
        partner = request.env.user.partner_id.commercial_partner_id
        if lot_sudo.partner_id.commercial_partner_id != partner or kind not in (
            "exchange",
            "refund",
        ):
            return request.redirect("/my/prestations")
        Request = request.env["sc.voucher.request"].sudo()
        count = int(quantity) if str(quantity or "").isdigit() else 0
        error = Request._check_request(lot_sudo, count, request.env["sc.performance"]._today())
        if error:
            return request.redirect(self._sc_url(error=error))
        pending = Request.search_count(
            [("lot_id", "=", lot_sudo.id), ("state", "=", "requested")], limit=1
        )
        if not pending:  # a double click asks once
            Request.create({"lot_id": lot_sudo.id, "kind": kind, "quantity": count})
        return request.redirect(
            self._sc_url(message=request.env._("Your request was sent to the company."))
        )

    def _sc_url(self, **params):
        return "/my/prestations?" + url_encode(params)

    # ------------------------------------------------------------
    # WORKER: JOB TRACKER
    # ------------------------------------------------------------

    def _sc_worker(self):
        """The employee whose Job Tracker login is the current user (sudo'd), or empty."""
        if not request.env.user.has_group("servicecheque_prestations.group_sc_worker"):
            return request.env["hr.employee"]
        return (
            request.env["hr.employee"]
            .sudo()
            .search([("sc_portal_user_id", "=", request.env.uid)], limit=1)
        )

    def _sc_jobtracker_values(self, employee_sudo, **extra):
        Performance = request.env["sc.performance"]
        today = Performance._today()
        recent = Performance.search(
            [("employee_id", "=", employee_sudo.id), ("date", ">=", today - timedelta(days=14))],
            order="date desc, id desc",
            limit=30,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sc_jobtracker",
                "employee": employee_sudo,
                "clients": employee_sudo.sc_client_ids.filtered(
                    lambda n: n.active and not n.deceased
                ),
                "today": today,
                "today_performances": recent.filtered(lambda p: p.date == today),
                "recent_performances": recent.filtered(lambda p: p.date != today),
                "activities": Performance._fields["activity"]._description_selection(request.env),
                "errors": {},
                "form": {},
                **extra,
            }
        )
        return values

    @http.route("/my/jobtracker", type="http", auth="user", website=True)
    def portal_jobtracker(self, **kw):
        employee_sudo = self._sc_worker()
        if not employee_sudo:
            return request.redirect("/my")
        form = {key: kw.get(key) for key in ("user_number", "activity", "hours") if kw.get(key)}
        values = self._sc_jobtracker_values(employee_sudo, message=kw.get("message"), form=form)
        return request.render("servicecheque_prestations.portal_jobtracker", values)

    @http.route("/my/jobtracker/summary", type="http", auth="user", methods=["POST"], website=True)
    def portal_jobtracker_summary(self, **post):
        """Step 5 of the voice server: the summary to confirm (1) or correct (2)."""
        employee_sudo = self._sc_worker()
        if not employee_sudo:
            return request.redirect("/my")
        user_number = post.get("user_number") or post.get("client") or ""
        Performance = request.env["sc.performance"]
        values, errors = Performance._check_encoding(
            employee_sudo, user_number, post.get("activity"), post.get("hours")
        )
        form = {
            "user_number": user_number,
            "activity": post.get("activity"),
            "hours": post.get("hours"),
        }
        if errors:
            page = self._sc_jobtracker_values(employee_sudo, errors=errors, form=form)
            return request.render("servicecheque_prestations.portal_jobtracker", page, status=400)
        page = self._sc_jobtracker_values(
            employee_sudo,
            form=form,
            summary=Performance._encoding_summary(values),
            client_key=uuid.uuid4().hex,
        )
        return request.render("servicecheque_prestations.portal_jobtracker_summary", page)

    @http.route("/my/jobtracker/confirm", type="http", auth="user", methods=["POST"], website=True)
    def portal_jobtracker_confirm(self, **post):
        employee_sudo = self._sc_worker()
        if not employee_sudo:
            return request.redirect("/my")
        Performance = request.env["sc.performance"].sudo()
        client_key = (post.get("client_key") or "")[:64]
        if client_key and Performance.search_count(
            [("company_id", "=", employee_sudo.company_id.id), ("client_key", "=", client_key)],
            limit=1,
        ):
            # the same summary confirmed twice (double click, reload): already saved
            return request.redirect("/my/jobtracker")
        values, errors = Performance._check_encoding(
            employee_sudo,
            post.get("user_number"),
            post.get("activity"),
            post.get("hours"),
            client_key=client_key or None,
        )
        if errors:
            page = self._sc_jobtracker_values(employee_sudo, errors=errors, form=post)
            return request.render("servicecheque_prestations.portal_jobtracker", page, status=400)
        Performance.with_user(request.env.user).sudo().create({**values, "channel": "portal"})
        return request.redirect(
            "/my/jobtracker?" + url_encode({"message": request.env._("Performance saved.")})
        )

    @http.route(
        "/my/jobtracker/<int:performance_id>/correct",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_jobtracker_correct(self, performance_id, hours=None, activity=None, **post):
        """A worker corrects one of their encodings before it is validated."""
        employee_sudo = self._sc_worker()
        if not employee_sudo:
            return request.redirect("/my")
        performance_sudo = (
            request.env["sc.performance"]
            .sudo()
            .search([("id", "=", performance_id), ("employee_id", "=", employee_sudo.id)])
        )
        if not performance_sudo or not performance_sudo.can_change:
            return request.redirect("/my/jobtracker")
        values = {}
        if hours and hours != str(performance_sudo.hours):
            values["hours"] = int(hours) if hours.isdigit() else hours
        if activity and activity != performance_sudo.activity:
            values["activity"] = activity
        if values:
            try:
                performance_sudo.with_context(sc_channel="portal").write(values)
            except UserError as error:
                return request.redirect("/my/jobtracker?" + url_encode({"message": str(error)}))
        return request.redirect(
            "/my/jobtracker?" + url_encode({"message": request.env._("Performance corrected.")})
        )
