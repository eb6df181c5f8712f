# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import functools
import uuid
from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import http
from odoo.addons.benefits_base.inputs import input_error_message
from odoo.addons.benefits_base.tools import inputs
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import format_date

from ..models.sc_access import HOUSEHOLD, WORKER
from ..models.sc_performance import STATUS_COLOURS
from ..tools import calendar

#: Lines per page of the performances (the issuer's "lists of 50 per page"); an
#: sc-only constant: every CustomerPortal subclass is merged into one class.
SC_PAGE_SIZE = 50


class ServiceVoucherPortal(CustomerPortal):
    """Portal pages of service vouchers.

    Users (households, group *Service Vouchers: User*) see their performances on
    ``/my/prestations``, confirm or contest them, and see their wallet. Workers
    (group *Service Vouchers: Worker*) encode on the Job Tracker page
    ``/my/jobtracker``. Every route goes through one access gate
    (:meth:`_sc_gate`) before any ``sudo()``; writes go through the models'
    actions. Every helper is prefixed ``_sc_`` (all portal controllers of all
    addons are merged into one class).
    """

    # ------------------------------------------------------------
    # ACCESS GATE
    # ------------------------------------------------------------

    def _sc_gate(self, role, model=None, record_id=None):
        """The one access gate of the service-voucher pages.

        ``role`` ``"household"``: the current user must be a service-voucher user;
        with ``model``/``record_id`` the record (sudo'd) must belong to their
        household. ``role`` ``"worker"``: returns the worker (employee, sudo'd)
        whose Job Tracker login is the current user; with ``record_id`` the
        performance (sudo'd) must be one of theirs. Raises :class:`AccessError`
        when the page is not for the user's role, and :class:`MissingError` when
        the record does not exist or is not theirs (one answer for both: the
        page does not say that a record of another client exists); routes turn
        them into a response with :meth:`_sc_refusal`.
        """
        env = request.env
        if role == "household":
            if not env.user.has_group(HOUSEHOLD):
                raise AccessError(env._("This page is for service-voucher users."))
            if not model:
                return env["sc.performance"]
            record_sudo = env[model].sudo().browse(record_id).exists()
            partner = env.user.partner_id.commercial_partner_id
            if not record_sudo or record_sudo.partner_id.commercial_partner_id != partner:
                raise MissingError(env._("This record does not exist."))
            return record_sudo
        if role == "worker":
            employee_sudo = env["hr.employee"]
            if env.user.has_group(WORKER):
                employee_sudo = employee_sudo.sudo().search(
                    [("sc_portal_user_id", "=", env.uid)], limit=1
                )
            if not employee_sudo:
                raise AccessError(env._("This page is for service-voucher workers."))
            if record_id is None:
                return employee_sudo
            performance_sudo = (
                env["sc.performance"]
                .sudo()
                .search([("id", "=", record_id), ("employee_id", "=", employee_sudo.id)])
            )
            if not performance_sudo:
                raise MissingError(env._("This record does not exist."))
            return performance_sudo
        raise AccessError(env._("Unknown role."))

    def _sc_refusal(self, error):
        """Odoo's refusal for ``error`` of :meth:`_sc_gate`: a page for another role
        sends to ``/my``; a record that is not the user's is not found (404)."""
        if isinstance(error, MissingError):
            raise request.not_found()
        return request.redirect("/my")

    def _sc_page_values(self, page_name):
        """What every service-voucher page shows: the portal layout, the status colours."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": page_name,
                "sc_status_colours": {s.value: colour for s, colour in STATUS_COLOURS.items()},
            }
        )
        return values

    def _sc_notice(self, code):
        """The translated notice of ``code`` (a fixed list), or ``None``."""
        env = request.env
        notices = {
            "confirmed": env._("Performance confirmed."),
            "contested": env._("Your contest was sent to the company."),
            "requested": env._("Your request was sent to the company."),
            "saved": env._("Performance saved."),
            "corrected": env._("Performance corrected."),
            "unchanged": env._(
                "Nothing was changed: this performance is no longer waiting for you "
                "(already confirmed, contested or validated)."
            ),
        }
        return notices.get(code) if isinstance(code, str) else None

    # ------------------------------------------------------------
    # HOME
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        user = request.env.user
        if "sc_performance_count" in counters:
            values["sc_performance_count"] = (
                request.env["sc.performance"].search_count(self._sc_user_domain(), limit=1000)
                if user.has_group(HOUSEHOLD)
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

    @http.route(
        ["/my/prestations", "/my/prestations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_prestations(self, page=1, filterby="3m", message=None, **kw):
        try:
            self._sc_gate("household")
        except AccessError as error:
            return self._sc_refusal(error)
        return self._sc_render_prestations(page, filterby, message=self._sc_notice(message))

    def _sc_render_prestations(self, page=1, filterby="3m", message=None, error=None, status=200):
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
            step=SC_PAGE_SIZE,
            url_args={"filterby": filterby},
        )
        performances = Performance.search(
            domain, order="date desc, id desc", limit=SC_PAGE_SIZE, offset=pager["offset"]
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
        values = self._sc_page_values("sc_prestations")
        values.update(
            {
                "performances": performances,
                # a page shows 50 rows: labels and dates formatted once per page, not by
                # a ``t-field`` per cell (each one describes the whole field again)
                "sc_labels": {
                    name: dict(Performance._fields[name]._description_selection(request.env))
                    for name in ("activity", "status")
                },
                "sc_format_date": functools.partial(format_date, request.env),
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
                "error": error,
                "message": message,
            }
        )
        return request.render(
            "servicecheque_prestations.portal_my_prestations", values, status=status
        )

    def _sc_yearly_values(self, numbers, today):
        """Vouchers bought this calendar year against the region's yearly maximum."""
        Lot = request.env["sc.voucher.lot"]
        bought = Lot.sudo()._sc_bought_in_year(numbers, today.year) if numbers else 0
        region = numbers.region_id[:1]
        maximum = 0
        if region:
            rule = request.env["sc.region.rule"].sudo()._dated_find(today, region_id=region)
            maximum = rule._yearly_maximum(any(numbers.mapped("special_category")))
        return {"bought_this_year": bought or 0, "yearly_maximum": maximum}

    @http.route(
        "/my/prestations/<int:performance_id>/confirm",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_prestation_confirm(self, performance_id, **post):
        return self._sc_household_action(
            "sc.performance",
            performance_id,
            "action_confirm_as_user",
            ("portal",),
            "confirmed",
            ready="can_confirm",
        )

    @http.route(
        "/my/prestations/<int:performance_id>/contest",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_prestation_contest(self, performance_id, reason=None, **post):
        return self._sc_household_action(
            "sc.performance",
            performance_id,
            "action_contest",
            (reason, "portal"),
            "contested",
            ready="can_contest",
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
        return self._sc_household_action(
            "sc.voucher.lot", lot_id, "action_request", (kind, quantity), "requested"
        )

    def _sc_household_action(self, model, record_id, action, args, notice, ready=None):
        """Run the model's ``action`` on a record of the household, as the user.

        The gate first (another client's record: 404); when the ``ready`` field
        says the action no longer applies (a double click), nothing happens twice;
        a refusal of the model is shown on the page (400), never a 500.
        """
        try:
            record_sudo = self._sc_gate("household", model, record_id)
        except (AccessError, MissingError) as error:
            return self._sc_refusal(error)
        if ready and not record_sudo[ready]:
            # a double click, or the company or the automatic validation was first:
            # nothing to do, and the user is told so
            return request.redirect(self._sc_url(message="unchanged"))
        try:
            getattr(record_sudo.with_user(request.env.user), action)(*args)
        except UserError as error:
            return self._sc_render_prestations(error=str(error), status=400)
        return request.redirect(self._sc_url(message=notice))

    def _sc_url(self, **params):
        return "/my/prestations?" + url_encode(params)

    # ------------------------------------------------------------
    # WORKER: JOB TRACKER
    # ------------------------------------------------------------

    def _sc_worker(self):
        """The employee whose Job Tracker login is the current user (sudo'd), or empty."""
        try:
            return self._sc_gate("worker")
        except AccessError:
            return request.env["hr.employee"]

    def _sc_jobtracker_values(self, employee_sudo, **extra):
        Performance = request.env["sc.performance"]
        today = Performance._today()
        recent = Performance.search(
            [("employee_id", "=", employee_sudo.id), ("date", ">=", today - timedelta(days=14))],
            order="date desc, id desc",
            limit=30,
        )
        values = self._sc_page_values("sc_jobtracker")
        values.update(
            {
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

    def _sc_encoding_form(self, post):
        """The Job Tracker form as text (a form posts text; NUL and control characters,
        over-long values are refused with the field's name)."""
        env = request.env
        labels = {
            "user_number": env._("User number"),
            "activity": env._("Activity"),
            "hours": env._("Hours"),
        }
        form, errors = {}, {}
        raw = {
            "user_number": post.get("user_number") or post.get("client") or "",
            "activity": post.get("activity"),
            "hours": post.get("hours"),
        }
        for name, label in labels.items():
            try:
                form[name] = inputs.clean_text(raw[name], label, max_length=32)
            except inputs.InputError as error:
                form[name] = ""
                errors[name] = input_error_message(env, error)
        return form, errors

    @http.route("/my/jobtracker", type="http", auth="user", website=True)
    def portal_jobtracker(self, message=None, **kw):
        employee_sudo = self._sc_worker()
        if not employee_sudo:
            return request.redirect("/my")
        form, __ = self._sc_encoding_form(kw)
        values = self._sc_jobtracker_values(
            employee_sudo, message=self._sc_notice(message), form=form
        )
        return request.render("servicecheque_prestations.portal_jobtracker", values)

    @http.route("/my/jobtracker/summary", type="http", auth="user", methods=["POST"], website=True)
    def portal_jobtracker_summary(self, **post):
        """Step 5 of the voice server: the summary to confirm (1) or correct (2)."""
        employee_sudo = self._sc_worker()
        if not employee_sudo:
            return request.redirect("/my")
        form, errors = self._sc_encoding_form(post)
        Performance = request.env["sc.performance"]
        values, check_errors = Performance._check_encoding(
            employee_sudo, form["user_number"], form["activity"], form["hours"]
        )
        errors = {**check_errors, **errors}
        if errors:
            page = self._sc_jobtracker_values(
                employee_sudo, errors=errors, form=form, error=errors.get("duplicate")
            )
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
        env = request.env
        employee_sudo = self._sc_worker()
        if not employee_sudo:
            return request.redirect("/my")
        Performance = env["sc.performance"].sudo()
        try:
            client_key = inputs.clean_text(post.get("client_key"), env._("Key"), max_length=64)
        except inputs.InputError:
            client_key = ""
        if client_key and Performance.search_count(
            [("company_id", "=", employee_sudo.company_id.id), ("client_key", "=", client_key)],
            limit=1,
        ):
            # the same summary confirmed twice (double click, reload): already saved
            return request.redirect("/my/jobtracker")
        form, errors = self._sc_encoding_form(post)
        values, check_errors = Performance._check_encoding(
            employee_sudo,
            form["user_number"],
            form["activity"],
            form["hours"],
            client_key=client_key or None,
        )
        errors = {**check_errors, **errors}
        if not errors:
            __, errors = Performance._sc_encode(values, "portal")
        if errors:
            page = self._sc_jobtracker_values(
                employee_sudo,
                errors=errors,
                form=form,
                error=errors.get("duplicate") or errors.get("performance"),
            )
            return request.render("servicecheque_prestations.portal_jobtracker", page, status=400)
        return request.redirect("/my/jobtracker?" + url_encode({"message": "saved"}))

    @http.route(
        "/my/jobtracker/<int:performance_id>/correct",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_jobtracker_correct(self, performance_id, hours=None, activity=None, **post):
        """A worker corrects one of their encodings before it is validated."""
        env = request.env
        try:
            performance_sudo = self._sc_gate("worker", record_id=performance_id)
        except (AccessError, MissingError) as error:
            return self._sc_refusal(error)
        employee_sudo = performance_sudo.employee_id
        if not performance_sudo.can_change:
            return request.redirect("/my/jobtracker")
        values = {}
        try:
            new_hours = inputs.parse_int(
                hours, env._("Hours"), minimum=1, maximum=9, required=False
            )
            new_activity = inputs.parse_choice(
                activity,
                env._("Activity"),
                tuple(request.env["sc.performance"]._fields["activity"].get_values(request.env)),
                required=False,
            )
        except inputs.InputError as error:
            page = self._sc_jobtracker_values(employee_sudo, error=input_error_message(env, error))
            return request.render("servicecheque_prestations.portal_jobtracker", page, status=400)
        if new_hours and new_hours != performance_sudo.hours:
            values["hours"] = new_hours
        if new_activity and new_activity != performance_sudo.activity:
            values["activity"] = new_activity
        if values:
            try:
                performance_sudo._sc_correct(values, "portal")
            except UserError as error:
                page = self._sc_jobtracker_values(employee_sudo, error=str(error))
                return request.render(
                    "servicecheque_prestations.portal_jobtracker", page, status=400
                )
        return request.redirect("/my/jobtracker?" + url_encode({"message": "corrected"}))
