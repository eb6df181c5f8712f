# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Voucher rules and issuer terms are dated figures (``benefits.dated.mixin``).

The rule's text (benefits_base readme, "Dated configuration"): "A dated figure
applies from its Valid From date. Without a Valid To date it ends the day before
the next figure of its group starts [...] An explicit Valid To date ends it that
day: the days up to the next start are a gap, and asking for a figure on such a
day raises an error naming the figure, the date [...] and who can add it."
"""

import importlib.util
from datetime import date
from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import convert_file

from ..tools import cards, codes, identifiers, rules, xlsx

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "19.0.1.1.0"


def _migration(name):
    """A migration script of the module, loaded as a module (its name has a dash)."""
    spec = importlib.util.spec_from_file_location(f"vo_{name}", MIGRATIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestVoDatedFigures(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["vo.voucher.rule"]
        cls.meal_2016 = cls.env.ref("voucher_orders.rule_meal_2016")
        cls.meal_2026 = cls.env.ref("voucher_orders.rule_meal_2026")

    def test_the_2016_meal_rule_ends_where_the_2026_one_starts(self):
        """Max €8 until 31 Dec 2025, max €10 from 1 Jan 2026, without an end date in the data."""
        self.assertFalse(self.meal_2016.date_to)
        self.assertEqual(self.meal_2016.date_end, date(2025, 12, 31))
        self.assertFalse(self.meal_2026.date_end)
        self.assertEqual(
            str(self.Rule._rule_at(rules.MEAL, date(2025, 12, 31)).max_face_value), "8.00"
        )
        self.assertEqual(
            str(self.Rule._rule_at(rules.MEAL, date(2026, 1, 1)).max_face_value), "10.00"
        )

    def test_every_rule_and_the_terms_have_a_start_and_a_source(self):
        for figures in (self.Rule.search([]), self.env["vo.issuer.terms"].search([])):
            self.assertTrue(all(figures.mapped("date_from")))
            self.assertTrue(all(figures.mapped("source")))
        for product_type in rules.PRODUCT_TYPES:
            self.Rule._rule_at(product_type, date(2016, 1, 1))
        self.env["vo.issuer.terms"]._terms_at(date(2016, 1, 1))

    def test_next_year_rule_is_a_pure_insert(self):
        rule_2027 = self.Rule.create(
            {
                "name": "Meal 2027",
                "product_type": rules.MEAL,
                "date_from": date(2027, 1, 1),
                "max_face_value": 12.0,
                "source": "test",
            }
        )
        self.assertEqual(self.meal_2026.date_end, date(2026, 12, 31))
        self.assertFalse(rule_2027.date_end)
        self.assertEqual(self.Rule._rule_at(rules.MEAL, date(2027, 1, 1)).max_face_value, 12)

    def test_a_gap_names_the_rule_the_date_and_who_adds_it(self):
        self.meal_2026.date_to = date(2026, 12, 31)
        with self.assertRaises(UserError) as error:
            self.Rule._rule_at(rules.MEAL, date(2027, 1, 1))
        message = str(error.exception)
        self.assertIn("voucher rule (Meal vouchers)", message)
        self.assertIn("Voucher Orders > Configuration > Voucher Rules", message)

    def test_no_terms_before_the_first_ones_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        Terms = self.env["vo.issuer.terms"].with_context(lang="fr_FR")
        with self.assertRaises(UserError) as error:
            Terms._terms_at(date(2015, 12, 31))
        self.assertIn("2016", str(error.exception))

    def test_selections_follow_the_tools_lists(self):
        """One source for each list of codes: every selection's keys equal its tools list."""

        def keys(model, field):
            return tuple(key for key, __ in self.env[model]._fields[field].selection)

        self.assertEqual(keys("vo.voucher.rule", "product_type"), rules.PRODUCT_TYPES)
        self.assertEqual(keys("product.template", "vo_product_type"), rules.PRODUCT_TYPES)
        self.assertEqual(keys("product.template", "vo_format"), codes.VOUCHER_FORMATS)
        self.assertEqual(keys("vo.order", "state"), codes.ORDER_STATES)
        self.assertEqual(keys("account.move", "vo_invoice_kind"), codes.INVOICE_KINDS)
        self.assertEqual(keys("account.bank.statement.line", "vo_match_state"), codes.MATCH_STATES)
        self.assertEqual(keys("vo.beneficiary", "delivery"), xlsx.DELIVERY_PLACES)
        self.assertEqual(keys("vo.beneficiary", "number_kind"), identifiers.KINDS)
        self.assertEqual(keys("vo.card", "status"), cards.CARD_RECORD_STATUSES)
        self.assertEqual(
            keys("vo.beneficiary", "card_status"), ("none", *cards.CARD_RECORD_STATUSES)
        )
        self.assertEqual(
            keys("vo.order.line", "card_reason"),
            (
                cards.FIRST_ORDER,
                cards.NEW_BENEFICIARY,
                cards.CARD_EXPIRED,
                *cards.REPORTED.values(),
            ),
        )


