# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import json
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

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

    # ------------------------------------------------------------
    # issue 8: malformed calls, strict types, JSON errors, duplicates
    # ------------------------------------------------------------

    def _raw(self, data, key=None, method="POST"):
        return self.url_open(
            URL,
            data=data,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key or self.key}",
            },
            method=method,
        )

    def _assert_json_error(self, response, status):
        self.assertEqual(response.status_code, status, response.text[:200])
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "application/json")
        self.assertFalse(response.json()["ok"])
        self.assertNotIn("Traceback", response.text)

    def test_nested_and_huge_bodies_answer_json(self):
        """ "the API with a deeply nested JSON body (RecursionError, under 4 KB) and
        1e400 hours" never answers 500."""
        self.api_key.rate_limit = 100
        self._assert_json_error(self._raw("[" * 2000 + "]" * 2000), 400)
        self._assert_json_error(self._raw('{"a": ' * 500 + "1" + "}" * 500), 400)
        self._assert_json_error(self._raw('{"worker_code": "TW01", "hours": 1e400}'), 400)
        self._assert_json_error(self._raw('{"hours": NaN}'), 400)
        self._assert_json_error(self._raw("not json"), 400)
        self._assert_json_error(self._raw("[1, 2]"), 400)
        self._assert_json_error(self._raw(b"\xff\xfe"), 400)
        self._assert_json_error(self._raw("{" + " " * 5000 + "}"), 413)

    def test_wrong_types_are_refused_not_converted(self):
        """ "The API also accepts hours: 2.9 as 2 and true as 1 (refuse wrong types)"."""
        self.api_key.rate_limit = 100
        base = {"worker_code": "TW01", "user_number": "123456789012", "activity": 1}
        for field, value in (
            ("hours", 2.9),
            ("hours", True),
            ("hours", "3"),
            ("hours", 99999999999),
            ("activity", True),
            ("activity", 1.0),
            ("user_number", 123456789012),
            ("worker_code", ["TW01"]),
            ("worker_code", "TW\x0001"),
            ("confirm", "yes"),
            ("client_key", {"a": 1}),
        ):
            body = {**base, "hours": 2, field: value}
            with self.subTest(field=field, value=value):
                response = self._call(**body)
                self._assert_json_error(response, 400)
                answer = response.json()
                self.assertTrue(field in answer.get("errors", {}) or answer.get("error"))
        for field, value in (("hours", -1), ("hours", 10), ("activity", 0), ("activity", 5)):
            with self.subTest(field=field, value=value):
                response = self._call(**{**base, "hours": 2, field: value})
                self._assert_json_error(response, 422)
                self.assertIn(field, response.json()["errors"])
        saved = self._call(**base, hours=2, confirm=True, client_key="types-ok").json()
        self.assertTrue(saved["saved"])
        self.assertEqual(self.env["sc.performance"].browse(saved["performance_id"]).hours, 2)

    def test_every_error_is_json(self):
        self._assert_json_error(self._call(key="sck_wrong"), 401)
        self._assert_json_error(self._raw("{}", method="GET"), 405)
        response = self.url_open("/servicecheque/api/v1/nothing", data="{}")
        self._assert_json_error(response, 404)

    def test_malformed_calls_count_in_the_rate_limit(self):
        """ "does not count malformed calls in its rate limit" → every call counts."""
        statuses = [self._raw("[" * 50).status_code for __ in range(8)]
        self.assertEqual(statuses, [400] * 8)
        self._assert_json_error(self._call(worker_code="TW01"), 429)

    def test_second_encoding_of_the_same_performance_is_refused(self):
        """ "two calls ... for the same worker, user number, day and activity (different
        client_keys) both return 200 and store two performances" → 409, one stored."""
        body = {"worker_code": "TW01", "user_number": "123456789012", "activity": 1, "hours": 3}
        first = self._call(**body, confirm=True, client_key="call-a")
        self.assertEqual(first.status_code, 200)
        second = self._call(**body, confirm=True, client_key="call-b")
        self._assert_json_error(second, 409)
        self.assertIn("Already encoded", second.json()["errors"]["duplicate"])
        # the same moment: the check passes for both, the database refuses the second
        Performance = type(self.env["sc.performance"])
        with (
            patch.object(Performance, "_duplicate_domain", lambda self, values: [("id", "=", 0)]),
            mute_logger("odoo.sql_db"),
        ):
            third = self._call(**body, confirm=True, client_key="call-c")
        self._assert_json_error(third, 409)
        self.assertEqual(
            self.env["sc.performance"].search_count(
                [("employee_id", "=", self.worker.id), ("channel", "=", "api")]
            ),
            1,
        )
        other_activity = self._call(**{**body, "activity": 2}, confirm=True, client_key="call-d")
        self.assertEqual(other_activity.status_code, 200, "another activity is another one")

    def test_worker_encodes_only_for_their_clients(self):
        """ "a worker can encode for any household of the company, not only the
        households they work for"."""
        answer = self._call(worker_code="TW01", user_number="999988887777", activity=1, hours=2)
        self.assertEqual(answer.status_code, 422)
        self.assertIn("not one of your clients", answer.json()["errors"]["user_number"])
