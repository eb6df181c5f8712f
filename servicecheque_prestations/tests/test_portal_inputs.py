# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal forms with bad input, notices by code, workers limited to their clients
(issue 8)."""

from odoo.tests import HttpCase, tagged

from .common import ServiceVoucherCommon

BAD_NUMBERS = ("nan", "inf", "1e308", "99999999999", "-1", "2.9", "4\x00", "")


@tagged("post_install", "-at_install")
class TestPortalInputs(HttpCase, ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user.password = "sc_client"
        cls.worker_user.password = "sc_worker"

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def _assert_form_error(self, response, field_label):
        self.assertEqual(response.status_code, 400, response.text[-500:])
        self.assertNotIn("Traceback", response.text)
        self.assertIn(field_label, response.text)

    def test_message_parameter_is_never_reflected(self):
        """ "?message= on /my/prestations and /my/jobtracker shows any text as a success
        notice" → notices come by code from a fixed, translated list."""
        self.authenticate("sc_client", "sc_client")
        page = self.url_open("/my/prestations?message=Your+account+is+blocked%2C+call+0900")
        self.assertNotIn("call 0900", page.text)
        self.assertNotIn("o_sc_message", page.text)
        page = self.url_open("/my/prestations?message=confirmed&error=Evil+text")
        self.assertIn("Performance confirmed.", page.text)
        self.assertNotIn("Evil text", page.text)
        self.authenticate("sc_worker", "sc_worker")
        page = self.url_open("/my/jobtracker?message=Send+your+password+to+evil%40example.com")
        self.assertNotIn("evil@example.com", page.text)
        page = self.url_open("/my/jobtracker?message=saved")
        self.assertIn("Performance saved.", page.text)

    def test_worker_encodes_only_for_their_clients(self):
        """ "a worker can encode for any household of the company, not only the
        households they work for"."""
        self.authenticate("sc_worker", "sc_worker")
        csrf = self._csrf("/my/jobtracker")
        data = {"csrf_token": csrf, "user_number": "999988887777", "activity": "1", "hours": "2"}
        summary = self.url_open("/my/jobtracker/summary", data=data)
        self._assert_form_error(summary, "is not one of your clients")
        confirm = self.url_open("/my/jobtracker/confirm", data={**data, "client_key": "k1"})
        self._assert_form_error(confirm, "is not one of your clients")
        self.assertFalse(
            self.env["sc.performance"].search([("user_number_id", "=", self.other_number.id)])
        )

    def test_job_tracker_bad_numbers_give_form_errors(self):
        self.authenticate("sc_worker", "sc_worker")
        csrf = self._csrf("/my/jobtracker")
        for value in BAD_NUMBERS:
            for field, label in (("hours", "Hours"), ("activity", "Activity")):
                data = {
                    "csrf_token": csrf,
                    "user_number": "123456789012",
                    "activity": "1",
                    "hours": "2",
                    field: value,
                }
                with self.subTest(field=field, value=value):
                    self._assert_form_error(
                        self.url_open("/my/jobtracker/summary", data=data), label
                    )
                    self._assert_form_error(
                        self.url_open("/my/jobtracker/confirm", data={**data, "client_key": "bad"}),
                        label,
                    )
        self._assert_form_error(
            self.url_open(
                "/my/jobtracker/summary",
                data={
                    "csrf_token": csrf,
                    "user_number": "1234\x005678",
                    "activity": "1",
                    "hours": "2",
                },
            ),
            "User number",
        )
        self.assertFalse(self.env["sc.performance"].search([("employee_id", "=", self.worker.id)]))

    def test_job_tracker_duplicate_is_a_form_error(self):
        self.authenticate("sc_worker", "sc_worker")
        csrf = self._csrf("/my/jobtracker")
        data = {"csrf_token": csrf, "user_number": "123456789012", "activity": "1", "hours": "2"}
        self.url_open("/my/jobtracker/confirm", data={**data, "client_key": "first"})
        second = self.url_open("/my/jobtracker/confirm", data={**data, "client_key": "second"})
        self._assert_form_error(second, "Already encoded")
        self.assertEqual(
            self.env["sc.performance"].search_count([("employee_id", "=", self.worker.id)]), 1
        )

    def test_correction_with_bad_numbers(self):
        today = self.env["sc.performance"]._today()
        mine = self._perf(day=today, hours=2)
        self.authenticate("sc_worker", "sc_worker")
        csrf = self._csrf("/my/jobtracker")
        for value in BAD_NUMBERS[:-1]:
            with self.subTest(value=value):
                response = self.url_open(
                    f"/my/jobtracker/{mine.id}/correct", data={"csrf_token": csrf, "hours": value}
                )
                self._assert_form_error(response, "Hours")
        self.assertEqual(mine.hours, 2)
        self.assertFalse(mine.auto_validation_cancelled, "nothing half-written")

    def test_lot_request_bad_quantities(self):
        today = self.env["sc.performance"]._today()
        lot = self._lot(quantity=6, bought_on=today)
        self.authenticate("sc_client", "sc_client")
        csrf = self._csrf("/my/prestations")
        url = f"/my/prestations/lots/{lot.id}/request"
        for value in (*BAD_NUMBERS, "7"):
            with self.subTest(value=value):
                response = self.url_open(
                    url, data={"csrf_token": csrf, "kind": "exchange", "quantity": value}
                )
                self._assert_form_error(response, "Quantity")
        response = self.url_open(
            url, data={"csrf_token": csrf, "kind": "gift\x00", "quantity": "1"}
        )
        self._assert_form_error(response, "Request")
        self.assertFalse(self.env["sc.voucher.request"].search([("lot_id", "=", lot.id)]))

    def test_contest_with_nul_byte_or_too_long(self):
        today = self.env["sc.performance"]._today()
        mine = self._perf(day=today, hours=2)
        self.authenticate("sc_client", "sc_client")
        csrf = self._csrf("/my/prestations")
        for reason in ("bad\x00", "x" * 1001, "  "):
            with self.subTest(reason=reason[:5]):
                response = self.url_open(
                    f"/my/prestations/{mine.id}/contest",
                    data={"csrf_token": csrf, "reason": reason},
                )
                self._assert_form_error(response, "Reason")
        self.assertFalse(mine.contested)
        self.assertFalse(mine.contest_reason)
