# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 9: the gift yearly total and the meal voucher split, checked from an order."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..tools import rules
from .common import VoucherOrdersCommon

GIFT_TOTAL = "yearly gift total"


@tagged("post_install", "-at_install")
class TestVoGiftYearlyTotal(VoucherOrdersCommon):
    """socialsecurity.be (giftcheques): "montant annuel total de 40,00 EUR par travailleur,
    éventuellement majoré de 40,00 EUR par enfant à charge" — all gift orders of the
    calendar year together."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gift_contract = cls.env["vo.contract"].create(
            {
                "name": "ACME-GIFT",
                "partner_id": cls.employer.id,
                "product_id": cls.env.ref("voucher_orders.product_gift_electronic").id,
                "date_start": date(2025, 1, 1),
                "card_price": 5.0,
            }
        )

    def _gift(self, load_date, amount, children=0, confirm=True):
        order = self._order(
            beneficiaries=self.alice,
            contract=self.gift_contract,
            load_date=load_date,
            amount_requested=amount,
            children=children,
        )
        order.action_refresh_checks()
        if confirm:
            order.warnings_acknowledged = True
            order.action_confirm()
        return order

    @freeze_time("2026-11-02 10:00:00")
    def test_second_order_of_the_year_counts_the_first(self):
        self._gift(date(2026, 11, 20), 40.0)
        second = self._gift(date(2026, 12, 31), 40.0, confirm=False)
        self.assertTrue(second.line_ids.has_warning)
        self.assertFalse(second.line_ids.has_error)
        self.assertIn("already ordered this year: 40.00", second.line_ids.problem_text)
        self.assertIn("taxable", second.line_ids.problem_text)

    @freeze_time("2026-11-02 10:00:00")
    def test_boundary_of_the_cent_and_children(self):
        self._gift(date(2026, 11, 20), 20.0)
        exact = self._gift(date(2026, 12, 1), 20.0, confirm=False)
        self.assertNotIn(GIFT_TOTAL, exact.line_ids.problem_text or "", "40.00 is exempt")
        over = self._gift(date(2026, 12, 2), 20.01, confirm=False)
        self.assertIn(GIFT_TOTAL, over.line_ids.problem_text, "40.01 in total is not")
        child = self._gift(date(2026, 12, 3), 60.0, children=1, confirm=False)
        self.assertNotIn(GIFT_TOTAL, child.line_ids.problem_text or "", "20 + 60 ≤ 40 + 40")

    @freeze_time("2026-11-02 10:00:00")
    def test_1_january_starts_a_new_year(self):
        self._gift(date(2026, 12, 31), 40.0)
        next_year = self._gift(date(2027, 1, 1), 40.0, confirm=False)
        self.assertNotIn(GIFT_TOTAL, next_year.line_ids.problem_text or "")

    @freeze_time("2026-11-02 10:00:00")
    def test_cancelled_and_draft_orders_do_not_count(self):
        cancelled = self._gift(date(2026, 11, 20), 40.0)
        cancelled.action_cancel()
        self._gift(date(2026, 11, 21), 40.0, confirm=False)  # a draft
        again = self._gift(date(2026, 12, 1), 40.0, confirm=False)
        self.assertNotIn(GIFT_TOTAL, again.line_ids.problem_text or "")


@tagged("post_install", "-at_install")
class TestVoMealSplit(VoucherOrdersCommon):
    """claeysengels.be / socialsecurity.be: from 1 Jan 2026 the employer share is at most
    €8.91 and the employee share at least €1.09 (until 2025: €6.91 and €1.09); the order
    refuses a split outside the bounds of the load date."""

    def _line(self, load_date, face_value, employee_share):
        self.contract.meal_employee_share = employee_share
        order = self._order(beneficiaries=self.alice, load_date=load_date, face_value=face_value)
        return order.line_ids

    @freeze_time("2025-12-01 10:00:00")
    def test_boundaries_of_31_december_and_1_january(self):
        line = self._line(date(2025, 12, 31), 8.0, 1.09)
        self.assertFalse(line.has_error)
        self.assertAlmostEqual(line.employer_share, 6.91)
        self.assertTrue(self._line(date(2025, 12, 31), 8.0, 1.08).has_error)
        self.assertTrue(self._line(date(2025, 12, 31), 10.0, 1.09).has_error)
        self.assertFalse(self._line(date(2026, 1, 1), 10.0, 1.09).has_error)
        refused = self._line(date(2026, 1, 1), 10.0, 1.08)
        self.assertTrue(refused.has_error)
        self.assertIn("employee share 1.08 is below the minimum of 1.09", refused.problem_text)

    @freeze_time("2026-03-02 10:00:00")
    def test_a_contract_without_employee_share_cannot_order(self):
        line = self._line(date(2026, 3, 10), 8.0, 0.0)
        self.assertTrue(line.has_error)
        with self.assertRaisesRegex(Exception, "Correct the order first"):
            line.order_id.action_confirm()

    def test_the_line_keeps_the_share_of_its_contract(self):
        line = self._line(date(2026, 3, 10), 8.0, 1.50)
        self.contract.meal_employee_share = 2.0
        self.assertEqual(line.employee_share, 1.5)
        self.assertEqual(rules.MEAL, line.order_id.product_type)


@tagged("post_install", "-at_install")
class TestVoContractDefaultShare(VoucherOrdersCommon):
    @freeze_time("2026-03-02 10:00:00")
    def test_new_contract_starts_with_the_legal_minimum_of_the_day(self):
        contract = self.env["vo.contract"].create(
            {
                "name": "NEW-MEAL",
                "partner_id": self.other_employer.id,
                "product_id": self.env.ref("voucher_orders.product_meal_paper").id,
                "date_start": date(2026, 3, 1),
            }
        )
        self.assertEqual(contract.meal_employee_share, 1.09)
