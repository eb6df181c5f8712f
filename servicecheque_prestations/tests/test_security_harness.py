# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shared attacker's tests (benefits_base) for service vouchers."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo.addons.benefits_base.tests.security_harness import (
    AccessMatrixCase,
    MenuAccessCase,
    PortalFuzzCase,
)
from odoo.tests import new_test_user, tagged

from .common import ServiceVoucherCommon


def _other_company_records(env):
    """One or two records of every sc model in a company none of the roles belongs to."""
    company = env["res.company"].create({"name": "Matrix SV Company"})
    env = env(context={**env.context, "allowed_company_ids": company.ids})
    env = env["res.users"].with_company(company).env
    partner = env["res.partner"].create({"name": "Matrix household", "zip": "3500"})
    branch = env["sc.branch"].create({"name": "Matrix branch", "company_id": company.id})
    number, number_2 = env["sc.user.number"].create(
        [
            {"name": "888877776666", "partner_id": partner.id, "company_id": company.id},
            {"name": "888877776667", "partner_id": partner.id, "company_id": company.id},
        ]
    )
    employee = env["hr.employee"].create(
        {
            "name": "Matrix worker",
            "company_id": company.id,
            "sc_worker_code": "MX01",
            "sc_branch_id": branch.id,
            "sc_client_ids": [(6, 0, number.ids)],
        }
    )
    lot = env["sc.voucher.lot"].create(
        {"user_number_id": number.id, "quantity": 10, "bought_on": date(2026, 1, 5)}
    )
    performance, other = env["sc.performance"].create(
        [
            {
                "user_number_id": number.id,
                "employee_id": employee.id,
                "company_id": company.id,
                "date": date(2026, 3, 2),
                "hours": hours,
                "activity": activity,
            }
            for hours, activity in ((3, "1"), (2, "2"))
        ]
    )
    performance.action_confirm_as_user()
    performance.action_validate()
    key = env["sc.api.key"].create({"name": "Matrix key", "company_id": company.id})
    key.action_generate()
    call = env["sc.api.call"].create({"key_id": key.id, "response": {"ok": True}})
    reimbursement = env["sc.reimbursement"].create(
        {
            "name": "R-MATRIX",
            "company_id": company.id,
            "region_id": env.ref("servicecheque_prestations.sc_region_flanders").id,
            "issuer_id": partner.id,
        }
    )
    sc_import = env["sc.import"].create(
        {
            "kind": "workers",
            "company_id": company.id,
            "file": base64.b64encode(b"Code;Naam\nMX02;Someone\n"),
            "filename": "workers.csv",
        }
    )
    voucher_request = env["sc.voucher.request"].create(
        {"lot_id": lot.id, "kind": "refund", "quantity": 1}
    )
    move = env["sc.performance.move"].create(
        {"performance_ids": [(6, 0, other.ids)], "user_number_id": number_2.id}
    )
    paper = env["sc.paper.payment"].create({"performance_id": other.id, "count": 1})
    flanders = env.ref("servicecheque_prestations.sc_region_flanders")
    return {
        "sc.branch": branch,
        "sc.user.number": number,
        "sc.performance": performance | other,
        "sc.voucher.lot": lot,
        "sc.voucher.allocation": performance.allocation_ids,
        "sc.api.key": key,
        "sc.api.call": call,
        "sc.reimbursement": reimbursement,
        "sc.import": sc_import,
        "sc.voucher.request": voucher_request,
        "sc.performance.move": move,
        "sc.paper.payment": paper,
        "sc.region": flanders,
        "sc.region.rule": flanders.rule_ids[:1],
        "sc.region.price": env.ref("servicecheque_prestations.sc_region_price_brussels_2026_1"),
    }


