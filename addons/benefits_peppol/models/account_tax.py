# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class AccountTax(models.Model):
    """The 0 % sale taxes of the benefit addons' invoices.

    Peppol BIS 3 wants exactly one tax on each invoice line. A line without VAT (a
    voucher's face value, a reimbursement of service vouchers) carries a 0 % tax of
    its addon, marked by a boolean field of that addon, with its e-invoicing category
    (``ubl_cii_tax_category_code``) and the reason written in the e-invoice
    (``_benefits_peppol_exemption_reason``).
    """

    _inherit = "account.tax"

    # ------------------------------------------------------------
    # HOOKS
    # ------------------------------------------------------------

    def _benefits_peppol_exemption_reason(self):
        """The text of the e-invoice's VAT exemption reason (BT-120) for this tax, or
        None for Odoo's own. Overridden by the business addons."""
        return None

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _benefits_peppol_zero_tax(self, company, flag, values):
        """The ``company``'s 0 % sale tax whose boolean field ``flag`` is set, created
        the first time with ``values`` (its name, label, e-invoicing category, ...)."""
        Tax = self.sudo().with_company(company)
        tax = Tax.search([("company_id", "=", company.id), (flag, "=", True)], limit=1)
        if not tax:
            tax = Tax.create(
                {
                    "amount": 0.0,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    **values,
                    "company_id": company.id,
                    flag: True,
                }
            )
        return tax.sudo(False)
