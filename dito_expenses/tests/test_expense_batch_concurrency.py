# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly billing beside another transaction billing the same batch (issue 12.4).

Two Odoo servers share one database: one server's cron may bill a chunk of a batch
while the other server's cron (or a manager's "Bill" button) bills the same batch.
Runs on real, separately committed cursors (opened on the database directly,
outside the test's transaction), in one thread: cursor A holds the notes it is
billing, cursor B bills meanwhile.
"""

import threading

from odoo import SUPERUSER_ID, api, sql_db
from odoo.orm.environments import Transaction
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import ensure_chart_of_accounts

#: A month no other test uses: the fixtures are committed.
MONTH = "2001-01-01"


@tagged("post_install", "-at_install")
class TestBillingTwoTransactions(TransactionCase):
    def _real_cursor(self):
        """A cursor of its own transaction (never the test's), committed on exit."""
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _committed_fixtures(self):
        with self._real_cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # the database is thrown away after
            ensure_chart_of_accounts(env)
            plan = env["account.analytic.plan"].create({"name": "Two transactions"})
            analytic = env["account.analytic.account"].create(
                {"name": "Two transactions", "plan_id": plan.id}
            )
            budget = env["dito.budget"].create(
                {
                    "name": "Two transactions",
                    "analytic_account_id": analytic.id,
                    "holder_id": env.ref("base.user_admin").id,
                }
            )
            volunteers = env["res.partner"].create(
                [{"name": f"Concurrent volunteer {i}", "dito_is_volunteer": True} for i in range(3)]
            )
            batch = env["dito.expense.batch"].create(
                {"name": "2001-01", "month": MONTH, "closed_on": "2001-02-07 00:00:00"}
            )
            Note = env["dito.expense.note"].with_context(tracking_disable=True)
            notes = Note.create(
                [
                    {
                        "partner_id": volunteer.id,
                        "budget_id": budget.id,
                        "regime": "flat",
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "kind": "activity",
                                    "date_from": "2026-01-05",
                                    "unit_amount": 3.0 + index,
                                },
                            )
                        ],
                    }
                    for volunteer in volunteers
                    for index in range(2)
                ]
            )
            moment = "2001-02-02 10:00:00"
            notes.write(
                {
                    "submitted_on": moment,
                    "signed_on": moment,
                    "approved_on": moment,
                    "approved_by_id": env.ref("base.user_admin").id,
                    "batch_id": batch.id,
                }
            )
            by_volunteer = {
                volunteer.id: notes.filtered(lambda n, v=volunteer: n.partner_id == v).ids
                for volunteer in volunteers
            }
            return {
                "batch": batch.id,
                "budget": budget.id,
                "analytic": analytic.id,
                "plan": plan.id,
                "volunteers": volunteers.ids,
                "notes": notes.ids,
                "by_volunteer": by_volunteer,
            }

    def _cleanup(self, ids):
        with self._real_cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT DISTINCT bill_id FROM dito_expense_note"
                    " WHERE id IN %s AND bill_id IS NOT NULL",
                    tuple(ids["notes"]),
                )
            )
            bills = tuple(row[0] for row in cr.fetchall())
            if bills:  # their lines first: a line keeps its note (ondelete restrict)
                cr.execute(
                    SQL(
                        "DELETE FROM mail_message WHERE model = 'account.move' AND res_id IN %s",
                        bills,
                    )
                )
                cr.execute(SQL("DELETE FROM account_move WHERE id IN %s", bills))
            cr.execute(SQL("DELETE FROM dito_expense_note WHERE id IN %s", tuple(ids["notes"])))
            cr.execute(SQL("DELETE FROM dito_expense_batch WHERE id = %s", ids["batch"]))
            cr.execute(SQL("DELETE FROM dito_budget WHERE id = %s", ids["budget"]))
            cr.execute(SQL("DELETE FROM account_analytic_account WHERE id = %s", ids["analytic"]))
            cr.execute(SQL("DELETE FROM account_analytic_plan WHERE id = %s", ids["plan"]))
            cr.execute(SQL("DELETE FROM res_partner WHERE id IN %s", tuple(ids["volunteers"])))

    def _bills_per_note(self, ids):
        with self._real_cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT n.id, n.partner_id, n.bill_id, m.partner_id,
                           (SELECT count(*) FROM account_move_line l WHERE l.dito_note_id = n.id)
                      FROM dito_expense_note n LEFT JOIN account_move m ON m.id = n.bill_id
                     WHERE n.id IN %s
                    """,
                    tuple(ids["notes"]),
                )
            )
            return cr.fetchall()

    def test_a_second_transaction_bills_the_others_without_waiting(self):
        """Cursor A is billing volunteer 0 (all their notes locked) and holds one of
        volunteer 1's two notes; cursor B bills the batch meanwhile: it does not wait
        (2 s lock timeout), leaves volunteers 0 and 1 to A's side (volunteer 1's notes
        must make one bill) and bills volunteer 2. After A is gone, the next run bills
        what is left: every note on exactly one bill line, one bill per volunteer."""
        ids = self._committed_fixtures()
        self.addCleanup(self._cleanup, ids)
        first, second, third = ids["volunteers"]
        held = [*ids["by_volunteer"][first], ids["by_volunteer"][second][0]]
        with self._real_cursor() as cr_a, self._real_cursor() as cr_b:
            cr_a.execute(
                SQL("SELECT id FROM dito_expense_note WHERE id IN %s FOR UPDATE", tuple(held))
            )
            cr_b.execute("SET LOCAL lock_timeout = '2s'")
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            with mute_logger("odoo.sql_db"):
                bills_b = env_b["dito.expense.batch"].browse(ids["batch"])._do_bill()
            self.assertEqual(bills_b.partner_id.ids, [third], "only the volunteer nobody holds")
            self.assertEqual(len(bills_b.invoice_line_ids), 2)
            cr_b.commit()
            cr_a.rollback()  # A gave up (a crash, a time-out): its notes are still unbilled
        with self._real_cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bills = env["dito.expense.batch"].browse(ids["batch"])._do_bill()
            self.assertEqual(sorted(bills.partner_id.ids), sorted([first, second]))
            self.assertFalse(env["dito.expense.batch"].browse(ids["batch"])._do_bill())
        rows = self._bills_per_note(ids)
        self.assertEqual(len(rows), 6)
        for note, partner, bill, bill_partner, lines in rows:
            self.assertTrue(bill, f"note {note} billed")
            self.assertEqual(bill_partner, partner, "on its volunteer's bill")
            self.assertEqual(lines, 1, f"note {note} on exactly one bill line")
        bills_by_volunteer = {}
        for __, partner, bill, __, __ in rows:
            bills_by_volunteer.setdefault(partner, set()).add(bill)
        self.assertEqual(
            {partner: len(bills) for partner, bills in bills_by_volunteer.items()},
            {first: 1, second: 1, third: 1},
            "one bill per volunteer for the month",
        )

    def test_a_second_transaction_announces_the_others_without_waiting(self):
        """Cursor A is announcing the first bill (its row locked); cursor B picks the
        bills to announce meanwhile: it does not wait and takes the two others, A's
        bill is left to A. A gives up: the next run announces that one, and only it."""
        ids = self._committed_fixtures()
        self.addCleanup(self._cleanup, ids)
        with self._real_cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bills = env["dito.expense.batch"].browse(ids["batch"])._do_bill().sorted("id")
            first, others = bills[0].id, bills[1:].ids
        ours = [("dito_batch_id", "=", ids["batch"]), ("state", "=", "posted")]
        with self._real_cursor() as cr_a, self._real_cursor() as cr_b:
            cr_a.execute(SQL("SELECT id FROM account_move WHERE id = %s FOR UPDATE", first))
            cr_b.execute("SET LOCAL lock_timeout = '2s'")
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            taken = env_b["account.move"]._dito_lock_to_notify(ours, "dito_billed_notified")
            self.assertEqual(taken.ids, others, "the bills nobody holds")
            taken._dito_notify("dito_expenses.mail_template_billed")
            taken.dito_billed_notified = True
            cr_b.commit()
            cr_a.rollback()  # A gave up (a crash, a time-out): its bill is not announced
        with self._real_cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Move = env["account.move"]
            self.assertEqual(Move._dito_lock_to_notify(ours, "dito_billed_notified").ids, [first])
        with self._real_cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT res_id, count(*) FROM mail_message"
                    " WHERE model = 'account.move' AND res_id IN %s AND subtype_id = %s"
                    " GROUP BY res_id",
                    tuple(bills.ids),
                    self.env.ref("mail.mt_comment").id,
                )
            )
            self.assertEqual(dict(cr.fetchall()), dict.fromkeys(others, 1), "each once")

    def test_the_button_beside_the_cron_bills_each_note_once(self):
        """Cursor A is the cron in the middle of a chunk: it has billed volunteer 0, not
        committed yet. An expense manager clicks "Bill" meanwhile (cursor B, a small
        batch: billed on the click): B leaves volunteer 0's notes to A, and waits only
        for the next number of the purchase journal (Odoo's sequence: the bills of one
        journal are numbered one transaction at a time) until A commits; then bills
        volunteers 1 and 2. Every note on exactly one bill line."""
        ids = self._committed_fixtures()
        self.addCleanup(self._cleanup, ids)
        first, second, third = ids["volunteers"]
        admin = self.env.ref("base.user_admin").id
        clicked = {}

        registry = self.env.registry

        def click():
            with self._real_cursor() as cr_b:
                # the registry given: Registry() would wait for the test runner's lock
                cr_b.transaction = Transaction(registry)
                env_b = api.Environment(cr_b, admin, {})
                try:
                    clicked["action"] = (
                        env_b["dito.expense.batch"].browse(ids["batch"]).action_bill()
                    )
                except Exception as error:
                    clicked["error"] = error
                    raise

        with self._real_cursor() as cr_a:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            bills_a = env_a["dito.expense.batch"].browse(ids["batch"])._do_bill(limit=1)
            self.assertEqual(bills_a.partner_id.ids, [first], "the cron's chunk")
            button = threading.Thread(target=click)
            button.start()
            button.join(1.0)
            self.assertTrue(button.is_alive(), "the click waits for the journal's next number")
            cr_a.commit()
        button.join(60)
        self.assertFalse(button.is_alive())
        self.assertNotIn("error", clicked)
        self.assertIs(clicked["action"], True, "a small batch: billed on the click")
        rows = self._bills_per_note(ids)
        self.assertEqual(len(rows), 6)
        bills_by_volunteer = {}
        for note, partner, bill, bill_partner, lines in rows:
            self.assertTrue(bill, f"note {note} billed")
            self.assertEqual(bill_partner, partner, "on its volunteer's bill")
            self.assertEqual(lines, 1, f"note {note} on exactly one bill line")
            bills_by_volunteer.setdefault(partner, set()).add(bill)
        self.assertEqual(
            {partner: len(bills) for partner, bills in bills_by_volunteer.items()},
            {first: 1, second: 1, third: 1},
            "one bill per volunteer for the month",
        )
