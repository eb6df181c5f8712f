# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.http import root
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestOnboardingRequestForm(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audience = cls.env["portal.onboarding.audience"].create(
            {
                "name": "Workers (test)",
                "code": "test-workers",
                "request_limit_per_ip": 3,
                "request_cooldown_hours": 24,
                "help_email": "help@example.com",
            }
        )
        cls.Request = cls.env["portal.onboarding.request"]

    def _csrf(self):
        page = self.url_open("/onboarding/test-workers")
        self.assertEqual(page.status_code, 200)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def _post(self, **data):
        data.setdefault("csrf_token", self._csrf())
        return self.url_open("/onboarding/test-workers", data=data)

    def test_unknown_or_closed_audience_is_not_found(self):
        self.assertEqual(self.url_open("/onboarding/nope").status_code, 404)
        self.audience.request_form_enabled = False
        self.assertEqual(self.url_open("/onboarding/test-workers").status_code, 404)

    def test_request_creates_partner_member_and_mail(self):
        response = self._post(
            name="Anna Peeters",
            email="Anna.Peeters@Example.com",
            phone="+32 470 12 34 56",
            call_time="morning",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_onboarding_request_received", response.text)
        request = self.Request.search([("audience_id", "=", self.audience.id)])
        self.assertEqual(request.email, "anna.peeters@example.com")
        self.assertEqual(request.partner_id.email, "anna.peeters@example.com")
        self.assertEqual(request.member_id.state, "requested")
        self.assertEqual(request.ip_address, "127.0.0.1")
        mail = self.env["mail.mail"].search(
            [("model", "=", "portal.onboarding.request"), ("res_id", "=", request.id)]
        )
        self.assertEqual(len(mail), 1)

    def test_existing_partner_is_linked_not_duplicated(self):
        partner = self.env["res.partner"].create(
            {"name": "Known Person", "email": "known@example.com"}
        )
        self._post(name="Known P.", email="known@example.com")
        request = self.Request.search([("email", "=", "known@example.com")])
        self.assertEqual(request.partner_id, partner)

    def test_same_address_twice_is_deduplicated(self):
        self._post(name="Bert", email="bert@example.com")
        response = self._post(name="Bert", email="BERT@example.com")
        self.assertIn("We already have your request", response.text)
        requests = self.Request.search([("email", "=", "bert@example.com")])
        self.assertEqual(len(requests), 1)
        self.assertEqual(requests.submission_count, 1)

    def test_rate_limited_per_ip(self):
        for i in range(3):
            self._post(name=f"Person {i}", email=f"person{i}@example.com")
        response = self._post(name="Person 4", email="person4@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertFalse(self.Request.search([("email", "=", "person4@example.com")]))

    def test_honeypot_writes_nothing(self):
        response = self._post(name="Bot", email="bot@example.com", website_url="http://spam")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.Request.search([("email", "=", "bot@example.com")]))
        self.assertFalse(self.env["res.partner"].search([("email", "=", "bot@example.com")]))

    def test_bad_input_names_the_field(self):
        response = self._post(name="", email="not-an-address", phone="call me", call_time="x")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please give your name.", response.text)
        self.assertIn("is not a valid e-mail address", response.text)
        self.assertIn("A phone number holds digits", response.text)
        self.assertFalse(self.Request.search([("audience_id", "=", self.audience.id)]))

    def test_request_form_tour(self):
        self.start_tour("/onboarding/test-workers", "portal_onboarding_request_tour", login=None)
        request = self.Request.search([("email", "=", "tour.person@example.com")])
        self.assertEqual(request.name, "Tour Person")
        self.assertEqual(request.call_time, "afternoon")


@tagged("post_install", "-at_install")
class TestOnboardingPublicPagesForEveryone(HttpCase):
    """Issue 10: the public way in speaks the visitor's language and fits a phone."""

    browser_size = "390x844"
    touch_enabled = True
    FITS = """
        if (document.documentElement.scrollWidth > window.innerWidth) {
            console.error('horizontal scroll: ' + document.documentElement.scrollWidth);
        } else {
            console.log('test successful');
        }
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("nl_BE", "fr_BE", "de_DE"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"].search(
            [("name", "=", "portal_onboarding")]
        )._update_translations(["nl_BE", "fr_BE", "de_DE"])
        cls.env["portal.onboarding.audience"].create(
            {"name": "Phone (test)", "code": "test-phone", "help_email": "help@example.com"}
        )

    def test_request_form_fits_a_phone(self):
        for url in ("/onboarding/test-phone", "/web/signup?token=old&onboarding=test-phone"):
            with self.subTest(url=url):
                self.browser_js(url, self.FITS, ready="document.readyState === 'complete'")

    def test_form_errors_in_the_visitors_language(self):
        expected = {
            "nl-BE": "Geef uw naam.",
            "fr-BE": "Indiquez votre nom.",
            "de-DE": "Bitte geben Sie Ihren Namen an.",
        }
        for accept, message in expected.items():
            with self.subTest(lang=accept):
                self.authenticate(None, None)
                self.opener.headers["Accept-Language"] = accept
                self.session.context["lang"] = accept.replace("-", "_")
                root.session_store.save(self.session)
                page = self.url_open("/onboarding/test-phone")
                csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
                response = self.url_open(
                    "/onboarding/test-phone",
                    data={"name": "", "email": "a\x00b@example.com", "csrf_token": csrf},
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
