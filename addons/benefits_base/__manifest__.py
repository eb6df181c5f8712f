# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Belgian Benefits Base",
    "summary": "Shared input checks, dated figures, export safety and security test harness "
    "of the Belgian benefit administration addons",
    "version": "19.0.1.1.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["base", "web"],
}
