# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .. import problems as vo_problems
from ..tools import cards as card_tools
from ..tools import common, identifiers, rules
from ..tools.common import WARNING, Problem

CARD_REASONS = [
    (card_tools.FIRST_ORDER, "First order"),
    (card_tools.NEW_BENEFICIARY, "New beneficiary"),
    (card_tools.CARD_EXPIRED, "Card expired"),
    (card_tools.REPORTED[card_tools.LOST], "Card lost"),
    (card_tools.REPORTED[card_tools.STOLEN], "Card stolen"),
    (card_tools.REPORTED[card_tools.DAMAGED], "Card damaged"),
    (card_tools.REPORTED[card_tools.BLOCKED], "Card blocked"),
]


class VoOrderLine(models.Model):
    """One beneficiary of an order: what is asked, what is loaded, what it needs.

    The amount and the problems (errors block, warnings must be acknowledged) come
    from the dated voucher rule at the order's load date (``tools.rules``).
    """

    _name = "vo.order.line"
    _description = "Voucher Order Line"
    _order = "order_id, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    order_id = fields.Many2one("vo.order", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    beneficiary_id = fields.Many2one(
        "vo.beneficiary",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]",
    )
    national_number_masked = fields.Char(related="beneficiary_id.national_number_masked")
    face_value = fields.Float(string="Face Value per Day", digits=(16, 2))
    employee_share = fields.Float(
        string="Employee Share per Day",
        digits=(16, 2),
        compute="_compute_employee_share",
        store=True,
        readonly=False,
        precompute=True,
        help="The employee's own contribution to each meal voucher, from the contract; "
        "the employer pays the rest of the face value.",
    )
    employer_share = fields.Float(
        string="Employer Share per Day", digits=(16, 2), compute="_compute_employer_share"
    )
    days = fields.Integer(string="Days Worked")
    amount_requested = fields.Float(string="Requested Amount", digits=(16, 2))
    children = fields.Integer(string="Dependent Children")
    amount = fields.Monetary(compute="_compute_check", store=True)
    vouchers = fields.Integer(compute="_compute_check", store=True)
    has_error = fields.Boolean(compute="_compute_check", store=True)
    has_warning = fields.Boolean(compute="_compute_check", store=True)
    # the problems as data (codes and figures), worded in the reader's language
    problem_data = fields.Json(compute="_compute_check", store=True)
    problem_text = fields.Text(string="Problems", compute="_compute_problem_text")
    needs_card = fields.Boolean(readonly=True, copy=False)
    card_reason = fields.Selection(CARD_REASONS, readonly=True, copy=False)

    _order_beneficiary_uniq = models.Constraint(
        "UNIQUE(order_id, beneficiary_id)", "A beneficiary appears once per order."
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("order_id.contract_id")
    def _compute_employee_share(self):
        for line in self:
            line.employee_share = line.order_id.contract_id.meal_employee_share

    @api.depends("face_value", "employee_share")
    def _compute_employer_share(self):
        for line in self:
            line.employer_share = max(line.face_value - line.employee_share, 0.0)

    @api.depends(
        "face_value",
        "employee_share",
        "days",
        "amount_requested",
        "children",
        "needs_card",
        "card_reason",
        "beneficiary_id.active",
        "beneficiary_id.number_kind",
        "order_id.load_date",
        "order_id.contract_id",
    )
    def _compute_check(self):
        by_order = self.grouped("order_id")
        dated_orders = [order for order in by_order if order.product_type and order.load_date]
        # every order's rule in one query; an order without one shows no check
        found = (
            self.env["vo.voucher.rule"]
            .sudo()
            ._dated_find_many(
                [((order.product_type,), order.load_date) for order in dated_orders],
                raise_if_missing=False,
            )
        )
        for order, lines in by_order.items():
            record = found.get(((order.product_type,), order.load_date))
            rule = record._to_tools() if record else None
            already = lines._already_ordered(order) if rule else {}
            for line in lines:
                line._apply_check(rule, already.get(line.beneficiary_id.id, 0))

    @api.depends("problem_data")
    @api.depends_context("lang")
    def _compute_problem_text(self):
        messages = vo_problems.problem_messages(self.env)
        kinds = dict(
            self.env["vo.beneficiary"]._fields["number_kind"]._description_selection(self.env)
        )
        for line in self:
            texts = []
            for data in line.problem_data or []:
                params = dict(data.get("params") or {})
                if data["code"] == vo_problems.NUMBER_NOT_NISS:
                    params["kind"] = kinds.get(params.get("kind"), params.get("kind") or "")
                problem = Problem(
                    data["code"],
                    column=data.get("column"),
                    value=data.get("value"),
                    severity=data.get("severity", WARNING),
                    params=params,
                )
                texts.append(vo_problems.problem_message(self.env, problem, messages))
            line.problem_text = "\n".join(texts) or False

    def _recompute_checks(self):
        """Recompute the checks in one batch (the rule or the year's orders may have changed)."""
        names = ["amount", "vouchers", "has_error", "has_warning", "problem_data"]
        for name in names:
            self.env.add_to_compute(self._fields[name], self)
        self._recompute_recordset(names)

    def _apply_check(self, rule, already_ordered):
        if rule is None:
            found = [Problem(vo_problems.NO_RULE)]
            amount, vouchers = 0.0, 0
        else:
            check = rules.check_amount(
                rule,
                rules.AmountRequest(
                    product_type=rule.product_type,
                    amount=common.money(self.amount_requested) if self.amount_requested else None,
                    face_value=common.money(self.face_value) if self.face_value else None,
                    employee_share=common.money(self.employee_share),
                    days=self.days or None,
                    children=self.children or 0,
                    already_ordered=common.money(already_ordered),
                ),
            )
            found = list(check.problems)
            amount, vouchers = float(check.amount), check.vouchers
        beneficiary = self.beneficiary_id
        if beneficiary and not beneficiary.active:
            found.append(Problem(vo_problems.BENEFICIARY_INACTIVE, severity=WARNING))
        if beneficiary.number_kind in (identifiers.BIS, identifiers.TEMPORARY):
            found.append(
                Problem(
                    vo_problems.NUMBER_NOT_NISS,
                    severity=WARNING,
                    params={"kind": beneficiary.number_kind},
                )
            )
        if self.needs_card:
            found.append(
                Problem(
                    vo_problems.CARD_NEEDED, severity=WARNING, params={"reason": self.card_reason}
                )
            )
        self.amount = amount
        self.vouchers = vouchers
        self.has_error = common.has_errors(found)
        self.has_warning = any(p.severity == WARNING for p in found)
        self.problem_data = [
            {
                "code": problem.code,
                "column": problem.column,
                "value": problem.value,
                "severity": problem.severity,
                "params": {name: str(value) for name, value in (problem.params or {}).items()},
            }
            for problem in found
        ] or False

    def _already_ordered(self, order):
        """``{beneficiary id: amount}`` ordered this calendar year (eco, sport/culture, gift)."""
        return self._already_ordered_for(
            self.beneficiary_id, order.partner_id, order.product_type, order.load_date, order
        )

    @api.model
    def _already_ordered_for(self, beneficiaries, partner, product_type, load_date, order=None):
        if product_type not in rules.YEARLY_TOTAL_TYPES or not load_date:
            return {}
        start, end = rules.year_bounds(load_date)
        groups = self.env["vo.order.line"]._read_group(
            [
                ("beneficiary_id", "in", beneficiaries.ids),
                ("order_id.product_type", "=", product_type),
                ("order_id.confirmed_on", "!=", False),
                ("order_id.is_cancelled", "=", False),
                ("order_id.load_date", ">=", start),
                ("order_id.load_date", "<=", end),
                ("order_id", "!=", order.id if order and order.id else 0),
            ],
            ["beneficiary_id"],
            ["amount:sum"],
        )
        return {beneficiary.id: amount for beneficiary, amount in groups}
