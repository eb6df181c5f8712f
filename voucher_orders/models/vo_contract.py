# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import common, rules, totals
from .access import check_staff


class VoContract(models.Model):
    """A client's contract for one voucher product in one format, with its fees.

    Managers create contracts when a client accepts an offer; a client orders a
    product only while it has an active contract for it at the load date. Client
    contacts read their own contracts in the portal.
    """

    _name = "vo.contract"
    _description = "Voucher Contract"
    _inherit = ["mail.thread"]
    _order = "partner_id, product_id, date_start desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Reference", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Voucher Product",
        required=True,
        index=True,
        tracking=True,
        domain="[('vo_product_type', '!=', False)]",
    )
    product_type = fields.Selection(related="product_id.vo_product_type", store=True)
    voucher_format = fields.Selection(related="product_id.vo_format", store=True)
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(tracking=True)
    active = fields.Boolean(default=True)
    per_voucher_fee = fields.Monetary(tracking=True)
    service_fee_fixed = fields.Monetary(string="Service Fee per Order", tracking=True)
    service_fee_percent = fields.Float(
        string="Service Fee (%)", digits=(16, 2), tracking=True, help="Of the vouchers' value."
    )
    loading_cost_fixed = fields.Monetary(string="Loading Cost per Order", tracking=True)
    loading_cost_per_beneficiary = fields.Monetary(tracking=True)
    card_price = fields.Monetary(tracking=True)
    meal_employee_share = fields.Monetary(
        string="Employee Share per Meal Voucher",
        default=lambda self: self._default_meal_employee_share(),
        tracking=True,
        help="Meal vouchers: the employee's own contribution to each voucher (at least the "
        "legal minimum of the voucher rule at the load date); the employer pays the rest of "
        "the face value, at most the rule's maximum employer share.",
    )

    _fees_positive = models.Constraint(
        "CHECK(per_voucher_fee >= 0 AND service_fee_fixed >= 0 AND service_fee_percent >= 0"
        " AND loading_cost_fixed >= 0 AND loading_cost_per_beneficiary >= 0 AND card_price >= 0"
        " AND meal_employee_share >= 0)",
        "Fees cannot be negative.",
    )

    # ------------------------------------------------------------
    # DEFAULTS
    # ------------------------------------------------------------

    @api.model
    def _default_meal_employee_share(self):
        """The legal minimum employee share of the meal voucher rule valid today (or 0)."""
        try:
            rule = self.env["vo.voucher.rule"]._rule_at(rules.MEAL, fields.Date.context_today(self))
        except UserError:
            return 0.0
        return float(rule.min_employee_share or 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_id", "product_id", "date_start", "date_end", "active")
    def _check_overlap(self):
        for contract in self:
            same = self.search(
                [
                    ("partner_id", "=", contract.partner_id.id),
                    ("product_id", "=", contract.product_id.id),
                ]
            )
            # a contract is in force up to its end, or for good: never "until the next one"
            periods = [
                common.dated.Period(c.date_start, c.date_end or date.max, key=c.id) for c in same
            ]
            if common.dated.overlaps(periods) or common.dated.bad_bounds(periods):
                raise ValidationError(
                    self.env._(
                        "%(client)s already has a contract for %(product)s in this period.",
                        client=contract.partner_id.display_name,
                        product=contract.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_invite_contacts(self):
        """Send the client's contacts the welcome e-mail of the employer portal.

        The link (valid for the audience's number of days, 5 for employers) and the
        resend come from ``portal_onboarding``; people already invited are left alone.
        """
        check_staff(self)
        audience = self.env.ref("voucher_orders.portal_onboarding_audience_employers")
        clients = self.partner_id.commercial_partner_id
        contacts = clients.child_ids.filtered(lambda p: p.email and p.type == "contact")
        contacts |= clients.filtered(lambda p: p.email and not p.child_ids)
        Member = self.env["portal.onboarding.member"].sudo()
        known = Member.search(
            [("audience_id", "=", audience.id), ("partner_id", "in", contacts.ids)]
        )
        new = Member.create(
            [
                {"partner_id": partner.id, "audience_id": audience.id}
                for partner in contacts - known.partner_id
            ]
        )
        new.action_invite_now()
        return new

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _fees(self):
        self.ensure_one()
        return totals.Fees(
            per_voucher_fee=common.money(self.per_voucher_fee),
            service_fee_fixed=common.money(self.service_fee_fixed),
            service_fee_percent=common.to_decimal(self.service_fee_percent),
            loading_cost_fixed=common.money(self.loading_cost_fixed),
            loading_cost_per_beneficiary=common.money(self.loading_cost_per_beneficiary),
            card_price=common.money(self.card_price),
        )

    def _is_valid_on(self, at_date):
        self.ensure_one()
        return (
            self.active
            and self.date_start <= at_date
            and (not self.date_end or at_date <= self.date_end)
        )

    @api.model
    def _active_domain(self, partner, at_date):
        return [
            ("partner_id", "=", partner.commercial_partner_id.id),
            ("date_start", "<=", at_date),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", at_date),
        ]
