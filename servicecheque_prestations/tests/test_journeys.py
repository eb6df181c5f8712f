# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each role's journey in a real browser, in the users' languages.

The household confirms and contests (in French), the worker encodes on the Job
Tracker (in Dutch), staff validate and import a file (in Dutch); every portal
page fits a 390 px wide phone (no horizontal scroll) in Dutch, French and German.
"""

import base64
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import ServiceVoucherCommon

LANGS = ("nl_BE", "fr_BE", "de_DE")


class JourneyCommon(HttpCase, ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "web", "portal", "servicecheque_prestations"], list(LANGS)
        )
        for user, password in ((cls.client_user, "sc_client"), (cls.worker_user, "sc_worker")):
            user.password = password
        cls.worker.sc_client_ids |= cls.number_2
        # a contract covering the days of the journeys (the sanity checks look at it)
        cls.worker.sudo().contract_date_start = cls.env["sc.performance"]._today() - timedelta(
            days=365
        )


@tagged("post_install", "-at_install")
class TestJourneys(JourneyCommon):
    def test_household_confirms_and_contests_in_french(self):
        self.client_user.lang = "fr_BE"
        today = self.env["sc.performance"]._today()
        self._perf(day=today, hours=2)
        self._perf(day=today, hours=4, activity="3")
        self.authenticate("sc_client", "sc_client")
        page = self.url_open("/my/prestations").text
        self.assertIn("Encodée", page, "the status in French")
        self.assertNotIn("Encoded", page)
        self.start_tour("/my/prestations", "servicecheque_prestations_tour", login="sc_client")
        performances = self.env["sc.performance"].search([("user_number_id", "=", self.number.id)])
        self.assertEqual(sorted(performances.mapped("status")), ["confirmed", "contested"])

    def test_worker_encodes_in_dutch(self):
        self.worker_user.lang = "nl_BE"
        self.start_tour("/my/jobtracker", "servicecheque_jobtracker_tour", login="sc_worker")
        performance = self.env["sc.performance"].search([("employee_id", "=", self.worker.id)])
        self.assertEqual(
            (
                performance.user_number_id,
                performance.activity,
                performance.hours,
                performance.channel,
            ),
            (self.number, "3", 3, "portal"),
        )
        self.assertFalse(performance.alert_reasons)

    def test_staff_validate_and_import_in_dutch(self):
        self.staff.lang = "nl_BE"
        self.staff.password = "sc_staff"
        encoded = self._perf(day=self.env["sc.performance"]._today(), hours=4)
        self.start_tour(
            "/odoo/action-servicecheque_prestations.sc_performance_action",
            "servicecheque_staff_tour",
            login="sc_staff",
        )
        self.assertTrue(encoded.company_validated)
        upload = self.env["sc.import"].search([("filename", "=", "prestaties.csv")])
        self.assertEqual(upload.state, "queued")
        with self.enter_registry_test_mode():
            self.env.ref(
                "servicecheque_prestations.ir_cron_process_imports"
            ).method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual((upload.created_count, upload.rejected_count), (1, 1))
        report = base64.b64decode(upload.error_report).decode("utf-8-sig")
        self.assertIn("Zelfde als rij 2 van dit bestand.", report)

    def test_demo_performances_have_a_contract(self):
        """Demo workers have a contract covering every demo performance."""
        demo = self.env["sc.performance"].search(
            [("employee_id.name", "in", ("Fatima El Amrani", "Jan Claes"))]
        )
        if not demo:
            self.skipTest("installed without demo data")
        self.assertFalse(
            [p.alert_reasons for p in demo if p.alert_reasons and "contract" in p.alert_reasons]
        )


@tagged("post_install", "-at_install")
class TestPhoneWidth(JourneyCommon):
    browser_size = "390x844"
    touch_enabled = True

    CHECK = """
        const width = Math.max(
            document.documentElement.scrollWidth,
            // a table scrolling inside its frame is a horizontal scroll too
            ...[...document.querySelectorAll('.table-responsive')].map(
                (frame) => frame.scrollWidth - frame.clientWidth + window.innerWidth
            )
        );
        if (width > window.innerWidth) {
            const wide = [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map((el) => el.tagName + '.' + el.className);
            console.error(
                'horizontal scroll: ' + width + ' > ' + window.innerWidth + ' ' + wide.join(' | ')
            );
        } else {
            console.log('test successful');
        }
    """

    def test_every_portal_page_fits_390px(self):
        today = self.env["sc.performance"]._today()
        self._perf(day=today, hours=2)
        self._perf(day=today - timedelta(days=3), hours=4, activity="3")
        self._lot(quantity=7, bought_on=today - timedelta(days=300))
        pages = {
            "sc_client": ("/my", "/my/prestations"),
            "sc_worker": ("/my", "/my/jobtracker"),
        }
        users = {"sc_client": self.client_user, "sc_worker": self.worker_user}
        for lang in LANGS:
            for login, urls in pages.items():
                users[login].lang = lang
                for url in urls:
                    with self.subTest(lang=lang, url=url):
                        self.browser_js(
                            url, self.CHECK, ready="document.readyState === 'complete'", login=login
                        )
