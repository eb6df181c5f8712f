# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools import SQL

from . import dito_expense_batch

#: The notices of the volunteers' bills, in the order they are posted: (mail template,
#: flag set once posted, the bills it is for).
DITO_NOTICES = (
    (
        "dito_expenses.mail_template_billed",
        "dito_billed_notified",
        [("dito_batch_id", "!=", False), ("state", "=", "posted")],
    ),
    (
        "dito_expenses.mail_template_paid",
        "dito_paid_notified",
        [("dito_batch_id", "!=", False), ("payment_state", "in", ("paid", "in_payment"))],
    ),
)


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
        """Tell the volunteers, in the bills' chatter, that their notes are billed or paid.

        One mail composer per author (comment mode, what ``message_post_with_source``
        does for one record): the template's subject and body are rendered once per
        language of the volunteers (the template's ``lang``), then one message is posted
        per bill, same subtype and recipients. Its mails wait in the mail queue: sending
        them is not the cron's work.
        """
        messages = self.env["mail.message"]
        if not self:
            return messages
        template = self.env.ref(template_xmlid)
        # the author message_post_with_source gives one bill: the partner of its rendered
        # sender (the company), else the current user
        senders = template._render_field("email_from", self.ids)
        Thread = self.env["mail.thread"].with_context(active_test=False)
        authors = {
            sender: Thread._message_compute_author(None, sender)[0] or self.env.user.partner_id.id
            for sender in set(senders.values())
        }
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        for author_id in set(authors.values()):
            bills = self.filtered(lambda b, a=author_id: authors[senders[b.id]] == a)
            composer = (
                self.env["mail.compose.message"]
                .with_context(
                    default_composition_mode="comment",
                    default_model=self._name,
                    default_res_ids=bills.ids,
                    default_template_id=template.id,
                )
                .create(
                    {
                        # given with the author, else the composer would drop it
                        "author_id": author_id,
                        "email_from": template.email_from,
                        "message_type": "notification",
                        "subtype_id": subtype_id,
                    }
                )
            )
            messages += composer._action_send_mail()[1]
        return messages

    @api.model
    def _dito_lock_to_notify(self, domain, flag, limit=None):
        """The bills of ``domain`` whose ``flag`` is not set, locked for this transaction.

        ``FOR UPDATE SKIP LOCKED``: bills another transaction is notifying right now (a
        second server's cron, a payment order) are left to it, and ``limit`` is filled
        with the next ones.
        """
        self.flush_model()
        query = self._search([*domain, (flag, "=", False)], order="id", limit=limit)
        self.env.cr.execute(
            SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(self._table))
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _dito_notify_billed_and_paid(self, limit=None, among=None):
        """Announce billed and paid volunteer bills, each once (safe to re-run).

        Runs after the billing step (in its own transaction when called by the
        cron), so that a mail problem never undoes a bill. A bill's flag is set in
        the transaction that posts its message. ``limit``: at most this many notices
        (billed ones first: the cron's committed chunks). ``among``: only these bills
        (a click's own bills), else every bill. Returns the bills notified, one
        recordset per notice of :data:`DITO_NOTICES`.
        """
        notified = []
        for template_xmlid, flag, domain in DITO_NOTICES:
            left = limit and limit - sum(len(bills) for bills in notified)
            if among is not None:
                domain = [*domain, ("id", "in", among.ids)]
            bills = self._dito_lock_to_notify(domain, flag, left) if left != 0 else self.browse()
            bills._dito_notify(template_xmlid)
            bills[flag] = True
            notified.append(bills)
        return tuple(notified)

    def _dito_notify_now_or_later(self):
        """Announce these bills now when they are few (a click on a small batch or
        payment order), else trigger the billing cron, which announces them in its
        committed chunks: the notices of a whole month are no work for one request."""
        if not self:
            return
        if len(self) <= dito_expense_batch.INLINE_LIMIT:
            self._dito_notify_billed_and_paid(among=self)
        else:
            self.env.ref("dito_expenses.ir_cron_close_and_bill")._trigger()

    @api.model
    def _dito_count_to_notify(self):
        """How many notices are still to post (the cron's progress)."""
        return sum(
            self.search_count([*domain, (flag, "=", False)]) for __, flag, domain in DITO_NOTICES
        )


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
