# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shared attacker's tests (benefits_base security harness) applied to voucher_orders."""

from datetime import date, timedelta

from odoo import fields
from odoo.addons.benefits_base.tests.security_harness import AccessMatrixCase, PortalFuzzCase
from odoo.tests import new_test_user, tagged

from .common import VoucherOrdersCommon, make_niss


def _acme(env):
    """An employer client none of the matrix roles belongs to, with one record of each model."""
    employer = env["res.partner"].create({"name": "Acme Matrix", "is_company": True})
    meal = env.ref("voucher_orders.product_meal_electronic")
    contract = env["vo.contract"].create(
        {
            "name": "MATRIX-MEAL",
            "partner_id": employer.id,
            "product_id": meal.id,
            "date_start": date(2025, 1, 1),
            "meal_employee_share": 1.09,
            "card_price": 5.0,
        }
    )
    centre = env["vo.cost.centre"].create({"partner_id": employer.id, "code": "CC-M"})
    beneficiary = env["vo.beneficiary"].create(
        {
            "partner_id": employer.id,
            "last_name": "Matrix",
            "first_name": "Mia",
            "national_number": make_niss(date(1984, 4, 4), 404),
            "cost_centre_id": centre.id,
        }
    )
    order = env["vo.order"].create(
        {
            "partner_id": employer.id,
            "contract_id": contract.id,
            "load_date": fields.Date.today() + timedelta(days=7),
            "line_ids": [(0, 0, {"beneficiary_id": beneficiary.id, "face_value": 8.0, "days": 20})],
        }
    )
    card = env["vo.card"].create(
        {"beneficiary_id": beneficiary.id, "status": "active", "number": "6299000000000404"}
    )
    load = env["vo.voucher.load"].create(
        {
            "order_id": order.id,
            "line_id": order.line_ids.id,
            "beneficiary_id": beneficiary.id,
            "amount": 160.0,
            "vouchers": 20,
            "load_date": fields.Date.today(),
            "validity_end": fields.Date.today() + timedelta(days=365),
        }
    )
    quote = env["vo.quote"].create(
        {
            "partner_id": employer.id,
            "contract_id": contract.id,
            "beneficiary_count": 3,
            "vouchers_per_beneficiary": 20,
            "face_value": 8.0,
        }
    )
    return {
        "vo.contract": contract,
        "vo.cost.centre": centre,
        "vo.beneficiary": beneficiary,
        "vo.order": order,
        "vo.order.line": order.line_ids,
        "vo.card": card,
        "vo.voucher.load": load,
        "vo.quote": quote,
        "vo.voucher.rule": env.ref("voucher_orders.rule_meal_2026"),
        "vo.issuer.terms": env.ref("voucher_orders.issuer_terms_default"),
    }


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase):
    matrix_modules = ("voucher_orders",)
    matrix_allowed = {}

    @classmethod
    def _matrix_roles(cls):
        other = cls.env["res.partner"].create({"name": "Other Client", "is_company": True})
        cls.env["vo.contract"].create(
            {
                "name": "OTHER-MEAL",
                "partner_id": other.id,
                "product_id": cls.env.ref("voucher_orders.product_meal_electronic").id,
                "date_start": date(2025, 1, 1),
            }
        )
        client_contact = new_test_user(
            cls.env, login="matrix_client_contact", groups="base.group_portal"
        )
        client_contact.partner_id.parent_id = other
        stranger_company = cls.env["res.partner"].create(
            {"name": "Not A Client", "is_company": True}
        )
        non_client = new_test_user(cls.env, login="matrix_non_client", groups="base.group_portal")
        non_client.partner_id.parent_id = stranger_company
        return {
            "other_client_contact": client_contact,
            "non_client_contact": non_client,
            "internal_employee": new_test_user(
                cls.env, login="matrix_employee", groups="base.group_user"
            ),
            "invoicing_clerk": new_test_user(
                cls.env, login="matrix_invoicing", groups="account.group_account_invoice"
            ),
        }

    @classmethod
    def _matrix_records(cls):
        return _acme(cls.env)


@tagged("post_install", "-at_install")
class TestPortalFuzz(VoucherOrdersCommon, PortalFuzzCase):
    fuzz_modules = ("voucher_orders",)
    fuzz_skip = {}
    fuzz_examples = 5

    def _fuzz_targets(self):
        self.env["vo.card"].create({"beneficiary_id": self.alice.id, "status": "active"})
        order = self._order()
        line = order.line_ids[0]
        confirm = self._order(beneficiaries=self.alice)
        confirm.warnings_acknowledged = True
        load_date = str(self.env["vo.order"]._earliest_load_date() + timedelta(days=1))
        header = {"contract_id": str(self.contract.id), "load_date": load_date, "reference": "R"}
        person = {
            "last_name": "Fuzz",
            "first_name": "Fay",
            "national_number": make_niss(date(1979, 9, 9), 99),
            "birth_date": "1979-09-09",
            "email": "fay@example.com",
            "delivery": "workplace",
            "street": "Rue 1",
            "zip": "4700",
            "city": "Eupen",
            "meal_face_value": "8",
            "cost_centre_id": "",
            "is_temporary_number": "",
        }
        login = "vo_contact"
        return [
            ("/my/beneficiaries/new", "http", person, login),
            (f"/my/beneficiaries/{self.bob.id}", "http", {**person, "national_number": ""}, login),
            (f"/my/beneficiaries/{self.alice.id}/report-card", "http", {"status": "lost"}, login),
            (
                "/my/beneficiaries/upload",
                "http",
                {"upload": "x", "allow_updates": "1", "key": "k", "confirm": ""},
                login,
            ),
            (
                "/my/voucher-orders/new",
                "http",
                {**header, "face_value": "8.00", "days": "20", "amount": ""},
                login,
            ),
            (
                f"/my/voucher-orders/{order.id}/review",
                "http",
                {
                    "update": "1",
                    f"value_{line.id}": "10",
                    f"face_{line.id}": "8.00",
                    "acknowledge": "",
                },
                login,
            ),
            ("/my/voucher-orders/upload", "http", {**header, "upload": "x"}, login),
            (f"/my/voucher-orders/{confirm.id}/confirm", "http", {"note": "1"}, login),
            (f"/my/beneficiaries/{self.bob.id}/deactivate", "http", {"note": "1"}, login),
            (
                "/my/beneficiaries/search",
                "http",
                {"search": self.alice.national_number, "inactive": "", "page": "1"},
                login,
            ),
        ]
