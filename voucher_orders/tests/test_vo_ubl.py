# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 13: "Every B2B invoice our addons create (voucher product and card invoices
…) gets its UBL: the structured communication as payment reference, the buyer's
reference (the employer's own order reference), VAT numbers, the Belgian company
number as Peppol endpoint (scheme 0208), the PDF embedded. Employers download it
from the portal invoice page next to the PDF. … Tests read the XML back (lxml) and
check the fields above on every invoice kind, and that amounts equal the invoice
to the cent."
"""

from decimal import Decimal
from unittest.mock import patch

from lxml import etree

from odoo.tests import HttpCase, tagged

from .common import VoucherOrdersCommon

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


@tagged("post_install", "-at_install")
class TestVoUbl(VoucherOrdersCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._belgian_b2b()

    def _ubl(self, invoice):
        self.assertTrue(invoice.ubl_cii_xml_id, f"no UBL for the {invoice.vo_invoice_kind} invoice")
        return etree.fromstring(invoice.ubl_cii_xml_id.raw)

    def test_product_and_card_invoices_carry_their_ubl(self):
        order = self._order()
        order.reference = "PO-4711"
        order.action_confirm()
        self._render_documents()
        invoices = order.product_invoice_id | order.card_invoice_id
        self.assertEqual(len(invoices), 2)
        for invoice in invoices:
            with self.subTest(kind=invoice.vo_invoice_kind):
                tree = self._ubl(invoice)
                self.assertIn("peppol", tree.findtext("cbc:CustomizationID", namespaces=NS) or "")
                self.assertEqual(tree.findtext("cbc:BuyerReference", namespaces=NS), "PO-4711")
                self.assertEqual(
                    tree.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS),
                    invoice.payment_reference,
                )
                self.assertEqual(
                    tree.xpath(
                        "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID",
                        namespaces=NS,
                    )[0].text,
                    "BE0477472701",
                )
                self.assertEqual(
                    tree.xpath(
                        "cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID",
                        namespaces=NS,
                    )[0].text,
                    "BE0403170701",
                )
                for role, number in (("Supplier", "0477472701"), ("Customer", "0403170701")):
                    endpoint = tree.xpath(
                        f"cac:Accounting{role}Party/cac:Party/cbc:EndpointID", namespaces=NS
                    )[0]
                    self.assertEqual((endpoint.get("schemeID"), endpoint.text), ("0208", number))
                embedded = tree.xpath(
                    "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
                    namespaces=NS,
                )
                self.assertTrue(embedded and embedded[0].text, "the PDF is embedded")
                payable = Decimal(
                    tree.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS)
                )
                self.assertEqual(
                    payable, Decimal(str(invoice.amount_total)).quantize(Decimal("0.01"))
                )
                lines = sum(
                    Decimal(amount.text)
                    for amount in tree.xpath(
                        "cac:InvoiceLine/cbc:LineExtensionAmount", namespaces=NS
                    )
                )
                self.assertEqual(
                    lines, Decimal(str(invoice.amount_untaxed)).quantize(Decimal("0.01"))
                )

    def test_each_line_has_one_tax_vouchers_without_vat_fees_with_it(self):
        """ "Each invoice line shall have one and only one tax" (Peppol BIS 3): the face
        value of vouchers is not subject to VAT (category E with its reason, 0 %), the
        fees bear the company's sale VAT."""
        order = self._order()
        order.action_confirm()
        self._render_documents()
        invoices = order.product_invoice_id | order.card_invoice_id
        sale_tax = self.env.company.account_sale_tax_id
        self.assertTrue(sale_tax, "the test company has a default sale VAT")
        for invoice in invoices:
            tree = self._ubl(invoice)
            lines = invoice.invoice_line_ids
            self.assertEqual(
                len(tree.xpath("cac:InvoiceLine", namespaces=NS)), len(lines), invoice.name
            )
            for node, line in zip(tree.xpath("cac:InvoiceLine", namespaces=NS), lines, strict=True):
                categories = node.xpath("cac:Item/cac:ClassifiedTaxCategory", namespaces=NS)
                self.assertEqual(len(categories), 1, line.name)
                code = categories[0].findtext("cbc:ID", namespaces=NS)
                if line.product_id == self.meal:
                    self.assertEqual(code, "E", line.name)
                    self.assertTrue(line.tax_ids.vo_is_voucher_tax)
                    self.assertEqual(line.price_total, line.price_subtotal, "no VAT")
                else:
                    self.assertEqual(code, "S", line.name)
                    self.assertEqual(line.tax_ids, sale_tax)
            reasons = tree.xpath(
                "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory[cbc:ID='E']/cbc:TaxExemptionReason",
                namespaces=NS,
            )
            if invoice.vo_invoice_kind == "product":
                self.assertEqual(len(reasons), 1)
                self.assertIn("not a supply subject to VAT", reasons[0].text)
            tax_total = Decimal(tree.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=NS))
            self.assertEqual(tax_total, Decimal(str(invoice.amount_tax)).quantize(Decimal("0.01")))
        self.assertGreater(order.product_invoice_id.amount_tax, 0, "the fees bear VAT")

    def test_the_pdf_is_kept_when_the_e_invoice_fails(self):
        """When the XML generation fails, Odoo skips the PDF: the PDF is made alone."""
        Builder = type(self.env["account.edi.xml.ubl_bis3"])
        with patch.object(
            Builder, "_export_invoice", lambda self, invoice: (None, {"broken e-invoice"})
        ):
            order = self._order()
            order.action_confirm()
            self._render_documents()
        invoice = order.product_invoice_id
        self.assertFalse(invoice.ubl_cii_xml_id)
        self.assertTrue(invoice.invoice_pdf_report_id, "the legal PDF is never lost")

    def test_the_employer_downloads_it_from_the_invoice_page(self):
        order = self._order()
        order.action_confirm()
        invoice = order.product_invoice_id
        self.authenticate("vo_contact", "vo_contact")
        # before the job: Odoo's Proforma, a note instead of the UBL button
        page = self.url_open(f"/my/invoices/{invoice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_benefits_documents_pending", page.text)
        self.assertNotIn(f"/my/invoices/{invoice.id}/ubl", page.text)
        pdf = self.url_open(f"/my/invoices/{invoice.id}?report_type=pdf&download=true")
        self.assertEqual(pdf.status_code, 200)
        self.assertFalse(invoice.invoice_pdf_report_id, "rendered for the download, not kept")
        early = self.url_open(f"/my/invoices/{invoice.id}/ubl", allow_redirects=False)
        self.assertEqual(early.status_code, 303, "to the invoice page, which says so")
        self.assertIn(f"/my/invoices/{invoice.id}", early.headers["Location"])
        self._render_documents()
        page = self.url_open(f"/my/invoices/{invoice.id}")
        self.assertNotIn("o_benefits_documents_pending", page.text)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/invoices/{invoice.id}/ubl", page.text)
        response = self.url_open(f"/my/invoices/{invoice.id}/ubl")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, invoice.ubl_cii_xml_id.raw)
        # another employer's contact gets nothing
        self.authenticate("vo_other", "vo_other")
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}/ubl").status_code, 404)

    def test_no_ubl_without_vat_numbers_but_the_pdf(self):
        self.employer.vat = False
        order = self._order()
        order.action_confirm()
        self._render_documents()
        self.assertFalse(order.product_invoice_id.ubl_cii_xml_id)
        self.assertTrue(order.product_invoice_id.invoice_pdf_report_id)
        # nothing to wait for: no note, and the UBL link gives nothing
        invoice = order.product_invoice_id
        self.authenticate("vo_contact", "vo_contact")
        self.assertNotIn("o_benefits_documents_pending", self.url_open(invoice.access_url).text)
        self.assertEqual(self.url_open(f"{invoice.access_url}/ubl").status_code, 404)
