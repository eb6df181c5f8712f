# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dated regional rules of issue 9: validation delays by the user's channel, user
price tranches by the number bought in the year."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
class TestRegionRules(ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.brussels = cls.env.ref("servicecheque_prestations.sc_region_brussels")
        cls.alternative_partner = cls.env["res.partner"].create(
            {"name": "Household by paper", "zip": "9000"}
        )
        cls.alternative_number = cls.env["sc.user.number"].create(
            {
                "name": "111122223334",
                "partner_id": cls.alternative_partner.id,
                "confirmation_channel": "alternative",
            }
        )
        cls.brussels_partner = cls.env["res.partner"].create(
            {"name": "Ménage bruxellois", "zip": "1000"}
        )
        cls.brussels_number = cls.env["sc.user.number"].create(
            {"name": "222233334444", "partner_id": cls.brussels_partner.id}
        )

    def _encode(self, number, day, channel="portal", activity="1"):
        return self.env["sc.performance"].create(
            {
                "user_number_id": number.id,
                "employee_id": self.worker.id,
                "date": day,
                "hours": 2,
                "activity": activity,
                "channel": channel,
                "encoded_on": datetime(day.year, day.month, day.day, 17, 0),
            }
        )

    @freeze_time("2025-06-20 10:00:00")
    def test_flanders_delays_follow_the_users_channel(self):
        """ "Flanders' validation delays — company 5 working days; user ... 5 for
        online-wallet users, 10 for users of the alternative channels since June
        2025 ... the user's channel decides.\""""
        monday = date(2025, 6, 2)  # Whit Monday 9 June 2025 is a holiday
        online = self._encode(self.number, monday)
        paper = self._encode(self.alternative_number, monday)
        self.assertEqual(online.company_due_date, date(2025, 6, 10))
        self.assertEqual(online.user_due_date, date(2025, 6, 10), "5 working days")
        self.assertEqual(paper.company_due_date, date(2025, 6, 10))
        self.assertEqual(paper.user_due_date, date(2025, 6, 17), "10 working days")
        self.assertEqual(paper.auto_validation_due, date(2025, 6, 10))
        paper.action_validate()
        self.assertEqual(paper.auto_validation_due, date(2025, 6, 17))

    @freeze_time("2025-06-20 10:00:00")
    def test_before_june_2025_the_older_rule_applies(self):
        """The rule of 1 June 2025 does not reach back: encoded on Saturday 31 May, the
        earlier rule (5 calendar days, same for every user) applies."""
        saturday = date(2025, 5, 31)
        paper = self._encode(self.alternative_number, saturday)
        self.assertEqual(paper.user_due_date, date(2025, 6, 5))
        sunday = self._encode(self.alternative_number, date(2025, 6, 1), activity="2")
        self.assertEqual(sunday.user_due_date, date(2025, 6, 16), "10 working days from 2 June")

    @freeze_time("2026-03-10 10:00:00")
    def test_channel_change_moves_the_due_date(self):
        performance = self._encode(self.number, date(2026, 3, 2))
        self.assertEqual(performance.user_due_date, date(2026, 3, 9))
        self.number.confirmation_channel = "alternative"
        self.assertEqual(performance.user_due_date, date(2026, 3, 16))

    @freeze_time("2026-12-31 10:00:00")
    def test_user_price_follows_the_tranche_of_the_year(self):
        """ "apply the tranche by the number bought in the year": Brussels 2026 EUR 11.40
        for vouchers 1-300, EUR 14.00 for 301-500."""
        Lot = self.env["sc.voucher.lot"]
        first = Lot.create(
            {
                "user_number_id": self.brussels_number.id,
                "quantity": 299,
                "bought_on": date(2026, 1, 1),
            }
        )
        across = Lot.create(
            {
                "user_number_id": self.brussels_number.id,
                "quantity": 3,
                "bought_on": date(2026, 6, 30),
            }
        )
        after = Lot.create(
            {
                "user_number_id": self.brussels_number.id,
                "quantity": 1,
                "bought_on": date(2026, 12, 31),
            }
        )
        self.assertAlmostEqual(first.user_price_total, 299 * 11.40, places=2)
        self.assertAlmostEqual(across.user_price_total, 11.40 + 2 * 14.00, places=2)
        self.assertAlmostEqual(after.user_price_total, 14.00, places=2)

    @freeze_time("2026-03-10 10:00:00")
    def test_new_year_starts_at_the_first_tranche(self):
        Lot = self.env["sc.voucher.lot"]
        Lot.create(
            {
                "user_number_id": self.brussels_number.id,
                "quantity": 400,
                "bought_on": date(2025, 12, 31),
            }
        )
        january = Lot.create(
            {
                "user_number_id": self.brussels_number.id,
                "quantity": 2,
                "bought_on": date(2026, 1, 1),
            }
        )
        self.assertAlmostEqual(january.user_price_total, 2 * 11.40, places=2)

    @freeze_time("2026-03-10 10:00:00")
    def test_no_price_without_published_bounds(self):
        """Wallonia's tranche bounds are not published: no price rather than a guess;
        Flanders publishes none."""
        wallonia_lot = self._lot(number=self.other_number, quantity=2, bought_on=date(2026, 3, 2))
        flanders_lot = self._lot(quantity=2, bought_on=date(2026, 3, 2))
        self.assertFalse(wallonia_lot.user_price_total)
        self.assertFalse(flanders_lot.user_price_total)
        sources = self.env["sc.region.price"].search([]).mapped("source")
        self.assertFalse([s for s in sources if "domain.md" in s or "seeds" in s])
