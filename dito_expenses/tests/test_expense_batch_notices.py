# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The volunteers' "billed" and "paid" notices of the monthly cron (issue 12).

Posted a chunk at a time by one mail composer (the templates rendered per language
group, not per bill), each chunk committed with its bills' flags: every bill is
announced exactly once, however often the cron runs or stops.
"""

from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DitoExpensesCommon, ensure_chart_of_accounts, mark_demo_bills_announced

SUBJECTS = {
    "nl_BE": "Uw onkostennota's van 2030-01 worden betaald",
    "fr_BE": "Vos notes de frais de 2030-01 seront payées",
    "de_DE": "Ihre Spesenabrechnungen von 2030-01 werden bezahlt",
}


@tagged("post_install", "-at_install")
class TestBillNotices(DitoExpensesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart_of_accounts(cls.env)
        mark_demo_bills_announced(cls.env)
        cls.batch = cls.env["dito.expense.batch"].create(
            {"name": "2030-01", "month": "2030-01-01", "closed_on": "2030-02-07 00:00:00"}
        )

    def _bills(self, count, langs=("en_US",)):
        """``count`` posted bills of the batch, of volunteers speaking ``langs`` in turn."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Noticed volunteer {index}",
                    "email": f"noticed.{index}@example.com",
                    "lang": langs[index % len(langs)],
                    "dito_is_volunteer": True,
                }
                for index in range(count)
            ]
        )
        journal, account = self.batch._bill_accounting()
        line = Command.create(
            {
                "name": "Visit",
                "quantity": 1,
                "price_unit": 10.0,
                "account_id": account.id,
                "tax_ids": [Command.clear()],
            }
        )
        # the bill's values of the billing step, one line in place of the notes' lines
        bills = self.env["account.move"].create(
            [
                {
                    **self.batch._bill_values(
                        partner, self.env["dito.expense.note"], journal, account
                    ),
                    "invoice_line_ids": [line],
                }
                for partner in partners
            ]
        )
        bills.action_post()
        return bills

    def _billed_messages(self, bill):
        subtype = self.env.ref("mail.mt_comment")
        return bill.message_ids.filtered(
            lambda m: m.subtype_id == subtype and "2030-01" in (m.subject or "")
        )

    def _notice_queries(self, count):
        self._bills(count)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        billed, __ = self.env["account.move"]._dito_notify_billed_and_paid()
        self.env.flush_all()
        self.assertEqual(len(billed), count)
        return self.cr.sql_log_count - before

    def test_notice_queries_are_bounded_per_bill(self):
        """One composer for the chunk: what is left per bill is Odoo's own posting of
        one message (its notification and queued mail), 14 queries. The old loop (one
        composer per bill, message_post_with_source) took 22 per bill, 30 when the bill had
        no portal token yet (now made with the bill)."""
        self._bills(2)
        self.env.flush_all()
        self.env.invalidate_all()
        # 76 with dito_expenses alone; the other addons of the repository may add one or two
        with self.assertQueryCount(__system__=78):
            self.env["account.move"]._dito_notify_billed_and_paid()
        two = self._notice_queries(2)
        eight = self._notice_queries(8)
        per_bill = (eight - two) / 6
        self.assertLessEqual(per_bill, 14, f"{two} queries for 2 bills, {eight} for 8")

    def test_each_bill_once_in_chunks(self):
        bills = self._bills(3)
        Move = self.env["account.move"]
        first, __ = Move._dito_notify_billed_and_paid(limit=2)
        self.assertEqual(first, bills[:2], "the oldest first, at most the limit")
        self.assertTrue(all(first.mapped("dito_billed_notified")))
        self.assertFalse(bills[2].dito_billed_notified)
        second, __ = Move._dito_notify_billed_and_paid(limit=2)
        self.assertEqual(second, bills[2])
        self.assertEqual(Move._dito_notify_billed_and_paid(limit=2), (Move, Move))
        self.assertEqual(Move._dito_count_to_notify(), 0)
        for bill in bills:
            message = self._billed_messages(bill)
            self.assertEqual(len(message), 1, "announced once")
            self.assertEqual(message.partner_ids, bill.partner_id, "to the volunteer")
            self.assertEqual(message.message_type, "notification")
            self.assertEqual(message.notification_ids.res_partner_id, bill.partner_id)
            # the mail waits in the queue (the mail cron sends it)
            self.assertEqual(message.notification_ids.mail_mail_id.state, "outgoing")

    def test_each_volunteer_in_their_language(self):
        langs = tuple(SUBJECTS)
        for lang in langs:
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(["dito_expenses"], list(langs))
        bills = self._bills(6, langs)
        billed, __ = self.env["account.move"]._dito_notify_billed_and_paid()
        self.assertEqual(billed, bills, "one chunk, three languages")
        for bill in bills:
            message = self._billed_messages(bill)
            self.assertEqual(message.subject, SUBJECTS[bill.partner_id.lang], bill.partner_id.lang)
        # the message message_post_with_source posts for one bill, field for field
        reference_bill = self._bills(1, ("fr_BE",))
        reference = reference_bill.message_post_with_source(
            "dito_expenses.mail_template_billed", subtype_xmlid="mail.mt_comment"
        )
        message = self._billed_messages(bills[1])
        for field in (
            "subject",
            "author_id",
            "email_from",
            "reply_to",
            "message_type",
            "subtype_id",
            "email_layout_xmlid",
            "record_company_id",
        ):
            self.assertEqual(message[field], reference[field], field)
        self.assertEqual(
            message.body.replace(bills[1].partner_id.name, ""),
            reference.body.replace(reference_bill.partner_id.name, ""),
        )

    def test_a_stopped_cron_announces_the_rest_once(self):
        """The cron stops while announcing (killed, a mail error): the chunks committed
        before stay announced, the next run announces the others, none twice."""
        from ..models import dito_expense_batch

        bills = self._bills(3)
        AccountMove = self.env.registry["account.move"]
        notify = AccountMove._dito_notify
        calls = []

        def stopping(records, template_xmlid):
            if records:
                calls.append(records.ids)
            if len(calls) == 2:
                raise RuntimeError("the cron worker is killed")
            return notify(records, template_xmlid)

        with (
            mute_logger("odoo.addons.base.models.ir_cron"),
            freeze_time("2030-02-08 01:00:00"),
            patch.object(dito_expense_batch, "BILL_CHUNK", 1),
            patch.object(AccountMove, "_dito_notify", stopping),
            self.enter_registry_test_mode(),
        ):
            self.env.ref("dito_expenses.ir_cron_close_and_bill").method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(calls[:2], [bills[0].ids, bills[1].ids], "one bill per chunk")
        for bill in bills:
            self.assertTrue(bill.dito_billed_notified)
            self.assertEqual(len(self._billed_messages(bill)), 1, "announced exactly once")
