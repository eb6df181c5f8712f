# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class AccountTax(models.Model):
    """The 0 % tax of the reimbursement invoices to the issuer.

    Household services paid with service vouchers are exempt from VAT (Belgian VAT
    Code, article 44, § 2, 2°: the approved company is a family-help organisation;
    the VAT administration's circular 2022/C/66), and what the issuer reimburses
    (the voucher's value and the region's subsidy) is their price. The reimbursement
    lines carry this tax so that each line of the Peppol e-invoice has one tax: VAT
    category "E" (exempt), exemption reason code VATEX-EU-132-1G (article 132 (1) (g)
    of the VAT Directive, which article 44, § 2, 2° transposes) and the Belgian
    article as reason text. Category "O" (not subject to VAT) would forbid the VAT
    numbers on the invoice (EN 16931, BR-O-02). To be checked with an accountant.
    """

    _inherit = "account.tax"

    sc_is_voucher_tax = fields.Boolean(
        string="Service-Voucher Reimbursement Tax",
        copy=False,
        help="The 0 % tax of the reimbursement invoices of service vouchers (exempt from VAT).",
    )

    @api.model
    def _sc_voucher_tax(self, company):
        """The company's service-voucher reimbursement tax, created the first time."""
        return self._benefits_peppol_zero_tax(
            company,
            "sc_is_voucher_tax",
            {
                "name": self.env._("0% Service vouchers (exempt from VAT)"),
                "invoice_label": self.env._("Exempt from VAT, art. 44 § 2 2° VAT Code"),
                "ubl_cii_tax_category_code": "E",
                "ubl_cii_tax_exemption_reason_code": "VATEX-EU-132-1G",
            },
        )

    def _benefits_peppol_exemption_reason(self):
        if self.sc_is_voucher_tax:
            return self.env._(
                "Exempt from VAT: services paid with service vouchers "
                "(Belgian VAT Code, article 44, § 2, 2°)"
            )
        return super()._benefits_peppol_exemption_reason()
