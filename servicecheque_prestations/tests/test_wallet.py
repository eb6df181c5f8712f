# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-03 10:00:00")
class TestWallet(ServiceVoucherCommon):
    def _ready(self, hours=4, **values):
        perf = self._perf(hours=hours, **values)
        perf.action_confirm_as_user()
        perf.action_validate()
        return perf

    def test_lot_validity_from_region_rule(self):
        lot = self._lot(bought_on=date(2026, 1, 5))
        self.assertEqual(lot.available_from, date(2026, 1, 6))
        self.assertEqual(lot.valid_until, date(2027, 1, 4))
        lot_w = self._lot(number=self.other_number, bought_on=date(2026, 3, 15))
        self.assertEqual(lot_w.valid_until, date(2026, 11, 30), "end of the 8th month after issue")

    def test_full_allocation_oldest_expiring_first_and_mail(self):
        young = self._lot(quantity=10, bought_on=date(2026, 2, 1))
        old = self._lot(quantity=2, bought_on=date(2025, 6, 1))
        perf = self._ready(hours=4)
        self.assertEqual(perf.status, "paid")
        self.assertEqual(perf.vouchers_allocated, 4)
        self.assertEqual(old.remaining, 0)
        self.assertEqual(young.remaining, 8)
        self.assertEqual(self.number.balance, 8)
        mail = self.number.message_ids.filtered(lambda m: "taken from the wallet" in (m.body or ""))
        self.assertEqual(len(mail), 1)
        self.assertIn("Vouchers left in the wallet: 8", mail.body)
        self.assertIn(self.household, mail.partner_ids)

    def test_split_payment_codes_and_new_vouchers_to_partial_first(self):
        self._lot(quantity=2)
        first = self._ready(hours=4)
        self.assertEqual(
            (first.status, first.status_code, first.vouchers_allocated), ("partial_first", 16, 2)
        )
        second = self._ready(hours=3, day=date(2026, 3, 3))
        self.assertEqual(second.status, "ready", "wallet empty: waits")
        self._lot(quantity=1, bought_on=date(2026, 2, 10))
        self.assertEqual((first.status_code, first.vouchers_allocated), (18, 3))
        self.assertEqual(second.vouchers_allocated, 0, "partially paid performances come first")
        self._lot(quantity=5, bought_on=date(2026, 2, 11))
        self.assertEqual((first.status, first.status_code), ("paid", 19))
        self.assertEqual(second.status, "paid")
        self.assertEqual(self.number.balance, 1)

    def test_paper_payment_and_expired_lots_give_nothing(self):
        self._lot(quantity=5, bought_on=date(2024, 1, 5))  # expired in January 2025
        perf = self._ready(hours=4)
        self.assertEqual(perf.vouchers_allocated, 0)
        wizard = (
            self.env["sc.paper.payment"]
            .with_context(active_model="sc.performance", active_id=perf.id)
            .create({"count": 3, "date": date(2026, 3, 3)})
        )
        wizard.action_record()
        self.assertEqual((perf.vouchers_allocated, perf.paper_vouchers), (3, 3))
        self.assertEqual(perf.status, "partial_first")
        with self.assertRaisesRegex(UserError, "Paper vouchers"):
            perf._record_paper_payment(2, date(2026, 3, 3))

    def test_balance_never_negative_in_database(self):
        lot = self._lot(quantity=2)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            lot.write({"remaining": -1})
            lot.flush_recordset()

    def test_yearly_maximum_per_user_and_household(self):
        self._lot(quantity=450, bought_on=date(2026, 1, 5))
        with self.assertRaisesRegex(UserError, "yearly maximum of 500"), self.cr.savepoint():
            self._lot(quantity=60, bought_on=date(2026, 2, 5))
        self._lot(quantity=50, bought_on=date(2026, 2, 5))
        self._lot(quantity=450, bought_on=date(2026, 2, 6), number=self.number_2)
        third = self.env["sc.user.number"].create(
            {"name": "123456789014", "partner_id": self.household.id}
        )
        with self.assertRaisesRegex(UserError, "yearly maximum of 1000"), self.cr.savepoint():
            self._lot(quantity=60, bought_on=date(2026, 2, 7), number=third)
        self._lot(quantity=50, bought_on=date(2026, 2, 7), number=third)
        self._lot(quantity=60, bought_on=date(2027, 1, 4), number=third)
