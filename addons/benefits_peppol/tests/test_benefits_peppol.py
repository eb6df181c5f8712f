# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shared part, on a plain customer invoice (the business addons test their own)."""

from lxml import etree

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import structured_reference

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


@tagged("post_install", "-at_install")
class TestBenefitsPeppol(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company)
        belgium = cls.env.ref("base.be")
        cls.company.write(
            {
                "country_id": belgium.id,
                "vat": "BE0477472701",
                "street": "Kunstlaan 21",
                "zip": "1000",
                "city": "Brussel",
            }
        )
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Buyer (test)",
                "is_company": True,
                "ref": "OUR-CODE-7",
                "country_id": belgium.id,
                "vat": "BE0403170701",
                "street": "Gospertstraße 1",
                "zip": "4700",
                "city": "Eupen",
            }
        )
        buyer_contact = cls.env["res.partner"].create(
            {"name": "Buyer Clerk", "parent_id": cls.buyer.id}
        )
        cls.vat21 = cls.env["account.tax"].create(
            {"name": "21% (test)", "amount": 21.0, "type_tax_use": "sale"}
        )
        cls.other = cls.env["res.partner"].create({"name": "Someone Else", "is_company": True})
        new_test_user(
            cls.env, login="peppol_buyer", groups="base.group_portal", partner_id=buyer_contact.id
        )
        new_test_user(
            cls.env, login="peppol_other", groups="base.group_portal", partner_id=cls.other.id
        )

    def _invoice(self, partner=None, schedule=False):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.buyer).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "quantity": 3,
                            "price_unit": 33.37,
                            "tax_ids": [Command.set(self.vat21.ids)],
                        }
                    )
                ],
            }
        )
        invoice._benefits_peppol_set_structured_reference()
        invoice.action_post()
        if schedule:
            invoice._benefits_peppol_schedule_documents()
        else:
            invoice._benefits_peppol_generate_documents()
        return invoice

    def test_structured_reference_then_pdf_and_ubl_between_vat_numbers(self):
        invoice = self._invoice()
        self.assertEqual(invoice.payment_reference, structured_reference.build(invoice.id))
        self.assertTrue(invoice.invoice_pdf_report_id)
        tree = etree.fromstring(invoice.ubl_cii_xml_id.raw)
        self.assertEqual(
            tree.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS),
            invoice.payment_reference,
        )
        # no business addon's reference: Odoo's own (the buyer's partner reference)
        self.assertEqual(tree.findtext("cbc:BuyerReference", namespaces=NS), "OUR-CODE-7")
        # Odoo's own tax category and no exemption reason of ours on a taxed line
        self.assertEqual(
            tree.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", namespaces=NS),
            "S",
        )

    def test_a_payment_reference_already_set_is_kept(self):
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.buyer.id, "payment_reference": "X-1"}
        )
        invoice._benefits_peppol_set_structured_reference()
        self.assertEqual(invoice.payment_reference, "X-1")

    def test_only_the_pdf_without_the_buyer_vat_number(self):
        invoice = self._invoice(self.other)
        self.assertTrue(invoice.invoice_pdf_report_id)
        self.assertFalse(invoice.ubl_cii_xml_id)

    def test_the_ubl_download_is_for_the_buyer_only(self):
        invoice = self._invoice()
        url = f"/my/invoices/{invoice.id}/ubl"
        self.authenticate("peppol_buyer", "peppol_buyer")
        self.assertIn(url, self.url_open(f"/my/invoices/{invoice.id}").text)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, invoice.ubl_cii_xml_id.raw)
        self.authenticate("peppol_other", "peppol_other")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 404)
        # the link of the invoice's mail (its access token) opens it, as the PDF's does
        token_url = invoice.get_portal_url(suffix="/ubl")
        self.assertEqual(self.url_open(token_url).status_code, 200)
        # an invoice without e-invoice has nothing to download
        self.authenticate("peppol_other", "peppol_other")
        no_ubl = self._invoice(self.other)
        self.assertEqual(self.url_open(f"/my/invoices/{no_ubl.id}/ubl").status_code, 404)

    def test_scheduled_documents_are_made_by_the_job_once(self):
        """Scheduled at posting, made by the job right after (one invoice per step)."""
        # other invoices waiting for the job are not this test's
        self.env["account.move"].search([("benefits_peppol_documents_due", "=", True)]).write(
            {"benefits_peppol_documents_due": False}
        )
        b2b, b2c = self._invoice(schedule=True), self._invoice(self.other, schedule=True)
        for invoice in b2b | b2c:
            self.assertTrue(invoice.benefits_peppol_documents_due)
            self.assertFalse(invoice.invoice_pdf_report_id)
        cron = self.env.ref("benefits_peppol.ir_cron_generate_documents")
        cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertTrue(b2b.ubl_cii_xml_id)
        self.assertFalse(b2c.ubl_cii_xml_id)
        for invoice in b2b | b2c:
            self.assertTrue(invoice.invoice_pdf_report_id)
            self.assertFalse(invoice.benefits_peppol_documents_due)
        pdfs = (b2b | b2c).mapped("invoice_pdf_report_id")
        cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual((b2b | b2c).mapped("invoice_pdf_report_id"), pdfs, "not made again")
