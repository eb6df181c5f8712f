# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.sc_access import STAFF, check_group
from ..tools import allocation


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


def check_paper_count(env, performance, count, date):
    """The paper payment as :func:`..tools.allocation.record_paper_payment` accepts it."""
    try:
        allocation.record_paper_payment(
            allocation.Performance(
                performance.id, performance.date, performance.hours, performance.vouchers_allocated
            ),
            count,
            date,
        )
    except ValueError as error:
        raise UserError(
            env._(
                "Paper vouchers: give a number from 1 to %(due)s for %(performance)s.",
                due=performance.vouchers_outstanding,
                performance=performance.display_name,
            )
        ) from error