@tagged("post_install", "-at_install")
class TestVoDatedModuleUpdate(TransactionCase):
    """Data files with figures stay noupdate; next year's figure ships in an update."""

    def test_the_2027_meal_rule_in_a_module_update(self):
        meal_2026 = self.env.ref("voucher_orders.rule_meal_2026")
        self.assertFalse(meal_2026.date_end, "the 2026 rule is the latest one")
        # a correction made in the back office survives the update (noupdate)
        meal_2026.source = "Corrected in the back office."
        convert_file(self.env, "voucher_orders", "tests/data/vo_data_2027.xml", {}, mode="update")
        meal_2027 = self.env.ref("voucher_orders.rule_meal_2027")
        self.assertEqual(meal_2026.source, "Corrected in the back office.")
        self.assertEqual(meal_2026.date_end, date(2026, 12, 31))
        self.assertFalse(meal_2027.date_end)
        Rule = self.env["vo.voucher.rule"]
        self.assertEqual(Rule._rule_at(rules.MEAL, date(2026, 12, 31)).max_face_value, 10)
        self.assertEqual(Rule._rule_at(rules.MEAL, date(2027, 1, 1)).max_face_value, 12)

    def test_migration_from_both_dates_optional(self):
        """19.0.1.0.0 kept rules without a start and the 2016 meal rule's end date."""
        eco = self.env.ref("voucher_orders.rule_eco")
        terms = self.env.ref("voucher_orders.issuer_terms_default")
        meal_2016 = self.env.ref("voucher_orders.rule_meal_2016")
        self.env.flush_all()
        cr = self.env.cr
        # the 19.0.1.0.0 state (the DDL is rolled back with the test)
        cr.execute("ALTER TABLE vo_voucher_rule ALTER COLUMN date_from DROP NOT NULL")
        cr.execute("ALTER TABLE vo_issuer_terms ALTER COLUMN date_from DROP NOT NULL")
        cr.execute("UPDATE vo_voucher_rule SET date_from = NULL WHERE id = %s", [eco.id])
        cr.execute(
            "UPDATE vo_issuer_terms SET date_from = NULL, source = NULL WHERE id = %s", [terms.id]
        )
        cr.execute(
            "UPDATE vo_voucher_rule SET date_to = '2025-12-31' WHERE id = %s", [meal_2016.id]
        )
        self.env.invalidate_all()

        _migration("pre-migration").migrate(cr, "19.0.1.0.0")
        self.env.invalidate_all()
        _migration("post-migration").migrate(cr, "19.0.1.0.0")
        self.env.invalidate_all()

        self.assertEqual(eco.date_from, date(2016, 1, 1))
        self.assertIn("Start date: an assumption", eco.source)
        self.assertEqual(terms.date_from, date(2016, 1, 1))
        self.assertIn("Start date: an assumption", terms.source)
        self.assertFalse(meal_2016.date_to, "the redundant end is cleared")
        self.assertEqual(meal_2016.date_end, date(2025, 12, 31), "no day changes its rule")
