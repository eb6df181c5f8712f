# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import VoucherOrdersCommon


@tagged("post_install", "-at_install")
class TestVoPayments(VoucherOrdersCommon):
    def test_payment_with_communication_schedules_loading_and_cron_loads_once(self):
        with freeze_time("2026-03-02 09:00:00"):
            order = self._order()  # load date 2026-03-09
            order.action_confirm()
            statement_line = self._pay_by_statement(order.product_invoice_id)
            self.assertEqual(statement_line.vo_match_state, "matched")
            self.assertIn(order.product_invoice_id.payment_state, ("paid", "in_payment"))
            self.assertEqual(order.state, "paid")
            self.assertEqual(str(order.loading_scheduled_date), "2026-03-09")
        with freeze_time("2026-03-08 12:00:00"):
            self._run_cron("voucher_orders.ir_cron_load_vouchers")
            self.assertEqual(order.state, "paid", "not before the load date")
        with freeze_time("2026-03-09 06:00:00"):
            self._run_cron("voucher_orders.ir_cron_load_vouchers")
            self.assertEqual(order.state, "loaded")
            self.assertEqual(len(order.load_ids), 2)
            self.assertEqual(sum(order.load_ids.mapped("amount")), 320.0)
            self.assertEqual(str(order.load_ids[0].validity_end), "2027-03-08")
            self._run_cron("voucher_orders.ir_cron_load_vouchers")
            self.assertEqual(len(order.load_ids), 2, "a rerun loads nothing twice")
            bodies = " ".join(order.message_ids.mapped("body"))
            for sentence in ("We received your order", "We received the payment", "are loaded"):
                self.assertIn(sentence, bodies)
            self.assertEqual(bodies.count("are loaded"), 1, "one e-mail per event")

    def test_late_payment_loads_after_the_processing_delay(self):
        with freeze_time("2026-03-02 09:00:00"):
            order = self._order()
            order.action_confirm()
        with freeze_time("2026-03-08 15:00:00"):
            self._pay_by_statement(order.product_invoice_id)
            self.assertEqual(str(order.loading_scheduled_date), "2026-03-10")

    def test_payment_without_communication_stays_unmatched_with_activity(self):
        order = self._order()
        order.action_confirm()
        invoice = order.product_invoice_id
        line = self._pay_by_statement(invoice, communication="ACME salary vouchers march")
        self.assertEqual(line.vo_match_state, "unmatched")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(order.state, "awaiting_payment")
        self.assertTrue(line.move_id.activity_ids)
        # a second run does not add a second activity
        self.env["account.bank.statement.line"]._cron_vo_match_payments()
        self.assertEqual(len(line.move_id.activity_ids), 1)

    def test_communication_in_another_presentation_matches(self):
        order = self._order()
        order.action_confirm()
        invoice = order.product_invoice_id
        digits = invoice.payment_reference.replace("+", "").replace("/", "")
        line = self._pay_by_statement(
            invoice, communication=f"***{digits[:3]}/{digits[3:7]}/{digits[7:]}***"
        )
        self.assertEqual(line.vo_match_state, "matched")
        self.assertEqual(order.state, "paid")

    def test_first_order_card_invoice_paid_gives_staff_an_activity_then_ship(self):
        order = self._order()
        order.action_confirm()
        self.assertTrue(order.is_first_order)
        with self.assertRaisesRegex(Exception, "first order"):
            order.action_ship_cards()
        self._pay_by_statement(order.card_invoice_id)
        self.assertTrue(order.activity_ids)
        order.action_ship_cards()
        self.assertEqual(set(order.card_ids.mapped("status")), {"active"})

    def test_register_payment_wizard_also_triggers_loading(self):
        order = self._order()
        order.action_confirm()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=order.product_invoice_id.ids
        ).create({})._create_payments()
        self.assertEqual(order.state, "paid")
        self.assertTrue(order.loading_scheduled_date)
        self.assertLess(order.paid_on, datetime.now() + timedelta(minutes=1))
