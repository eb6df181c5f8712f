# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.addons.benefits_base.inputs import input_error_message
from odoo.addons.benefits_base.tools import inputs
from odoo.exceptions import UserError, ValidationError

from ..tools import amounts, choices, lines, recurrence
from ..tools.lines import dated

# Bounds of one line's figures (the portal form uses the same).
MAX_UNIT_AMOUNT = 100_000
MAX_KM = 100_000


class DitoExpenseNoteLine(models.Model):
    """A line of an expense note: an activity, a trip or a real cost.

    A line happens on one date, or ``count`` times in a period (identical
    activities or trips). Its amount comes from tools.amounts: activities and
    real costs at their amount per time, car and bike trips at the legal per-km
    rate of each occurrence's date, public transport at the ticket cost.
    """

    _name = "dito.expense.note.line"
    _description = "Volunteer Expense Note Line"
    _order = "note_id, sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    note_id = fields.Many2one("dito.expense.note", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="note_id.company_id", store=True)
    currency_id = fields.Many2one(related="note_id.currency_id")
    kind = fields.Selection(choices.selection(lines.LineKind), required=True, default="activity")
    name = fields.Char(string="Description")
    date_from = fields.Date(string="Date", required=True)
    date_to = fields.Date(
        string="Until", help="For identical activities or trips in a period: its last day."
    )
    count = fields.Integer(string="Times", default=1, required=True)
    unit_amount = fields.Monetary(
        string="Amount per Time",
        help="Activity amount, public transport ticket or real cost, per time.",
    )
    origin = fields.Char(string="From")
    destination = fields.Char(string="To")
    km = fields.Float(string="Kilometres", digits=(12, 1))
    mode = fields.Selection(choices.selection(lines.TransportMode))
    receipt = fields.Binary(attachment=True, copy=False)
    receipt_filename = fields.Char()
    amount = fields.Monetary(compute="_compute_amount", store=True)
    rate_missing = fields.Boolean(compute="_compute_amount", store=True)

    _check_count = models.Constraint("CHECK(count >= 1)", "A line happens at least once.")
    _check_km = models.Constraint("CHECK(km >= 0)", "Kilometres cannot be negative.")

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("kind", "date_from", "date_to", "count", "unit_amount", "km", "mode")
    def _compute_amount(self):
        km_rates = self.env["dito.km.rate"]._all_rates() if "trip" in self.mapped("kind") else []
        for line in self:
            line.rate_missing = False
            try:
                tool_line = line._to_tool_line()
                line.amount = float(amounts.line_amount(tool_line, km_rates))
            except dated.NoFigureInForce:
                line.amount = 0.0
                line.rate_missing = True
            except (recurrence.RecurrenceError, ValueError, TypeError, ArithmeticError):
                # odd stored data (an import) never breaks a list: the constraints refuse it
                line.amount = 0.0

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_from", "date_to", "count")
    def _check_recurrence(self):
        for line in self:
            problem = recurrence.check_recurrence(line.date_from, line.date_to or None, line.count)
            if not problem:
                continue
            if problem.code is recurrence.RecurrenceCode.DATES_REVERSED:
                message = self.env._(
                    "Line %(line)s: the end of the period (%(to)s) is before its start (%(from)s).",
                    line=line._label(),
                    to=problem.date_to,
                    **{"from": problem.date_from},
                )
            else:
                message = self.env._(
                    "Line %(line)s: %(count)s times does not fit in a period of %(days)s "
                    "day(s); enter at most once a day.",
                    line=line._label(),
                    count=problem.count,
                    days=problem.days,
                )
            raise ValidationError(message)

    @api.constrains("date_from", "date_to")
    def _check_date_window(self):
        """Dates that exist in a sane window (the shared input layer), whatever the channel.

        A form, an import or an RPC write must not store 0001-01-01 or 9999-12-31:
        periods, caps and rates are computed from these dates.
        """
        today = fields.Date.context_today(self)
        minimum, maximum = inputs.date_window(today)
        for line in self:
            for fname in ("date_from", "date_to"):
                value = line[fname]
                if not value:
                    continue
                try:
                    inputs.parse_date(
                        value,
                        line._fields[fname]._description_string(self.env),
                        minimum=minimum,
                        maximum=maximum,
                    )
                except inputs.InputError as error:
                    raise ValidationError(
                        self.env._(
                            "Line %(line)s: %(error)s",
                            line=line._label(),
                            error=input_error_message(self.env, error),
                        )
                    ) from None

    def _check_bounded_numbers(self, vals):
        """Finite, bounded amounts and km (the shared input layer), whatever the channel.

        Checked on the values written, before the ORM rounds them (an RPC write or an
        import of 1e308 would otherwise fail inside the currency rounding).
        """
        for fname, maximum, digits in (("unit_amount", MAX_UNIT_AMOUNT, 2), ("km", MAX_KM, 1)):
            if fname not in vals:
                continue
            try:
                inputs.parse_decimal(
                    vals[fname] or 0.0,
                    self._fields[fname]._description_string(self.env),
                    minimum=0,
                    maximum=maximum,
                    digits=digits + 6,  # floats carry binary noise; the field rounds
                    strict=True,
                )
            except inputs.InputError as error:
                raise ValidationError(input_error_message(self.env, error)) from None

    @api.constrains("unit_amount")
    def _check_unit_amount(self):
        for line in self:
            if line.unit_amount < 0:
                raise ValidationError(
                    self.env._("Line %(line)s: the amount cannot be negative.", line=line._label())
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_bounded_numbers(vals)
        records = super().create(vals_list)
        records.note_id._check_editable()
        records.note_id._void_signature()
        return records

    def write(self, vals):
        self._check_bounded_numbers(vals)
        self.note_id._check_editable()
        result = super().write(vals)
        self.note_id._void_signature()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.note_id._check_editable()
        self.note_id._void_signature()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _label(self):
        self.ensure_one()
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        position = (
            (self.note_id.line_ids.ids.index(self.id) + 1)
            if self.id in self.note_id.line_ids.ids
            else ""
        )
        return f"{position} ({kind}{', ' + self.name if self.name else ''})".strip()

    def _to_tool_line(self):
        self.ensure_one()
        return lines.Line(
            kind=lines.LineKind(self.kind),
            recurrence=recurrence.Recurrence(self.date_from, self.date_to or None, self.count or 1),
            unit_amount=str(self.unit_amount or 0),
            km=str(self.km or 0),
            mode=lines.TransportMode(self.mode) if self.mode else None,
            origin=self.origin or "",
            destination=self.destination or "",
            line_id=self.id,
        )

    def _to_tool_lines(self):
        return tuple(line._to_tool_line() for line in self)

    def _check_complete(self):
        """What must hold before submitting: tools.lines rules, receipts and rates."""
        for line in self:
            regime = lines.Regime(line.note_id.regime)
            for problem in lines.check_line(line._to_tool_line(), regime):
                raise UserError(line._problem_message(problem.code))
            if line.kind == "real_cost" and not line.receipt:
                raise UserError(
                    self.env._(
                        "Line %(line)s: upload the receipt of this real cost.", line=line._label()
                    )
                )
            if line.kind != "trip" and not line.unit_amount:
                raise UserError(self.env._("Line %(line)s: enter the amount.", line=line._label()))
            if line.rate_missing:
                raise UserError(line._rate_missing_message())

    def _check_rate_known(self):
        """UserError when a trip's per-km rate is not configured (never a silent 0.00)."""
        for line in self:
            if line.rate_missing:
                raise UserError(line._rate_missing_message())

    def _rate_missing_message(self):
        self.ensure_one()
        return self.env._(
            "Line %(line)s: no per-km rate is configured for %(mode)s on %(date)s; "
            "ask the volunteer service to add it.",
            line=self._label(),
            mode=dict(self._fields["mode"]._description_selection(self.env)).get(self.mode, ""),
            date=self.date_from,
        )

    def _problem_message(self, code):
        label = self._label()
        messages = {
            lines.LineCode.REAL_COST_UNDER_FLAT_RATE: self.env._(
                "Line %(line)s: real costs can only be claimed under the real-cost regime.",
                line=label,
            ),
            lines.LineCode.TRIP_WITHOUT_MODE: self.env._(
                "Line %(line)s: choose how you travelled.", line=label
            ),
            lines.LineCode.TRIP_WITHOUT_KM: self.env._(
                "Line %(line)s: enter the kilometres of the trip.", line=label
            ),
            lines.LineCode.TICKET_COST_MISSING: self.env._(
                "Line %(line)s: enter the cost of the public transport ticket.", line=label
            ),
            lines.LineCode.NEGATIVE_AMOUNT: self.env._(
                "Line %(line)s: the amount cannot be negative.", line=label
            ),
            lines.LineCode.NEGATIVE_KM: self.env._(
                "Line %(line)s: kilometres cannot be negative.", line=label
            ),
        }
        return messages[code]
