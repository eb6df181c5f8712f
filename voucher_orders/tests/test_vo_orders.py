# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta

from odoo import fields
from odoo.addons.benefits_peppol.tools import structured_reference
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import VoucherOrdersCommon, make_niss


@tagged("post_install", "-at_install")
class TestVoOrders(VoucherOrdersCommon):
    def test_draft_then_confirmed_with_invoices_and_structured_communication(self):
        order = self._order()
        self.assertEqual(order.state, "draft")
        order.action_confirm()
        self.assertEqual(order.state, "awaiting_payment")
        self.assertTrue(order.is_first_order)
        product, card = order.product_invoice_id, order.card_invoice_id
        self.assertEqual(product.state, "posted")
        self.assertEqual(product.amount_untaxed, order.amount_product)
        self.assertEqual(card.amount_untaxed, 10.0, "first order: a card for both")
        for invoice in product | card:
            self.assertTrue(structured_reference.is_valid(invoice.payment_reference))
            self.assertRegex(invoice.payment_reference, r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")
        self.assertNotEqual(product.payment_reference, card.payment_reference)
        self.assertEqual(len(order.card_ids), 2)
        self.assertEqual(set(order.card_ids.mapped("status")), {"ordered"})

    def test_double_confirmation_confirms_once(self):
        order = self._order()
        self.assertTrue(order.action_confirm())
        self.assertFalse(order.action_confirm())
        self.assertEqual(len(order.invoice_ids), 2)
        self.assertEqual(len(order.card_ids), 2)

    def test_meal_face_value_over_the_maximum_blocks(self):
        order = self._order(face_value=12.0)
        self.assertTrue(all(order.line_ids.mapped("has_error")))
        self.assertIn("legal maximum", order.line_ids[0].problem_text)
        with self.assertRaisesRegex(UserError, "Correct the order"):
            order.action_confirm()

    def test_warnings_must_be_acknowledged(self):
        self._order(contract=self.eco_contract, amount_requested=200.0).action_confirm()
        order = self._order(contract=self.eco_contract, amount_requested=100.0)
        self.assertTrue(all(order.line_ids.mapped("has_warning")))
        self.assertIn("yearly maximum", order.line_ids[0].problem_text)
        with self.assertRaisesRegex(UserError, "acknowledge"):
            order.action_confirm()
        order.warnings_acknowledged = True
        order.action_confirm()
        self.assertEqual(order.state, "awaiting_payment")

    def test_load_date_too_early(self):
        order = self._order(load_date=fields.Date.today())
        with self.assertRaisesRegex(UserError, "too early"):
            order.action_confirm()

    def test_card_detection_on_the_next_order(self):
        first = self._order()
        first.action_confirm()
        first.card_ids.action_ship()
        self.alice.card_ids.action_report("stolen")
        carol = self.Beneficiary.create(
            {
                "partner_id": self.employer.id,
                "last_name": "New",
                "first_name": "Carol",
                "national_number": make_niss(date(1990, 1, 15), 287),
            }
        )
        second = self._order(beneficiaries=self.alice | self.bob | carol)
        second.action_refresh_checks()
        reasons = {line.beneficiary_id: line.card_reason for line in second.line_ids}
        self.assertEqual(reasons[self.alice], "reported_stolen")
        self.assertFalse(reasons[self.bob])
        self.assertEqual(reasons[carol], "new_beneficiary")
        self.assertFalse(second.is_first_order)
        self.assertEqual(second.card_count, 2)

    def test_paper_vouchers_need_no_card(self):
        paper = self.env.ref("voucher_orders.product_meal_paper")
        contract = self.env["vo.contract"].create(
            {
                "name": "ACME-PAPER",
                "partner_id": self.employer.id,
                "product_id": paper.id,
                "date_start": fields.Date.today(),
                "card_price": 5.0,
                "meal_employee_share": 1.09,
            }
        )
        order = self._order(contract=contract)
        order.action_confirm()
        self.assertFalse(order.card_invoice_id)
        self.assertFalse(order.card_ids)

    def test_overdue_invoices_block_the_order(self):
        old = self._order()
        old.action_confirm()
        old.invoice_ids.invoice_date_due = fields.Date.today() - timedelta(days=10)
        order = self._order()
        order.action_confirm()
        self.assertTrue(order.is_blocked)
        self.assertEqual(order.state, "awaiting_payment")
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.overdue_invoice_ids, old.invoice_ids)
        # nothing changes while the old invoices are open
        self.env["vo.order"]._cron_release_blocked()
        self.assertFalse(order.invoice_ids)
        for invoice in old.invoice_ids:
            self._pay_by_statement(invoice)
        self._run_cron("voucher_orders.ir_cron_release_blocked")
        self.assertFalse(order.is_blocked)
        self.assertEqual(len(order.invoice_ids), 1, "no new card: cards already ordered")
        self.assertEqual(order.state, "awaiting_payment")

    def test_cancel(self):
        order = self._order()
        order.action_confirm()
        order.action_cancel()
        self.assertEqual(order.state, "cancelled")
        self.assertEqual(set(order.invoice_ids.mapped("state")), {"cancel"})
        self.assertFalse(order.card_ids)

    def test_deactivated_beneficiary_is_a_warning_and_not_ordered(self):
        order = self._order()
        self.bob.action_deactivate()
        line = order.line_ids.filtered(lambda line: line.beneficiary_id == self.bob)
        self.assertTrue(line.has_warning)
        order.warnings_acknowledged = True
        order.action_confirm()
        self.assertEqual(order.line_ids.beneficiary_id, self.alice)

    def test_invoice_report_has_the_amount_in_words(self):
        order = self._order()
        order.action_confirm()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "account.account_invoices", order.product_invoice_id.ids
        )[0]
        self.assertIn(b"o_vo_amount_in_words", html)
        self.assertIn(b"Three Hundred", html)
