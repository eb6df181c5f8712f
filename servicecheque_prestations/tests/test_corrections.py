# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delete or move a performance after validation or payment (issue 9.7)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-03 10:00:00")
class TestCorrections(ServiceVoucherCommon):
    """ "The company can always delete a performance or move it to another user number
    (seed 001: 'wij kunnen steeds ingevoerde prestaties verwijderen en overzetten op
    een ander gebruikersnummer') ... After validation or payment: vouchers go back to
    the wallet they came from (or to the right one), the issuer export shows the
    correction, everything in the chatter.\""""

    def _paid(self, hours=4, **values):
        perf = self._perf(hours=hours, **values)
        perf.action_confirm_as_user()
        perf.action_validate()
        return perf

    def test_delete_after_payment_gives_the_vouchers_back(self):
        lot = self._lot(quantity=5, bought_on=date(2026, 2, 1))
        perf = self._paid(hours=4)
        self.assertEqual((perf.status, lot.remaining), ("paid", 1))
        perf.with_user(self.staff).action_delete()
        self.assertEqual(perf.status, "deleted")
        self.assertEqual(lot.remaining, 5, "back to the lot they came from")
        self.assertEqual(self.number.balance, 5)
        self.assertTrue(all(perf.allocation_ids.mapped("returned")))
        self.assertIn("4 electronic voucher(s) returned", perf.correction)
        self.assertTrue(
            perf.message_ids.filtered(lambda m: "returned to the wallet" in (m.body or ""))
        )
        # the export shows the correction
        action = perf.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        header, line = attachment.raw.decode("utf-8-sig").splitlines()
        self.assertEqual(header.split(";")[-1], "Correctie")
        self.assertIn("Deleted after payment", line)
        self.assertIn(";deleted;", line)

    def test_delete_after_paper_and_partial_payment(self):
        self._lot(quantity=2, bought_on=date(2026, 2, 1))
        perf = self._paid(hours=4)
        self.assertEqual(perf.status_code, 16)
        perf._record_paper_payment(1, date(2026, 3, 3))
        perf.action_delete()
        self.assertEqual((perf.vouchers_allocated, perf.paper_vouchers), (0, 0))
        self.assertIn("2 electronic voucher(s)", perf.correction)
        self.assertIn("1 paper voucher(s)", perf.correction)
        self.assertEqual(self.number.balance, 2)

    def test_move_after_payment_pays_from_the_right_wallet(self):
        wrong_lot = self._lot(quantity=5, bought_on=date(2026, 2, 1))
        right_lot = self._lot(number=self.number_2, quantity=6, bought_on=date(2026, 2, 1))
        perf = self._paid(hours=4)
        self.assertEqual(wrong_lot.remaining, 1)
        wizard = (
            self.env["sc.performance.move"]
            .with_user(self.staff)
            .with_context(active_model="sc.performance", active_ids=perf.ids)
            .create({"user_number_id": self.number_2.id})
        )
        wizard.action_move()
        self.assertEqual(perf.user_number_id, self.number_2)
        self.assertEqual(wrong_lot.remaining, 5, "back to the wallet they came from")
        self.assertEqual(perf.status, "validated", "the new user confirms again")
        self.assertIn("Moved from user number 123456789012", perf.correction)
        perf.action_confirm_as_user()
        self.assertEqual(perf.status, "paid")
        self.assertEqual(right_lot.remaining, 2, "paid from the right wallet")
        self.assertEqual(perf.allocation_ids.filtered(lambda a: not a.returned).lot_id, right_lot)

    def test_claimed_vouchers_are_not_given_back(self):
        self.env["sc.region.rule"].create(
            {
                "region_id": self.flanders.id,
                "date_from": date(2026, 1, 1),
                "source": "Test figure",
                "working_days": True,
                "reimbursement_value": 25.5,
            }
        )
        lot = self._lot(quantity=5, bought_on=date(2026, 2, 1))
        perf = self._paid(hours=4)
        request = self.env["sc.reimbursement"].create(
            {
                "name": "R-CORR-1",
                "region_id": self.flanders.id,
                "issuer_id": self.other_household.id,
                "date": date(2026, 3, 3),
            }
        )
        request.action_collect()
        request.action_request()
        with self.assertRaises(UserError) as caught:
            perf.action_delete()
        self.assertIn("claimed", str(caught.exception))
        self.assertEqual((perf.status, lot.remaining), ("paid", 1), "nothing half-written")
