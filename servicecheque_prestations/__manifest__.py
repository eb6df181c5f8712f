# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Service-Voucher Performances",
    "summary": "Register, validate and get paid service-voucher performances",
    "version": "19.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["portal", "account", "hr", "portal_onboarding"],
    "data": [
        "security/servicecheque_prestations_groups.xml",
        "security/ir.model.access.csv",
        "data/portal_onboarding_audience_data.xml",
        "views/servicecheque_prestations_menus.xml",
    ],
    "demo": ["demo/servicecheque_prestations_demo.xml"],
    "application": True,
}
