# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from urllib.parse import parse_qs, urlparse

from freezegun import freeze_time

from odoo.addons.benefits_base.tests.security_harness import (
    AccessMatrixCase,
    MenuAccessCase,
    PortalFuzzCase,
)
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOnboardingInvitationOnly(HttpCase):
    """Issue 8.4: "`/web/signup` creates a portal account without an invitation"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # What auth_signup's own data sets, and what an administrator might tick.
        cls.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        cls.audience = cls.env["portal.onboarding.audience"].create(
            {"name": "Clients (test)", "code": "test-clients", "link_validity_days": 5}
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Twice Invited", "email": "twice@example.com"}
        )
        cls.member = cls.env["portal.onboarding.member"].create(
            {"partner_id": cls.partner.id, "audience_id": cls.audience.id}
        )

    def _csrf(self, url="/web/login"):
        page = self.url_open(url)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def test_uninvited_signup_creates_no_account(self):
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")
        self.authenticate(None, None)
        response = self.url_open(
            "/web/signup",
            data={
                "login": "intruder@example.com",
                "name": "Intruder",
                "password": "a-Long-pass-2026",
                "confirm_password": "a-Long-pass-2026",
                "csrf_token": self._csrf(),
            },
        )
        self.assertLess(response.status_code, 500)
        users = self.env["res.users"].with_context(active_test=False)
        self.assertFalse(users.search([("login", "=", "intruder@example.com")]))

    def test_uninvited_signup_refused_in_the_model_too(self):
        with self.assertRaises(Exception) as caught:
            self.env["res.users"].sudo().signup(
                {"login": "model@example.com", "name": "M", "password": "x-Long-pass-2026"}
            )
        self.assertIn("invitation", str(caught.exception))

    def test_open_signup_is_a_deliberate_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("portal_onboarding.open_signup", "True")
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2c")

    def _link(self):
        url = urlparse(self.member._get_invitation_url())
        return f"{url.path}?{url.query}", parse_qs(url.query)["token"][0]

    def test_older_link_no_longer_opens_the_password_form(self):
        """Issue 8.8: "an old invitation link still opens the password form after a new
        one was sent"."""
        with freeze_time("2026-11-02 10:00:00"):
            self.member.action_invite_now()
            old_path, old_token = self._link()
        with freeze_time("2026-11-03 12:00:00"):
            self.member.action_resend()
            new_path, __ = self._link()
            self.authenticate(None, None)
            old = self.url_open(old_path)
            self.assertIn("o_onboarding_link_expired", old.text)
            new = self.url_open(new_path)
            self.assertNotIn("o_onboarding_link_expired", new.text)
            self.assertIn("twice@example.com", new.text)
            # Posting the password form with the old token changes nothing.
            self.url_open(
                "/web/signup",
                data={
                    "token": old_token,
                    "login": "twice@example.com",
                    "password": "a-Long-pass-2026",
                    "confirm_password": "a-Long-pass-2026",
                    "csrf_token": self._csrf(new_path),
                },
            )
            self.member.user_id.invalidate_recordset()
            self.assertFalse(self.member.user_id.login_date)


@tagged("post_install", "-at_install")
class TestOnboardingAccessMatrix(AccessMatrixCase):
    matrix_modules = ("portal_onboarding",)
    matrix_public_secrets = {
        ("portal.onboarding.audience", "request_limit_per_ip"): "a number, not an address",
    }

    @classmethod
    def _matrix_roles(cls):
        return {
            "portal": new_test_user(cls.env, login="matrix_portal", groups="base.group_portal"),
            "employee": new_test_user(cls.env, login="matrix_employee", groups="base.group_user"),
        }

    @classmethod
    def _matrix_records(cls):
        audience = cls.env["portal.onboarding.audience"].create(
            {"name": "Matrix", "code": "matrix", "link_validity_days": 5}
        )
        partner = cls.env["res.partner"].create({"name": "Matrix", "email": "m@example.com"})
        wave = cls.env["portal.onboarding.wave"].create(
            {"name": "Matrix wave", "audience_id": audience.id}
        )
        member = cls.env["portal.onboarding.member"].create(
            {"partner_id": partner.id, "audience_id": audience.id, "wave_id": wave.id}
        )
        request = cls.env["portal.onboarding.request"].create(
            {"audience_id": audience.id, "name": "Matrix", "email": "m2@example.com"}
        )
        officer = new_test_user(
            cls.env, login="matrix_officer", groups="portal_onboarding.group_onboarding_officer"
        )
        assign = (
            cls.env["portal.onboarding.assign"]
            .with_user(officer)
            .create({"audience_id": audience.id, "wave_id": wave.id, "partner_ids": partner.ids})
        )
        return {
            "portal.onboarding.assign": assign.sudo(False).with_user(cls.env.user),
            "portal.onboarding.audience": audience,
            "portal.onboarding.wave": wave,
            "portal.onboarding.member": member,
            "portal.onboarding.request": request,
        }


@tagged("post_install", "-at_install")
class TestOnboardingFuzz(PortalFuzzCase):
    fuzz_modules = ("portal_onboarding",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["portal.onboarding.audience"].create(
            {
                "name": "Fuzz",
                "code": "fuzz",
                "request_limit_per_ip": 100000,
                "help_email": "help@example.com",
            }
        )

    def _fuzz_targets(self):
        form = {
            "name": "Anna Peeters",
            "email": "anna@example.com",
            "phone": "+32 470 12 34 56",
            "call_time": "morning",
        }
        return [
            ("/onboarding/fuzz", "http", form, None),
            ("/onboarding/fuzz/new-link", "http", {"email": "anna@example.com"}, None),
        ]


@tagged("post_install", "-at_install")
class TestOnboardingMenus(MenuAccessCase):
    """Every menu opens for officers and administrators (the addon's groups)."""

    menu_modules = ("portal_onboarding",)
