# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import common, rules

PRODUCT_TYPES = [
    (rules.MEAL, "Meal vouchers"),
    (rules.ECO, "Eco vouchers"),
    (rules.GIFT, "Gift vouchers"),
    (rules.SPORT_CULTURE, "Sport/culture vouchers"),
]


class VoVoucherRule(models.Model):
    """The legal figures of one voucher type over a period (both dates inclusive).

    Managers add a new record when the law changes (e.g. the meal voucher maximum
    of €10 from 2026); orders use the rule valid at their load date.
    """

    _name = "vo.voucher.rule"
    _description = "Voucher Rule"
    _order = "product_type, date_from desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    product_type = fields.Selection(PRODUCT_TYPES, required=True, index=True)
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid Until")
    validity_months = fields.Integer(required=True, default=12)
    max_face_value = fields.Float(string="Max Face Value per Day", digits=(16, 2))
    max_employer_share = fields.Float(digits=(16, 2))
    min_employee_share = fields.Float(digits=(16, 2))
    max_per_year = fields.Float(string="Max per Year", digits=(16, 2))
    amount_per_employee = fields.Float(digits=(16, 2))
    amount_per_child = fields.Float(digits=(16, 2))
    source = fields.Char(required=True, help="The legal text or page the figures come from.")

    _validity_positive = models.Constraint(
        "CHECK(validity_months > 0)", "Vouchers are valid for at least one month."
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("product_type", "date_from", "date_to")
    def _check_dates(self):
        for product_type in set(self.mapped("product_type")):
            same = self.search([("product_type", "=", product_type)])
            if common.check_dated_ranges(same._to_tools()):
                raise ValidationError(
                    self.env._(
                        "The periods of the %(type)s rules overlap or run backwards.",
                        type=dict(self._fields["product_type"]._description_selection(self.env))[
                            product_type
                        ],
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_tools(self):
        def dec(value):
            return common.money(value) if value else None

        return [
            rules.VoucherRule(
                product_type=rule.product_type,
                date_from=rule.date_from or None,
                date_to=rule.date_to or None,
                validity_months=rule.validity_months,
                max_face_value=dec(rule.max_face_value),
                max_employer_share=dec(rule.max_employer_share),
                min_employee_share=dec(rule.min_employee_share),
                max_per_year=dec(rule.max_per_year),
                amount_per_employee=dec(rule.amount_per_employee),
                amount_per_child=dec(rule.amount_per_child),
            )
            for rule in self
        ]

    @api.model
    def _rule_at(self, product_type, at_date):
        """The rule (tools dataclass) of ``product_type`` valid at ``at_date``."""
        records = self.sudo().search([("product_type", "=", product_type)])
        try:
            return rules.rule_at(records._to_tools(), product_type, at_date)
        except common.NoValidRuleError:
            raise UserError(
                self.env._(
                    "No %(type)s rule is valid on %(date)s: ask the issuer to configure it.",
                    type=dict(self._fields["product_type"]._description_selection(self.env))[
                        product_type
                    ],
                    date=at_date,
                )
            )
