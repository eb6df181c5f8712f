# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from odoo import models
from odoo.exceptions import UserError

from ..tools import structured_reference

_logger = logging.getLogger(__name__)


class AccountMove(models.Model):
    """The legal documents of the benefit addons' invoices.

    A business addon that creates customer invoices calls, on its invoices,
    ``_benefits_peppol_set_structured_reference()`` before posting them and
    ``_benefits_peppol_generate_documents()`` after: every invoice gets its PDF, and
    between two VAT numbers (B2B) the Peppol BIS Billing 3.0 UBL of
    ``account_edi_ubl_cii`` with the PDF embedded. It overrides
    ``_benefits_peppol_buyer_reference()`` to say which reference the buyer knows the
    invoice by.
    """

    _inherit = "account.move"

    # ------------------------------------------------------------
    # HOOKS
    # ------------------------------------------------------------

    def _benefits_peppol_buyer_reference(self):
        """The buyer's reference of the e-invoice (``BuyerReference``), or False for
        Odoo's own (the buyer's partner reference). Overridden by the business addons."""
        self.ensure_one()
        return False

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _benefits_peppol_set_structured_reference(self):
        """Give each invoice the Belgian ``+++DDD/DDDD/DDDDD+++`` communication (base:
        the invoice id) as its payment reference.

        With ``l10n_be`` and a journal on the Belgian standard, Odoo computes the very
        same reference at posting: it is kept, as is a payment reference already set.
        """
        for move in self:
            if move.journal_id.invoice_reference_model == "be" or move.payment_reference:
                continue
            move.payment_reference = structured_reference.build(move.id)

    def _benefits_peppol_is_b2b(self):
        """Between two VAT numbers: the e-invoice is due (Peppol BIS Billing 3.0)."""
        self.ensure_one()
        return bool(self.company_id.vat and self.commercial_partner_id.vat)

    def _benefits_peppol_generate_documents(self):
        """Generate the posted invoices' PDF, and their UBL when B2B.

        As Odoo's *Send* does, without sending anything. When the e-invoice cannot be
        made, Odoo makes no PDF either: the PDF is then made alone (never lost) and
        the reason is logged on the invoice. An error never blocks the caller.
        """
        for move in self.sudo().filtered(lambda m: m.state == "posted"):
            # one by one: wkhtmltopdf builds one document per call
            edi_format = "ubl_bis3" if move._benefits_peppol_is_b2b() else False
            if edi_format and move._benefits_peppol_generate_documents_as(edi_format):
                continue
            move._benefits_peppol_generate_documents_as(False)

    def _benefits_peppol_generate_documents_as(self, edi_format):
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
