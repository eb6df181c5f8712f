# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Volunteer Expense Notes (DITO)",
    "summary": "Expense notes of the volunteers of DITO vzw (a Belgian volunteer organisation): "
    "portal entry, signature, approval, monthly billing and payment",
    "version": "19.0.1.3.0",
    "category": "Accounting/Expenses",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "benefits_base",
        "portal",
        "account",
        "analytic",
        "portal_onboarding",
        # OCA bank-payment (AGPL-3): payment orders and their SEPA credit-transfer file
        "account_payment_order",
        "account_banking_sepa_credit_transfer",
    ],
    "external_dependencies": {"python": ["num2words", "xlsxwriter", "unidecode"]},
    "data": [
        "security/dito_expenses_groups.xml",
        "security/ir.model.access.csv",
        "security/dito_expense_note_security.xml",
        "data/portal_onboarding_audience_data.xml",
        "data/dito_expenses_data.xml",
        "data/dito_rate_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "report/dito_expense_note_report.xml",
        "report/dito_expense_register_report.xml",
        "wizard/dito_expense_refuse_wizard_views.xml",
        "wizard/dito_expense_register_wizard_views.xml",
        "views/dito_expense_note_views.xml",
        "views/dito_expense_batch_views.xml",
        "views/account_payment_order_views.xml",
        "views/dito_config_views.xml",
        "views/dito_expense_note_templates.xml",
        "views/dito_expenses_menus.xml",
    ],
    "demo": ["demo/dito_expenses_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "dito_expenses/static/src/interactions/*.js",
        ],
        "web.assets_tests": [
            "dito_expenses/static/src/js/tours/*.js",
        ],
    },
    "application": True,
}
