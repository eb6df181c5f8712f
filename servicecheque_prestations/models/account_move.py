# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models


class AccountMove(models.Model):
    """Reimbursement invoices to the issuer (``sc.reimbursement``)."""

    _inherit = "account.move"

    def _benefits_peppol_buyer_reference(self):
        """The buyer's reference of a reimbursement invoice: the reimbursement request's
        reference, which the issuer knows the claim by (its exports list it as
        "Terugbetalingsreferentie")."""
        request = (
            self.env["sc.reimbursement"].sudo().search([("invoice_id", "=", self.id)], limit=1)
        )
        if request:
            return request.name
        return super()._benefits_peppol_buyer_reference()
