# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Belgian Benefits Peppol E-Invoices",
    "summary": "Peppol BIS 3 UBL of the benefit addons' B2B invoices, with the Belgian structured "
    "communication, and its download on the portal invoice page",
    "version": "19.0.1.1.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["account_edi_ubl_cii"],
    "data": ["data/ir_cron_data.xml", "views/account_portal_templates.xml"],
}