@tagged("post_install", "-at_install")
@freeze_time("2026-03-03 10:00:00")
class TestAccessMatrix(AccessMatrixCase):
    matrix_modules = ("servicecheque_prestations",)
    matrix_allowed = {
        ("sc.region", "read", "*"): "regions are public configuration (names, holidays)",
        ("sc.region.rule", "read", "branch_staff"): "staff read the legal delays they apply",
        ("sc.region.price", "read", "branch_staff"): "staff read the published user prices",
    }

    @classmethod
    def _matrix_roles(cls):
        household = cls.env["res.partner"].create({"name": "Matrix client", "zip": "3500"})
        return {
            "household": new_test_user(
                cls.env,
                login="matrix_household",
                groups="servicecheque_prestations.group_sc_user",
                partner_id=household.id,
            ),
            "worker": new_test_user(
                cls.env, login="matrix_worker", groups="servicecheque_prestations.group_sc_worker"
            ),
            "branch_staff": new_test_user(
                cls.env,
                login="matrix_staff",
                groups="servicecheque_prestations.group_branch_staff",
            ),
            "employee": new_test_user(cls.env, login="matrix_employee", groups="base.group_user"),
        }

    @classmethod
    def _matrix_records(cls):
        return _other_company_records(cls.env)


@tagged("post_install", "-at_install")
class TestPortalFuzz(PortalFuzzCase, ServiceVoucherCommon):
    fuzz_modules = ("servicecheque_prestations",)
    fuzz_skip = {
        "/servicecheque/api/<path:rest>": "answers 404 JSON to every call; fuzzed through "
        "the performance endpoint's bodies",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_key = cls.env["sc.api.key"].create({"name": "Fuzz", "rate_limit": 100000})
        key = cls.api_key.action_generate()["params"]["message"]
        cls.fuzz_headers = {"/servicecheque/api/v1/performance": {"Authorization": f"Bearer {key}"}}
        cls.client_user.password = "sc_client"
        cls.client_user.login = "sc_client"
        cls.worker_user.password = "sc_worker"
        today = cls.env["sc.performance"]._today()
        cls.fuzz_perf = cls._perf(day=today, hours=2)
        cls.fuzz_perf_2 = cls._perf(day=today, hours=2, activity="2")
        cls.fuzz_lot = cls._lot(quantity=10, bought_on=today)

    def _fuzz_targets(self):
        perf, lot = self.fuzz_perf, self.fuzz_lot
        encoding = {"user_number": "123456789012", "activity": "1", "hours": "2"}
        return [
            (f"/my/prestations/{perf.id}/confirm", "http", {"note": "ok"}, "sc_client"),
            (
                f"/my/prestations/{self.fuzz_perf_2.id}/contest",
                "http",
                {"reason": "She left early"},
                "sc_client",
            ),
            (
                f"/my/prestations/lots/{lot.id}/request",
                "http",
                {"kind": "exchange", "quantity": "2"},
                "sc_client",
            ),
            ("/my/jobtracker/summary", "http", encoding, "sc_worker"),
            ("/my/jobtracker/confirm", "http", {**encoding, "client_key": "k"}, "sc_worker"),
            (
                f"/my/jobtracker/{perf.id}/correct",
                "http",
                {"hours": "3", "activity": "1"},
                "sc_worker",
            ),
            (
                "/servicecheque/api/v1/performance",
                "json",
                {
                    "worker_code": "TW01",
                    "user_number": "123456789012",
                    "activity": 3,
                    "hours": 2,
                    "client_key": "fuzz",
                    "confirm": False,
                },
                None,
            ),
        ]


@tagged("post_install", "-at_install")
class TestMenus(MenuAccessCase):
    menu_modules = ("servicecheque_prestations",)

    @classmethod
    def _menu_roles(cls):
        branch = cls.env["sc.branch"].create({"name": "Menu branch"})
        return {
            "branch_staff": new_test_user(
                cls.env,
                login="menu_staff",
                groups="servicecheque_prestations.group_branch_staff",
                sc_branch_ids=[(6, 0, branch.ids)],
            ),
            "access_manager": new_test_user(
                cls.env,
                login="menu_manager",
                groups="servicecheque_prestations.group_access_manager",
            ),
        }
