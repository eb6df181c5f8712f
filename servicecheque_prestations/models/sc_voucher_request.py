# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from .sc_access import STAFF, check_group


class ScVoucherRequest(models.Model):
    """A user's request to exchange unexpired vouchers for new ones or to have them
    refunded. Users ask on their portal page; staff carry it out, which takes the
    vouchers out of the lot (and, for an exchange, adds a new lot bought today)."""

    _name = "sc.voucher.request"
    _description = "Service-Voucher Exchange or Refund Request"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    lot_id = fields.Many2one("sc.voucher.lot", required=True, index=True, check_company=True)
    user_number_id = fields.Many2one(related="lot_id.user_number_id", store=True, index=True)
    partner_id = fields.Many2one(related="lot_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    kind = fields.Selection(
        selection=[("exchange", "Exchange for New Vouchers"), ("refund", "Refund")],
        required=True,
    )
    quantity = fields.Integer(required=True)
    state = fields.Selection(
        selection=[("requested", "Requested"), ("done", "Done"), ("refused", "Refused")],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
    )
    new_lot_id = fields.Many2one("sc.voucher.lot", readonly=True, copy=False)

    _quantity_positive = models.Constraint(
        "CHECK(quantity > 0)", "A request is for at least one voucher."
    )

    @api.model
    def _check_request(self, lot, quantity, today):
        """A translated message when the request cannot be made, else ``None``."""
        if lot.valid_until < today:
            return self.env._("These vouchers have expired.")
        if not 1 <= quantity <= lot.remaining:
            return self.env._("Quantity: give a number from 1 to %(left)s.", left=lot.remaining)
        return None

    def action_done(self):
        """Carry the requests out (staff)."""
        check_group(self, STAFF)
        today = self.env["sc.performance"]._today()
        for request in self:
            if request.state != "requested":
                raise UserError(self.env._("This request was already handled."))
            message = self._check_request(request.lot_id, request.quantity, today)
            if message:
                raise UserError(message)
            request.lot_id.remaining -= request.quantity
            if request.kind == "exchange":
                request.new_lot_id = self.env["sc.voucher.lot"].create(
                    {
                        "user_number_id": request.user_number_id.id,
                        "bought_on": today,
                        "quantity": request.quantity,
                        "electronic": request.lot_id.electronic,
                        "exchanged_from_id": request.lot_id.id,
                    }
                )
            request.state = "done"
        return True

    def action_refuse(self):
        check_group(self, STAFF)
        self.filtered(lambda r: r.state == "requested").write({"state": "refused"})
        return True
