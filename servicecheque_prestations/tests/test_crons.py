# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
class TestCrons(ServiceVoucherCommon):
    def _run(self, xmlid):
        with self.enter_registry_test_mode():
            self.env.ref(xmlid).method_direct_trigger()
        self.env.invalidate_all()

    def test_auto_validation_only_when_due_and_idempotent(self):
        with freeze_time("2026-03-02 18:00:00"):
            due = self._perf()  # Flanders, due 9 March (working days)
            confirmed = self._perf(hours=2, activity="2")
            confirmed.action_confirm_as_user()
            contested = self._perf(hours=3, activity="3")
            contested.action_contest("Wrong day")
        with freeze_time("2026-03-06 10:00:00"):
            self._run("servicecheque_prestations.ir_cron_auto_validate")
            self.assertEqual(due.status, "encoded")
        with freeze_time("2026-03-09 10:00:00"):
            self._run("servicecheque_prestations.ir_cron_auto_validate")
            self.assertEqual(due.status, "ready")
            self.assertTrue(due.auto_validated)
            self.assertEqual(confirmed.status, "ready")
            self.assertEqual(contested.status, "contested")
            messages = len(due.message_ids)
            self._run("servicecheque_prestations.ir_cron_auto_validate")
            self.assertEqual(len(due.message_ids), messages, "a second run changes nothing")

    def test_outside_vouchers_after_twelve_months_in_flanders(self):
        with freeze_time("2025-02-03 18:00:00"):
            old = self._perf(day=date(2025, 2, 3))
            old_w = self._perf(number=self.other_number, day=date(2025, 2, 3))
            (old | old_w).action_validate()
            (old | old_w).action_confirm_as_user()
        with freeze_time("2026-02-03 10:00:00"):
            self._run("servicecheque_prestations.ir_cron_outside_vouchers")
            self.assertEqual(old.status, "ready", "not more than 12 months yet")
        with freeze_time("2026-02-04 10:00:00"):
            self._run("servicecheque_prestations.ir_cron_outside_vouchers")
            self.assertEqual(old.status, "outside_vouchers")
            self.assertEqual(old_w.status, "ready", "Wallonia has no such rule")
            self._run("servicecheque_prestations.ir_cron_outside_vouchers")
            self.assertEqual(old.status, "outside_vouchers")

    def test_expiry_warning_once(self):
        with freeze_time("2026-03-01 10:00:00"):
            lot = self._lot(quantity=5, bought_on=date(2025, 3, 20))  # valid until 19/03/2026
            fresh = self._lot(quantity=5, bought_on=date(2026, 2, 1))
            self._run("servicecheque_prestations.ir_cron_warn_expiry")
            self.assertTrue(lot.expiry_warned)
            self.assertFalse(fresh.expiry_warned)
            warnings = self.number.message_ids.filtered(lambda m: "expire on" in (m.body or ""))
            self.assertEqual(len(warnings), 1)
            self._run("servicecheque_prestations.ir_cron_warn_expiry")
            warnings = self.number.message_ids.filtered(lambda m: "expire on" in (m.body or ""))
            self.assertEqual(len(warnings), 1, "told once")
