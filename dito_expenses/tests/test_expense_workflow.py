# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SIGNATURE, DitoExpensesCommon


@tagged("post_install", "-at_install")
class TestExpenseWorkflow(DitoExpensesCommon):
    def test_amounts_use_dated_rates_and_recurrence(self):
        note = self._note(
            lines=[
                self._activity("2026-03-02", 10.0, date_to="2026-03-31", count=4),
                self._trip("2026-03-02", km=10.0, mode="car", date_to="2026-03-31", count=3),
                self._trip("2026-03-02", km=10.0, mode="bike"),
            ]
        )
        activity, car, bike = note.line_ids
        self.assertEqual(activity.amount, 40.0)
        self.assertAlmostEqual(car.amount, 12.98)  # 3 x 10 km x 0.4326, rounded once
        self.assertAlmostEqual(bike.amount, 3.70)
        self.assertAlmostEqual(note.amount_total, 56.68)
        self.assertEqual(str(note.date_first), "2026-03-02")
        self.assertEqual(note.year, 2026)

    def test_period_count_must_fit(self):
        with self.assertRaisesRegex(Exception, "does not fit"):
            self._note(lines=[self._activity("2026-03-02", date_to="2026-03-03", count=5)])

    def test_missing_km_rate_blocks_submit_with_a_clear_message(self):
        note = self._note(lines=[self._trip("2026-05-02", km=10.0, mode="car")])
        self.assertTrue(note.line_ids.rate_missing)
        with freeze_time("2026-03-02 10:00:00"), self.assertRaisesRegex(UserError, "per-km rate"):
            note._do_submit()

    @freeze_time("2026-03-02 10:00:00")
    def test_submit_sign_approve(self):
        note = self._note(lines=[self._activity("2026-03-01", 20.0)])
        self.assertEqual(note.state, "draft")
        note.with_user(self.volunteer).sudo().action_submit()
        self.assertEqual(note.state, "submitted")
        self.assertTrue(note.access_token)
        self.assertEqual(len(self._messages(note, "dito_expenses.mail_template_sign_request")), 1)
        with self.assertRaisesRegex(UserError, "already submitted"):
            note._do_submit()  # a double click submits once

        note._do_sign("Vera Volunteer", SIGNATURE, "10.0.0.1")
        self.assertEqual(note.state, "signed")
        self.assertEqual(note.signed_ip, "10.0.0.1")
        self.assertEqual(note.batch_id.name, "2026-03")
        self.assertEqual(len(note.sign_hash), 64)
        self.assertTrue(note._check_signature())
        signed_mail = self._messages(note, "dito_expenses.mail_template_signed")
        self.assertEqual(signed_mail.partner_ids, self.holder.partner_id)

        # the other budget's holder cannot approve
        other = note.with_user(self.holder2)
        with self.assertRaises(AccessError):
            other.action_approve()
        as_holder = note.with_user(self.holder)
        self.assertTrue(as_holder.can_approve)
        as_holder.action_approve()
        self.assertEqual(note.state, "approved")
        self.assertEqual(note.approved_by_id, self.holder)
        self.assertEqual(len(self._messages(note, "dito_expenses.mail_template_approved")), 1)
        # an approved note is locked
        with self.assertRaises(UserError):
            note.line_ids.unit_amount = 30.0

    @freeze_time("2026-03-02 10:00:00")
    def test_change_after_signing_voids_signature(self):
        note = self._signed(self._note(lines=[self._activity("2026-03-01", 20.0)]))
        self.assertEqual(note.state, "signed")
        note.line_ids.unit_amount = 25.0
        self.assertEqual(note.state, "draft", "submit again: the caps are checked anew")
        self.assertFalse(note.signed_on)
        self.assertFalse(note.sign_hash)
        self.assertFalse(note.signature)

    @freeze_time("2026-03-02 10:00:00")
    def test_refuse_with_reason_then_resubmit(self):
        note = self._signed(self._note(lines=[self._activity("2026-03-01", 20.0)]))
        wizard = (
            self.env["dito.expense.refuse.wizard"]
            .with_user(self.manager)
            .create({"note_id": note.id, "reason": "Wrong budget"})
        )
        wizard.action_refuse()
        self.assertEqual(note.state, "refused")
        self.assertEqual(note.refuse_reason, "Wrong budget")
        refused = self._messages(note, "dito_expenses.mail_template_refused")
        self.assertIn("Wrong budget", refused.body)
        note.budget_id = self.budget2
        self.assertEqual(note.state, "draft")
        self.assertEqual(note.refuse_reason, "Wrong budget", "the reason stays readable")
        note._do_submit()
        self.assertEqual(note.state, "submitted")
        self.assertFalse(note.refused_on)

    @freeze_time("2026-03-06 10:00:00")
    def test_entry_closed_on_the_sixth(self):
        note = self._note(lines=[self._activity("2026-03-01", 20.0)])
        with self.assertRaisesRegex(UserError, "closed"):
            note._do_submit()

    @freeze_time("2026-03-02 10:00:00")
    def test_paper_note_registered_by_service(self):
        note = self._note(channel="paper", lines=[self._activity("2026-03-01", 20.0)])
        note.with_user(self.service).action_register_paper()
        self.assertEqual(note.state, "signed")
        self.assertFalse(self._messages(note, "dito_expenses.mail_template_sign_request"))
        with self.assertRaises(AccessError):
            note.with_user(self.volunteer).action_register_paper()

    def test_reminder_cron(self):
        with freeze_time("2026-03-02 10:00:00"):
            note = self._signed(self._note(lines=[self._activity("2026-03-01", 20.0)]))
        Note = self.env["dito.expense.note"]
        with freeze_time("2026-03-03 10:00:00"):
            Note._cron_remind_holders()
            self.assertFalse(self._messages(note, "dito_expenses.mail_template_reminder"))
        with freeze_time("2026-03-06 10:00:00"):
            Note._cron_remind_holders()
            Note._cron_remind_holders()
        reminders = self._messages(note, "dito_expenses.mail_template_reminder")
        self.assertEqual(len(reminders), 1, "one reminder, however often the job runs")
        self.assertEqual(reminders.partner_ids, self.holder.partner_id)

    def test_sign_reminder_before_cutoff(self):
        Note = self.env["dito.expense.note"]

        def reminders():
            return self._messages(note, "dito_expenses.mail_template_sign_reminder")

        with freeze_time("2026-03-02 10:00:00"):
            note = self._note(lines=[self._activity("2026-03-01", 20.0)])
            note._do_submit()
            Note._cron_remind_unsigned()
            self.assertFalse(reminders(), "not yet: the cut-off is far")
        with freeze_time("2026-03-04 08:00:00"):
            Note._cron_remind_unsigned()
            Note._cron_remind_unsigned()
            self.assertEqual(len(reminders()), 1, "once a day")
        with freeze_time("2026-03-05 08:00:00"):
            Note._cron_remind_unsigned()
        self.assertEqual(len(reminders()), 2)
        self.assertEqual(reminders().partner_ids, self.volunteer.partner_id)

    def test_pdf_report_with_amount_in_words(self):
        with freeze_time("2026-03-02 10:00:00"):
            note = self._signed(self._note(lines=[self._activity("2026-03-01", 20.0)]))
        self.assertIn("Twenty", note._amount_in_words())
        html = self.env["ir.actions.report"]._render_qweb_html(
            "dito_expenses.action_report_dito_expense_note", note.ids
        )[0]
        self.assertIn(note.name.encode(), html)
        self.assertIn(note.sign_hash.encode(), html)

    def test_record_rules(self):
        note = self._note(lines=[self._activity("2026-03-01", 20.0)])
        other = self._note(
            self.volunteer2, budget_id=self.budget2.id, lines=[self._activity("2026-03-01", 5.0)]
        )
        Note = self.env["dito.expense.note"]
        self.assertEqual(Note.with_user(self.volunteer).search([]), note)
        self.assertEqual(Note.with_user(self.volunteer2).search([]), other)
        self.assertEqual(
            Note.with_user(self.holder).search([]), note, "holder: notes of own budgets"
        )
        with self.assertRaises(AccessError):
            note.with_user(self.volunteer2).read(["name"])
        with self.assertRaises(AccessError):
            note.with_user(self.holder2).read(["name"])
        with self.assertRaises(AccessError):
            note.with_user(self.volunteer).write({"description": "changed"})
        self.assertIn(note, Note.with_user(self.service).search([]))

    def test_cutoff_days_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "cut-off day"):
            self.env.company.write({"dito_cutoff_day": 8, "dito_reopen_day": 7})

    def test_settings_change_the_calendar(self):
        with Form(self.env["res.config.settings"]) as settings:
            settings.dito_cutoff_day = 4
            settings.dito_reopen_day = 8
        self.assertEqual(self.env.company._dito_calendar().closed_days, (5, 6, 7))

    @freeze_time("2026-03-02 10:00:00")
    def test_internal_holder_gets_an_activity(self):
        internal = new_test_user(
            self.env,
            login="dito_internal_holder",
            groups="base.group_user,dito_expenses.group_budget_holder",
        )
        self.budget.holder_id = internal
        note = self._signed(self._note(lines=[self._activity("2026-03-01", 20.0)]))
        activity_type = self.env.ref("dito_expenses.mail_activity_note_approve")
        activity = note.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activity.user_id, internal)
        note.with_user(internal).action_approve()
        self.assertFalse(note.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))


@tagged("post_install", "-at_install")
class TestTranslatedMails(DitoExpensesCommon):
    """Issue 10.7: English on Dutch/French/German pages. The mails of a new database
    speak the volunteer's language (their .po entries follow the templates' link)."""

    def test_sign_request_in_dutch(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["ir.module.module"]._load_module_terms(
            ["dito_expenses"], ["nl_BE"], overwrite=True
        )
        template = self.env.ref("dito_expenses.mail_template_sign_request")
        body = template.with_context(lang="nl_BE").body_html
        self.assertIn("Mijn nota ondertekenen", body)
        self.assertIn("_dito_volunteer_url()", body)
