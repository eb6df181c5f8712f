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
        # the same days for two modes do not clash (2025 has no seeded km rate)
        car = KmRate.create(
            {
                "mode": "car",
                "date_from": "2025-03-01",
                "date_to": "2025-03-31",
                "rate": 0.43,
                "source": "test",
            }
        )
        bike = KmRate.create(
            {
                "mode": "bike",
                "date_from": "2025-03-01",
                "date_to": "2025-03-31",
                "rate": 0.36,
                "source": "test",
            }
        )
        self.assertEqual((car | bike).mapped("mode"), ["car", "bike"])
