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
        "security/servicecheque_prestations_security.xml",
        "data/portal_onboarding_audience_data.xml",
        "data/sc_region_data.xml",
        "data/ir_cron_data.xml",
        "views/sc_wizard_views.xml",
        "views/sc_performance_views.xml",
        "views/sc_wallet_views.xml",
        "views/sc_config_views.xml",
        "views/servicecheque_prestations_menus.xml",
        "views/sc_portal_templates.xml",
    ],
    "demo": ["demo/servicecheque_prestations_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "servicecheque_prestations/static/src/js/tours/*.js",
        ],
    },
    "application": True,
}
