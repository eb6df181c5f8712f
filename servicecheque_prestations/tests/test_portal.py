# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo.tests import HttpCase, tagged

from ..tools.states import Event, Party
from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
class TestPortal(HttpCase, ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user, password in ((cls.client_user, "sc_client"), (cls.worker_user, "sc_worker")):
            user.password = password
        cls.other_client_user.password = "sc_other_client"

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def test_user_page_lists_own_performances_and_wallet(self):
        today = self.env["sc.performance"]._today()
        mine = self._perf(day=today, hours=3)
        theirs = self._perf(number=self.other_number, day=today, hours=2)
        self._lot(quantity=7, bought_on=today)
        self.authenticate("sc_client", "sc_client")
        page = self.url_open("/my/prestations")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"o_sc_performance_{mine.id}", page.text)
        self.assertNotIn(f"o_sc_performance_{theirs.id}", page.text)
        self.assertIn("123456789012", page.text)
        self.assertIn("1 performances, 3 hours", page.text)

    def test_user_cannot_confirm_someone_else(self):
        today = self.env["sc.performance"]._today()
        theirs = self._perf(number=self.other_number, day=today)
        self._perf(day=today)
        self.authenticate("sc_client", "sc_client")
        csrf = self._csrf("/my/prestations")
        for action in ("confirm", "contest"):
            response = self.url_open(
                f"/my/prestations/{theirs.id}/{action}",
                data={"csrf_token": csrf, "reason": "not mine"},
                allow_redirects=False,
            )
            # one refusal for every route: another client's record is not found
            self.assertEqual(response.status_code, 404, action)
        self.assertFalse(theirs.user_confirmed)
        self.assertFalse(theirs.contested)
        # a worker is not a service-voucher user: sent to /my, no action
        self.authenticate("sc_worker", "sc_worker")
        response = self.url_open("/my/prestations", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))

    def test_worker_cannot_correct_someone_elses_encoding(self):
        theirs = self._perf(worker=self.worker_b, day=self.env["sc.performance"]._today())
        self.authenticate("sc_worker", "sc_worker")
        csrf = self._csrf("/my/jobtracker")
        response = self.url_open(
            f"/my/jobtracker/{theirs.id}/correct",
            data={"csrf_token": csrf, "hours": "2"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(theirs.hours, 4)

    def test_too_late_is_said(self):
        """The page offered Confirm and Contest, then the automatic validation came
        first (month end: the cron runs while households click): the user is told that
        nothing changed, in their language, and nothing is applied."""
        mine = self._perf(day=self.env["sc.performance"]._today())
        self.authenticate("sc_client", "sc_client")
        csrf = self._csrf("/my/prestations")
        root = self.env.ref("base.partner_root")
        mine._apply_event(Event.AUTO_VALIDATE, "cron", author=root, party=Party.BOTH)
        self.assertFalse(mine.can_confirm or mine.can_contest)
        status = mine.status
        for action in ("confirm", "contest"):
            response = self.url_open(
                f"/my/prestations/{mine.id}/{action}",
                data={"csrf_token": csrf, "reason": "not there"},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303, action)
            self.assertIn("message=unchanged", response.headers["Location"], action)
        self.assertEqual(mine.status, status)
        self.assertFalse(mine.contested)
        self.assertFalse(mine.message_ids.filtered(lambda m: m.author_id == self.household))
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["ir.module.module"]._load_module_terms(["servicecheque_prestations"], ["nl_BE"])
        self.client_user.lang = "nl_BE"
        page = self.url_open("/nl/my/prestations?message=unchanged").text
        self.assertIn("Er is niets gewijzigd", page)

    def test_confirm_twice_applies_once(self):
        mine = self._perf(day=self.env["sc.performance"]._today())
        self.authenticate("sc_client", "sc_client")
        csrf = self._csrf("/my/prestations")
        for __ in range(2):
            self.url_open(f"/my/prestations/{mine.id}/confirm", data={"csrf_token": csrf})
        self.assertEqual(mine.status, "confirmed")
        confirmations = mine.message_ids.filtered(lambda m: "Confirmed by the user" in m.body)
        self.assertEqual(len(confirmations), 1)
        self.assertEqual(confirmations.author_id, self.household)

    def test_query_count_does_not_grow_with_performances(self):
        today = self.env["sc.performance"]._today()
        self.env["sc.performance"].create(
            [
                {
                    "user_number_id": self.number.id,
                    "employee_id": self.worker.id,
                    "date": today - timedelta(days=i),
                    "hours": 1 + i % 9,
                    "activity": str(1 + i % 4),
                }
                for i in range(60)
            ]
        )
        self.authenticate("sc_client", "sc_client")
        self.url_open("/my/prestations")  # warm the caches
        with self.assertQueryCount(30):  # 28 measured; independent of the number of rows
            page = self.url_open("/my/prestations")
        self.assertEqual(page.text.count("o_sc_performance_"), 50, "50 per page")

    def test_worker_summary_validation_and_double_submit(self):
        self.authenticate("sc_worker", "sc_worker")
        csrf = self._csrf("/my/jobtracker")
        bad = self.url_open(
            "/my/jobtracker/summary",
            data={"csrf_token": csrf, "user_number": "12345", "activity": "7", "hours": "12"},
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("type the 12 digits", bad.text)
        self.assertIn("Hours: type a whole number from 1 to 9", bad.text)
        unknown = self.url_open(
            "/my/jobtracker/summary",
            data={"csrf_token": csrf, "user_number": "111122223333", "activity": "1", "hours": "2"},
        )
        self.assertIn("is not known to your company", unknown.text)
        data = {
            "csrf_token": csrf,
            "user_number": "123456789012",
            "activity": "1",
            "hours": "2",
            "client_key": "abc123",
        }
        self.url_open("/my/jobtracker/confirm", data=data)
        self.url_open("/my/jobtracker/confirm", data=data)
        performances = self.env["sc.performance"].search([("employee_id", "=", self.worker.id)])
        self.assertEqual(len(performances), 1, "the same summary saved once")

    def test_worker_corrects_before_validation_only(self):
        today = self.env["sc.performance"]._today()
        mine = self._perf(day=today, hours=2)
        theirs = self._perf(day=today, worker=self.worker_b, hours=2)
        self.authenticate("sc_worker", "sc_worker")
        csrf = self._csrf("/my/jobtracker")
        self.url_open(f"/my/jobtracker/{mine.id}/correct", data={"csrf_token": csrf, "hours": "3"})
        self.assertEqual(mine.hours, 3)
        self.assertTrue(mine.auto_validation_cancelled, "a change cancels automatic validation")
        self.url_open(
            f"/my/jobtracker/{theirs.id}/correct", data={"csrf_token": csrf, "hours": "5"}
        )
        self.assertEqual(theirs.hours, 2, "not their encoding")
        mine.action_validate()
        mine.action_confirm_as_user()
        self.url_open(f"/my/jobtracker/{mine.id}/correct", data={"csrf_token": csrf, "hours": "4"})
        self.assertEqual(mine.hours, 3, "validated: no more corrections")

    def test_user_asks_to_exchange_vouchers(self):
        today = self.env["sc.performance"]._today()
        self._perf(day=today)
        lot = self._lot(quantity=6, bought_on=today)
        other_lot = self._lot(number=self.other_number, quantity=4, bought_on=today)
        self.authenticate("sc_client", "sc_client")
        csrf = self._csrf("/my/prestations")
        url = f"/my/prestations/lots/{lot.id}/request"
        self.url_open(url, data={"csrf_token": csrf, "kind": "exchange", "quantity": "9"})
        self.assertFalse(self.env["sc.voucher.request"].search([]), "more than left")
        for __ in range(2):
            self.url_open(url, data={"csrf_token": csrf, "kind": "exchange", "quantity": "4"})
        self.url_open(
            f"/my/prestations/lots/{other_lot.id}/request",
            data={"csrf_token": csrf, "kind": "refund", "quantity": "1"},
        )
        requests = self.env["sc.voucher.request"].search([])
        self.assertEqual(len(requests), 1, "asked once, and not on someone else's lot")
        requests.action_done()
        self.assertEqual(lot.remaining, 2)
        self.assertEqual(requests.new_lot_id.quantity, 4)

    def test_other_users_pages_are_closed(self):
        self.authenticate("sc_other_client", "sc_other_client")
        self.assertEqual(self.url_open("/my/jobtracker", allow_redirects=False).status_code, 303)
