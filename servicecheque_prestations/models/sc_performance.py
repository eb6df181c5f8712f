# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import datetime
import logging

import psycopg2
import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.addons.benefits_base.inputs import raise_user_error
from odoo.addons.benefits_base.tools import dated, inputs
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..demo import demo_performances
from ..tools import allocation, calendar, codes, csvio, states, xlsxio
from ..tools.states import Event, Party, Status
from .sc_access import STAFF, check_group, check_household

_logger = logging.getLogger(__name__)

TZ = pytz.timezone("Europe/Brussels")

#: Facts of :class:`..tools.states.Facts` stored as fields of the same name
#: (``hours`` and ``user_number`` aside: they are business fields).
FACT_FIELDS = (
    "company_validated",
    "user_confirmed",
    "contested",
    "changed_after_confirmation",
    "auto_validation_cancelled",
    "auto_validated",
    "vouchers_allocated",
    "paper_vouchers",
    "allocation_rounds",
    "vouchers_reimbursement_requested",
    "outside_vouchers",
    "deleted",
)
#: Fields whose change by the company is a "change" of the state machine.
CHANGE_FIELDS = ("hours", "activity", "date", "employee_id")
ALLOCATABLE = states.ALLOCATABLE_VALUES
BEFORE_VALIDATION = states.status_values(states.BEFORE_VALIDATION)
#: Label of each status (:class:`..tools.states.Status` defines the statuses).
STATUS_LABELS = {
    Status.ENCODED: "Encoded",
    Status.VALIDATED: "Validated, Awaiting User",
    Status.CONFIRMED: "Confirmed, Awaiting Company",
    Status.CONTESTED: "Contested",
    Status.READY: "Ready for Allocation",
    Status.PARTIAL_FIRST: "Partially Allocated (1st)",
    Status.PARTIAL_REIMBURSED: "Partially Reimbursed",
    Status.PARTIAL_NEXT: "Partially Allocated (next)",
    Status.PAID: "Paid",
    Status.OUTSIDE_VOUCHERS: "To Be Paid Outside Vouchers",
    Status.DELETED: "Deleted",
}
#: Bootstrap colour of each status badge on the portal (Odoo's portal colours:
#: waiting for someone info, to act on warning, done success, closed secondary).
STATUS_COLOURS = {
    Status.ENCODED: "info",
    Status.VALIDATED: "info",
    Status.CONFIRMED: "info",
    Status.CONTESTED: "warning",
    Status.READY: "primary",
    Status.PARTIAL_FIRST: "primary",
    Status.PARTIAL_REIMBURSED: "primary",
    Status.PARTIAL_NEXT: "primary",
    Status.PAID: "success",
    Status.OUTSIDE_VOUCHERS: "danger",
    Status.DELETED: "secondary",
}
#: Longest contest reason a user may write.
MAX_REASON = 1000


