# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import codes, structured_reference

_logger = logging.getLogger(__name__)


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

    def _vo_generate_documents(self):
        """The invoices' legal documents (the PDF, and an e-invoice where one is configured).

        Without them the portal shows the client a "Proforma Invoice". Generated as
        Odoo's *Send* does, without sending anything (the order's mails say it); an
        error is logged on the invoice and never blocks the order.
        """
        Send = self.env["account.move.send"].sudo()
        for move in self.sudo():  # one by one: wkhtmltopdf builds one document per call
            try:
                with self.env.cr.savepoint():
                    Send._generate_and_send_invoices(move, allow_raising=False, sending_methods=[])
            except UserError as error:
                _logger.warning("Invoice %s: legal documents not generated: %s", move.id, error)
                move.message_post(
                    body=self.env._(
                        "The invoice PDF could not be generated: %(error)s", error=error
                    )
                )
