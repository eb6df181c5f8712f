# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.base.tests.common import TransactionCaseWithUserDemo
from odoo.tests import new_test_user


class OnboardingCommon(TransactionCaseWithUserDemo):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="onboarding_officer",
            groups="portal_onboarding.group_onboarding_officer",
        )
        cls.audience = cls.env["portal.onboarding.audience"].create(
            {
                "name": "Volunteers (test)",
                "code": "test-volunteers",
                "link_validity_days": 5,
                "batch_size": 2,
                "help_email": "help@example.com",
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Invitee {i}", "email": f"invitee{i}@example.com"} for i in range(5)]
        )

    @classmethod
    def _make_wave(cls, partners, **values):
        wave = cls.env["portal.onboarding.wave"].create(
            {"name": "Wave", "audience_id": cls.audience.id, **values}
        )
        cls.env["portal.onboarding.member"].create(
            [
                {"partner_id": p.id, "audience_id": cls.audience.id, "wave_id": wave.id}
                for p in partners
            ]
        )
        return wave

    def _invitation_mails(self, partners):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "portal.onboarding.member"),
                ("recipient_ids", "in", partners.ids),
            ]
        )
