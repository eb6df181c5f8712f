# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The issuer's journey in a real browser (issue 13): statement file → invoices paid →
vouchers loaded within 48 hours.

The accountant imports the bank's camt.053 file through OCA's import wizard from the
bank journal's card, in Dutch. Two lines pay two invoices by their structured
communication, one carries a communication of no invoice and one pays a cent short.
The two invoices are paid at once and their orders loaded by the loading job within
48 hours of the payment (domain: "Vouchers are loaded within 48 hours of payment, on
the load date chosen in the order"); the two other lines are left "to match by
hand", each with an activity for the voucher manager.
"""

from datetime import timedelta
from decimal import Decimal

from freezegun import freeze_time

from odoo import fields
from odoo.addons.benefits_peppol.tools import structured_reference
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import camt
from .common import VoucherOrdersCommon

IBAN = "BE71096123456769"
LANG = "nl_BE"
MODULES = [
    "base",
    "web",
    "mail",
    "account",
    "account_statement_import_file",
    "account_statement_import_camt",
    "voucher_orders",
]


def money(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))


@tagged("post_install", "-at_install")
class TestVoIssuerJourneyNl(VoucherOrdersCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang(LANG)
        env["ir.module.module"]._load_module_terms(MODULES, [LANG])
        cls.accountant = new_test_user(
            env,
            login="vo_issuer_accountant",
            name="Sofie Wouters",
            groups="account.group_account_user,voucher_orders.group_voucher_user",
            lang=LANG,
        )
        Bank = env["res.partner.bank"]
        account = Bank.search(
            [("sanitized_acc_number", "=", IBAN), ("partner_id", "=", env.company.partner_id.id)]
        ) or Bank.create({"acc_number": IBAN, "partner_id": env.company.partner_id.id})
        cls.bank_journal.write(
            {
                "bank_account_id": account.id,
                # the card's "Import (OCA)" button (CONFIGURE.md)
                "bank_statements_source": "file_import_oca",
                "show_on_dashboard": True,
            }
        )
        # the earliest load date an order can have (now + the 48 h processing delay)
        load_date = env["vo.order"]._earliest_load_date()
        cls.orders = env["vo.order"]
        for index in (1, 2, 3):
            order = cls._order(load_date=load_date)
            order.reference = f"Tour bank {index}"
            order.warnings_acknowledged = True
            order.action_confirm()
            cls.orders |= order
        first, second, short = (order.product_invoice_id for order in cls.orders)
        payments = [
            camt.Payment(money(first.amount_residual), first.payment_reference, "Acme Eupen"),
            camt.Payment(money(second.amount_residual), second.payment_reference, "Acme Eupen"),
            # a valid communication of no invoice
            camt.Payment(money(short.amount_residual), structured_reference.build(999999), "Acme"),
            # one cent short
            camt.Payment(
                money(short.amount_residual) - Decimal("0.01"), short.payment_reference, "Acme"
            ),
        ]
        today = fields.Date.context_today(cls.bank_journal)
        content = camt.build_camt053(
            f"VO-TOUR-{today:%Y%m%d}",
            IBAN,
            str(today),
            payments,
            currency=env.company.currency_id.name,
        )
        attachment = env["ir.attachment"].create(
            {
                "name": "camt053.xml",
                "raw": content,
                "mimetype": "application/xml",
                "res_model": "account.journal",
                "res_id": cls.bank_journal.id,
            }
        )
        env["ir.model.data"].create(
            {
                "module": "voucher_orders",
                "name": "tour_issuer_camt053",
                "model": "ir.attachment",
                "res_id": attachment.id,
            }
        )

    def test_statement_file_pays_and_loads_within_48_hours(self):
        first, second, short = self.orders
        Line = self.env["account.bank.statement.line"]
        before = Line.search([], order="id desc", limit=1).id or 0
        self.start_tour(
            "/odoo",
            "voucher_orders_issuer_journey",
            login="vo_issuer_accountant",
            timeout=240,
        )
        lines = Line.search([("id", ">", before)], order="id")
        self.assertEqual(len(lines), 4, "the four lines of the file")
        self.assertEqual(
            lines.mapped("vo_match_state"), ["matched", "matched", "unmatched", "unmatched"]
        )
        for order in (first, second):
            self.assertIn(order.product_invoice_id.payment_state, ("paid", "in_payment"))
            self.assertEqual(order.state, "paid")
            self.assertTrue(order.paid_on)
        self.assertEqual(short.product_invoice_id.payment_state, "not_paid")
        self.assertEqual(short.state, "awaiting_payment")
        # the two others: to match by hand, an activity each for the voucher manager
        manager = self.env["vo.order"]._staff_user()
        # (in the accountant's language: the import matched them in its session)
        wrong, short_line = lines[2:]
        for line, words in ((wrong, "zonder gestructureerde"), (short_line, "lager dan")):
            activity = line.move_id.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, manager)
            self.assertIn(words, activity.summary)
        self.assertFalse(lines[:2].move_id.activity_ids)
        # the loading job is due within 48 hours of the payment, and runs then
        paid_on = first.paid_on
        deadline = paid_on + timedelta(hours=48)
        self.assertLessEqual(first.loading_scheduled_date, deadline.date())
        due = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.env.ref("voucher_orders.ir_cron_load_vouchers").id)]
        )
        self.assertTrue([t for t in due if paid_on.date() <= t.call_at.date() <= deadline.date()])
        with freeze_time(deadline):
            self._run_cron("voucher_orders.ir_cron_load_vouchers")
            self.assertEqual(
                (first.state, second.state, short.state), ("loaded", "loaded", "awaiting_payment")
            )
        for order in (first, second):
            self.assertLessEqual(order.loaded_on - order.paid_on, timedelta(hours=48))
            loads = order.load_ids
            self.assertEqual(loads.beneficiary_id, self.alice | self.bob)
            self.assertEqual(sum(loads.mapped("amount")), sum(order.line_ids.mapped("amount")))
            self.assertEqual(set(loads.mapped("load_date")), {order.load_date})
        self.assertFalse(short.load_ids)
