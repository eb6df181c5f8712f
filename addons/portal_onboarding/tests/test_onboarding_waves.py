# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OnboardingCommon


@tagged("post_install", "-at_install")
class TestOnboardingWaves(OnboardingCommon):
    def _run_cron(self):
        """Run the cron as the scheduler does, its commits staying inside the test."""
        with self.enter_registry_test_mode():
            self.env.ref("portal_onboarding.ir_cron_send_waves").method_direct_trigger()

    def test_wave_not_sent_before_its_date(self):
        with freeze_time("2026-02-01 08:00:00"):
            wave = self._make_wave(self.partners, planned_date=datetime(2026, 2, 3, 8, 0))
            wave.action_schedule()
            self.assertEqual(wave.state, "scheduled")
            self._run_cron()
            self.assertFalse(wave.member_ids.filtered("invited_on"))
            self.assertFalse(self._invitation_mails(self.partners))

    def test_cron_sends_in_batches_and_is_idempotent(self):
        with freeze_time("2026-02-03 09:00:00"):
            wave = self._make_wave(self.partners, planned_date=datetime(2026, 2, 3, 8, 0))
            wave.action_schedule()
            IrCron = self.registry["ir.cron"]
            with patch.object(
                IrCron, "_commit_progress", autospec=True, side_effect=IrCron._commit_progress
            ) as progress:
                self._run_cron()
            # batches of the audience's size (2), each committed with its progress
            processed = [c.args[1] for c in progress.call_args_list if len(c.args) > 1]
            self.assertEqual(processed, [2, 2, 1])
            self.assertEqual(wave.state, "done")
            self.assertEqual(set(wave.member_ids.mapped("state")), {"invited"})
            mails = self._invitation_mails(self.partners)
            self.assertEqual(len(mails), 5, "one invitation per person")
            # Portal access granted with Odoo's own machinery
            users = wave.member_ids.user_id
            self.assertEqual(len(users), 5)
            self.assertTrue(all(u._is_portal() for u in users))
            self.assertIn("/web/signup?", mails[0].body_html)
            self.assertIn("onboarding=test-volunteers", mails[0].body_html)
            # Running the cron again invites nobody twice
            self._run_cron()
            self.assertEqual(len(self._invitation_mails(self.partners)), 5)
            self.assertEqual(set(wave.member_ids.mapped("invitation_count")), {1})

    def test_people_who_cannot_be_invited_are_reported_not_retried(self):
        no_email = self.env["res.partner"].create({"name": "No mail"})
        clash = self.env["res.partner"].create({"name": "Clash", "email": self.user_demo.login})
        with freeze_time("2026-02-03 09:00:00"):
            wave = self._make_wave(self.partners[:1] | no_email | clash)
            wave.action_schedule()
            self._run_cron()
            by_partner = {m.partner_id: m for m in wave.member_ids}
            self.assertEqual(by_partner[self.partners[0]].state, "invited")
            self.assertTrue(by_partner[no_email].last_error)
            self.assertTrue(by_partner[clash].last_error)
            self.assertEqual(wave.error_count, 2)
            self.assertEqual(wave.state, "done")
            self._run_cron()
            self.assertEqual(len(self._invitation_mails(no_email | clash)), 0)

    def test_schedule_needs_people(self):
        wave = self.env["portal.onboarding.wave"].create(
            {"name": "Empty", "audience_id": self.audience.id}
        )
        with self.assertRaises(UserError):
            wave.action_schedule()

    def test_assign_wizard_skips_invited(self):
        with freeze_time("2026-02-03 09:00:00"):
            first = self._make_wave(self.partners[:2])
            first.action_schedule()
            self._run_cron()
            second = self.env["portal.onboarding.wave"].create(
                {"name": "Second", "audience_id": self.audience.id}
            )
            wizard = (
                self.env["portal.onboarding.assign"]
                .with_user(self.officer)
                .with_context(active_model="res.partner", active_ids=self.partners.ids)
                .create({"audience_id": self.audience.id, "wave_id": second.id})
            )
            wizard.action_assign()
            self.assertEqual(second.member_ids.partner_id, self.partners[2:])
            self.assertEqual(first.member_ids.partner_id, self.partners[:2])

    def test_wave_counts_per_state(self):
        with freeze_time("2026-02-03 09:00:00"):
            wave = self._make_wave(self.partners)
            wave.action_schedule()
            self._run_cron()
            self.env["portal.onboarding.member"]._mark_active(self.partners[0])
            wave.invalidate_recordset()
            self.assertEqual(wave.member_count, 5)
            self.assertEqual(wave.active_count, 1)
            self.assertEqual(wave.invited_count, 4)
            self.assertEqual(wave.progress, 100.0)

    def test_sending_queries_are_bounded_per_invitation(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Bulk {i}", "email": f"bulk{i}@example.com"} for i in range(20)]
        )
        self.audience.batch_size = 100
        wave = self._make_wave(partners)
        members = wave.member_ids
        self.env.invalidate_all()
        # A batch of 20: user creation and mail rendering dominate; the bound
        # keeps a per-person query from sneaking in (20 people x N queries).
        with self.assertQueryCount(__system__=900):
            members._send_invitation()
        self.assertEqual(len(self._invitation_mails(partners)), 20)


