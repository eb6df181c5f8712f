# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from decimal import Decimal
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import (
    SIGNATURE,
    DitoExpensesCommon,
    ensure_chart_of_accounts,
    mark_demo_bills_announced,
)


@tagged("post_install", "-at_install")
class TestExpenseBatch(DitoExpensesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart_of_accounts(cls.env)
        cls.volunteer.partner_id.bank_ids = [(0, 0, {"acc_number": "BE71096123456769"})]

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref("dito_expenses.ir_cron_close_and_bill").method_direct_trigger()

    def test_cutoff_close_and_bill_is_idempotent(self):
        with freeze_time("2026-03-02 10:00:00"):
            on_time = self._approved(
                self._note(
                    lines=[
                        self._activity("2026-03-01", 20.0),
                        self._trip("2026-03-01", km=10.0, mode="car"),
                    ]
                )
            )
            second = self._approved(
                self._note(budget_id=self.budget2.id, lines=[self._activity("2026-02-20", 15.0)])
            )
            other = self._approved(
                self._note(self.volunteer2, lines=[self._activity("2026-03-01", 5.0)])
            )
            not_approved = self._signed(self._note(lines=[self._activity("2026-02-27", 7.0)]))
        # 22:30 on the 5th in Brussels: still in March's batch
        with freeze_time("2026-03-05 21:30:00"):
            late_evening = self._approved(
                self._note(self.volunteer2, lines=[self._activity("2026-02-26", 6.0)])
            )
            too_late = self._note(self.volunteer2, lines=[self._activity("2026-02-25", 8.0)])
            too_late._do_submit()
        # signing is closed on the 6th; at 00:30 on the 7th in Brussels: April's batch
        with freeze_time("2026-03-05 23:30:00"), self.assertRaisesRegex(UserError, "closed"):
            too_late._do_sign("Wout", SIGNATURE, "127.0.0.1")
        with freeze_time("2026-03-06 23:30:00"):
            too_late._do_sign("Wout", SIGNATURE, "127.0.0.1")
            too_late.with_user(self.holder).action_approve()
        march = on_time.batch_id
        self.assertEqual(march.name, "2026-03")
        self.assertEqual(late_evening.batch_id, march)
        self.assertEqual(too_late.batch_id.name, "2026-04")

        with freeze_time("2026-03-05 12:00:00"):
            self._run_cron()
            self.assertEqual(march.state, "open")
            self.assertFalse(on_time.bill_id)

        with freeze_time("2026-03-06 02:00:00"):
            self._run_cron()
            self.assertFalse(march.closed_on, "the batch waits until the end of the 6th")
        with freeze_time("2026-03-07 01:00:00"):
            self._run_cron()
        self.assertTrue(march.closed_on)
        self.assertEqual(march.state, "billed")
        self.assertEqual(not_approved.batch_id.name, "2026-04", "late notes move on")
        self.assertFalse(too_late.bill_id)
        bills = march.bill_ids
        self.assertEqual(len(bills), 2, "one bill per volunteer")
        bill = on_time.bill_id
        self.assertEqual(second.bill_id, bill)
        self.assertEqual(bill.partner_id, self.volunteer.partner_id)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "posted")
        self.assertAlmostEqual(bill.amount_total, on_time.amount_total + second.amount_total)
        self.assertIn("2026-03", bill.payment_reference)
        self.assertEqual(bill.partner_bank_id.sanitized_acc_number, "BE71096123456769")
        line = bill.invoice_line_ids.filtered(lambda ln: ln.dito_note_id == on_time)
        self.assertEqual(line.analytic_distribution, {str(self.analytic_care.id): 100})
        self.assertEqual(on_time.state, "billed")
        self.assertEqual(other.bill_id, late_evening.bill_id)

        # rerunning bills nothing twice
        with freeze_time("2026-03-07 03:00:00"):
            self._run_cron()
            march.action_bill()
        self.assertEqual(march.bill_ids, bills)
        self.assertEqual(
            self.env["account.move.line"].search_count([("dito_note_id", "=", on_time.id)]), 1
        )

        # exports for accounting: Excel, yearly register (payments: TestPaymentOrder)
        xlsx = march.with_user(self.manager).action_export_xlsx()
        self.assertIn("/web/content/", xlsx["url"])
        register = (
            self.env["dito.expense.register.wizard"].with_user(self.service).create({"year": 2026})
        )
        register.action_export_xlsx()
        self.assertTrue(register.file_data)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "dito_expenses.action_report_dito_register", register.ids
        )[0]
        self.assertIn(self.volunteer.partner_id.name.encode(), html)
        __, rows = register._register_rows(2026)
        ours = (self.volunteer | self.volunteer2).partner_id.ids
        rows = [row for row in rows if row.volunteer_id in ours]
        self.assertEqual(len(rows), 6, "one row per occurrence of the approved notes")

        # paying the bill shows on the note
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        self.assertIn(on_time.state, ("paid",))
        self.assertIn(on_time.payment_state, ("paid", "in_payment"))
        billed = bill.message_ids.filtered(lambda m: "will be paid" in (m.subject or ""))
        self.assertEqual(billed.partner_ids, self.volunteer.partner_id)
        with freeze_time("2026-03-08 02:00:00"):
            self._run_cron()
            self._run_cron()
        paid = bill.message_ids.filtered(lambda m: "are paid" in (m.subject or ""))
        self.assertEqual(len(paid), 1, "the paid mail goes once")

    def test_signed_by_the_fifth_is_billed_that_month_if_approved_by_the_end_of_the_sixth(self):
        """Seed 000: "Alle onkosten die ten laatste op de 5de van de maand correct zijn
        ingediend en ondertekend … worden diezelfde maand gefactureerd en uitbetaald".
        Issue 9.6: "that note belongs to this month's batch as long as it is approved
        before the batch is billed; remind holders of waiting notes on the 5th and on the
        6th; the batch waits for them until the end of the 6th." March 2026 is UTC+1."""
        Note = self.env["dito.expense.note"]
        with freeze_time("2026-03-02 10:00:00"):
            approved_sixth = self._note(lines=[self._activity("2026-03-01", 20.0)])
            approved_seventh = self._note(
                budget_id=self.budget2.id, lines=[self._activity("2026-03-02", 9.0)]
            )
            sixth_midnight = self._note(self.volunteer2, lines=[self._activity("2026-03-03", 4.0)])
            (approved_sixth | approved_seventh | sixth_midnight)._do_submit()
        with freeze_time("2026-03-05 22:59:00"):  # the 5th, 23:59 in Brussels
            approved_sixth._do_sign("Vera", SIGNATURE, "127.0.0.1")
            approved_seventh._do_sign("Vera", SIGNATURE, "127.0.0.1")
        with freeze_time("2026-03-05 23:00:00"), self.assertRaisesRegex(UserError, "closed"):
            sixth_midnight._do_sign("Wout", SIGNATURE, "127.0.0.1")  # the 6th, 00:00
        march = approved_sixth.batch_id
        self.assertEqual(march.name, "2026-03")
        self.assertEqual(approved_seventh.batch_id, march)

        # holders are reminded of the waiting notes on the 5th and on the 6th, once a day
        def reminders(note):
            return len(self._messages(note, "dito_expenses.mail_template_reminder"))

        with freeze_time("2026-03-05 23:10:00"):  # the 6th, 00:10
            Note._cron_remind_holders()
            Note._cron_remind_holders()
        self.assertEqual([reminders(approved_sixth), reminders(approved_seventh)], [1, 1])
        with freeze_time("2026-03-06 09:00:00"):  # the 6th, 10:00: same local day
            Note._cron_remind_holders()
        self.assertEqual(reminders(approved_sixth), 1)

        # the nightly job of the 6th bills nothing yet: the holders may still approve
        with freeze_time("2026-03-06 01:00:00"):
            self._run_cron()
        self.assertFalse(march.closed_on)
        with freeze_time("2026-03-06 22:59:00"):  # the 6th, 23:59
            approved_sixth.with_user(self.holder).action_approve()
        with freeze_time("2026-03-06 23:00:00"):  # the 7th, 00:00
            approved_seventh.with_user(self.holder2).action_approve()
        with freeze_time("2026-03-07 01:00:00"):
            self._run_cron()
            self._run_cron()
        self.assertTrue(march.closed_on)
        self.assertTrue(approved_sixth.bill_id, "approved by the end of the 6th: billed")
        self.assertEqual(approved_sixth.bill_id.dito_batch_id, march)
        self.assertEqual(len(march.bill_ids), 1, "run twice, billed once")
        self.assertFalse(approved_seventh.bill_id)
        self.assertEqual(approved_seventh.batch_id.name, "2026-04", "approved on the 7th")

    def _bill_volunteers(self, count, month):
        """Bill ``count`` volunteers with two approved notes each; return the queries used."""
        partners = self.env["res.partner"].create(
            [{"name": f"Volunteer {month} {i}", "dito_is_volunteer": True} for i in range(count)]
        )
        day = f"2026-{month:02d}-02"
        with freeze_time(f"{day} 10:00:00"):
            notes = self.env["dito.expense.note"]
            for partner in partners:
                for amount in (5.0, 6.0):
                    notes |= self._approved(
                        self._note(partner_id=partner.id, lines=[self._activity(day, amount)])
                    )
        batch = notes.batch_id
        batch._do_close()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        bills = batch._do_bill()
        self.env.flush_all()
        self.assertEqual(len(bills), count)
        return self.cr.sql_log_count - before

    def test_billing_query_count_is_bounded_per_bill(self):
        with freeze_time("2026-03-02 10:00:00"):
            notes = self.env["dito.expense.note"]
            for user in (self.volunteer, self.volunteer2):
                for day in ("2026-03-01", "2026-02-28"):
                    notes |= self._approved(self._note(user, lines=[self._activity(day, 5.0)]))
        batch = notes.batch_id
        batch._do_close()
        self.env.invalidate_all()
        # 125 with dito_expenses alone; the other addons of the repository add a
        # query or two to account.move creation when they are installed together.
        with self.assertQueryCount(__system__=128):
            batch._do_bill()
        self.assertEqual(len(batch.bill_ids), 2)
        # each more bill costs a bounded number of queries, whatever the notes per bill
        two = self._bill_volunteers(2, 5)
        six = self._bill_volunteers(6, 6)
        self.assertLessEqual((six - two) / 4, 60, f"{two} queries for 2 bills, {six} for 6")


