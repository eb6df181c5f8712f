# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 13, statements in: "A demo camt.053 file whose lines pay two demo invoices by
structured communication, one with a wrong communication and one underpayment;
importing it pays and loads the right orders, leaves the others "to match by hand"
with an activity."
"""

import base64
from decimal import Decimal

from freezegun import freeze_time

from odoo.addons.benefits_peppol.tools import structured_reference
from odoo.tests import TransactionCase, new_test_user, tagged

from ..tools import camt
from .common import VoucherOrdersCommon

IBAN = "BE71096123456769"


def money(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))


@tagged("post_install", "-at_install")
class TestVoCamtImport(VoucherOrdersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Bank = cls.env["res.partner.bank"]
        partner = cls.env.company.partner_id
        # the demo data may have given the journal this very account already
        cls.bank_journal.bank_account_id = Bank.search(
            [("sanitized_acc_number", "=", IBAN), ("partner_id", "=", partner.id)]
        ) or Bank.create({"acc_number": IBAN, "partner_id": partner.id})
        cls.accountant = new_test_user(
            cls.env, login="vo_accountant", groups="account.group_account_user"
        )

    def _import(self, payments, day):
        currency = self.env.company.currency_id.name
        content = camt.build_camt053(f"ST-{day}", IBAN, day, payments, currency=currency)
        wizard = (
            self.env["account.statement.import"]
            .with_user(self.accountant)
            .create(
                {
                    "statement_file": base64.b64encode(content),
                    "statement_filename": "statement.xml",
                }
            )
        )
        wizard.import_file_button()
        lines = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank_journal.id), ("date", "=", day)], order="id"
        )
        # the matching job is triggered by the new lines; run it as the scheduler does
        self._run_cron("voucher_orders.ir_cron_match_payments")
        return lines

    def test_import_pays_and_loads_the_right_orders_and_flags_the_others(self):
        with freeze_time("2026-03-02 09:00:00"):
            first, second, short = (self._order() for __ in range(3))
            for order in (first, second, short):
                order.warnings_acknowledged = True
                order.action_confirm()
            due = short.product_invoice_id.amount_residual
            payments = [
                camt.Payment(
                    money(o.product_invoice_id.amount_residual),
                    o.product_invoice_id.payment_reference,
                    "Acme Eupen",
                )
                for o in (first, second)
            ] + [
                # a valid communication of no invoice
                camt.Payment(money(due), structured_reference.build(999999), "Acme"),
                # the boundary: one cent short
                camt.Payment(
                    money(due) - Decimal("0.01"), short.product_invoice_id.payment_reference, "Acme"
                ),
            ]
            lines = self._import(payments, "2026-03-02")
            self.assertEqual(len(lines), 4)
            self.assertEqual(
                lines.mapped("vo_match_state"), ["matched", "matched", "unmatched", "unmatched"]
            )
            for order in (first, second):
                self.assertIn(order.product_invoice_id.payment_state, ("paid", "in_payment"))
                self.assertEqual(order.state, "paid")
            self.assertEqual(short.product_invoice_id.payment_state, "not_paid")
            self.assertEqual(short.state, "awaiting_payment")
            summaries = [line.move_id.activity_ids.summary for line in lines[2:]]
            self.assertIn("match it by hand", summaries[0])
            self.assertIn("below the invoice amount", summaries[1])
            self.assertFalse(lines[:2].move_id.activity_ids)
        with freeze_time("2026-03-09 06:00:00"):
            self._run_cron("voucher_orders.ir_cron_load_vouchers")
            self.assertEqual(
                (first.state, second.state, short.state), ("loaded",) * 2 + ("awaiting_payment",)
            )

    def test_the_exact_amount_pays(self):
        """The other side of the cent: the amount due, to the cent, pays the invoice."""
        with freeze_time("2026-03-02 09:00:00"):
            order = self._order()
            order.action_confirm()
            invoice = order.product_invoice_id
            lines = self._import(
                [camt.Payment(money(invoice.amount_residual), invoice.payment_reference, "A")],
                "2026-03-03",
            )
            self.assertEqual(lines.vo_match_state, "matched")
            self.assertEqual(order.state, "paid")

    def test_a_statement_imported_twice_pays_once(self):
        """OCA's camt.053 import does not refuse a file imported again (its lines have no
        unique import id): the second copy pays nothing twice, staff match it by hand."""
        with freeze_time("2026-03-02 09:00:00"):
            order = self._order()
            order.action_confirm()
            invoice = order.product_invoice_id
            payment = camt.Payment(money(invoice.amount_residual), invoice.payment_reference, "A")
            first = self._import([payment], "2026-03-04")
            again = self._import([payment], "2026-03-04") - first
            self.assertEqual((first.vo_match_state, again.vo_match_state), ("matched", "unmatched"))
            self.assertTrue(again.move_id.activity_ids)
            self.assertEqual(invoice.amount_residual, 0.0)


@tagged("post_install", "-at_install")
class TestVoDemoCamt(TransactionCase):
    """The demo's camt.053 file (attached to the bank journal) imports and pays: the issue's
    "a camt.053 file imported in the demo pays and loads orders". Runs where the demo
    data are installed (make run, the Odoo suite), skipped elsewhere."""

    def test_demo_statement_pays_two_orders_and_leaves_two_lines_by_hand(self):
        if not self.env.ref("voucher_orders.partner_acme_demo", raise_if_not_found=False):
            self.skipTest("voucher_orders demo data not installed")
        attachment = self.env["ir.attachment"].search(
            [("name", "=", "demo-camt053.xml"), ("res_model", "=", "account.journal")]
        )
        self.assertEqual(len(attachment), 1)
        Order = self.env["vo.order"]
        orders = Order.search([("reference", "like", "Bank statement")], order="load_date")
        self.assertEqual(orders.mapped("state"), ["awaiting_payment"] * 3)
        accountant = new_test_user(
            self.env, login="vo_demo_accountant", groups="account.group_account_user"
        )
        wizard = (
            self.env["account.statement.import"]
            .with_user(accountant)
            .create({"statement_file": attachment.datas, "statement_filename": attachment.name})
        )
        wizard.import_file_button()
        lines = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", attachment.res_id)], order="id desc", limit=4
        )
        self.assertEqual(
            sorted(lines.mapped("vo_match_state")), ["matched", "matched", "unmatched", "unmatched"]
        )
        self.assertEqual(orders.mapped("state"), ["paid", "paid", "awaiting_payment"])
        with freeze_time(orders[0].loading_scheduled_date):
            # as the scheduler runs it, its commits staying inside the test
            with self.enter_registry_test_mode():
                self.env.ref("voucher_orders.ir_cron_load_vouchers").method_direct_trigger()
            self.env.invalidate_all()
            self.assertEqual(orders[0].state, "loaded")
            self.assertTrue(orders[0].load_ids)
