# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-03 10:00:00")
class TestSecurity(ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.perf_a = cls._perf()
        cls.perf_b = cls._perf(number=cls.other_number, worker=cls.worker_b)
        cls.other_company = cls.env["res.company"].create({"name": "Other SV Company"})
        cls.other_company_number = cls.env["sc.user.number"].create(
            {
                "name": "555566667777",
                "partner_id": cls.household.id,
                "company_id": cls.other_company.id,
            }
        )
        cls.other_company_worker = cls.env["hr.employee"].create(
            {"name": "Elsewhere", "company_id": cls.other_company.id, "sc_worker_code": "X1"}
        )
        cls.perf_other_company = cls.env["sc.performance"].create(
            {
                "user_number_id": cls.other_company_number.id,
                "employee_id": cls.other_company_worker.id,
                "company_id": cls.other_company.id,
                "hours": 2,
            }
        )

    def test_branch_staff_see_their_branches_only(self):
        Performance = self.env["sc.performance"].with_user(self.staff)
        seen = Performance.search([])
        self.assertIn(self.perf_a, seen)
        self.assertNotIn(self.perf_b, seen, "other branch")
        self.assertNotIn(self.perf_other_company, seen, "other company")
        with self.assertRaises(AccessError):
            self.perf_b.with_user(self.staff).action_validate()

    def test_access_manager_sees_every_branch_of_their_companies(self):
        seen = self.env["sc.performance"].with_user(self.manager).search([])
        self.assertIn(self.perf_a, seen)
        self.assertIn(self.perf_b, seen)
        self.assertNotIn(self.perf_other_company, seen)

    def test_portal_users_see_their_own_only(self):
        seen = self.env["sc.performance"].with_user(self.client_user).search([])
        self.assertIn(self.perf_a, seen)
        self.assertNotIn(self.perf_b, seen)
        numbers = self.env["sc.user.number"].with_user(self.other_client_user).search([])
        self.assertEqual(numbers, self.other_number)
        with self.assertRaises(AccessError):
            self.perf_a.with_user(self.other_client_user).read(["hours"])
        with self.assertRaises(AccessError):
            self.perf_a.with_user(self.client_user).write({"hours": 1})

    def test_worker_sees_own_encodings(self):
        seen = self.env["sc.performance"].with_user(self.worker_user).search([])
        self.assertEqual(seen, self.perf_a)
