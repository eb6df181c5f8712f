# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AccountTax(models.Model):
    """The 0 % tax of the face value of vouchers.

    Vouchers are not a supply subject to VAT (the VAT falls due when they are spent):
    their face value lines carry this tax so that each line of the Peppol e-invoice
    has one and only one tax. EN 16931 forbids mixing category "O" (not subject to
    VAT) with other categories on one invoice (BR-O-11), and a product invoice has
    taxed fees next to the face value: the tax is of category "E" with its own
    exemption reason text.
    """

    _inherit = "account.tax"

    vo_is_voucher_tax = fields.Boolean(
        string="Voucher Face Value Tax",
        copy=False,
        help="The 0 % tax of the face value lines of voucher invoices (not subject to VAT).",
    )

    @api.model
    def _vo_voucher_tax(self, company):
        """The company's voucher face value tax, created the first time."""
        return self._benefits_peppol_zero_tax(
            company,
            "vo_is_voucher_tax",
            {
                "name": self.env._("0% Vouchers (not subject to VAT)"),
                "invoice_label": self.env._("Not subject to VAT"),
                "ubl_cii_tax_category_code": "E",
            },
        )

    def _benefits_peppol_exemption_reason(self):
        if self.vo_is_voucher_tax:
            return self.env._("Face value of vouchers: not a supply subject to VAT")
        return super()._benefits_peppol_exemption_reason()