@tagged("post_install", "-at_install")
class TestBatchThreadLanguage(DitoExpensesCommon):
    """Issue 10.7: "chatter messages like '1 vendor bill(s) created.' and untranslated
    model names in the chatter": what the system writes on a batch's thread is in the
    language of the company's back office, whoever triggered it."""

    def test_batch_created_in_the_company_language(self):
        from ..tools import periods

        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["ir.module.module"]._load_module_terms(
            ["mail", "dito_expenses"], ["nl_BE"], overwrite=True
        )
        self.env.company.partner_id.lang = "nl_BE"
        batch = (
            self.env["dito.expense.batch"]
            .with_context(lang="en_US")
            ._get_or_create(self.env.company, periods.BatchMonth(2031, 5))
        )
        bodies = " ".join(batch.message_ids.mapped("body"))
        self.assertIn("Batch vrijwilligersonkosten aangemaakt", bodies)


PAIN = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@tagged("post_install", "-at_install")
class TestPaymentOrder(DitoExpensesCommon):
    """Issue 13 "Payment files": the month is paid through OCA's payment order (order,
    pain.001 file, upload, reconcile), and the batch reaches "Paid"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        ensure_chart_of_accounts(cls.env)
        cls.volunteer.partner_id.bank_ids = [(0, 0, {"acc_number": "BE71096123456769"})]
        # a Belgian organisation pays in euro (the test company keeps its demo currency)
        cls.env.ref("base.EUR").active = True
        cls.env.cr.execute(
            "UPDATE res_company SET currency_id = %s WHERE id = %s",
            (cls.env.ref("base.EUR").id, company.id),
        )
        cls.env.invalidate_all()
        cls.journal = cls.env["account.journal"].search(
            [*cls.env["account.journal"]._check_company_domain(company), ("type", "=", "bank")],
            limit=1,
        )
        cls.company_bank = cls.env["res.partner.bank"].create(
            {
                "acc_number": "BE68539007547034",
                "partner_id": company.partner_id.id,
                "bank_id": cls.env["res.bank"].create({"name": "Belfius", "bic": "GKCCBEBB"}).id,
            }
        )
        cls.journal.bank_account_id = cls.company_bank
        company.dito_payment_mode_id = False
        cls.mode = company._dito_create_payment_mode()
        # one volunteer's bank with its BIC, the other's without (the BIC is optional)
        cls.volunteer.partner_id.bank_ids.bank_id = cls.env["res.bank"].create(
            {"name": "KBC", "bic": "KREDBEBB"}
        )

    def _billed_march_with_ibans(self):
        """March billed, and every volunteer with an account to pay the bill to."""
        batch, notes, other = self._billed_march()
        self.volunteer2.partner_id.bank_ids = [(0, 0, {"acc_number": "BE62510007547061"})]
        batch.bill_ids.filtered(
            lambda b: b.partner_id == self.volunteer2.partner_id
        ).partner_bank_id = self.volunteer2.partner_id.bank_ids
        return batch, notes, other

    def _billed_march(self):
        with freeze_time("2026-03-02 10:00:00"):
            first = self._approved(
                self._note(
                    lines=[
                        self._activity("2026-03-01", 20.0),
                        self._trip("2026-03-01", km=13.0, mode="car"),
                    ]
                )
            )
            second = self._approved(
                self._note(budget_id=self.budget2.id, lines=[self._activity("2026-03-02", 7.35)])
            )
            other = self._approved(
                self._note(self.volunteer2, lines=[self._activity("2026-03-01", 12.4)])
            )
        batch = first.batch_id
        batch._do_close()
        batch._do_bill()
        self.assertEqual(batch.state, "billed")
        return batch, first | second, other

    def test_the_month_is_paid_through_a_payment_order(self):
        batch, notes, other = self._billed_march()
        manager_batch = batch.with_user(self.manager)
        # what a bank file needs is named first, in the user's language
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["dito_expenses"], ["fr_FR"], overwrite=True
        )
        with self.assertRaises(UserError) as caught:
            manager_batch.with_context(lang="fr_FR").action_payment_order()
        message = str(caught.exception)
        self.assertIn("Le fichier SEPA ne peut pas encore être créé", message)
        self.assertIn(self.volunteer2.partner_id.name, message, "who has no IBAN")
        self.assertNotIn(self.volunteer.partner_id.name, message)
        self.assertFalse(batch.sudo().payment_order_ids, "nothing half-made")
        self.volunteer2.partner_id.bank_ids = [(0, 0, {"acc_number": "BE62 5100 0754 7061"})]
        batch.bill_ids.filtered(
            lambda b: b.partner_id == self.volunteer2.partner_id
        ).partner_bank_id = self.volunteer2.partner_id.bank_ids

        # the volunteer service makes the order; a second click opens the same one
        action = manager_batch.action_payment_order()
        order = self.env["account.payment.order"].browse(action["res_id"])
        self.assertEqual(manager_batch.action_payment_order()["res_id"], order.id)
        self.assertEqual(batch.sudo().payment_order_ids, order)
        bills = batch.bill_ids
        self.assertEqual(len(bills), 2)
        self.assertEqual(len(order.payment_line_ids), 2, "one line per unpaid bill")
        self.assertEqual(order.payment_line_ids.move_line_id.move_id, bills)
        self.assertEqual(order.journal_id, self.journal)
        self.assertEqual(order.payment_mode_id, self.mode)
        self.assertIn("2026-03", order.description)

        order = order.with_user(self.manager)
        order.draft2open()
        with self.assertRaisesRegex(UserError, "already"):
            order.draft2open()  # a replayed confirmation does not redo the payments
        self.assertEqual(len(order.payment_ids), 2)
        order.open2generated()
        with self.assertRaisesRegex(UserError, "already"):
            order.open2generated()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(attachment), 1, "one file")
        self._check_pain(attachment.raw, order, bills)

        order.generated2uploaded()
        with self.assertRaisesRegex(UserError, "already"):
            order.generated2uploaded()
        self.assertEqual(len(order.payment_ids), 2, "paid once")
        for bill in bills:
            self.assertIn(bill.payment_state, ("paid", "in_payment"), bill.name)
            self.assertTrue(
                bill.line_ids.filtered(
                    lambda ln: ln.account_id.account_type == "liability_payable"
                ).reconciled
            )
        self.assertEqual(batch.state, "paid")
        self.assertEqual(set((notes | other).mapped("state")), {"paid"})
        paid = bills.message_ids.filtered(lambda m: "are paid" in (m.subject or ""))
        self.assertEqual(len(paid), 2, "each volunteer hears it once")
        with self.assertRaisesRegex(UserError, "no bill to pay"):
            manager_batch.action_payment_order()

    def test_a_big_order_announces_paid_through_the_cron(self):
        """The payments are posted on the upload; beyond ``INLINE_LIMIT`` bills the
        "paid" notices are the billing cron's, triggered at once, each bill once."""
        from ..models import dito_expense_batch

        batch, __, __ = self._billed_march_with_ibans()
        order = self.env["account.payment.order"].browse(
            batch.with_user(self.manager).action_payment_order()["res_id"]
        )
        order = order.with_user(self.manager)
        order.draft2open()
        order.open2generated()
        cron = self.env.ref("dito_expenses.ir_cron_close_and_bill")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        with patch.object(dito_expense_batch, "INLINE_LIMIT", 1):
            order.generated2uploaded()
        bills = batch.bill_ids
        self.assertEqual(set(bills.mapped("payment_state")) - {"paid", "in_payment"}, set())
        self.assertEqual(batch.state, "paid", "paid on the upload")
        self.assertFalse(any(bills.mapped("dito_paid_notified")), "not announced in the request")
        self.assertEqual(len(Trigger.search([("cron_id", "=", cron.id)]) - triggers), 1)
        with freeze_time("2026-03-09 01:00:00"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.env.invalidate_all()
        paid = bills.message_ids.filtered(lambda m: "are paid" in (m.subject or ""))
        self.assertEqual(len(paid), 2, "each volunteer hears it once")

    def _check_pain(self, raw, order, bills):
        """The pain.001 read back: accounts, amounts to the cent, ids, communication."""
        root = etree.fromstring(raw)
        self.assertEqual(etree.QName(root).namespace, PAIN["p"])

        def text(node, path):
            return node.findtext(path, namespaces=PAIN)

        cents = Decimal("0.01")
        total = sum(Decimal(str(bill.amount_total)).quantize(cents) for bill in bills)
        self.assertEqual(text(root, "p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs"), "2")
        self.assertEqual(Decimal(text(root, "p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum")), total)
        info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", PAIN)
        self.assertEqual(text(info, "p:DbtrAcct/p:Id/p:IBAN"), "BE68539007547034")
        self.assertEqual(text(info, "p:DbtrAgt/p:FinInstnId/p:BIC"), "GKCCBEBB")
        self.assertEqual(text(info, "p:PmtTpInf/p:SvcLvl/p:Cd"), "SEPA")
        transactions = info.findall("p:CdtTrfTxInf", PAIN)
        self.assertEqual(len(transactions), 2)
        end_to_end = [text(tx, "p:PmtId/p:EndToEndId") for tx in transactions]
        self.assertEqual(sorted(end_to_end), sorted(str(p.id) for p in order.payment_ids))
        by_iban = {text(tx, "p:CdtrAcct/p:Id/p:IBAN"): tx for tx in transactions}
        for bill in bills:
            iban = bill.partner_bank_id.sanitized_acc_number
            self.assertIn(iban, by_iban, bill.partner_id.name)
            tx = by_iban[iban]
            self.assertEqual(
                Decimal(text(tx, "p:Amt/p:InstdAmt")),
                Decimal(str(bill.amount_total)).quantize(cents),
                bill.name,
            )
            self.assertEqual(tx.find("p:Amt/p:InstdAmt", PAIN).get("Ccy"), "EUR")
            self.assertEqual(text(tx, "p:Cdtr/p:Nm"), bill.partner_id.name)
            communication = text(tx, "p:RmtInf/p:Ustrd")
            self.assertIn("2026-03", communication, "the month")
            for note in bill.dito_note_ids:
                self.assertIn(note.name, communication, "the notes")
        volunteer_tx = by_iban["BE71096123456769"]
        self.assertEqual(text(volunteer_tx, "p:CdtrAgt/p:FinInstnId/p:BIC"), "KREDBEBB")
        self.assertIsNone(by_iban["BE62510007547061"].find("p:CdtrAgt", PAIN), "no BIC given")

    def test_a_bill_paid_by_hand_is_not_paid_again(self):
        batch, notes, __ = self._billed_march_with_ibans()
        order = self.env["account.payment.order"].browse(
            batch.with_user(self.manager).action_payment_order()["res_id"]
        )
        bill = notes.bill_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        with self.assertRaisesRegex(UserError, bill.name):
            order.with_user(self.manager).draft2open()
        self.assertEqual(order.state, "draft")

    def test_a_line_added_by_hand_is_not_paid(self):
        """The volunteer service may edit its orders' draft lines (OCA's form): a line
        that pays no bill of the batch, or pays a bill to another account, is refused
        at confirmation, whoever added it (here over the ORM, as an RPC call would)."""
        batch, notes, __ = self._billed_march_with_ibans()
        order = self.env["account.payment.order"].browse(
            batch.with_user(self.manager).action_payment_order()["res_id"]
        )
        Line = self.env["account.payment.line"].with_user(self.manager)
        # a transfer with no bill, to the volunteer service's own account
        own = self.env["res.partner.bank"].create(
            {"acc_number": "BE68539007547034", "partner_id": self.manager.partner_id.id}
        )
        extra = Line.create(
            {
                "order_id": order.id,
                "partner_id": self.manager.partner_id.id,
                "partner_bank_id": own.id,
                "amount_currency": 500.0,
                "currency_id": order.company_id.currency_id.id,
                "communication": "x",
            }
        )
        with self.assertRaisesRegex(UserError, "pays only the bills of its volunteer batch"):
            order.with_user(self.manager).draft2open()
        self.assertEqual(order.state, "draft")
        extra.unlink()
        # a bill of the batch redirected to another person's account
        line = order.payment_line_ids.filtered(lambda pl: pl.move_line_id.move_id == notes.bill_id)
        line.with_user(self.manager).partner_bank_id = own
        with self.assertRaisesRegex(UserError, "pays only the bills of its volunteer batch"):
            order.with_user(self.manager).draft2open()
        line.partner_bank_id = notes.bill_id.partner_bank_id
        order.with_user(self.manager).draft2open()
        self.assertEqual(order.state, "open")

    def test_who_makes_payment_orders(self):
        batch, __, __ = self._billed_march_with_ibans()
        with self.assertRaises(AccessError):
            batch.with_user(self.service).action_payment_order()
        order = self.env["account.payment.order"].browse(
            batch.with_user(self.manager).action_payment_order()["res_id"]
        )
        with self.assertRaises(AccessError):
            order.with_user(self.service).read(["state"])
        with self.assertRaises(AccessError):
            order.with_user(self.service).draft2open()
        # an accountant's own payment order stays out of the volunteer service's reach
        foreign = self.env["account.payment.order"].create({"payment_mode_id": self.mode.id})
        Order = self.env["account.payment.order"].with_user(self.manager)
        self.assertEqual(Order.search([]), order)
        with self.assertRaises(AccessError):
            foreign.with_user(self.manager).read(["state"])
        accountant = self.env["res.users"].create(
            {
                "name": "Ann Accountant",
                "login": "dito_accountant",
                "group_ids": [
                    (4, self.env.ref("account.group_account_invoice").id),
                    (4, self.env.ref("account_payment_order.group_account_payment").id),
                    (4, self.env.ref("dito_expenses.group_expense_manager").id),
                ],
            }
        )
        self.assertEqual(
            self.env["account.payment.order"].with_user(accountant).search([]) & (order | foreign),
            order | foreign,
        )

    def test_a_bill_in_the_accountants_order_is_left_out(self):
        """A bill the accountant already put in their own payment order (which the volunteer
        service cannot see) is not put in the batch's order too."""
        batch, notes, other = self._billed_march_with_ibans()
        foreign = self.env["account.payment.order"].create({"payment_mode_id": self.mode.id})
        notes.bill_id.line_ids.filtered(
            lambda ln: ln.account_id.account_type == "liability_payable"
        ).create_payment_line_from_move_line(foreign)
        order = self.env["account.payment.order"].browse(
            batch.with_user(self.manager).action_payment_order()["res_id"]
        )
        self.assertEqual(order.payment_line_ids.move_line_id.move_id, other.bill_id)


@tagged("post_install", "-at_install")
class TestBatchBillingChunks(DitoExpensesCommon):
    """Issue 12.4: the cron bills in committed chunks of volunteers, so that when a
    run's time budget is used, the next run (on any server) goes on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart_of_accounts(cls.env)

    def test_cron_bills_one_chunk_per_volunteer_and_each_once(self):
        from ..models import dito_expense_batch

        with freeze_time("2026-03-02 10:00:00"):
            notes = self.env["dito.expense.note"]
            for user in (self.volunteer, self.volunteer2):
                for day in ("2026-03-01", "2026-02-28"):
                    notes |= self._approved(self._note(user, lines=[self._activity(day, 5.0)]))
        with (
            freeze_time("2026-03-07 01:00:00"),
            patch.object(dito_expense_batch, "BILL_CHUNK", 1),
            self.enter_registry_test_mode(),
        ):
            self.env.ref("dito_expenses.ir_cron_close_and_bill").method_direct_trigger()
        self.env.invalidate_all()
        batch = notes.batch_id
        chunks = batch.message_ids.filtered(lambda m: "One vendor bill created." in str(m.body))
        self.assertEqual(len(chunks), 2, "one committed chunk per volunteer")
        self.assertEqual(len(notes.bill_id), 2, "one bill per volunteer")
        for bill in notes.bill_id:
            self.assertEqual(bill.dito_note_ids.partner_id, bill.partner_id)
            self.assertEqual(len(bill.dito_note_ids), 2)
        self.assertEqual(len(notes.bill_id.invoice_line_ids.dito_note_id), 4, "each note once")


@tagged("post_install", "-at_install")
class TestBillButton(DitoExpensesCommon):
    """Issue 12: the manager's "Bill" button on a month of thousands of volunteers is no
    work for one HTTP request: beyond ``INLINE_LIMIT`` volunteers the billing cron does
    it, triggered at once, in its committed chunks; a small batch is still billed on
    the click."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart_of_accounts(cls.env)
        mark_demo_bills_announced(cls.env)
        cls.cron = cls.env.ref("dito_expenses.ir_cron_close_and_bill")

    def _closed_march(self, volunteers=3):
        """March 2026 closed by hand on the 3rd (before its billing moment): each of
        ``volunteers`` volunteers has two approved notes."""
        partners = self.volunteer.partner_id | self.volunteer2.partner_id
        partners |= self.env["res.partner"].create(
            [{"name": f"Button volunteer {i}", "dito_is_volunteer": True} for i in range(8)]
        )
        with freeze_time("2026-03-02 10:00:00"):
            notes = self.env["dito.expense.note"]
            for partner in partners[:volunteers]:
                for day in ("2026-03-01", "2026-02-28"):
                    notes |= self._approved(
                        self._note(partner_id=partner.id, lines=[self._activity(day, 5.0)])
                    )
        batch = notes.batch_id
        with freeze_time("2026-03-03 10:00:00"):
            batch.with_user(self.manager).action_close()
        return batch, notes

    def _billed_messages(self, bills):
        return bills.message_ids.filtered(lambda m: "will be paid" in (m.subject or ""))

    def _triggers(self):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])

    def test_a_big_batch_is_billed_by_the_cron_each_note_once(self):
        from ..models import dito_expense_batch

        batch, notes = self._closed_march(volunteers=3)
        triggers = self._triggers()
        with (
            freeze_time("2026-03-03 10:05:00"),
            patch.object(dito_expense_batch, "INLINE_LIMIT", 2),
            patch.object(dito_expense_batch, "BILL_CHUNK", 2),
        ):
            self.env.flush_all()
            self.env.invalidate_all()
            # whatever the batch's size: the click counts, flags and triggers
            with self.assertQueryCount(__system__=13):
                action = batch.with_user(self.manager).action_bill()
            self.assertEqual(action["tag"], "display_notification")
            self.assertEqual(action["params"]["title"], "Billing started")
            self.assertFalse(notes.bill_id, "nothing billed in the request")
            self.assertEqual(batch.bill_requested_by_id, self.manager)
            self.assertEqual(len(self._triggers() - triggers), 1, "the billing cron is due now")
            # clicked again meanwhile: the cron is triggered again, nothing is billed twice
            batch.with_user(self.manager).action_bill()
            # before the batch's billing moment: billed because the manager asked
            with self.enter_registry_test_mode():
                self.cron.method_direct_trigger()
                self.cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(len(notes.bill_id), 3, "one bill per volunteer")
        self.assertEqual(len(notes.bill_id.invoice_line_ids.dito_note_id), 6, "each note once")
        chunks = batch.message_ids.filtered(lambda m: "vendor bills created" in str(m.body))
        self.assertEqual(len(chunks), 1, "two volunteers in the first chunk")
        self.assertEqual(batch.state, "billed")
        for bill in notes.bill_id:
            self.assertEqual(len(self._billed_messages(bill)), 1, "announced once")
        done = batch.message_ids.filtered(lambda m: "The batch is billed" in str(m.body))
        self.assertEqual(len(done), 1, "the manager is told once")
        self.assertEqual(done.partner_ids, self.manager.partner_id)
        self.assertFalse(batch.bill_requested_by_id)

    def test_a_small_batch_is_billed_on_the_click(self):
        """Its own bills announced, not the bills the cron has still to announce."""
        batch, notes = self._closed_march(volunteers=2)
        elsewhere = self.env["account.move"].create(
            {
                **batch._bill_values(
                    self.volunteer.partner_id,
                    self.env["dito.expense.note"],
                    *batch._bill_accounting(),
                ),
                "dito_batch_id": batch.id,
            }
        )
        elsewhere.invoice_line_ids = [
            (0, 0, {"name": "Visit", "quantity": 1, "price_unit": 1.0, "tax_ids": []})
        ]
        elsewhere.action_post()
        triggers = self._triggers()
        self.assertIs(batch.with_user(self.manager).action_bill(), True)
        self.assertEqual(len(notes.bill_id), 2)
        self.assertEqual(self._triggers(), triggers, "no cron needed")
        self.assertFalse(batch.bill_requested_by_id)
        for bill in notes.bill_id:
            self.assertEqual(len(self._billed_messages(bill)), 1)
        self.assertFalse(elsewhere.dito_billed_notified, "left to the cron's chunks")

    def test_a_big_batch_needs_the_cron(self):
        from ..models import dito_expense_batch

        batch, notes = self._closed_march(volunteers=2)
        self.cron.active = False
        with (
            patch.object(dito_expense_batch, "INLINE_LIMIT", 1),
            self.assertRaisesRegex(UserError, "ask your administrator"),
        ):
            batch.with_user(self.manager).action_bill()
        self.assertFalse(notes.bill_id)
        self.assertFalse(batch.bill_requested_by_id)