class ScPerformance(models.Model):
    """A performance ("prestatie"): hours of one activity by a worker for a user.

    Workers encode it (Job Tracker page, voice-server API), staff encode or
    import it. The company validates it and the user confirms it, independently;
    after the region's delays a cron validates automatically unless the user
    contested it or the company changed it. The status is derived from the stored
    facts by :func:`..tools.states.compute_status`; every event goes through
    :meth:`_apply_event`, which refuses what the transition table does not allow
    and records who, when and through which channel in the chatter.
    """

    _name = "sc.performance"
    _description = "Service-Voucher Performance"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # companies of the number and the worker are checked in batch (_check_companies)
    user_number_id = fields.Many2one(
        "sc.user.number",
        required=True,
        index=True,
        tracking=True,
        domain="[('company_id', '=', company_id)]",
    )
    partner_id = fields.Many2one(
        related="user_number_id.partner_id", string="User", store=True, index=True
    )
    region_id = fields.Many2one(related="user_number_id.region_id", store=True)
    employee_id = fields.Many2one(
        "hr.employee",
        string="Worker",
        required=True,
        index=True,
        domain="[('company_id', '=', company_id)]",
    )
    branch_id = fields.Many2one(
        "sc.branch",
        compute="_compute_branch_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Date(required=True, default=lambda self: self._today())
    activity = fields.Selection(
        # the issuer's activity types (:data:`..tools.codes.ACTIVITY_TYPES`), English labels
        selection=[(str(code), labels[2]) for code, labels in codes.ACTIVITY_TYPES.items()],
        required=True,
        default="1",
    )
    hours = fields.Integer(required=True, default=1)
    encoded_on = fields.Datetime(
        string="Encoding Date", required=True, readonly=True, default=fields.Datetime.now
    )
    channel = fields.Selection(
        selection=[
            ("portal", "Job Tracker"),
            ("api", "Voice Server"),
            ("backoffice", "Back Office"),
            ("import", "Import"),
        ],
        required=True,
        readonly=True,
        default="backoffice",
    )
    client_key = fields.Char(
        readonly=True, copy=False, help="Key sent by the voice server to avoid double encodings."
    )
    import_id = fields.Many2one("sc.import", readonly=True, copy=False, index="btree_not_null")
    import_row = fields.Integer(readonly=True, copy=False)
    contest_reason = fields.Text(readonly=True, tracking=True)
    correction = fields.Char(
        readonly=True,
        copy=False,
        help="Deleted or moved after validation or payment: what the company corrected and "
        "which vouchers went back to the wallet (shown in the issuer export).",
    )
    # facts of the state machine (written only by _apply_event)
    company_validated = fields.Boolean(readonly=True, copy=False)
    user_confirmed = fields.Boolean(readonly=True, copy=False)
    contested = fields.Boolean(readonly=True, copy=False)
    changed_after_confirmation = fields.Boolean(readonly=True, copy=False)
    auto_validation_cancelled = fields.Boolean(readonly=True, copy=False)
    auto_validated = fields.Boolean(readonly=True, copy=False)
    vouchers_allocated = fields.Integer(readonly=True, copy=False)
    paper_vouchers = fields.Integer(readonly=True, copy=False)
    allocation_rounds = fields.Integer(readonly=True, copy=False)
    vouchers_reimbursement_requested = fields.Integer(readonly=True, copy=False)
    outside_vouchers = fields.Boolean(readonly=True, copy=False)
    deleted = fields.Boolean(readonly=True, copy=False, index=True)
    # derived
    status = fields.Selection(
        selection=[(status.value, STATUS_LABELS[status]) for status in Status],
        compute="_compute_status",
        store=True,
        index=True,
        tracking=True,
    )
    status_code = fields.Integer(
        compute="_compute_status",
        store=True,
        help="The issuer's status code (15, 11, 16, 17, 18, 19); 0 when it has none.",
    )
    vouchers_outstanding = fields.Integer(compute="_compute_status", store=True)
    company_due_date = fields.Date(
        compute="_compute_due_dates", store=True, help="Automatic validation for the company."
    )
    user_due_date = fields.Date(
        compute="_compute_due_dates", store=True, help="Automatic confirmation for the user."
    )
    auto_validation_due = fields.Date(
        compute="_compute_due_dates",
        store=True,
        help="Next date on which the automatic validation applies; empty when it no longer "
        "applies.",
    )
    allocation_ids = fields.One2many(
        "sc.voucher.allocation", "performance_id", string="Allocated Vouchers"
    )
    reimbursement_id = fields.Many2one(
        "sc.reimbursement", readonly=True, copy=False, index="btree_not_null"
    )
    alert_reasons = fields.Char(
        string="Checks",
        compute="_compute_alert_reasons",
        help="Sanity checks: hours per worker per month, inactive or deceased user, worker "
        "without a contract on the date.",
    )
    can_validate = fields.Boolean(compute="_compute_rights")
    can_confirm = fields.Boolean(compute="_compute_rights")
    can_contest = fields.Boolean(compute="_compute_rights")
    can_change = fields.Boolean(compute="_compute_rights")
    # status groups of the transition table (tools/states.py), for buttons and filters
    allocatable = fields.Boolean(
        compute="_compute_status_groups", search="_search_allocatable", string="Takes Vouchers"
    )
    to_validate = fields.Boolean(compute="_compute_status_groups", search="_search_to_validate")
    partially_paid = fields.Boolean(
        compute="_compute_status_groups", search="_search_partially_paid"
    )

    _hours_range = models.Constraint(
        "CHECK(hours BETWEEN 1 AND 9)", "A performance counts 1 to 9 whole hours."
    )
    _vouchers_range = models.Constraint(
        "CHECK(vouchers_allocated >= 0 AND vouchers_allocated <= hours "
        "AND paper_vouchers >= 0 AND paper_vouchers <= vouchers_allocated "
        "AND vouchers_reimbursement_requested >= 0 "
        "AND vouchers_reimbursement_requested <= vouchers_allocated)",
        "A performance never receives more vouchers than its hours.",
    )
    _client_key_uniq = models.Constraint(
        "UNIQUE(company_id, client_key)", "This encoding was already received."
    )
    # One performance per worker, user number, day and activity: the voice server
    # and the issuer's import refuse a second one (correct the first instead);
    # deleted performances stay for the audit trail and do not count.
    _encoding_uniq = models.UniqueIndex(
        "(user_number_id, employee_id, date, activity) WHERE deleted IS NOT TRUE",
        "Already encoded: this worker already has this activity for this user number on this day.",
    )
    _import_row_uniq = models.Constraint(
        "UNIQUE(import_id, import_row)", "A row of an import file is applied once."
    )
    _auto_validation_due_idx = models.Index(
        "(auto_validation_due) WHERE auto_validation_due IS NOT NULL"
    )
    _user_number_date_idx = models.Index("(user_number_id, date DESC, id DESC)")
    _allocatable_idx = models.Index(
        "(user_number_id) WHERE status IN (%s)" % ", ".join(f"'{value}'" for value in ALLOCATABLE)
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("employee_id")
    def _compute_branch_id(self):
        for performance in self:
            if performance.employee_id and not performance.branch_id:
                performance.branch_id = performance.employee_id.sudo().sc_branch_id

    @api.depends("hours", "user_number_id", *FACT_FIELDS)
    def _compute_status(self):
        for performance in self:
            if not 1 <= performance.hours <= codes.MAX_HOURS:
                performance.status = Status.ENCODED.value
                performance.status_code = 0
                performance.vouchers_outstanding = 0
                continue
            facts = performance._facts()
            performance.status = states.compute_status(facts).value
            performance.status_code = states.status_code(facts) or 0
            performance.vouchers_outstanding = facts.vouchers_outstanding

    @api.depends(
        "encoded_on",
        "region_id",
        "channel",
        "user_number_id.confirmation_channel",
        "company_validated",
        "user_confirmed",
        "status",
    )
    def _compute_due_dates(self):
        with_rule = self.filtered(
            lambda performance: performance.region_id and performance.encoded_on
        )
        rules = self.env["sc.region.rule"]._dated_find_many(
            [
                ({"region_id": performance.region_id}, performance._encoded_day())
                for performance in with_rule
            ],
            raise_if_missing=False,
        )
        due_dates = {}
        for performance in self:
            performance.company_due_date = performance.user_due_date = False
            performance.auto_validation_due = False
            if not performance.region_id or not performance.encoded_on:
                continue
            encoded_on = performance._encoded_day()
            rule = rules[(performance.region_id.id,), encoded_on]
            if not rule:
                continue
            user_channel = performance.user_number_id.confirmation_channel
            key = (rule.id, encoded_on, performance.channel, user_channel)
            if key not in due_dates:  # rows encoded the same day share their dates
                due_dates[key] = self._sc_due_dates(rule, encoded_on, *key[2:])
            company_due, user_due = due_dates[key]
            performance.company_due_date = company_due
            performance.user_due_date = user_due
            if not 1 <= performance.hours <= codes.MAX_HOURS:
                continue
            performance.auto_validation_due = self._sc_auto_validation_due(
                performance._facts(), company_due, user_due
            )

    @api.model
    def _sc_due_dates(self, rule, encoded_on, channel, user_channel):
        """``(company due date, user due date)`` of a performance encoded on
        ``encoded_on`` through ``channel`` under the region rule ``rule``, for a user
        confirming through ``user_channel`` (also used by the bulk import)."""
        by_company = channel in ("backoffice", "import") and rule.user_auto_days_company_encoded
        company_due = rule._due_date(encoded_on, rule.company_auto_days)
        if by_company:
            user_due = encoded_on + datetime.timedelta(days=rule.user_auto_days_company_encoded)
        else:
            user_due = rule._due_date(encoded_on, rule._user_days(user_channel))
        return company_due, user_due

    @api.model
    def _sc_auto_validation_due(self, facts, company_due, user_due):
        """The next date on which the automatic validation applies, or ``False``."""
        if not states.auto_validation_pending(facts):
            return False
        pending = []
        if not facts.company_validated:
            pending.append(company_due)
        if not facts.user_confirmed:
            pending.append(user_due)
        return min(pending) if pending else False

    @api.depends("status")
    @api.depends_context("uid")
    def _compute_rights(self):
        for performance in self:
            allowed = (
                states.allowed_events(performance._facts())
                if 1 <= performance.hours <= codes.MAX_HOURS
                else frozenset()
            )
            performance.can_validate = (
                Event.COMPANY_VALIDATE in allowed and not performance.company_validated
            )
            performance.can_confirm = Event.USER_CONFIRM in allowed
            performance.can_contest = Event.USER_CONTEST in allowed
            performance.can_change = Event.COMPANY_CHANGE in allowed

    @api.depends("status")
    def _compute_status_groups(self):
        partial = states.status_values(states.PARTIAL)
        for performance in self:
            performance.allocatable = performance.status in ALLOCATABLE
            performance.to_validate = performance.status in states.TO_VALIDATE_VALUES
            performance.partially_paid = performance.status in partial

    def _search_status_group(self, operator, value, statuses):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        inside = (operator == "=") == value
        return [("status", "in" if inside else "not in", list(statuses))]

    def _search_allocatable(self, operator, value):
        return self._search_status_group(operator, value, ALLOCATABLE)

    def _search_to_validate(self, operator, value):
        return self._search_status_group(operator, value, states.TO_VALIDATE_VALUES)

    def _search_partially_paid(self, operator, value):
        return self._search_status_group(operator, value, states.status_values(states.PARTIAL))

    @api.depends("employee_id", "date", "hours", "user_number_id.deceased")
    def _compute_alert_reasons(self):
        """Flag what the issuer's fraud checks look at, in three queries for the batch."""
        records = self.filtered(lambda p: p.date and p.employee_id)
        (self - records).alert_reasons = False
        if not records:
            return
        employees = records.employee_id.sudo()
        first = min(records.mapped("date")).replace(day=1)
        last = dated.add_months(max(records.mapped("date")).replace(day=1), 1)
        hours = {
            (employee.id, month): total
            for employee, month, total in self.sudo()._read_group(
                [
                    ("employee_id", "in", employees.ids),
                    ("date", ">=", first),
                    ("date", "<", last),
                    ("deleted", "=", False),
                ],
                ["employee_id", "date:month"],
                ["hours:sum"],
            )
        }
        contracts = {}
        for version in (
            self.env["hr.version"]
            .sudo()
            .search([("employee_id", "in", employees.ids), ("contract_date_start", "!=", False)])
        ):
            contracts.setdefault(version.employee_id.id, []).append(
                (version.contract_date_start, version.contract_date_end)
            )
        for performance in records:
            company = performance.company_id
            reasons = []
            month = performance.date.replace(day=1)
            total = hours.get((performance.employee_id.id, month), 0)
            if company.sc_max_worker_hours_month and total > company.sc_max_worker_hours_month:
                reasons.append(self.env._("%(hours)s hours for the worker this month", hours=total))
            number = performance.user_number_id.sudo()
            if number.deceased or not number.active:
                reasons.append(self.env._("user deceased or inactive"))
            periods = contracts.get(performance.employee_id.id, [])
            if not any(
                start <= performance.date and (not end or performance.date <= end)
                for start, end in periods
            ):
                reasons.append(self.env._("no contract on this date"))
            performance.alert_reasons = ", ".join(reasons) or False

    @api.depends("user_number_id", "date", "hours")
    def _compute_display_name(self):
        for performance in self:
            performance.display_name = self.env._(
                "%(number)s, %(date)s, %(hours)s h",
                number=performance.user_number_id.name or "",
                date=performance.date or "",
                hours=performance.hours,
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("company_id", "user_number_id", "employee_id")
    def _check_companies(self):
        """The user number and the worker belong to the performance's company (batch)."""
        for performance in self:
            if (
                performance.user_number_id.company_id != performance.company_id
                or performance.employee_id.sudo().company_id != performance.company_id
            ):
                raise UserError(
                    self.env._(
                        "Performance %(performance)s: the user number and the worker must "
                        "belong to its company.",
                        performance=performance.display_name,
                    )
                )

    @api.constrains("date")
    def _check_date(self):
        today = self._today()
        for performance in self:
            if performance.date > today:
                raise UserError(
                    self.env._(
                        "Date: %(date)s is in the future; a performance is encoded once done.",
                        date=performance.date,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_user_numbers(vals_list)
        for vals in vals_list:
            self._check_encoding_values(vals)
        # pending deletions and moves reach the unique index before the new rows
        self.flush_model(["deleted", "user_number_id", "employee_id", "date", "activity"])
        performances = super().create(vals_list)
        # imported rows are traced by their file and row (import_id, import_row); the
        # issuer tells users about them, as it does for its own imports
        encoded = performances.filtered(lambda p: p.channel != "import")
        encoded._log_event_batch(self.env._("Encoded"), {p.id: p.channel for p in encoded})
        encoded._notify_encoded()
        return performances

    def write(self, vals):
        if self.env.context.get("sc_transition") or not set(CHANGE_FIELDS) & vals.keys():
            return super().write(vals)
        self.check_access("write")
        self._check_encoding_values(vals)
        self._check_user_numbers([vals])
        channel = self.env.context.get("sc_channel", "backoffice")
        self._apply_event(Event.COMPANY_CHANGE, channel, hours=vals.get("hours"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if self.filtered(lambda p: p.status not in BEFORE_VALIDATION + ("deleted",)):
            raise UserError(
                self.env._("Only performances not yet validated and confirmed can be deleted.")
            )

    def _check_encoding_values(self, vals):
        """Clear, translated messages naming the field, before the SQL constraints."""
        if "hours" in vals and not codes.is_valid_hours(vals["hours"]):
            raise UserError(
                self.env._(
                    "Hours: %(hours)s is not a whole number from 1 to 9.", hours=vals["hours"]
                )
            )
        activities = dict(self._fields["activity"]._description_selection(self.env))
        if "activity" in vals and str(vals["activity"]) not in activities:
            raise UserError(
                self.env._(
                    "Activity: %(activity)s is not one of %(choices)s.",
                    activity=vals["activity"],
                    choices=self._sc_activity_choices(),
                )
            )

    @api.model
    def _sc_activity_choices(self):
        """The activity types as users type them: "1 (Household help), 2 (...)"."""
        return ", ".join(
            f"{code} ({label})"
            for code, label in self._fields["activity"]._description_selection(self.env)
        )

    def _check_user_numbers(self, vals_list):
        """No performance on an inactive or deceased user's number (one query per batch)."""
        ids = {vals["user_number_id"] for vals in vals_list if vals.get("user_number_id")}
        numbers = self.env["sc.user.number"].sudo().with_context(active_test=False).browse(ids)
        for number in numbers:
            if not number.active or number.deceased:
                raise UserError(
                    self.env._(
                        "User number %(number)s is inactive or its user died: no performance "
                        "can be encoded on it.",
                        number=number.name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_validate(self):
        """The company validates (back office)."""
        check_group(self, STAFF)
        self._apply_event(Event.COMPANY_VALIDATE, "backoffice")
        return True

    def action_confirm_as_user(self, channel="portal"):
        """The user confirms their own performances (portal)."""
        check_household(self)
        self.sudo()._apply_event(
            Event.USER_CONFIRM, self._sc_channel(channel), author=self.env.user.partner_id
        )
        return True

    def action_contest(self, reason, channel="portal"):
        """The user contests their own performances, saying why (portal)."""
        check_household(self)
        try:
            reason = inputs.clean_text(
                reason,
                self.env._("Reason"),
                max_length=MAX_REASON,
                required=True,
                multiline=True,
            )
        except inputs.InputError as error:
            raise_user_error(self.env, error)
        performances_sudo = self.sudo()
        performances_sudo._apply_event(
            Event.USER_CONTEST,
            self._sc_channel(channel),
            note=reason,
            author=self.env.user.partner_id,
        )
        performances_sudo.with_context(sc_transition=True).write({"contest_reason": reason})
        return True

    @api.model
    def _sc_channel(self, channel):
        return channel if channel in ("portal", "backoffice") else "portal"

    def action_mark_outside_vouchers(self):
        """Bill the user directly: the performance is no longer paid with vouchers."""
        check_group(self, STAFF)
        self._apply_event(Event.MARK_OUTSIDE_VOUCHERS, "backoffice")
        return True

    def action_delete(self):
        """Delete, at any time: the record stays, marked deleted, for the audit trail;
        vouchers already given go back to the wallet they came from."""
        check_group(self, STAFF)
        self._check_event(Event.DELETE)
        returned = self._return_vouchers()
        self._apply_event(Event.DELETE, "backoffice")
        self._note_correction(returned, self.env._("Deleted"))
        return True

    def action_move_user_number(self, user_number):
        """Move the performances to another user number of the same company."""
        check_group(self, STAFF)
        if isinstance(user_number, int):
            user_number = self.env["sc.user.number"].browse(user_number)
        user_number.check_access("read")
        self._move_user_number(user_number)
        return True

    def _move_user_number(self, user_number):
        if user_number.company_id != self.company_id:
            raise UserError(self.env._("User number: choose one of the same company."))
        self._check_event(Event.MOVE_USER_NUMBER, user_number=user_number.name)
        former = {p.id: p.user_number_id.name for p in self}
        returned = self._return_vouchers()
        self._apply_event(
            Event.MOVE_USER_NUMBER,
            "backoffice",
            user_number=user_number.name,
            note=self.env._(
                "Moved to user number %(number)s (%(user)s).",
                number=user_number.name,
                user=user_number.partner_id.display_name,
            ),
        )
        self.with_context(sc_transition=True).write({"user_number_id": user_number.id})
        for performance in self:
            performance._note_correction(
                returned,
                self.env._("Moved from user number %(number)s", number=former[performance.id]),
            )

    def _check_event(self, event, **params):
        """Refuse, before anything is written, an event some of these performances do
        not allow (the same message as :meth:`_apply_event`)."""
        for performance in self:
            refusal = states.check(performance._facts(), event, **params)
            if refusal:
                raise UserError(performance._refusal_message(refusal))

    def _return_vouchers(self):
        """Give the vouchers of these performances back: electronic ones to the lot
        (wallet) they came from, paper ones are only recorded (the company hands
        them back). Returns ``{performance id: (electronic, paper)}``."""
        allocations = (
            self.env["sc.voucher.allocation"]
            .sudo()
            .search([("performance_id", "in", self.ids), ("returned", "=", False)])
        )
        if not allocations:
            return {}
        lots = allocations.lot_id
        if lots:
            self.env.cr.execute(
                SQL("SELECT id FROM sc_voucher_lot WHERE id IN %s FOR UPDATE", tuple(lots.ids))
            )
            lots.invalidate_recordset(["remaining"])
        back = {}
        returned = {}
        for given in allocations:
            electronic, paper = returned.get(given.performance_id.id, (0, 0))
            if given.paper:
                paper += given.count
            else:
                electronic += given.count
                back[given.lot_id] = back.get(given.lot_id, 0) + given.count
            returned[given.performance_id.id] = (electronic, paper)
        for lot, count in back.items():
            lot.remaining += count
        allocations.write({"returned": True})
        return returned

    def _note_correction(self, returned, what):
        """Record a correction after validation or payment (export and chatter)."""
        for performance in self:
            electronic, paper = returned.get(performance.id, (0, 0))
            if not (electronic or paper):
                continue
            text = self.env._(
                "%(what)s after payment: %(electronic)s electronic voucher(s) returned to the "
                "wallet they came from, %(paper)s paper voucher(s) to hand back.",
                what=what,
                electronic=electronic,
                paper=paper,
            )
            performance.with_context(sc_transition=True).write({"correction": text})
            performance._message_log(body=text)

    # ------------------------------------------------------------
    # STATE MACHINE
    # ------------------------------------------------------------

    def _facts(self):
        self.ensure_one()
        return states.Facts(
            hours=self.hours,
            user_number=self.user_number_id.name or "",
            **{name: self[name] for name in FACT_FIELDS},
        )

    def _refusal_message(self, refusal):
        status = dict(self._fields["status"]._description_selection(self.env)).get(
            refusal.status.value, refusal.status.value
        )
        messages = {
            "not_allowed": self.env._(
                "Performance %(performance)s is %(status)s: this action is not possible now.",
                performance=self.display_name,
                status=status,
            ),
            "auto_validation_cancelled": self.env._(
                "Performance %(performance)s was changed or contested: it must be validated "
                "and confirmed manually.",
                performance=self.display_name,
            ),
            "already_done": self.env._(
                "Performance %(performance)s is already validated.",
                performance=self.display_name,
            ),
            "invalid_count": self.env._(
                "Vouchers: %(count)s is more than the %(due)s still due on %(performance)s.",
                count=refusal.value,
                due=self.vouchers_outstanding,
                performance=self.display_name,
            ),
            "invalid_hours": self.env._(
                "Hours: %(hours)s is not a whole number from 1 to 9.", hours=refusal.value
            ),
            "invalid_user_number": self.env._(
                "User number: %(number)s does not have 12 digits.", number=refusal.value
            ),
            "same_user_number": self.env._(
                "User number: the performance is already on %(number)s.", number=refusal.value
            ),
            "vouchers_claimed": self.env._(
                "Performance %(performance)s: %(count)s of its vouchers were claimed from the "
                "issuer (reimbursement request); correct it with the issuer first.",
                performance=self.display_name,
                count=refusal.value,
            ),
            "nothing_to_reimburse": self.env._(
                "Performance %(performance)s: its vouchers were already claimed.",
                performance=self.display_name,
            ),
        }
        return messages.get(refusal.code, messages["not_allowed"])

    def _event_label(self, event, params):
        labels = {
            Event.COMPANY_VALIDATE: self.env._("Validated by the company"),
            Event.USER_CONFIRM: self.env._("Confirmed by the user"),
            Event.USER_CONTEST: self.env._("Contested by the user"),
            Event.COMPANY_CHANGE: self.env._("Changed by the company"),
            Event.AUTO_VALIDATE: self.env._("Validated automatically"),
            Event.ALLOCATE: self.env._("Vouchers allocated"),
            Event.REQUEST_REIMBURSEMENT: self.env._("Reimbursement requested"),
            Event.MARK_OUTSIDE_VOUCHERS: self.env._("To be paid outside service vouchers"),
            Event.DELETE: self.env._("Deleted"),
            Event.MOVE_USER_NUMBER: self.env._("Moved to another user number"),
        }
        return labels[event]

    def _apply_event(self, event, channel, note=None, author=None, per_record=None, **params):
        """Apply a state-machine event to every performance, or refuse them all.

        ``per_record``: ``{performance id: params}`` when parameters differ per
        record (allocation counts). Writes are grouped by identical values; each
        transition is logged in the chatter with the author and channel.
        """
        event = Event(event)
        if not self:
            return
        writes = {}
        for performance in self:
            record_params = (per_record or {}).get(performance.id, params)
            try:
                facts = states.apply(performance._facts(), event, **record_params)
            except states.TransitionRefused as error:
                raise UserError(performance._refusal_message(error.refusal)) from error
            values = {name: getattr(facts, name) for name in FACT_FIELDS}
            values["hours"] = facts.hours
            changed = tuple(sorted((k, v) for k, v in values.items() if performance[k] != v))
            writes.setdefault(changed, []).append(performance.id)
        for changed, ids in writes.items():
            if changed:
                self.browse(ids).with_context(sc_transition=True).write(dict(changed))
        label = self._event_label(event, params)
        if note:
            label = Markup("%s: %s") % (label, note)
        self._log_event_batch(label, dict.fromkeys(self.ids, channel), author=author)
        if event in (Event.COMPANY_VALIDATE, Event.USER_CONFIRM, Event.AUTO_VALIDATE):
            # validated and confirmed: the vouchers due are taken from the wallet at once
            self.filtered(lambda p: p.status == "ready").user_number_id._allocate_vouchers()

    def _log_event_batch(self, label, channels, author=None):
        """One chatter note per performance: what, through which channel (who and when
        are the message's author and date)."""
        channel_names = dict(self._fields["channel"]._description_selection(self.env))
        channel_names["cron"] = self.env._("Scheduled job")
        bodies = {}
        for performance in self:
            channel = channels.get(performance.id, "backoffice")
            bodies[performance.id] = Markup("%s <i>(%s)</i>") % (
                escape(label),
                channel_names.get(channel, channel),
            )
        author = author or self.env.user.partner_id
        self._message_log_batch(bodies, author_id=author.id)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _notify_encoded(self):
        """Tell each user at once what was encoded on their numbers (one message per number)."""
        for number, performances in self.sudo().grouped("user_number_id").items():
            if not number.partner_id.email:
                continue
            items = Markup("").join(
                Markup("<li>%s</li>")
                % self._encoding_summary(
                    {
                        "user_number_id": number.id,
                        "activity": p.activity,
                        "hours": p.hours,
                        "date": p.date,
                    }
                )
                for p in performances
            )
            number.message_post(
                body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>")
                % (
                    self.env._("New performances were encoded on your user number:"),
                    items,
                    self.env._(
                        "Confirm or contest them on your portal page; without an answer they "
                        "are confirmed automatically after the legal delay."
                    ),
                ),
                subject=self.env._("Service-voucher performances to confirm"),
                partner_ids=number.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    @api.model
    def _today(self):
        """Today in Belgium."""
        return datetime.datetime.now(TZ).date()

    def _encoded_day(self):
        self.ensure_one()
        return pytz.utc.localize(self.encoded_on).astimezone(TZ).date()

    def _sc_due_query(self, today, limit):
        """The automatic validation's next chunk: due rows (partial index), locked
        for the cron's transaction, ``SKIP LOCKED``: a row a household or the
        company is confirming or contesting right now is left to them (their
        transaction commits in milliseconds; the cron takes the row at its next
        chunk or run) instead of the two transactions colliding on it."""
        query = self._search(
            [("auto_validation_due", "<=", today)], order="auto_validation_due, id", limit=limit
        )
        return SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(self._table))

    @api.model
    def _cron_auto_validate(self, batch_size=100):
        """Validate automatically every performance whose delay is over.

        Looks only at rows with a due date reached (partial index); the due date
        is recomputed by each transition, so a second run finds nothing to do.
        Chunks of ``batch_size`` rows, each committed: at month end the cron runs
        while users confirm, and a short chunk holds its rows' locks for about two
        seconds, not for the minutes of one transaction.
        """
        today = self._today()
        domain = [("auto_validation_due", "<=", today)]
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=self.search_count(domain))
        while True:
            self.flush_model()
            self.env.cr.execute(self._sc_due_query(today, batch_size))
            performances = self.browse(row[0] for row in self.env.cr.fetchall())
            if not performances:
                # rows still due are held by users' transactions: the next run has them
                cron._commit_progress(remaining=self.search_count(domain))
                return
            by_party = {Party.BOTH: [], Party.COMPANY: [], Party.USER: []}
            for performance in performances:
                company = (
                    not performance.company_validated and performance.company_due_date <= today
                )
                user = not performance.user_confirmed and performance.user_due_date <= today
                party = Party.BOTH if company and user else Party.COMPANY if company else Party.USER
                by_party[party].append(performance.id)
            root = self.env.ref("base.partner_root")
            for party, ids in by_party.items():
                self.browse(ids)._apply_event(Event.AUTO_VALIDATE, "cron", author=root, party=party)
            if not cron._commit_progress(len(performances)):
                return

    @api.model
    def _cron_outside_vouchers(self, batch_size=1000):
        """Mark performances unpaid for longer than the region allows (Flanders: 12 months)."""
        today = self._today()
        Rule = self.env["sc.region.rule"]
        regions = Rule.search([("outside_vouchers_months", ">", 0)]).region_id
        rules = Rule._dated_find_many(
            [({"region_id": region}, today) for region in regions], raise_if_missing=False
        )
        cron = self.env["ir.cron"]
        for region in regions:
            rule = rules[(region.id,), today]
            if not rule.outside_vouchers_months:
                continue
            limit = dated.add_months(today, -rule.outside_vouchers_months)
            domain = [
                ("region_id", "=", region.id),
                ("status", "in", ALLOCATABLE),
                ("date", "<", limit),
            ]
            months = rule.outside_vouchers_months
            while True:
                performances = self.search(domain, limit=batch_size, order="date, id")
                performances = performances.filtered(
                    lambda p, months=months: calendar.unpaid_too_long(p.date, today, months)
                )
                if not performances:
                    break
                # vouchers in the wallet pay first: only what they cannot pay is billed
                performances.user_number_id._allocate_vouchers()
                performances = performances.filtered(lambda p: p.status in ALLOCATABLE)
                performances._apply_event(
                    Event.MARK_OUTSIDE_VOUCHERS, "cron", author=self.env.ref("base.partner_root")
                )
                if not cron._commit_progress(len(performances)):
                    return

    # ------------------------------------------------------------
    # EXPORT
    # ------------------------------------------------------------

    def _export_rows(self):
        """The performances as :class:`..tools.csvio.ExportRow` (the documented layout)."""
        employees = self.employee_id.sudo()
        codes_by_employee = {e.id: (e.sc_worker_code or "", e.name) for e in employees}
        return [
            csvio.ExportRow(
                user_number=p.user_number_id.name,
                worker_code=codes_by_employee[p.employee_id.id][0],
                worker_name=codes_by_employee[p.employee_id.id][1],
                date=p.date,
                activity=int(p.activity),
                hours=p.hours,
                status_code=p.status_code or None,
                status=p.status,
                encoded_on=p._encoded_day(),
                vouchers_allocated=p.vouchers_allocated,
                paper_vouchers=p.paper_vouchers,
                vouchers_reimbursement_requested=p.vouchers_reimbursement_requested,
                reimbursement_reference=p.reimbursement_id.name or "",
                correction=p.correction or "",
            )
            for p in self
        ]

    def action_export(self, file_format="csv"):
        """Download the selected performances in the issuer's column layout."""
        check_group(self, STAFF, "read")
        rows = self.sorted(lambda p: (p.date, p.id), reverse=True)._export_rows()
        if file_format == "xlsx":
            data = xlsxio.export_xlsx(
                rows, neutralise=inputs.neutralise_cell, sheet_name=self.env._("Performances")
            )
            name = "performances.xlsx"
        else:
            data, name = (
                csvio.export_bytes(rows, neutralise=inputs.neutralise_cell),
                "performances.csv",
            )
        attachment = self.env["ir.attachment"].create(
            {"name": name, "raw": data, "res_model": self._name, "res_id": False}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_export_xlsx(self):
        check_group(self, STAFF, "read")
        return self.action_export("xlsx")

    def _record_paper_payment(self, count, date):
        """Paper vouchers pay part of the performance: recorded with their date and count."""
        self.ensure_one()
        try:
            allocation.record_paper_payment(
                allocation.Performance(self.id, self.date, self.hours, self.vouchers_allocated),
                count,
                date,
            )
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Paper vouchers: give a number from 1 to %(due)s for %(performance)s.",
                    due=self.vouchers_outstanding,
                    performance=self.display_name,
                )
            ) from error
        self._apply_event(
            Event.ALLOCATE,
            "backoffice",
            note=self.env._("%(count)s paper voucher(s) of %(date)s", count=count, date=date),
            count=count,
            paper=True,
        )
        return self.env["sc.voucher.allocation"].create(
            {"performance_id": self.id, "count": count, "date": date, "paper": True}
        )

    # ------------------------------------------------------------
    # ENCODING (Job Tracker page and voice-server API)
    # ------------------------------------------------------------

    @api.model
    def _check_encoding(self, employee, user_number, activity, hours, client_key=None):
        """Validate one encoding step by step, as the voice server does.

        Returns ``(values, errors)``: ``values`` for :meth:`create` (channel aside)
        and ``errors`` ``{field: translated message}`` (``duplicate`` when the same
        encoding exists); the same messages serve the Job Tracker page and the JSON
        endpoint. ``employee`` is trusted (the caller identified the worker); a
        worker encodes only for the user numbers of their clients.
        """
        errors = {}
        number = self.env["sc.user.number"]
        normalized = (
            codes.normalize_user_number(user_number) if isinstance(user_number, str) else None
        )
        if not normalized:
            errors["user_number"] = self.env._(
                "User number: type the 12 digits of your client's user number."
            )
        else:
            number = number.sudo()._find(normalized, employee.company_id)
            if not number:
                errors["user_number"] = self.env._(
                    "User number %(number)s is not known to your company.", number=normalized
                )
            elif not number.active or number.deceased:
                errors["user_number"] = self.env._(
                    "User number %(number)s is inactive: ask the office.", number=normalized
                )
            elif employee.id and number not in employee.sudo().sc_client_ids:
                errors["user_number"] = self.env._(
                    "User number %(number)s is not one of your clients: ask the office.",
                    number=normalized,
                )
        activity_code = self._sc_small_int(activity)
        if not codes.is_activity_code(activity_code):
            errors["activity"] = self.env._(
                "Activity: type one of %(choices)s.", choices=self._sc_activity_choices()
            )
        hours_count = self._sc_small_int(hours)
        if not codes.is_valid_hours(hours_count):
            errors["hours"] = self.env._("Hours: type a whole number from 1 to 9.")
        today = self._today()
        values = {
            "user_number_id": number.id,
            "employee_id": employee.id,
            "company_id": employee.company_id.id,
            "date": today,
            "activity": str(activity_code),
            "hours": hours_count,
        }
        if client_key:
            values["client_key"] = str(client_key)[:64]
        if not errors and employee.id:
            duplicate = self.sudo().search_count(self._duplicate_domain(values), limit=1)
            if duplicate:
                errors["duplicate"] = self._duplicate_message(values)
        return values, errors

    @api.model
    def _sc_small_int(self, value):
        """A whole number typed in a form or sent by the API, or ``None`` (never 2 for
        2.9, ``True`` or ``"nan"``)."""
        try:
            return inputs.parse_int(value, "", minimum=0, maximum=99)
        except inputs.InputError:
            return None

    @api.model
    def _duplicate_domain(self, values):
        """The live performances with the same worker, user number, day and activity."""
        return [
            ("user_number_id", "=", values["user_number_id"]),
            ("employee_id", "=", values["employee_id"]),
            ("date", "=", values["date"]),
            ("activity", "=", str(values["activity"])),
            ("deleted", "=", False),
        ]

    @api.model
    def _sc_encode(self, values, channel):
        """Save an encoding checked by :meth:`_check_encoding` through ``channel``.

        The Job Tracker page and the voice-server API both save through here.
        Returns ``(performance, errors)``: ``errors`` is empty, or ``duplicate``
        (the same encoding saved at the same moment elsewhere: another tab, the
        phone) or ``performance`` (a check of the model refused it), never a 500.
        """
        try:
            with self.env.cr.savepoint():
                return self.create({**values, "channel": channel}), {}
        except psycopg2.errors.UniqueViolation:
            return self.browse(), {"duplicate": self._duplicate_message(values)}
        except UserError as error:
            return self.browse(), {"performance": str(error)}

    def _sc_correct(self, values, channel):
        """A correction of hours or activity by the worker who encoded it (before
        validation); a clash with another encoding is a clear :class:`UserError`."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.with_context(sc_channel=channel).write(values)
        except psycopg2.errors.UniqueViolation as error:
            raise UserError(
                self.env._("Already encoded: this activity is registered for that day.")
            ) from error

    @api.model
    def _duplicate_message(self, values):
        number = self.env["sc.user.number"].sudo().browse(values["user_number_id"])
        return self.env._(
            "Already encoded: this activity for user number %(number)s on %(date)s is "
            "registered; ask the office to correct it.",
            number=number.name,
            date=values["date"].strftime("%d/%m/%Y"),
        )

    @api.model
    def _encoding_summary(self, values):
        """The read-back summary of an encoding (the voice server's last step)."""
        number = self.env["sc.user.number"].sudo().browse(values["user_number_id"])
        activity = dict(self._fields["activity"]._description_selection(self.env))[
            values["activity"]
        ]
        return self.env._(
            "%(date)s: %(hours)s hour(s) of %(activity)s for user number %(number)s (%(user)s).",
            date=values["date"].strftime("%d/%m/%Y"),
            hours=values["hours"],
            activity=activity,
            number=number.name,
            user=number.partner_id.name,
        )

    @api.model
    def _demo_create_performances(self):
        """Demo data: the performances in every status and a reimbursement request (once)."""
        return demo_performances.create_demo_performances(self.env)
