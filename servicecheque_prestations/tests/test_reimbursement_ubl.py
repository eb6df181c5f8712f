# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 13, e-invoices out: the service-voucher company's reimbursement invoices to the
issuer are B2B invoices. Each gets its Peppol BIS Billing 3.0 UBL (Odoo's
``account_edi_ubl_cii`` through ``benefits_peppol``): the structured communication as
``PaymentID``, the reimbursement reference as ``BuyerReference``, both VAT numbers, the
Belgian company numbers as Peppol endpoints (scheme 0208), the PDF embedded, amounts equal
to the invoice to the cent; the issuer downloads it from Odoo's portal invoice page.
"""

import base64
from datetime import date
from decimal import Decimal
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.addons.benefits_peppol.tools import structured_reference
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ServiceVoucherCommon

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
CENT = Decimal("0.01")


def money(value):
    return Decimal(str(value)).quantize(CENT)


@tagged("post_install", "-at_install")
class TestReimbursementUbl(HttpCase, ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company)
        belgium = cls.env.ref("base.be")
        cls.company.write(
            {
                "country_id": belgium.id,
                "vat": "BE0477472701",
                "company_registry": "0477472701",
                "street": "Hasseltsebaan 1",
                "zip": "3940",
                "city": "Hechtel-Eksel",
            }
        )
        cls.issuer = cls.env["res.partner"].create(
            {
                "name": "Voucher Issuer (test)",
                "is_company": True,
                "country_id": belgium.id,
                "vat": "BE0403170701",
                "company_registry": "0403170701",
                "street": "Rue de la Loi 1",
                "zip": "1000",
                "city": "Bruxelles",
            }
        )
        # the issuer's accounts payable clerk, a portal user of the issuer
        cls.issuer_contact = cls.env["res.partner"].create(
            {"name": "Issuer Accounts Payable", "parent_id": cls.issuer.id, "type": "contact"}
        )
        cls.issuer_user = new_test_user(
            cls.env, login="sc_issuer", groups="base.group_portal", partner_id=cls.issuer_contact.id
        )
        cls.env["sc.region.rule"].create(
            {
                "region_id": cls.flanders.id,
                "date_from": date(2026, 1, 1),
                "source": "Test figure",
                "working_days": True,
                "outside_vouchers_months": 12,
                "reimbursement_value": 25.53,
            }
        )

    def _request(self, name="RB-2026-03-0001", issuer=None):
        """A reimbursement request of 7 vouchers (7 × 25.53 = 178.71), requested."""
        with freeze_time("2026-03-03 10:00:00"):
            self._lot(quantity=7)
            perf = self._perf(hours=7)
            perf.action_confirm_as_user()
            perf.action_validate()
            request = self.env["sc.reimbursement"].create(
                {
                    "name": name,
                    "issuer_id": (issuer or self.issuer).id,
                    "region_id": self.flanders.id,
                    "branch_id": self.branch_a.id,
                }
            )
            request.action_collect()
            request.action_request()
        self.assertEqual(request.voucher_count, 7)
        return request

    def _ubl(self, invoice):
        self.assertTrue(invoice.ubl_cii_xml_id, "the reimbursement invoice has no UBL")
        return etree.fromstring(invoice.ubl_cii_xml_id.raw)

    def test_the_e_invoice_carries_every_field(self):
        request = self._request()
        invoice = request.invoice_id
        tree = self._ubl(invoice)
        text = lambda path: tree.findtext(path, namespaces=NS)  # noqa: E731
        self.assertIn("urn:fdc:peppol.eu:2017:poacc:billing:3.0", text("cbc:CustomizationID"))
        self.assertEqual(text("cbc:ID"), invoice.name)
        self.assertEqual(text("cbc:InvoiceTypeCode"), "380")
        self.assertEqual(text("cbc:BuyerReference"), "RB-2026-03-0001")
        # the Belgian structured communication, Odoo's payment reference
        self.assertTrue(structured_reference.is_valid(invoice.payment_reference))
        self.assertEqual(text("cac:PaymentMeans/cbc:PaymentID"), invoice.payment_reference)
        for role, vat, number in (
            ("Supplier", "BE0477472701", "0477472701"),
            ("Customer", "BE0403170701", "0403170701"),
        ):
            party = f"cac:Accounting{role}Party/cac:Party"
            self.assertEqual(text(f"{party}/cac:PartyTaxScheme/cbc:CompanyID"), vat, role)
            endpoint = tree.find(f"{party}/cbc:EndpointID", namespaces=NS)
            self.assertEqual((endpoint.get("schemeID"), endpoint.text), ("0208", number), role)
        # the PDF, embedded, is the invoice's PDF
        embedded = tree.find(
            "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
            namespaces=NS,
        )
        self.assertEqual(embedded.get("mimeCode"), "application/pdf")
        self.assertEqual(base64.b64decode(embedded.text), invoice.invoice_pdf_report_id.raw)

    def test_amounts_equal_the_invoice_to_the_cent(self):
        invoice = self._request().invoice_id
        self.assertEqual(money(invoice.amount_total), Decimal("178.71"))
        tree = self._ubl(invoice)

        def amount(path):
            return Decimal(tree.findtext(path, namespaces=NS))

        totals = "cac:LegalMonetaryTotal/cbc:"
        self.assertEqual(amount(totals + "LineExtensionAmount"), money(invoice.amount_untaxed))
        self.assertEqual(amount(totals + "TaxExclusiveAmount"), money(invoice.amount_untaxed))
        self.assertEqual(amount(totals + "TaxInclusiveAmount"), money(invoice.amount_total))
        self.assertEqual(amount(totals + "PayableAmount"), money(invoice.amount_residual))
        self.assertEqual(amount("cac:TaxTotal/cbc:TaxAmount"), money(invoice.amount_tax))
        lines = tree.findall("cac:InvoiceLine", namespaces=NS)
        self.assertEqual(len(lines), len(invoice.invoice_line_ids))
        for node, line in zip(lines, invoice.invoice_line_ids, strict=True):
            self.assertEqual(Decimal(node.findtext("cbc:InvoicedQuantity", namespaces=NS)), 7)
            self.assertEqual(
                money(node.findtext("cac:Price/cbc:PriceAmount", namespaces=NS)),
                Decimal("25.53"),
            )
            self.assertEqual(
                money(node.findtext("cbc:LineExtensionAmount", namespaces=NS)),
                money(line.price_subtotal),
            )

    def test_the_reimbursement_is_exempt_from_vat(self):
        """Category E (exempt) with the Belgian article: services paid with service
        vouchers are exempt (VAT Code art. 44 § 2 2°); see CONFIGURE.md."""
        invoice = self._request().invoice_id
        tax = invoice.invoice_line_ids.tax_ids
        self.assertTrue(tax.sc_is_voucher_tax)
        self.assertEqual((tax.amount, invoice.amount_tax), (0.0, 0.0))
        tree = self._ubl(invoice)
        line_category = tree.find(
            "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory", namespaces=NS
        )
        self.assertEqual(line_category.findtext("cbc:ID", namespaces=NS), "E")
        self.assertEqual(Decimal(line_category.findtext("cbc:Percent", namespaces=NS)), 0)
        subtotals = tree.findall("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
        self.assertEqual(len(subtotals), 1)
        category = subtotals[0].find("cac:TaxCategory", namespaces=NS)
        self.assertEqual(category.findtext("cbc:ID", namespaces=NS), "E")
        self.assertEqual(
            category.findtext("cbc:TaxExemptionReasonCode", namespaces=NS), "VATEX-EU-132-1G"
        )
        self.assertIn("article 44", category.findtext("cbc:TaxExemptionReason", namespaces=NS))
        self.assertEqual(
            money(subtotals[0].findtext("cbc:TaxableAmount", namespaces=NS)),
            money(invoice.amount_untaxed),
        )
        # one tax per company, reused by the next request
        self.assertEqual(self.env["account.tax"]._sc_voucher_tax(self.company), tax)

    def test_the_pdf_is_kept_when_the_e_invoice_fails(self):
        Builder = type(self.env["account.edi.xml.ubl_bis3"])
        with patch.object(
            Builder, "_export_invoice", lambda self, invoice: (None, {"broken e-invoice"})
        ):
            request = self._request()
        invoice = request.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(invoice.ubl_cii_xml_id)
        self.assertTrue(invoice.invoice_pdf_report_id, "the legal PDF is never lost")

    def test_no_e_invoice_without_the_issuer_vat_number_but_the_pdf(self):
        self.issuer.vat = False
        invoice = self._request().invoice_id
        self.assertFalse(invoice.ubl_cii_xml_id)
        self.assertTrue(invoice.invoice_pdf_report_id)

    def test_the_issuer_downloads_it_from_the_portal_and_nobody_else(self):
        invoice = self._request().invoice_id
        url = f"/my/invoices/{invoice.id}/ubl"
        self.authenticate("sc_issuer", "sc_issuer")
        listing = self.url_open("/my/invoices")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f"/my/invoices/{invoice.id}", listing.text)
        page = self.url_open(f"/my/invoices/{invoice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(url, page.text, "the UBL button next to the PDF")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/xml")
        self.assertEqual(response.content, invoice.ubl_cii_xml_id.raw)
        # another portal user (a household of the same company), a wrong token, nobody
        self.authenticate("sc_client", "sc_client")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self.url_open(f"{url}?access_token=not-the-token").status_code, 404)
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 404)
