# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AccountEdiXmlUblBis3(models.AbstractModel):
    """Peppol BIS Billing 3.0 of voucher invoices.

    Odoo fills ``BuyerReference`` with the buyer's partner reference; on a voucher
    invoice the buyer's reference is the one the employer typed on its order (the
    invoice's ``ref``), so that its accounts payable can match the invoice. The
    structured communication is Odoo's ``PaymentID`` (the payment reference). The face
    value of vouchers states why it bears no VAT.
    """

    _inherit = "account.edi.xml.ubl_bis3"

    def _add_invoice_header_nodes(self, document_node, vals):
        result = super()._add_invoice_header_nodes(document_node, vals)
        invoice = vals["invoice"]
        if invoice.vo_order_id and invoice.ref:
            document_node["cbc:BuyerReference"] = {"_text": invoice.ref}
        return result

    def _get_tax_exemption_reason(self, customer, supplier, tax):
        if tax and tax.vo_is_voucher_tax:
            return {
                "tax_exemption_reason": self.env._(
                    "Face value of vouchers: not a supply subject to VAT"
                ),
                "tax_exemption_reason_code": None,
            }
        return super()._get_tax_exemption_reason(customer, supplier, tax)
