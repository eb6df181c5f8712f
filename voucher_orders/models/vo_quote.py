# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from ..tools import common, totals


class VoQuote(models.Model):
    """An offer's estimate: the full cost for a number of beneficiaries and vouchers,
    with a card for everyone (the maximum). Issuer staff make quotes; the client's
    contacts read theirs and download them as PDF from the portal."""

    _name = "vo.quote"
    _description = "Voucher Quote"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    # the link token opens the quote PDF to whoever holds it: only staff read it (to share it)
    access_token = fields.Char(groups="voucher_orders.group_voucher_user")
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    contract_id = fields.Many2one(
        "vo.contract",
        string="Contract (fees)",
        required=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    product_id = fields.Many2one(related="contract_id.product_id")
    beneficiary_count = fields.Integer(string="Beneficiaries", required=True, default=1)
    vouchers_per_beneficiary = fields.Integer(required=True, default=1)
    face_value = fields.Monetary(string="Voucher Value", required=True)
    voucher_count = fields.Integer(compute="_compute_totals", string="Vouchers")
    amount_vouchers = fields.Monetary(compute="_compute_totals")
    amount_voucher_fee = fields.Monetary(compute="_compute_totals")
    amount_service_fee = fields.Monetary(compute="_compute_totals")
    amount_loading = fields.Monetary(compute="_compute_totals")
    amount_cards = fields.Monetary(compute="_compute_totals")
    amount_total = fields.Monetary(compute="_compute_totals")

    _counts_positive = models.Constraint(
        "CHECK(beneficiary_count >= 0 AND vouchers_per_beneficiary >= 0 AND face_value >= 0)",
        "The numbers of a quote cannot be negative.",
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("beneficiary_count", "vouchers_per_beneficiary", "face_value", "contract_id")
    def _compute_totals(self):
        for quote in self:
            fees = quote.contract_id._fees() if quote.contract_id else totals.Fees()
            result = totals.estimate_quote(
                fees,
                max(quote.beneficiary_count, 0),
                max(quote.vouchers_per_beneficiary, 0),
                common.money(max(quote.face_value, 0.0)),
            )
            quote.voucher_count = result.vouchers
            quote.amount_vouchers = float(result.vouchers_total)
            quote.amount_voucher_fee = float(result.voucher_fee)
            quote.amount_service_fee = float(result.service_fee)
            quote.amount_loading = float(result.loading_cost)
            quote.amount_cards = float(result.card_total)
            quote.amount_total = float(result.grand_total)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for quote in self:
            quote.access_url = f"/my/voucher-quotes/{quote.id}"
        return result

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("vo.quote") or "/"
        return super().create(vals_list)

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Quote %(name)s", name=self.name)
