# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

from ..models.sc_access import STAFF, check_group


class ScPaperPayment(models.TransientModel):
    """Record paper vouchers paying part (or all) of a performance, with their date."""

    _name = "sc.paper.payment"
    _description = "Record Paper Vouchers"

    performance_id = fields.Many2one("sc.performance", required=True)
    vouchers_outstanding = fields.Integer(related="performance_id.vouchers_outstanding")
    count = fields.Integer(string="Paper Vouchers", required=True, default=1)
    date = fields.Date(required=True, default=fields.Date.context_today)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "sc.performance":
            values["performance_id"] = self.env.context.get("active_id")
        return values

    def action_record(self):
        self.ensure_one()
        check_group(self.performance_id, STAFF)
        self.performance_id._record_paper_payment(self.count, self.date)
        return {"type": "ir.actions.act_window_close"}
