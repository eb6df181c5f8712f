# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Volunteer Expense Notes (DITO)",
    "summary": "Volunteer expense notes: portal entry, signature, approval, billing",
    "version": "19.0.1.0.0",
    "category": "Accounting/Expenses",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["portal", "account", "analytic", "portal_onboarding"],
    "data": [
        "security/dito_expenses_groups.xml",
        "security/ir.model.access.csv",
        "data/portal_onboarding_audience_data.xml",
        "views/dito_expenses_menus.xml",
    ],
    "demo": ["demo/dito_expenses_demo.xml"],
    "application": True,
}
