# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-03 10:00:00")
class TestPerformanceStates(ServiceVoucherCommon):
    def test_user_number_normalized_and_region_from_zip(self):
        self.assertEqual(self.number.name, "123456789012")
        self.assertEqual(self.number.region_id, self.flanders)
        self.assertEqual(self.other_number.region_id, self.wallonia)
        with self.assertRaises(ValidationError):
            self.env["sc.user.number"].create({"name": "12345", "partner_id": self.household.id})

    def test_simultaneous_validation_codes(self):
        perf = self._perf()
        self.assertEqual(perf.status, "encoded")
        self.assertEqual(perf.branch_id, self.branch_a)
        perf.action_confirm_as_user()
        self.assertEqual((perf.status, perf.status_code), ("confirmed", 15))
        perf.with_user(self.staff).action_validate()
        self.assertEqual((perf.status, perf.status_code), ("ready", 11))
        self.assertFalse(perf.auto_validation_due)
        # every transition is in the chatter with its channel
        bodies = perf.message_ids.mapped("body")
        self.assertTrue(any("Confirmed by the user" in b and "Job Tracker" in b for b in bodies))
        self.assertTrue(any("Validated by the company" in b for b in bodies))

    def test_forbidden_transition_is_a_clear_error(self):
        perf = self._perf()
        perf.action_validate()
        with self.assertRaisesRegex(UserError, "not possible now"):
            perf.action_validate()
        perf.action_confirm_as_user()
        with self.assertRaises(UserError):
            perf.action_contest("Too late")
        perf.action_delete()  # the company can always delete (vouchers back to the wallet)
        with self.assertRaises(UserError):
            perf.action_delete()

    def test_due_date_flanders_working_days(self):
        # encoded Monday 2 March 2026: 5 working days later is Monday 9 March
        perf = self._perf()
        self.assertEqual(perf.company_due_date, date(2026, 3, 9))
        self.assertEqual(perf.auto_validation_due, date(2026, 3, 9))
        # Wallonia: 5 calendar days (the webinar's rule) for the company; when the company
        # encodes, the user has 60 calendar days
        perf_w = self._perf(number=self.other_number)
        self.assertEqual(perf_w.company_due_date, date(2026, 3, 7))
        self.assertEqual(perf_w.user_due_date, date(2026, 5, 1))
        perf_w_portal = self._perf(number=self.other_number, channel="portal", activity="2")
        self.assertEqual(perf_w_portal.user_due_date, date(2026, 3, 7))

    def test_contest_and_change_cancel_auto_validation(self):
        perf = self._perf()
        perf.action_contest("She only stayed 3 hours")
        self.assertEqual(perf.status, "contested")
        self.assertFalse(perf.auto_validation_due)
        self.assertEqual(perf.contest_reason, "She only stayed 3 hours")
        with self.assertRaisesRegex(UserError, "Reason"):
            self._perf(hours=2, activity="2").action_contest("  ")
        perf.with_user(self.staff).write({"hours": 3})
        self.assertEqual(perf.status, "encoded")
        self.assertTrue(perf.auto_validation_cancelled)
        perf.action_validate()
        perf.action_confirm_as_user()
        self.assertEqual(perf.status, "ready")

    def test_change_after_confirmation_requires_new_confirmation(self):
        perf = self._perf()
        perf.action_confirm_as_user()
        perf.write({"activity": "3"})
        self.assertFalse(perf.user_confirmed)
        self.assertTrue(perf.changed_after_confirmation)
        self.assertEqual(perf.status, "encoded")

    def test_invalid_values_name_the_field(self):
        with self.assertRaisesRegex(UserError, "Hours"):
            self._perf(hours=10)
        with self.assertRaisesRegex(UserError, "future"):
            self._perf(day=date(2026, 3, 4))
        self.number_2.deceased = True
        with self.assertRaisesRegex(UserError, "died"):
            self._perf(number=self.number_2)

    def test_delete_and_move_keep_an_audit_trail(self):
        perf = self._perf()
        perf.action_delete()
        self.assertEqual(perf.status, "deleted")
        moved = self._perf(hours=2)
        moved.action_confirm_as_user()
        wizard = (
            self.env["sc.performance.move"]
            .with_context(active_model="sc.performance", active_ids=moved.ids)
            .create({"user_number_id": self.number_2.id})
        )
        wizard.action_move()
        self.assertEqual(moved.user_number_id, self.number_2)
        self.assertFalse(moved.user_confirmed, "the new user confirms again")
        self.assertTrue(any("123456789013" in b for b in moved.message_ids.mapped("body")))
        validated = self._perf(hours=1)
        validated.action_validate()
        validated.action_confirm_as_user()
        with self.assertRaises(UserError):
            validated.unlink()

    def test_user_notified_at_encoding_and_sanity_checks(self):
        perf = self._perf(hours=2)
        notice = self.number.message_ids.filtered(lambda m: "to confirm" in (m.subject or ""))
        self.assertEqual(len(notice), 1)
        self.assertIn(self.household, notice.partner_ids)
        self.assertIn("no contract on this date", perf.alert_reasons)
        self.company.sc_max_worker_hours_month = 3
        perf.invalidate_recordset(["alert_reasons"])
        self._perf(hours=2, activity="2")
        self.assertIn("4 hours for the worker this month", perf.alert_reasons)
