# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Wallet rules of issue 9: allocation when bought vouchers become available,
exchanges in the yearly maximum."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
class TestWalletRules(ServiceVoucherCommon):
    def _ready(self, hours=4, **values):
        perf = self._perf(hours=hours, **values)
        perf.action_confirm_as_user()
        perf.action_validate()
        return perf

    def _cron(self):
        with self.enter_registry_test_mode():
            self.env.ref(
                "servicecheque_prestations.ir_cron_allocate_available"
            ).method_direct_trigger()
        self.env.invalidate_all()

    def test_vouchers_allocated_when_they_become_available(self):
        """ "Bought vouchers become available a day later, but allocation runs only when
        a lot is created or a performance becomes ready; nothing picks up codes
        16/17/18 when the vouchers become available" → a job allocates them, partly
        paid performances first."""
        with freeze_time("2026-03-02 09:00:00"):
            self._lot(quantity=2, bought_on=date(2026, 3, 1))  # available 2 March
            partial = self._ready(hours=4, day=date(2026, 3, 2))
            self.assertEqual((partial.status_code, partial.vouchers_allocated), (16, 2))
            waiting = self._ready(hours=3, day=date(2026, 3, 2), activity="2")
            self.assertEqual(waiting.status, "ready")
        with freeze_time("2026-03-02 22:59:00"):  # 23:59 in Brussels: bought today
            lot = self._lot(quantity=3, bought_on=date(2026, 3, 2))
            self.assertEqual(lot.available_from, date(2026, 3, 3))
            self._cron()
            self.assertEqual(lot.remaining, 3, "not available before the next day")
            self.assertEqual(partial.vouchers_allocated, 2)
        with freeze_time("2026-03-02 23:01:00"):  # 00:01 on 3 March in Brussels
            self._cron()
            self.assertEqual((partial.status, partial.status_code), ("paid", 19))
            self.assertEqual(waiting.vouchers_allocated, 1, "partly paid performances first")
            self.assertEqual(waiting.status_code, 16)
            self.assertEqual(lot.remaining, 0)
            self._cron()  # nothing left to do: idempotent
            self.assertEqual(waiting.vouchers_allocated, 1)

    @freeze_time("2026-03-03 10:00:00")
    def test_exchange_replaces_it_does_not_add(self):
        """ "An exchange counts as a purchase in the yearly maximum (500/1,000/2,000)
        ... A user at the maximum cannot exchange; exchanges eat the allowance. An
        exchange replaces, it does not add.\""""
        lot = self._lot(quantity=500, bought_on=date(2026, 1, 5))
        with self.assertRaises(UserError) as caught:
            self._lot(quantity=1, bought_on=date(2026, 3, 3))
        self.assertIn("yearly maximum", str(caught.exception))
        request = self.env["sc.voucher.request"].create(
            {"lot_id": lot.id, "kind": "exchange", "quantity": 100}
        )
        request.with_user(self.staff).action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.new_lot_id.quantity, 100)
        self.assertEqual(request.new_lot_id.exchanged_from_id, lot)
        self.assertEqual(lot.remaining, 400)
        self.assertEqual(
            self.env["sc.voucher.lot"]._sc_bought_in_year(self.number, 2026),
            500,
            "the exchange is not counted again",
        )
        with self.assertRaises(UserError) as caught:
            self._lot(quantity=1, bought_on=date(2026, 3, 3))
        self.assertIn("yearly maximum", str(caught.exception))

    def test_wallet_pays_before_billing_outside_vouchers(self):
        """ "after 12 months the cron can bill a performance outside vouchers while the
        wallet holds vouchers" → the wallet pays first."""
        with freeze_time("2025-02-03 10:00:00"):
            old = self._ready(hours=3, day=date(2025, 2, 3))
            self.assertEqual(old.status, "ready", "empty wallet")
        with freeze_time("2026-03-01 10:00:00"):
            lot = self._lot(quantity=5, bought_on=date(2026, 3, 1))  # available 2 March
            self.assertEqual(old.vouchers_allocated, 0)
        with freeze_time("2026-03-05 10:00:00"):
            with self.enter_registry_test_mode():
                self.env.ref(
                    "servicecheque_prestations.ir_cron_outside_vouchers"
                ).method_direct_trigger()
            self.env.invalidate_all()
            self.assertEqual(old.status, "paid")
            self.assertEqual(lot.remaining, 2)
