# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Regional rules and user price tranches are dated figures of the shared mixin.

"A figure applies from its start date; a figure without an end date ends where
the next figure of its group starts (the day before), so adding next period's
figure is a pure insert." The rules are grouped by region, the price tranches
by region and tranche number.
"""

import importlib.util
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file, file_path


@tagged("post_install", "-at_install")
class TestDatedRegionConfig(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["sc.region.rule"]
        cls.Price = cls.env["sc.region.price"]
        cls.brussels = cls.env.ref("servicecheque_prestations.sc_region_brussels")
        cls.flanders = cls.env.ref("servicecheque_prestations.sc_region_flanders")
        cls.rule_2021 = cls.env.ref("servicecheque_prestations.sc_region_rule_brussels_2021")
        cls.rule_2026 = cls.env.ref("servicecheque_prestations.sc_region_rule_brussels_2026")

    def test_the_latest_start_wins_with_no_end_dates(self):
        """The rule of 2021 ends the day before the 2026 rule starts."""
        self.assertFalse(self.rule_2021.date_to)
        self.assertEqual(self.rule_2021.date_end, date(2025, 12, 31))
        self.assertFalse(self.rule_2026.date_end, "the latest rule stays in force")
        self.assertEqual(
            self.Rule._dated_find(date(2025, 12, 31), region_id=self.brussels), self.rule_2021
        )
        self.assertEqual(
            self.Rule._dated_find(date(2026, 1, 1), region_id=self.brussels), self.rule_2026
        )

    def test_before_the_first_rule_the_message_says_who_adds_it(self):
        with self.assertRaisesRegex(
            UserError, "service-voucher rule \\(Brussels\\).*2021.*Regions"
        ):
            self.Rule._dated_find(date(2020, 12, 31), region_id=self.brussels)

    def test_two_rules_of_a_region_on_one_day_are_refused(self):
        with self.assertRaises(ValidationError):
            self.Rule.create(
                {
                    "region_id": self.brussels.id,
                    "date_from": date(2024, 1, 1),
                    "date_to": date(2026, 3, 31),
                    "source": "Test",
                }
            )

    def test_price_list_of_the_day(self):
        """Brussels 2026: EUR 11.40 from voucher 1, EUR 14.00 from voucher 301."""
        tranches = self.brussels.sudo()._price_tranches_on(date(2026, 1, 1))
        self.assertEqual(
            [(t.first_voucher, float(t.price)) for t in tranches], [(1, 11.4), (301, 14.0)]
        )
        self.assertEqual(self.brussels.sudo()._price_tranches_on(date(2025, 12, 31)), [])

    def test_next_year_in_a_module_update(self):
        """Next year's rule and price list ship as inserts in the noupdate data file;
        corrections made in the back office survive; a smaller price list replaces the
        whole list of the year before."""
        self.rule_2026.source = "Corrected in the back office."
        convert_file(
            self.env,
            "servicecheque_prestations",
            "tests/data/sc_region_rule_next_year.xml",
            {},
            mode="update",
        )
        rule_2027 = self.env.ref("servicecheque_prestations.sc_region_rule_brussels_2027")
        self.assertEqual(self.rule_2026.source, "Corrected in the back office.")
        self.assertEqual(self.rule_2026.date_end, date(2026, 12, 31))
        self.assertEqual(
            self.Rule._dated_find(date(2026, 12, 31), region_id=self.brussels), self.rule_2026
        )
        self.assertEqual(
            self.Rule._dated_find(date(2027, 1, 1), region_id=self.brussels), rule_2027
        )
        tranches = self.brussels.sudo()._price_tranches_on(date(2027, 1, 1))
        self.assertEqual([(t.first_voucher, float(t.price)) for t in tranches], [(1, 12.0)])

    def test_migration_numbers_the_tranches(self):
        """Databases of 19.0.1.0.0 had no tranche number: the migration numbers each
        price list's tranches by first voucher (unpublished bounds last) and computes
        the ends, after which the price of every day is the same as before."""
        wallonia = self.env.ref("servicecheque_prestations.sc_region_wallonia")
        before = {
            day: wallonia.sudo()._price_tranches_on(day)
            for day in (date(2025, 1, 1), date(2025, 7, 1))
        }
        self.env.flush_all()
        self.env.cr.execute("UPDATE sc_region_price SET tranche = 1, date_end = NULL")
        self.env.invalidate_all()
        path = file_path("servicecheque_prestations/migrations/19.0.1.1.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("sc_post_migrate", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        july = self.env.ref("servicecheque_prestations.sc_region_price_wallonia_2025_07_3")
        january = self.env.ref("servicecheque_prestations.sc_region_price_wallonia_2025_01_3")
        self.assertEqual(july.tranche, 3)
        self.assertEqual(january.date_end, date(2025, 6, 30))
        after = {day: wallonia.sudo()._price_tranches_on(day) for day in before}
        self.assertEqual(
            {day: sorted(t.price for t in ts) for day, ts in after.items()},
            {day: sorted(t.price for t in ts) for day, ts in before.items()},
        )