@tagged("post_install", "-at_install")
class TestOnboardingBatchRendering(OnboardingCommon):
    """Issue 12.2: a wave renders its invitations in one go (the body is compiled once per
    language, not once per person) and creates users and mails in batches."""

    def _members(self, count, lang, tag="batch"):
        self.env["res.lang"]._activate_lang(lang)
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Batch {lang} {tag} {i}",
                    "email": f"{tag}.{lang.lower()}.{i}@example.com",
                    "lang": lang,
                }
                for i in range(count)
            ]
        )
        return self.env["portal.onboarding.member"].create(
            [{"partner_id": p.id, "audience_id": self.audience.id} for p in partners]
        )

    def test_each_person_gets_their_own_mail_from_one_compile(self):
        members = self._members(4, "en_US") | self._members(4, "nl_BE")
        IrQweb = type(self.env["ir.qweb"])
        original = IrQweb._generate_code_uncached
        with patch.object(
            IrQweb, "_generate_code_uncached", autospec=True, side_effect=original
        ) as compile_:
            members._send_invitation()
        self.assertLess(compile_.call_count, len(members))
        mails = self._invitation_mails(members.partner_id)
        self.assertEqual(len(mails), len(members))
        for member in members:
            mail = mails.filtered(lambda m, member=member: member.partner_id in m.recipient_ids)
            self.assertEqual(len(mail), 1)
            self.assertIn(member.partner_id.name, mail.body_html)
            self.assertIn(member.partner_id.email, mail.body_html)
        # every link is the person's own
        links = {m.body_html.split("token=")[1].split("&")[0] for m in mails}
        self.assertEqual(len(links), len(members))
        self.assertFalse(members.filtered("last_error"))
        self.assertTrue(all(members.user_id.mapped("share")))

    def _send_and_count(self, members):
        """Queries of one batch, its tracking notes (logged at commit) included."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        members._send_invitation()
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env.cr.sql_log_count - before

    def test_queries_per_invitation_stay_flat(self):
        """Issue 12.2: an extra invitation in a batch costs no query of its own.

        Without the batch work each person cost about five: Odoo's user creation
        writes the partner back (its e-mail and properties, then ``active``: three
        queries) and the tracking note of each member is created on its own (two).
        """
        small = self._members(5, "en_US", "small")
        large = self._members(25, "en_US", "large")
        small_queries = self._send_and_count(small)
        large_queries = self._send_and_count(large)
        per_person = (large_queries - small_queries) / 20
        self.assertLessEqual(per_person, 0.5, f"{per_person:.2f} queries per extra invitation")
        self.assertEqual(len(self._invitation_mails(large.partner_id)), 25)

    def test_user_creation_still_writes_what_changes_the_partner(self):
        """Partner writes that change nothing are skipped; the others still happen."""
        archived = self.env["res.partner"].create(
            {"name": "Archived", "email": '"Archived" <Archived.Person@Example.COM>'}
        )
        archived.action_archive()
        plain = self._members(2, "en_US")
        members = plain | self.env["portal.onboarding.member"].create(
            {"partner_id": archived.id, "audience_id": self.audience.id}
        )
        members._send_invitation()
        self.assertFalse(members.filtered("last_error"))
        self.assertTrue(archived.active, "the user's partner is active, as Odoo makes it")
        self.assertEqual(archived.email, "archived.person@example.com")
        self.assertEqual(archived.user_ids.login, "archived.person@example.com")
        for member in plain:
            self.assertEqual(member.partner_id.email, member.user_id.login)
            self.assertTrue(member.partner_id.active)

    def test_skipping_unchanged_partner_writes_is_harmless_from_outside(self):
        """The context key only drops writes that change nothing: a caller setting it
        (every public method is an RPC endpoint) still writes every real change."""
        partner = self.env["res.partner"].create({"name": "Ctx", "email": "ctx@example.com"})
        ctx = partner.with_context(portal_onboarding_skip_unchanged=True)
        ctx.write({"email": "ctx@example.com", "active": True})
        ctx.write({"email": "other@example.com", "active": False})
        self.assertEqual(partner.email, "other@example.com")
        self.assertFalse(partner.active)
        # other fields are never filtered
        ctx.write({"name": "Renamed"})
        self.assertEqual(partner.name, "Renamed")

    def test_batch_tracking_notes_match_odoos_own(self):
        """Each member of a batch gets the same tracking note as when sent alone."""
        alone = self._members(1, "en_US", "alone")
        batch = self._members(3, "en_US")
        self.env.flush_all()
        self.env.cr.precommit.run()
        alone._send_invitation()
        self.env.flush_all()
        self.env.cr.precommit.run()
        batch._send_invitation()
        self.env.flush_all()
        self.env.cr.precommit.run()

        def notes(member):
            messages = member.message_ids.filtered("tracking_value_ids")
            return [
                (
                    message.message_type,
                    message.subtype_id,
                    message.author_id,
                    sorted(
                        (value.field_id.name, value.old_value_char, value.new_value_char)
                        for value in message.tracking_value_ids
                    ),
                )
                for message in messages
            ]

        expected = notes(alone)
        self.assertEqual(len(expected), 1)
        self.assertIn("invited_on", [name for name, _old, _new in expected[0][3]])
        for member in batch:
            self.assertEqual(notes(member), expected)


@tagged("post_install", "-at_install")
class TestOnboardingInvitationMails(OnboardingCommon):
    """Issue 12.2: the wave queues Odoo's own e-mails in one batch, without sanitising a
    copy of each body on its message, and creating users writes no group that does not
    change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        langs = ["nl_BE", "fr_BE", "de_DE"]
        for lang in langs:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(["portal_onboarding"], langs)
        cls.template = cls.audience.invitation_template_id

    def _members(self, tag):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Mail {tag} {lang}",
                    "email": f"mail.{tag}.{lang}@example.com",
                    "lang": lang,
                }
                for lang in ("en_US", "nl_BE", "fr_BE", "de_DE")
            ]
        )
        return self.env["portal.onboarding.member"].create(
            [{"partner_id": p.id, "audience_id": self.audience.id} for p in partners]
        )

    def test_mails_are_those_of_send_mail_batch(self):
        """Each person gets the e-mail Odoo's ``send_mail_batch`` makes, in their language."""
        members = self._members("same")
        with freeze_time("2026-02-03 09:00:00"):
            ours = members._send_invitation()
            mails = self._invitation_mails(members.partner_id)
            odoos = self.template.send_mail_batch(
                members.ids, email_layout_xmlid="mail.mail_notification_light"
            )
        self.assertEqual(ours, members)
        self.assertEqual(len(mails), 4)
        compared = [
            "subject",
            "body_html",
            "email_from",
            "reply_to",
            "recipient_ids",
            "auto_delete",
            "model",
            "res_id",
            "state",
            "message_type",
        ]
        for member, odoo in zip(members, odoos, strict=True):
            mail = mails.filtered(lambda m, member=member: m.res_id == member.id)
            self.assertEqual(len(mail), 1)
            for fname in compared:
                self.assertEqual(mail[fname], odoo[fname], fname)
            self.assertIn(member.partner_id.name, mail.body_html)
        subjects = {
            member.lang: mails.filtered(lambda m, member=member: m.res_id == member.id).subject
            for member in members
        }
        self.assertEqual(subjects["nl_BE"], "Je uitnodiging voor Volunteers (test)")
        self.assertEqual(len(set(subjects.values())), 4, "one subject per language")

    def test_sign_up_link_stays_off_the_chatter(self):
        """The message of an invitation keeps no copy of the body: the link is in the
        e-mail only, not on the member's chatter that officers read."""
        members = self._members("chatter")
        members._send_invitation()
        mails = self._invitation_mails(members.partner_id)
        self.assertEqual(len(mails), 4)
        for mail in mails:
            self.assertIn("/web/signup?", mail.body_html)
        for member in members.with_user(self.officer):
            self.assertFalse(
                [m for m in member.message_ids if "/web/signup" in (m.body or "")],
                "no sign-up link on the chatter",
            )

    def test_creating_users_writes_no_unchanged_group(self):
        """Odoo writes the inbox group of every new user (to unlink it); a new portal user
        never has it, so the batch writes no user at all."""
        members = self._members("groups")
        ResUsers = type(self.env["res.users"])
        with patch.object(ResUsers, "write", autospec=True, side_effect=ResUsers.write) as write:
            members._send_invitation()
        self.assertEqual(write.call_count, 0)
        users = members.user_id
        self.assertEqual(len(users), 4)
        self.assertEqual(set(users.mapped("notification_type")), {"email"})
        inbox = self.env.ref("mail.group_mail_notification_type_inbox")
        self.assertFalse(users.filtered(lambda u: inbox in u.all_group_ids))
        self.assertTrue(all(u._is_portal() for u in users))

    def test_linking_users_tracks_nothing_per_person(self):
        """The member's user (an untracked field) is written per person without the
        tracking machinery: the batch prepares its tracking as often for 4 people as
        for 8."""
        Member = type(self.env["portal.onboarding.member"])
        counts = []
        for tag, size in (("four", 1), ("eight", 2)):
            members = self._members(f"{tag}a")
            if size == 2:
                members |= self._members(f"{tag}b")
            with patch.object(
                Member, "_track_prepare", autospec=True, side_effect=Member._track_prepare
            ) as prepare:
                members._send_invitation()
            counts.append(prepare.call_count)
            self.assertEqual(len(members.user_id), len(members))
        self.assertEqual(counts[0], counts[1])
