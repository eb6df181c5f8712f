# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestExpenseRates(TransactionCase):
    """Only one dated rate may be in force on a day (per transport mode for km rates)."""

    def test_overlapping_allowance_rates_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["dito.allowance.rate"].create(
                {
                    "date_from": "2026-06-01",
                    "per_day": 50,
                    "per_year": 2000,
                    "per_year_higher": 3500,
                    "km_limit_year": 2000,
                    "source": "test",
                }
            )

    def test_allowance_rate_after_the_last_one_is_accepted(self):
        rate = self.env["dito.allowance.rate"].create(
            {
                "date_from": "2027-01-01",
                "per_day": 45,
                "per_year": 1800,
                "per_year_higher": 3300,
                "km_limit_year": 2000,
                "source": "test",
            }
        )
        self.assertTrue(rate)

    def test_km_rates_overlap_per_mode_only(self):
        KmRate = self.env["dito.km.rate"]
        with self.assertRaises(ValidationError):
            KmRate.create(
                {
                    "mode": "car",
                    "date_from": "2024-02-01",
                    "date_to": "2024-02-29",
                    "rate": 0.5,
                    "source": "test",
                }
            )
        # the same days for two modes do not clash (2027 has no seeded km rate)
        car = KmRate.create(
            {
                "mode": "car",
                "date_from": "2027-03-01",
                "date_to": "2027-03-31",
                "rate": 0.43,
                "source": "test",
            }
        )
        bike = KmRate.create(
            {
                "mode": "bike",
                "date_from": "2027-03-01",
                "date_to": "2027-03-31",
                "rate": 0.36,
                "source": "test",
            }
        )
        self.assertEqual((car | bike).mapped("mode"), ["car", "bike"])


@tagged("post_install", "-at_install")
class TestSeededRates(TransactionCase):
    """Issue 9.10: "a newly installed database must accept trips dated from 2024 Q1
    through 2026 Q1" (every car quarter and the 2025 bike rate, with their sources)."""

    def test_every_quarter_from_2024_q1_to_2026_q1_has_its_car_and_bike_rate(self):
        from datetime import date

        from ..tools import rates

        km_rates = self.env["dito.km.rate"]._all_rates()
        for year, month in [(y, m) for y in (2024, 2025) for m in (1, 4, 7, 10)] + [(2026, 1)]:
            for day in (date(year, month, 1), date(year, month + 2, 28)):
                for mode in ("car", "bike"):
                    rate = rates.km_rate_at(km_rates, rates.TransportMode(mode), day)
                    self.assertGreater(rate, 0, f"{mode} {day}")
        seeded = self.env["dito.km.rate"].search([])
        self.assertTrue(all(seeded.mapped("source")))
        self.assertEqual(
            self.env.ref("dito_expenses.km_rate_car_2025_q2").rate, 0.4320, "domain figure"
        )

    def test_new_figures_of_the_noupdate_file_are_inserted_on_update(self):
        """noupdate keeps what the volunteer service changed, and still inserts a record
        whose xml id is new (how next quarter's figure reaches existing databases)."""
        from odoo.tools import convert_file

        kept = self.env.ref("dito_expenses.km_rate_car_2024_q1")
        kept.rate = 0.5
        new = self.env.ref("dito_expenses.km_rate_car_2025_q3")
        self.env["ir.model.data"].search(
            [("module", "=", "dito_expenses"), ("name", "=", "km_rate_car_2025_q3")]
        ).unlink()
        new.unlink()
        convert_file(
            self.env, "dito_expenses", "data/dito_rate_data.xml", {}, mode="update", noupdate=True
        )
        self.assertEqual(kept.rate, 0.5, "a changed figure is kept")
        inserted = self.env.ref("dito_expenses.km_rate_car_2025_q3")
        self.assertEqual(inserted.rate, 0.4309)
