# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import structured_reference

_logger = logging.getLogger(__name__)

# runs of the documents job an invoice may fail before it is left to the back office
DOCUMENT_TRIES = 3


class AccountMove(models.Model):
    """The legal documents of the benefit addons' invoices.

    A business addon that creates customer invoices calls, on its invoices,
    ``_benefits_peppol_set_structured_reference()`` before posting them and, after,
    ``_benefits_peppol_schedule_documents()`` (the job *Peppol: generate the legal documents of
    invoices* makes them right after the transaction, one invoice per committed step)
    or ``_benefits_peppol_generate_documents()`` (at once): every invoice gets its PDF,
    and between two VAT numbers (B2B) the Peppol BIS Billing 3.0 UBL of
    ``account_edi_ubl_cii`` with the PDF embedded. It overrides
    ``_benefits_peppol_buyer_reference()`` to say which reference the buyer knows the
    invoice by.
    """

    _inherit = "account.move"

    benefits_peppol_documents_due = fields.Boolean(
        string="Legal Documents Scheduled",
        readonly=True,
        copy=False,
        help="The job generates this invoice's PDF (and e-invoice) in a moment.",
    )
    benefits_peppol_document_tries = fields.Integer(
        string="Failed Document Generations", readonly=True, copy=False
    )

    _benefits_peppol_documents_due_idx = models.Index(
        "(id) WHERE benefits_peppol_documents_due IS TRUE"
    )

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

    def _benefits_peppol_schedule_documents(self):
        """Have the job generate the posted invoices' legal documents right after the
        current transaction: posting returns without waiting for wkhtmltopdf. Until
        then the portal shows Odoo's "Proforma Invoice"."""
        posted = self.filtered(lambda m: m.state == "posted")
        if not posted:
            return
        posted.sudo().write(
            {"benefits_peppol_documents_due": True, "benefits_peppol_document_tries": 0}
        )
        self.env.ref("benefits_peppol.ir_cron_generate_documents").sudo()._trigger()

    @api.model
    def _cron_benefits_peppol_generate_documents(self):
        """Generate the legal documents of the scheduled invoices, one invoice per
        committed step.

        Safe to re-run: only invoices still scheduled are picked, each under a row lock,
        and an invoice that has its PDF already (printed meanwhile) is not rendered
        again. An invoice that fails is logged on its chatter and retried at the next
        runs, ``DOCUMENT_TRIES`` times at most; the others go on.
        """
        invoices = self.search(
            [("benefits_peppol_documents_due", "=", True), ("state", "=", "posted")], order="id"
        )
        Cron = self.env["ir.cron"]
        Cron._commit_progress(remaining=len(invoices))
        for invoice in invoices:
            invoice._benefits_peppol_generate_scheduled_documents()
            if not Cron._commit_progress(1):
                break

    def _benefits_peppol_generate_scheduled_documents(self):
        """One step of the job: this invoice's documents, unless done meanwhile; a
        failure is an internal note on the invoice (its client follows it)."""
        self.ensure_one()
        if not self.try_lock_for_update():
            return  # being changed right now: the next run takes it
        self.invalidate_recordset(["benefits_peppol_documents_due", "invoice_pdf_report_id"])
        if not self.benefits_peppol_documents_due:
            return
        if not self.invoice_pdf_report_id:
            try:
                with self.env.cr.savepoint():
                    self._benefits_peppol_generate_documents()
            except Exception as error:  # one invoice never stops the others
                _logger.exception("Invoice %s: legal documents not generated", self.id)
                self.message_post(
                    body=self.env._(
                        "The invoice PDF could not be generated: %(error)s", error=error
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        if self.invoice_pdf_report_id:
            self.benefits_peppol_documents_due = False
            return
        tries = self.benefits_peppol_document_tries + 1
        self.write(
            {
                "benefits_peppol_document_tries": tries,
                "benefits_peppol_documents_due": tries < DOCUMENT_TRIES,
            }
        )
        if tries >= DOCUMENT_TRIES:
            self.message_post(
                body=self.env._(
                    "The invoice PDF could not be generated in %(tries)s attempts: print the "
                    "invoice to generate it.",
                    tries=tries,
                ),
                subtype_xmlid="mail.mt_note",
            )

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
