# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dated configuration mixin (benefits.dated.mixin) on a concrete model.

The rule: "a record without an end date ends where the next one of its group
starts (as res.currency.rate does), so adding next period's figure is a pure
insert — in the back office and in a module update alike; an explicit end date
leaves a gap, and a date in a gap is refused with a message that says what is
missing and who can add it."
"""

from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import convert_file, mute_logger

Y2026, Y2027 = date(2026, 1, 1), date(2027, 1, 1)


@tagged("post_install", "-at_install")
class TestDatedMixin(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, "dated_admin", groups="base.group_system")
        cls.employee = new_test_user(cls.env, "dated_employee", groups="base.group_user")
        cls.Figure = cls.env["benefits.dated.test"].with_user(cls.admin)
        # the figures the module ships are tested on their own below
        cls.Figure.search([]).unlink()
        cls.belgium = cls.env.ref("base.be")

    def _figure(self, day, mode="car", **values):
        return self.Figure.create({"mode": mode, "date_from": day, "rate": 1.0, **values})

    # ------------------------------------------------------------ the meaning

    def test_next_figure_is_a_pure_insert(self):
        first = self._figure(Y2026)
        bike = self._figure(Y2026, mode="bike")
        self.assertFalse(first.date_end, "the latest figure is open-ended")
        second = self._figure(Y2027)
        self.assertEqual(first.date_end, date(2026, 12, 31))
        self.assertFalse(second.date_end)
        self.assertFalse(bike.date_end, "another group is not ended by it")
        self.assertEqual(self.Figure._dated_find(date(2026, 12, 31), mode="car"), first)
        self.assertEqual(self.Figure._dated_find(Y2027, mode="car"), second)
        self.assertEqual(self.Figure._dated_find(date(2027, 1, 2), mode="car"), second)
        in_force = self.Figure.search(self.Figure._dated_in_force_domain(date(2026, 12, 31)))
        self.assertEqual(in_force, first | bike)

    def test_group_recomputed_on_write_and_unlink(self):
        first, middle, last = (
            self._figure(Y2026),
            self._figure(Y2027),
            self._figure(date(2028, 1, 1)),
        )
        self.assertEqual(first.date_end, date(2026, 12, 31))
        middle.date_from = date(2027, 7, 1)
        self.assertEqual(first.date_end, date(2027, 6, 30))
        middle.unlink()
        self.assertEqual(first.date_end, date(2027, 12, 31))
        last.mode = "bike"
        self.assertFalse(first.date_end, "moving the next figure to another group reopens it")
        self.assertFalse(last.date_end)

    def test_an_archived_figure_takes_no_part(self):
        first, second = self._figure(Y2026), self._figure(Y2027)
        second.action_archive()
        self.assertFalse(first.date_end)
        self.assertEqual(self.Figure._dated_find(date(2027, 5, 1), mode="car"), first)
        second.action_unarchive()
        self.assertEqual(first.date_end, date(2026, 12, 31))

    def test_group_fields_separate_figures(self):
        anywhere = self._figure(Y2026)
        belgian = self._figure(Y2027, country_id=self.belgium.id)
        self.assertFalse(anywhere.date_end)
        self.assertEqual(
            self.Figure._dated_find(date(2027, 3, 1), mode="car", country_id=self.belgium),
            belgian,
        )
        self.assertEqual(self.Figure._dated_find(date(2027, 3, 1), mode="car"), anywhere)

    def test_form_shows_the_effective_end_before_saving(self):
        self._figure(Y2026)
        later = self._figure(date(2028, 1, 1))
        with Form(self.Figure) as form:
            form.mode = "car"
            form.date_from = Y2027
            self.assertEqual(form.date_end, date(2027, 12, 31))
        with Form(later) as form:
            form.date_from = date(2027, 7, 1)
            self.assertFalse(form.date_end, "its own stored start does not end it")

    # ------------------------------------------------------------ gaps

    def test_a_date_in_a_gap_is_refused_with_what_is_missing(self):
        self._figure(Y2026, date_to=date(2026, 6, 30))
        self._figure(Y2027)
        self.assertTrue(self.Figure._dated_find(date(2026, 6, 30), mode="car"))
        with self.assertRaises(UserError) as caught:
            self.Figure._dated_find(date(2026, 7, 1), mode="car")
        message = str(caught.exception)
        self.assertIn("test rate (Car)", message)
        self.assertIn("07/01/2026", message)
        self.assertIn("06/30/2026", message)
        self.assertIn("01/01/2027", message)
        self.assertIn("Settings > Technical", message)

    def test_before_the_first_figure_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["benefits_base", "benefits_base_test"], ["fr_FR"], overwrite=True
        )
        self._figure(Y2026)
        with self.assertRaises(UserError) as caught:
            self.Figure.with_context(lang="fr_FR")._dated_find(date(2025, 12, 31), mode="car")
        message = str(caught.exception)
        self.assertIn("taux de test (Voiture)", message)
        self.assertIn("31/12/2025", message)
        self.assertIn("01/01/2026", message)

    def test_find_many_in_one_query(self):
        first, second = self._figure(Y2026), self._figure(Y2027)
        bike = self._figure(Y2026, mode="bike")
        requests = [({"mode": "car"}, date(2026, 5, 1)), ({"mode": "car"}, Y2027)]
        requests += [({"mode": "bike"}, date(2027, 5, 1)), (("car", False), date(2025, 1, 1))]
        self.Figure._dated_find_many(requests, raise_if_missing=False)  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            found = self.Figure._dated_find_many(requests, raise_if_missing=False)
        self.assertEqual(found[("car", False), date(2026, 5, 1)], first)
        self.assertEqual(found[("car", False), Y2027], second)
        self.assertEqual(found[("bike", False), date(2027, 5, 1)], bike)
        self.assertFalse(found[("car", False), date(2025, 1, 1)])
        with self.assertRaises(UserError):
            self.Figure._dated_find_many(requests)

    # ------------------------------------------------------------ constraints

    def test_explicit_end_over_the_next_start_is_refused(self):
        self._figure(Y2027)
        with self.assertRaises(ValidationError):
            self._figure(Y2026, date_to=Y2027)
        self._figure(Y2026, date_to=date(2026, 12, 31))

    def test_unarchiving_an_overlapping_figure_is_refused(self):
        old = self._figure(Y2026)
        old.action_archive()
        self._figure(Y2026)
        with self.assertRaises(ValidationError):
            old.action_unarchive()

    def test_same_start_is_refused(self):
        self._figure(Y2026)
        with self.assertRaises(ValidationError):
            self._figure(Y2026)
        self._figure(Y2026, mode="bike")

    def test_end_before_start_is_refused(self):
        figure = self._figure(Y2027)
        with self.assertRaises(ValidationError) as caught:
            figure.date_to = Y2026
        self.assertIn("ends before it starts", str(caught.exception))

    @mute_logger("odoo.sql_db")
    def test_end_before_start_is_refused_by_the_database_on_create(self):
        with self.assertRaises(IntegrityError):
            self._figure(Y2027, date_to=Y2026)

    def test_only_administrators_read_the_test_figures(self):
        self._figure(Y2026)
        with self.assertRaises(AccessError):
            self.env["benefits.dated.test"].with_user(self.employee).search([])

    # ------------------------------------------------------------ migrations

    def test_migration_clears_redundant_ends_without_changing_a_day(self):
        first = self._figure(Y2026, date_to=date(2026, 12, 31))
        second = self._figure(Y2027, date_to=date(2027, 6, 30))
        cleared = self.Figure._dated_clear_redundant_ends()
        self.assertEqual(cleared, first.sudo())
        self.assertFalse(first.date_to)
        self.assertEqual(first.date_end, date(2026, 12, 31))
        self.assertEqual(second.date_to, date(2027, 6, 30), "a real gap stays")
        # next: a figure between them is a pure insert, no overlap
        self._figure(date(2026, 7, 1))
        self.assertEqual(first.date_end, date(2026, 6, 30))

    def test_recompute_all_after_a_sql_migration(self):
        first, second = self._figure(Y2026), self._figure(Y2027)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE benefits_dated_test SET date_from = %s WHERE id = %s",
            (date(2027, 4, 1), second.id),
        )
        self.env.invalidate_all()
        self.Figure._dated_recompute_all()
        self.assertEqual(first.date_end, date(2027, 3, 31))


@tagged("post_install", "-at_install")
class TestDatedModuleUpdate(TransactionCase):
    """Data files with figures stay noupdate, and next year's figure ships in an update."""

    def test_next_year_figure_in_a_module_update(self):
        first = self.env.ref("benefits_base_test.dated_test_car_2026")
        self.assertFalse(first.date_end, "installed alone, the 2026 figure is open-ended")
        # a correction made in the back office survives the update (noupdate)
        first.source = "Corrected in the back office."
        convert_file(
            self.env,
            "benefits_base_test",
            "tests/data/benefits_dated_test_data_2027.xml",
            {},
            mode="update",
        )
        second = self.env.ref("benefits_base_test.dated_test_car_2027")
        self.assertEqual(first.source, "Corrected in the back office.")
        self.assertEqual(first.date_end, date(2026, 12, 31))
        self.assertFalse(second.date_end)
        Figure = self.env["benefits.dated.test"]
        self.assertEqual(Figure._dated_find(date(2026, 12, 31), mode="car"), first)
        self.assertEqual(Figure._dated_find(Y2027, mode="car"), second)
