# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class AccountEdiXmlUblBis3(models.AbstractModel):
    """Peppol BIS Billing 3.0 of the benefit addons' invoices.

    Odoo writes the buyer's partner reference as ``BuyerReference``; our invoices
    carry the reference the buyer knows them by (an employer's order reference, a
    reimbursement request's reference): the invoice says which
    (``account.move._benefits_peppol_buyer_reference``). A tax of ours states why it
    bears no VAT (``account.tax._benefits_peppol_exemption_reason``); the exemption
    reason code stays Odoo's (the tax's *Tax Exemption Reason Code*). The structured
    communication is Odoo's ``PaymentID`` (the invoice's payment reference).
    """

    _inherit = "account.edi.xml.ubl_bis3"

    def _add_invoice_header_nodes(self, document_node, vals):
        result = super()._add_invoice_header_nodes(document_node, vals)
        reference = vals["invoice"]._benefits_peppol_buyer_reference()
        if reference:
            document_node["cbc:BuyerReference"] = {"_text": reference}
        return result

    def _get_tax_exemption_reason(self, customer, supplier, tax):
        result = super()._get_tax_exemption_reason(customer, supplier, tax)
        reason = tax._benefits_peppol_exemption_reason() if tax else None
        if reason:
            result = {**result, "tax_exemption_reason": reason}
        return result
