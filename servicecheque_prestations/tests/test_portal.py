# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


from odoo.tests import HttpCase, tagged

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
        self.url_open(f"/my/prestations/{theirs.id}/confirm", data={"csrf_token": csrf})
        self.assertFalse(theirs.user_confirmed)
        # a worker is not a service-voucher user: no page, no action
        self.authenticate("sc_worker", "sc_worker")
        response = self.url_open("/my/prestations")
        self.assertNotIn("o_sc_wallet", response.text)

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
                    "date": today,
                    "hours": 1 + i % 9,
                    "activity": str(1 + i % 4),
                }
                for i in range(60)
            ]
        )
        self.authenticate("sc_client", "sc_client")
        self.url_open("/my/prestations")  # warm the caches
        with self.assertQueryCount(60):
            page = self.url_open("/my/prestations")
        self.assertEqual(page.text.count("o_sc_performance_"), 50, "50 per page")

    def test_user_tour_confirm_and_contest(self):
        today = self.env["sc.performance"]._today()
        self._perf(day=today, hours=2)
        self._perf(day=today, hours=4, activity="3")
        self.start_tour("/my/prestations", "servicecheque_prestations_tour", login="sc_client")
        performances = self.env["sc.performance"].search([("user_number_id", "=", self.number.id)])
        self.assertEqual(sorted(performances.mapped("status")), ["confirmed", "contested"])

    def test_worker_tour_encodes_with_summary(self):
        self.start_tour("/my/jobtracker", "servicecheque_jobtracker_tour", login="sc_worker")
        performance = self.env["sc.performance"].search([("employee_id", "=", self.worker.id)])
        self.assertEqual(len(performance), 1)
        self.assertEqual(
            (
                performance.user_number_id,
                performance.activity,
                performance.hours,
                performance.channel,
            ),
            (self.number, "3", 3, "portal"),
        )

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

    def test_other_users_pages_are_closed(self):
        self.authenticate("sc_other_client", "sc_other_client")
        self.assertEqual(self.url_open("/my/jobtracker", allow_redirects=False).status_code, 303)
