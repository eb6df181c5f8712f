# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..tools import codes


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
        """Give each invoice its ``+++DDD/DDDD/DDDDD+++`` communication (``benefits_peppol``:
        Odoo's own with ``l10n_be`` and a journal on the Belgian standard, the same
        otherwise)."""
        self._benefits_peppol_set_structured_reference()

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        voucher_invoices = self.filtered("vo_order_id")
        if voucher_invoices:
            voucher_invoices.vo_order_id.sudo()._on_invoice_paid(voucher_invoices)
        if self.filtered(lambda m: m.move_type == "out_invoice"):
            self.env.ref("voucher_orders.ir_cron_release_blocked")._trigger()
        return result

    def _vo_schedule_documents(self):
        """The invoices' legal documents: the PDF, and the Peppol BIS 3 UBL between VAT
        numbers, made by the job of ``benefits_peppol`` right after the confirmation
        (wkhtmltopdf takes seconds per invoice). Until then the portal shows the client
        a "Proforma Invoice"; an error never blocks the order."""
        self._benefits_peppol_schedule_documents()

    def _benefits_peppol_buyer_reference(self):
        """The buyer's reference of a voucher invoice: the one the employer typed on its
        order (the invoice's ``ref``), so that its accounts payable can match it."""
        if self.vo_order_id and self.ref:
            return self.ref
        return super()._benefits_peppol_buyer_reference()
