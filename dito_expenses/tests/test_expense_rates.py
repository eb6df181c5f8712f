# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from decimal import Decimal

from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import load_script
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestExpenseRates(TransactionCase):
    """Only one dated rate may be in force on a day (per transport mode for km rates)."""

    def test_overlapping_allowance_rates_are_refused(self):
        """Only an explicit end reaching the next start overlaps (a mid-year figure
        without an end is a pure insert)."""
        with self.assertRaises(ValidationError):
            self.env["dito.allowance.rate"].create(
                {
                    "date_from": "2025-06-01",
                    "date_to": "2026-01-31",
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
                    "date_to": "2024-04-30",
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


@tagged("post_install", "-at_install")
class TestDatedRates(TransactionCase):
    """Issue 11.1: "a figure without an end date runs until the next one of its group
    starts", so next period's figure is a pure insert, in the back office and in a
    module update; an explicit end is a real gap, refused with what is missing."""

    def _allowance(self, day, per_day=45):
        return self.env["dito.allowance.rate"].create(
            {
                "date_from": day,
                "per_day": per_day,
                "per_year": 1800,
                "per_year_higher": 3300,
                "source": "test",
            }
        )

    def test_2026_caps_stay_in_force_until_2027_is_added(self):
        from datetime import date

        from ..tools import rates

        figures = self.env["dito.allowance.rate"]._all_rates()
        self.assertEqual(rates.allowance_at(figures, date(2027, 1, 1)).per_day, Decimal("44.02"))
        last = self.env.ref("dito_expenses.allowance_rate_2026")
        self.assertFalse(last.date_end)
        self._allowance(date(2027, 1, 1))
        self.assertEqual(last.date_end, date(2026, 12, 31), "ends the day before, by itself")
        figures = self.env["dito.allowance.rate"]._all_rates()
        self.assertEqual(rates.allowance_at(figures, date(2026, 12, 31)).per_day, Decimal("44.02"))
        self.assertEqual(rates.allowance_for_year(figures, 2027).per_day, Decimal(45))

    def test_next_car_quarter_ships_in_a_module_update(self):
        from datetime import date

        from odoo.tools import convert_file

        q1 = self.env.ref("dito_expenses.km_rate_car_2026_q1")
        self.assertEqual(q1.date_end, date(2026, 3, 31), "a real gap: Q2 not published")
        KmRate = self.env["dito.km.rate"]
        with self.assertRaisesRegex(UserError, r"per-km rate \(Car\).*2026.*Per-km Rates"):
            KmRate._dated_find(date(2026, 4, 1), mode="car")
        convert_file(
            self.env,
            "dito_expenses",
            "tests/data/dito_rate_data_next_quarter.xml",
            {},
            mode="update",
            noupdate=True,
        )
        q2 = self.env.ref("dito_expenses.km_rate_car_test_next_quarter")
        self.assertEqual(KmRate._dated_find(date(2026, 4, 1), mode="car"), q2)
        self.assertEqual(KmRate._dated_find(date(2026, 3, 31), mode="car"), q1)
        self.assertFalse(q2.date_end)

    def test_migration_gives_the_old_figures_one_meaning(self):
        """The 19.0.1.2.0 migration clears the ends that only repeat "the day before the
        next one" and 2026's, without changing the figure of any day up to 2026."""
        from datetime import date

        Allowance, KmRate = self.env["dito.allowance.rate"], self.env["dito.km.rate"]
        old_ends = {
            "allowance_rate_2024": date(2024, 12, 31),
            "allowance_rate_2025": date(2025, 12, 31),
            "allowance_rate_2026": date(2026, 12, 31),
            "km_rate_car_2025_q4": date(2025, 12, 31),
            "km_rate_bike_2025": date(2025, 12, 31),
        }
        for xmlid, end in old_ends.items():
            self.env.ref(f"dito_expenses.{xmlid}").date_to = end
        days = [date(2024, 6, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 31)]
        before = {
            (mode, day): KmRate._dated_find(day, mode=mode)
            for mode in ("car", "bike")
            for day in days
        }
        script = load_script("dito_expenses/migrations/19.0.1.2.0/post-migrate.py", "post_migrate")
        script.migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        for xmlid in old_ends:
            self.assertFalse(self.env.ref(f"dito_expenses.{xmlid}").date_to, xmlid)
        self.assertEqual(
            self.env.ref("dito_expenses.km_rate_car_2026_q1").date_to, date(2026, 3, 31)
        )
        after = {
            (mode, day): KmRate._dated_find(day, mode=mode)
            for mode in ("car", "bike")
            for day in days
        }
        self.assertEqual(before, after)
        self.assertEqual(Allowance._dated_find(date(2027, 1, 1)).per_day, 44.02)


@tagged("post_install", "-at_install")
class TestChoices(TransactionCase):
    """Issue 11.3: "derive selections and domains from the tools/ enums": every
    selection field of the addon has exactly the keys of its tools enum."""

    def test_every_selection_equals_its_enum(self):
        from ..tools import choices, lines

        enums = {
            ("dito.expense.note", "state"): choices.NoteState,
            ("dito.expense.note", "regime"): lines.Regime,
            ("dito.expense.note", "channel"): choices.Channel,
            ("dito.expense.note.line", "kind"): lines.LineKind,
            ("dito.expense.note.line", "mode"): lines.TransportMode,
            ("dito.km.rate", "mode"): choices.KM_RATE_MODES,
            ("dito.volunteer.regime", "regime"): lines.Regime,
            ("dito.expense.batch", "state"): choices.BatchState,
        }
        found = set()
        for model in self.env.values():
            if not model._name.startswith("dito."):
                continue
            for name, field in model._fields.items():
                if (
                    field.type == "selection"
                    and field._module == "dito_expenses"
                    and not field.related
                ):
                    found.add((model._name, name))
                    keys = [key for key, __ in field._description_selection(self.env)]
                    self.assertEqual(keys, list(choices.values(enums[model._name, name])))
        self.assertEqual(found, set(enums))
