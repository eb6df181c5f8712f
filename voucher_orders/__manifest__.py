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
        "security/voucher_orders_security.xml",
        "data/portal_onboarding_audience_data.xml",
        "data/vo_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/vo_config_views.xml",
        "views/vo_beneficiary_views.xml",
        "views/vo_order_views.xml",
        "views/voucher_orders_menus.xml",
        "views/vo_portal_templates.xml",
    ],
    "demo": ["demo/voucher_orders_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "voucher_orders/static/src/js/tours/*.js",
        ],
    },
    "application": True,
}
