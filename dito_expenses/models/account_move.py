# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dito_batch_id = fields.Many2one(
        "dito.expense.batch",
        string="Expense Batch",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    dito_note_ids = fields.One2many("dito.expense.note", "bill_id", string="Expense Notes")
    dito_billed_notified = fields.Boolean(string="Billed Mail Sent", readonly=True, copy=False)
    dito_paid_notified = fields.Boolean(string="Paid Mail Sent", readonly=True, copy=False)

    def _dito_notify(self, template_xmlid):
        """Tell the volunteers, in the bills' chatter, that their notes are billed or paid."""
        template = self.env.ref(template_xmlid)
        for bill in self:
            bill.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    @api.model
    def _dito_notify_billed_and_paid(self):
        """Announce billed and paid volunteer bills, each once (safe to re-run).

        Runs after the billing step (in its own transaction when called by the
        cron), so that a mail problem never undoes a bill.
        """
        billed = self.search(
            [
                ("dito_batch_id", "!=", False),
                ("state", "=", "posted"),
                ("dito_billed_notified", "=", False),
            ]
        )
        billed._dito_notify("dito_expenses.mail_template_billed")
        billed.dito_billed_notified = True
        paid = self.search(
            [
                ("dito_batch_id", "!=", False),
                ("payment_state", "in", ("paid", "in_payment")),
                ("dito_paid_notified", "=", False),
            ]
        )
        paid._dito_notify("dito_expenses.mail_template_paid")
        paid.dito_paid_notified = True
        return billed, paid


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    dito_note_id = fields.Many2one(
        "dito.expense.note",
        string="Expense Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )

    _unique_dito_note = models.Constraint(
        "UNIQUE(dito_note_id)", "An expense note is billed only once."
    )
