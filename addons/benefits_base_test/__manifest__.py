# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Belgian Benefits Base Tests",
    "summary": "Test-only addon: a concrete dated figure to test the dated "
    "configuration mixin of Belgian Benefits Base",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/belgian-benefits/odoo-addons",
    "author": "Belgian Benefits Odoo Contributors",
    "maintainers": ["belgian-benefits"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["benefits_base"],
    "data": [
        "security/ir.model.access.csv",
        "data/benefits_dated_test_data.xml",
    ],
}
