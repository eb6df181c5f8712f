# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Benefit Voucher Orders",
    "summary": "Employer portal: beneficiaries, voucher orders, card and product invoices",
    "version": "19.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["portal", "account", "portal_onboarding"],
    "data": [
        "security/voucher_orders_groups.xml",
        "security/ir.model.access.csv",
        "data/portal_onboarding_audience_data.xml",
        "views/voucher_orders_menus.xml",
    ],
    "demo": ["demo/voucher_orders_demo.xml"],
    "application": True,
}
