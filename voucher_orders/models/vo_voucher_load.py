# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class VoVoucherLoad(models.Model):
    """Vouchers loaded for one beneficiary by one order (written by the loading job only)."""

    _name = "vo.voucher.load"
    _description = "Voucher Load"
    _order = "load_date desc, id desc"

    order_id = fields.Many2one("vo.order", required=True, index=True, ondelete="cascade")
    line_id = fields.Many2one("vo.order.line", required=True, index=True, ondelete="cascade")
    beneficiary_id = fields.Many2one("vo.beneficiary", required=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount = fields.Monetary(required=True)
    vouchers = fields.Integer()
    load_date = fields.Date(required=True)
    validity_end = fields.Date(required=True)

    _line_uniq = models.Constraint("UNIQUE(line_id)", "A line is loaded once.")
