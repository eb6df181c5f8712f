# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

from ..tools import codes, structured_reference


class AccountMove(models.Model):
    """Invoices of voucher orders: a product or a card invoice, paid with the Belgian
    structured communication as payment reference."""

    _inherit = "account.move"

    vo_order_id = fields.Many2one(
        "vo.order", string="Voucher Order", index="btree_not_null", readonly=True, copy=False
    )
    vo_invoice_kind = fields.Selection(
        [(codes.PRODUCT_INVOICE, "Product Invoice"), (codes.CARD_INVOICE, "Card Invoice")],
        string="Voucher Invoice",
        readonly=True,
        copy=False,
    )

    def _vo_set_structured_reference(self):
        """Give each invoice its ``+++DDD/DDDD/DDDDD+++`` communication.

        With ``l10n_be`` and a journal on the Belgian standard, Odoo computes the very
        same reference at posting (base = the invoice id); without it we set it here.
        """
        for move in self:
            if move.journal_id.invoice_reference_model == "be" or move.payment_reference:
                continue
            move.payment_reference = structured_reference.build(move.id)

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        voucher_invoices = self.filtered("vo_order_id")
        if voucher_invoices:
            voucher_invoices.vo_order_id.sudo()._on_invoice_paid(voucher_invoices)
        if self.filtered(lambda m: m.move_type == "out_invoice"):
            self.env.ref("voucher_orders.ir_cron_release_blocked")._trigger()
        return result
