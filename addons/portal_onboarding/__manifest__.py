# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Phased Portal Onboarding",
    "summary": "Invite portal users in waves, with access requests, expiring links and resends",
    "version": "19.0.1.0.0",
    "category": "Website/Portal",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["portal", "auth_signup", "mail", "benefits_base"],
    "data": [
        "security/portal_onboarding_groups.xml",
        "security/ir.model.access.csv",
        "security/portal_onboarding_security.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "wizard/portal_onboarding_assign_views.xml",
        "views/portal_onboarding_audience_views.xml",
        "views/portal_onboarding_wave_views.xml",
        "views/portal_onboarding_member_views.xml",
        "views/portal_onboarding_request_views.xml",
        "views/res_partner_views.xml",
        "views/portal_onboarding_menus.xml",
        "views/portal_onboarding_templates.xml",
    ],
    "demo": ["demo/portal_onboarding_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "portal_onboarding/static/src/js/tours/*.js",
        ],
    },
}
