# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ..tools import common, rules

_lt = LazyTranslate(__name__)

# keys: the tools' product types (a test keeps them equal)
PRODUCT_TYPES = [
    (rules.MEAL, "Meal vouchers"),
    (rules.ECO, "Eco vouchers"),
    (rules.GIFT, "Gift vouchers"),
    (rules.SPORT_CULTURE, "Sport/culture vouchers"),
]


class VoVoucherRule(models.Model):
    """The legal figures of one voucher type, in force from a date.

    A dated figure (``benefits.dated.mixin``): it applies from ``date_from`` and,
    without an explicit end, ends the day before the next rule of its product
    type starts. Managers add a new record when the law changes (e.g. the meal
    voucher maximum of €10 from 2026); orders use the rule in force at their
    load date.
    """

    _name = "vo.voucher.rule"
    _inherit = ["benefits.dated.mixin"]
    _description = "Voucher Rule"
    _order = "product_type, date_from desc, id desc"

    _dated_group_fields = ("product_type",)
    _dated_figure_label = _lt("voucher rule")
    _dated_manager_hint = _lt(
        "A voucher manager can add it in Voucher Orders > Configuration > Voucher Rules."
    )

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    product_type = fields.Selection(PRODUCT_TYPES, required=True, index=True)
    validity_months = fields.Integer(required=True, default=12)
    max_face_value = fields.Float(string="Max Face Value per Day", digits=(16, 2))
    max_employer_share = fields.Float(digits=(16, 2))
    min_employee_share = fields.Float(digits=(16, 2))
    max_per_year = fields.Float(string="Max per Year", digits=(16, 2))
    amount_per_employee = fields.Float(digits=(16, 2))
    amount_per_child = fields.Float(digits=(16, 2))
    source = fields.Char(required=True)

    _validity_positive = models.Constraint(
        "CHECK(validity_months > 0)", "Vouchers are valid for at least one month."
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_tools(self):
        """The rule as the tools' :class:`~..tools.rules.VoucherRule`."""
        self.ensure_one()

        def dec(value):
            return common.money(value) if value else None

        return rules.VoucherRule(
            product_type=self.product_type,
            validity_months=self.validity_months,
            max_face_value=dec(self.max_face_value),
            max_employer_share=dec(self.max_employer_share),
            min_employee_share=dec(self.min_employee_share),
            max_per_year=dec(self.max_per_year),
            amount_per_employee=dec(self.amount_per_employee),
            amount_per_child=dec(self.amount_per_child),
        )

    @api.model
    def _rule_at(self, product_type, at_date):
        """The rule (tools dataclass) of ``product_type`` in force at ``at_date``.

        Raises a translated ``UserError`` naming the product type, the date and
        who can add the rule when none is in force.
        """
        return self.sudo()._dated_find(at_date, product_type=product_type)._to_tools()
