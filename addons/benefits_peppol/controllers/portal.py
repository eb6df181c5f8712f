# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import http
from odoo.addons.account.controllers.portal import PortalAccount
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request


class BenefitsPeppolPortal(PortalAccount):
    """The e-invoice next to the PDF on Odoo's portal invoice page (``/my/invoices``)."""

    @http.route(
        "/my/invoices/<int:invoice_id>/ubl",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def benefits_peppol_invoice_ubl(self, invoice_id, access_token=None, **kw):
        """The Peppol BIS 3 (UBL) file of an invoice, for whoever may see the invoice:
        the portal users of its partner's company, or the holder of its access token
        (the link of the invoice's mail), as Odoo's PDF download on the same page. While
        the job has not made it yet, the invoice page, which says so."""
        try:
            invoice_sudo = self._document_check_access("account.move", invoice_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found()
        if invoice_sudo.state != "posted":
            raise request.not_found()
        xml_sudo = invoice_sudo.ubl_cii_xml_id
        if not xml_sudo and invoice_sudo.benefits_peppol_documents_due:
            return request.redirect(invoice_sudo.get_portal_url())
        if not xml_sudo:
            raise request.not_found()
        return request.make_response(
            xml_sudo.raw,
            headers=[
                ("Content-Type", "application/xml"),
                ("Content-Disposition", content_disposition(xml_sudo.name)),
            ],
        )
