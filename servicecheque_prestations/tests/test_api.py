# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import json

from odoo.tests import HttpCase, tagged

from .common import ServiceVoucherCommon

URL = "/servicecheque/api/v1/performance"


@tagged("post_install", "-at_install")
class TestVoiceServerApi(HttpCase, ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_key = cls.env["sc.api.key"].create({"name": "Telephony", "rate_limit": 8})
        cls.key = cls.api_key.action_generate()["params"]["message"]

    def _call(self, key=None, **body):
        return self.url_open(
            URL,
            data=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key or self.key}",
            },
        )

    def test_key_stored_hashed_and_checked(self):
        self.assertNotEqual(self.api_key.sudo().key_hash, self.key)
        self.assertEqual(len(self.api_key.sudo().key_hash), 64)
        self.assertEqual(self._call(key="sck_wrong").status_code, 401)

    def test_step_by_step_then_summary_then_idempotent_confirm(self):
        step = self._call(worker_code="TW01").json()
        self.assertTrue(step["ok"])
        self.assertEqual(step["missing"], ["user_number", "activity", "hours"])
        bad = self._call(worker_code="TW01", user_number="1234", activity=5)
        self.assertEqual(bad.status_code, 422)
        self.assertIn("12 digits", bad.json()["errors"]["user_number"])
        self.assertIn("Activity", bad.json()["errors"]["activity"])
        body = {"worker_code": "TW01", "user_number": "123456789012", "activity": 1, "hours": 3}
        summary = self._call(**body).json()
        self.assertIn("123456789012", summary["summary"])
        self.assertFalse(
            self.env["sc.performance"].search(
                [("channel", "=", "api"), ("employee_id", "=", self.worker.id)]
            )
        )
        saved = self._call(**body, confirm=True, client_key="call-42").json()
        self.assertTrue(saved["saved"])
        again = self._call(**body, confirm=True, client_key="call-42").json()
        self.assertTrue(again["replayed"])
        self.assertEqual(again["performance_id"], saved["performance_id"])
        performances = self.env["sc.performance"].search(
            [("channel", "=", "api"), ("employee_id", "=", self.worker.id)]
        )
        self.assertEqual(len(performances), 1)
        self.assertEqual(performances.employee_id, self.worker)

    def test_key_sees_only_its_company(self):
        other_company = self.env["res.company"].create({"name": "Other API Company"})
        other_key = self.env["sc.api.key"].create({"name": "Other", "company_id": other_company.id})
        key = other_key.action_generate()["params"]["message"]
        answer = self._call(
            key=key, worker_code="TW01", user_number="123456789012", activity=1, hours=2
        ).json()
        self.assertIn("worker_code", answer["errors"])

    def test_rate_limited(self):
        statuses = [self._call(worker_code="TW01").status_code for __ in range(9)]
        self.assertEqual(statuses[-1], 429)
        self.assertEqual(statuses[:8], [200] * 8)
