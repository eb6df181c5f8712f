# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

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
        """The invoices' legal documents: the PDF, and the Peppol BIS 3 UBL between VAT numbers.

        Without them the portal shows the client a "Proforma Invoice". Generated as
        Odoo's *Send* does, without sending anything (the order's mails say it). When
        the e-invoice cannot be made, Odoo makes no PDF either: the PDF is then made
        alone (never lost) and the reason is logged on the invoice. An error never
        blocks the order.
        """
        for move in self.sudo():  # one by one: wkhtmltopdf builds one document per call
            edi_format = "ubl_bis3" if move._vo_is_b2b() else False
            if edi_format and move._vo_generate_documents_as(edi_format):
                continue
            move._vo_generate_documents_as(False)

    def _vo_is_b2b(self):
        """Between two VAT numbers: the e-invoice is due (Peppol BIS Billing 3.0)."""
        self.ensure_one()
        return bool(self.company_id.vat and self.commercial_partner_id.vat)

    def _vo_generate_documents_as(self, edi_format):
        """Generate the PDF (and the e-invoice in ``edi_format``); True when the PDF exists."""
        self.ensure_one()
        Send = self.env["account.move.send"].sudo()
        try:
            with self.env.cr.savepoint():
                Send._generate_and_send_invoices(
                    self, allow_raising=False, sending_methods=[], invoice_edi_format=edi_format
                )
        except UserError as error:
            _logger.warning("Invoice %s: legal documents not generated: %s", self.id, error)
            self.message_post(
                body=self.env._("The invoice PDF could not be generated: %(error)s", error=error)
            )
            return False
        return bool(self.invoice_pdf_report_id)
