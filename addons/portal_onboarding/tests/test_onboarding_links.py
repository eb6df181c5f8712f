# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import OnboardingCommon


@tagged("post_install", "-at_install")
class TestOnboardingLinkState(OnboardingCommon):
    def test_link_expiry_and_resend(self):
        member = self.env["portal.onboarding.member"].create(
            {"partner_id": self.partners[0].id, "audience_id": self.audience.id}
        )
        self.assertEqual(member.state, "requested")
        with freeze_time("2026-03-02 10:00:00"):
            member.action_invite_now()
            self.assertEqual(member.state, "invited")
            self.assertEqual(member.link_expires_on, datetime(2026, 3, 7, 10, 0))
        with freeze_time("2026-03-07 10:00:01"):
            expired = self.env["portal.onboarding.member"]._cron_expire_links()
            self.assertEqual(expired, member)
            self.assertEqual(member.state, "expired")
            member.action_resend()
            self.assertEqual(member.state, "invited")
            self.assertEqual(member.invitation_count, 2)
            self.assertEqual(member.link_expires_on, datetime(2026, 3, 12, 10, 0, 1))

    def test_resend_refused_for_never_invited(self):
        member = self.env["portal.onboarding.member"].create(
            {"partner_id": self.partners[0].id, "audience_id": self.audience.id}
        )
        with self.assertRaises(UserError):
            member.action_resend()

    def test_link_validity_is_configurable(self):
        self.audience.link_validity_days = 2
        member = self.env["portal.onboarding.member"].create(
            {"partner_id": self.partners[1].id, "audience_id": self.audience.id}
        )
        with freeze_time("2026-03-02 10:00:00"):
            member.action_invite_now()
        self.assertEqual(member.link_expires_on, datetime(2026, 3, 4, 10, 0))


@tagged("post_install", "-at_install")
class TestOnboardingLinksHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audience = cls.env["portal.onboarding.audience"].create(
            {"name": "Employers (test)", "code": "test-employers", "link_validity_days": 5}
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Link Tester", "email": "link.tester@example.com"}
        )
        cls.member = cls.env["portal.onboarding.member"].create(
            {"partner_id": cls.partner.id, "audience_id": cls.audience.id}
        )

    def _token_url(self):
        url = self.member._get_invitation_url()
        parsed = urlparse(url)
        return f"{parsed.path}?{parsed.query}", parse_qs(parsed.query)

    def test_valid_link_opens_signup_and_expired_link_explains(self):
        now = datetime.now()
        with freeze_time(now):
            self.member.action_invite_now()
            path, __ = self._token_url()
            response = self.url_open(path)
            self.assertEqual(response.status_code, 200)
            self.assertIn("link.tester@example.com", response.text)
            self.assertNotIn("o_onboarding_link_expired", response.text)
        with freeze_time(now + timedelta(days=5, minutes=1)):
            response = self.url_open(path)
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_onboarding_link_expired", response.text)
            self.assertIn("/onboarding/test-employers/new-link", response.text)

    def test_tampered_token_shows_expired_page(self):
        self.member.action_invite_now()
        path, query = self._token_url()
        bad = path.replace(query["token"][0], query["token"][0][:-4] + "AAAA")
        response = self.url_open(bad)
        self.assertIn("o_onboarding_link_expired", response.text)

    def test_new_link_request_answers_the_same_for_unknown_address(self):
        with freeze_time(datetime.now() - timedelta(hours=2)):
            self.member.action_invite_now()
        self.authenticate(None, None)
        page = self.url_open("/web/signup?token=expired&onboarding=test-employers")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        before = self.member.invitation_count
        known = self.url_open(
            "/onboarding/test-employers/new-link",
            data={"email": "link.tester@example.com", "csrf_token": csrf},
        )
        unknown = self.url_open(
            "/onboarding/test-employers/new-link",
            data={"email": "nobody@example.com", "csrf_token": csrf},
        )
        self.assertIn("a new link is on its way", known.text)
        self.assertIn("a new link is on its way", unknown.text)
        self.member.invalidate_recordset()
        self.assertEqual(self.member.invitation_count, before + 1)
        # asking again at once sends nothing more (one per hour)
        self.url_open(
            "/onboarding/test-employers/new-link",
            data={"email": "link.tester@example.com", "csrf_token": csrf},
        )
        self.member.invalidate_recordset()
        self.assertEqual(self.member.invitation_count, before + 1)

    def test_signup_then_login_activates(self):
        self.member.action_invite_now()
        path, query = self._token_url()
        page = self.url_open(path)
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            "/web/signup",
            data={
                "token": query["token"][0],
                "login": "link.tester@example.com",
                "name": "Link Tester",
                "password": "a-Long-pass-2026",
                "confirm_password": "a-Long-pass-2026",
                "csrf_token": csrf,
                "redirect": "/my",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.member.invalidate_recordset()
        self.assertEqual(self.member.state, "active")
