# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import io
import logging
import uuid
from collections import defaultdict
from datetime import date

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import choices, periods, sepa

_logger = logging.getLogger(__name__)

#: Volunteers billed per committed chunk of the monthly cron.
BILL_CHUNK = 200
#: Volunteers billed, or bills announced, within one back-office click (about 3 s at
#: ~56 ms of CPU per volunteer billed and announced); more go to the billing cron.
INLINE_LIMIT = 50


class DitoExpenseBatch(models.Model):
    """The notes of one month, closed the day after the cut-off and billed.

    A note joins the batch of the moment it is signed (tools.periods). The
    closing cron moves the notes not approved in time to the next batch and
    bills the approved ones: one vendor bill per volunteer. Expense managers can
    run the billing step again at any time: a note is never billed twice. A big
    batch billed by hand is billed by the cron, triggered at once, in its committed
    chunks: a month of a large organisation is no work for one HTTP request.
    """

    _name = "dito.expense.batch"
    _description = "Volunteer Expense Batch"
    _inherit = ["mail.thread"]
    _order = "month desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    month = fields.Date(required=True, readonly=True, help="First day of the batch's month.")
    closed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    bill_requested_by_id = fields.Many2one(
        "res.users",
        string="Billing Requested By",
        readonly=True,
        copy=False,
        help="The expense manager who asked to bill this big batch in the background; "
        "cleared, and told, when it is billed.",
    )
    note_ids = fields.One2many("dito.expense.note", "batch_id", string="Notes")
    bill_ids = fields.One2many(
        "account.move", "dito_batch_id", string="Bills", groups="account.group_account_invoice"
    )
    payment_order_ids = fields.One2many(
        "account.payment.order",
        "dito_batch_id",
        string="Payment Orders",
        groups="dito_expenses.group_expense_manager",
    )
    payment_order_count = fields.Integer(
        compute="_compute_payment_order_count",
        string="Payment Orders Count",
        groups="dito_expenses.group_expense_manager",
    )
    note_count = fields.Integer(compute="_compute_counts", string="Notes Count")
    bill_count = fields.Integer(compute="_compute_counts", string="Bills Count")
    amount_total = fields.Monetary(compute="_compute_counts", string="Total")
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        choices.selection(choices.BatchState),
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )

    _unique_month = models.Constraint(
        "UNIQUE(company_id, month)", "There is one batch per month and company."
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("closed_on", "bill_ids.payment_state", "note_ids.state")
    def _compute_state(self):
        for batch in self:
            if not batch.closed_on:
                batch.state = "open"
            elif not batch.bill_ids or batch.note_ids.filtered(lambda n: n.state == "approved"):
                batch.state = "closed"
            elif all(b.payment_state in ("paid", "in_payment") for b in batch.bill_ids):
                batch.state = "paid"
            else:
                batch.state = "billed"

    def _compute_counts(self):
        notes = {
            batch.id: (count, total)
            for batch, count, total in self.env["dito.expense.note"]._read_group(
                [("batch_id", "in", self.ids)], ["batch_id"], ["__count", "amount_total:sum"]
            )
        }
        # a count only: the volunteer service opens batches without reading the bills
        bills = dict(
            self.env["account.move"]
            .sudo()
            ._read_group([("dito_batch_id", "in", self.ids)], ["dito_batch_id"], ["__count"])
        )
        for batch in self:
            batch.note_count, batch.amount_total = notes.get(batch.id, (0, 0.0))
            batch.bill_count = bills.get(batch, 0)

    def _compute_payment_order_count(self):
        counts = dict(
            self.env["account.payment.order"]._read_group(
                [("dito_batch_id", "in", self.ids)], ["dito_batch_id"], ["__count"]
            )
        )
        for batch in self:
            batch.payment_order_count = counts.get(batch, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_close(self):
        self._check_manager()
        self._do_close()
        return True

    def action_bill(self):
        """Bill the closed batches: here when a few volunteers are left to bill (at
        most :data:`INLINE_LIMIT`), else by the billing cron, triggered now, which bills
        and announces in committed chunks and tells the manager when it is done."""
        self._check_manager()
        if self.filtered(lambda b: not b.closed_on):
            raise UserError(self.env._("Close the batch before billing it."))
        batches = self.sudo()
        volunteers = (
            self.env["dito.expense.note"]
            .sudo()
            ._read_group(
                batches._unbilled_domain(), ["batch_id", "partner_id"], limit=INLINE_LIMIT + 1
            )
        )
        if len(volunteers) <= INLINE_LIMIT:
            batches._do_bill()._dito_notify_now_or_later()
            return True
        cron = self.env.ref("dito_expenses.ir_cron_close_and_bill")
        if not cron.sudo().active:
            raise UserError(
                self.env._(
                    "This batch is too big to bill in one click, and the scheduled action "
                    "that bills batches is off: ask your administrator to activate "
                    "%(cron)s.",
                    cron=cron.sudo().name,
                )
            )
        batches.bill_requested_by_id = self.env.user
        cron._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Billing started"),
                "message": self.env._(
                    "The bills appear on the batch as they are made; you get a message "
                    "in your inbox when all are made."
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_bills(self):
        self.ensure_one()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Bills of %(batch)s", batch=self.name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("dito_batch_id", "=", self.id)],
        }

    def action_payment_order(self):
        """The SEPA payment order of the batch's unpaid bills (OCA account_payment_order).

        Safe to click twice: the batch's running order is opened again, and a bill is
        never put in two running orders.
        """
        self.ensure_one()
        self._check_manager()
        order = self._payment_order()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_payment_orders(self):
        self.ensure_one()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payment Orders of %(batch)s", batch=self.name),
            "res_model": "account.payment.order",
            "view_mode": "list,form",
            "domain": [("dito_batch_id", "=", self.id)],
        }

    def action_export_xlsx(self):
        """Excel export of the batch for accounting: one row per billed note."""
        self.ensure_one()
        self._check_manager()
        return self._download(self._make_xlsx_file())

    def _download(self, attachment):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def _check_manager(self):
        if not self.env.user.has_group("dito_expenses.group_expense_manager"):
            raise AccessError(self.env._("Only expense managers close and bill batches."))

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _get_or_create(self, company, batch_month):
        """The batch of ``batch_month`` (tools.periods.BatchMonth) of ``company``."""
        month = batch_month.first_day
        batch = self.sudo().search(
            [("company_id", "=", company.id), ("month", "=", month)], limit=1
        )
        if not batch:
            # created by whoever signs or runs the cron: its "created" line on the
            # thread is written in the language of the company's back office
            lang = company.partner_id.lang or self.env.lang
            batch = (
                self.sudo()
                .with_context(lang=lang)
                .create({"name": str(batch_month), "company_id": company.id, "month": month})
                .with_env(self.sudo().env)
            )
        return batch

    def _batch_month(self):
        self.ensure_one()
        return periods.BatchMonth.of(self.month)

    def _do_close(self):
        """Close the batches; notes not approved in time go to the next month's batch.

        In time: approved before the batch's billing moment (tools.periods: the end
        of the closed day(s), the 6th), whenever the batch is actually closed.
        """
        for batch in self.filtered(lambda b: not b.closed_on):
            calendar = batch.company_id._dito_calendar()
            billing_moment = calendar.billing_moment_utc(batch._batch_month())
            late = batch.note_ids.filtered(
                lambda n, moment=billing_moment: (
                    n.state in ("submitted", "signed")
                    or (n.state == "approved" and n.approved_on >= moment)
                )
            )
            if late:
                following = self._get_or_create(batch.company_id, batch._batch_month().next())
                late.write({"batch_id": following.id})
            batch.closed_on = fields.Datetime.now()

    def _unbilled_domain(self):
        """The approved notes of these batches that have no bill yet."""
        return [("batch_id", "in", self.ids), ("state", "=", "approved"), ("bill_id", "=", False)]

    def _do_bill(self, limit=None):
        """One posted vendor bill per volunteer for the approved, unbilled notes.

        Idempotent and safe beside another transaction billing the same batches
        (a second Odoo server's cron, the back-office button): the notes are locked
        ``FOR UPDATE SKIP LOCKED``, a volunteer whose notes are not all ours (some
        are being billed elsewhere right now) is left for the next run, so their
        notes still make one bill; a bill line is linked to its note by a unique
        key. ``limit``: at most this many volunteers' bills (the cron's chunks).
        """
        Note = self.env["dito.expense.note"]
        domain = self._unbilled_domain()
        if limit:
            pairs = Note._read_group(domain, ["batch_id", "partner_id"], limit=limit)
            wanted = {(batch.id, partner.id) for batch, partner in pairs}
            notes = Note.search(
                [*domain, ("partner_id", "in", list({partner.id for __, partner in pairs}))]
            ).filtered(lambda n: (n.batch_id.id, n.partner_id.id) in wanted)
        else:
            notes = Note.search(domain)
        if not notes:
            return self.env["account.move"]
        self.env.cr.execute(
            SQL(
                "SELECT id FROM dito_expense_note WHERE id IN %s AND bill_id IS NULL"
                " FOR UPDATE SKIP LOCKED",
                tuple(notes.ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        groups = defaultdict(lambda: Note)
        for note in notes:
            groups[(note.batch_id, note.partner_id)] |= note
        groups = {key: group for key, group in groups.items() if set(group.ids) <= locked}
        if not groups:
            return self.env["account.move"]
        vals_list = []
        keys = []
        accounting = {batch: batch._bill_accounting() for batch, __ in groups}
        for (batch, partner), partner_notes in groups.items():
            vals_list.append(batch._bill_values(partner, partner_notes, *accounting[batch]))
            keys.append(partner_notes)
        bills = self.env["account.move"].create(vals_list)
        bills.action_post()
        for bill, partner_notes in zip(bills, keys, strict=True):
            partner_notes.write({"bill_id": bill.id})
        for batch in self.filtered(lambda b: b in bills.dito_batch_id):
            count = len(bills.filtered(lambda b, batch=batch: b.dito_batch_id == batch))
            if count == 1:
                body = self.env._("One vendor bill created.")
            else:
                body = self.env._("%(count)s vendor bills created.", count=count)
            batch.message_post(body=body)
        return bills

    def _bill_accounting(self):
        """The purchase journal and expense account of this batch's bills."""
        self.ensure_one()
        company = self.company_id
        journal = company.dito_journal_id or self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "purchase"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._("Configure a purchase journal for volunteer expenses first.")
            )
        account = company.dito_expense_account_id or journal.default_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Configure the volunteer expense account, or a default account on the "
                    "journal %(journal)s.",
                    journal=journal.name,
                )
            )
        return journal, account

    def _bill_values(self, partner, notes, journal, account):
        """Values of the vendor bill of ``partner`` for ``notes`` of this batch."""
        self.ensure_one()
        company = self.company_id
        today = fields.Date.context_today(self)
        return {
            "move_type": "in_invoice",
            "company_id": company.id,
            "journal_id": journal.id,
            "partner_id": partner.id,
            "partner_bank_id": partner.bank_ids[:1].id,
            "invoice_date": today,
            "date": today,
            "ref": self.env._("Expense notes %(batch)s", batch=self.name),
            "payment_reference": f"{self.name} {', '.join(notes.mapped('name'))}"[:140],
            "dito_batch_id": self.id,
            # the portal link of the bill's notices: made here, in the batched create,
            # rather than by one write per bill when its notice is posted
            "access_token": str(uuid.uuid4()),
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "name": " ".join(filter(None, [note.name, note.description])),
                        "quantity": 1,
                        "price_unit": note.amount_total,
                        "account_id": account.id,
                        "tax_ids": [fields.Command.clear()],
                        "analytic_distribution": {str(note.budget_id.analytic_account_id.id): 100},
                        "dito_note_id": note.id,
                    }
                )
                for note in notes
            ],
        }

    def _sepa_bills(self):
        """The posted, unpaid bills of the batch (what the payment order pays)."""
        return self.bill_ids.filtered(
            lambda b: b.state == "posted" and b.payment_state in ("not_paid", "partial")
        )

    def _sepa_journal(self, mode):
        """The bank journal the transfers of payment mode ``mode`` are paid from.

        Its fixed journal, else the first allowed one (in the journals' order) whose
        account is an IBAN, else the first one with an account, else the first one:
        the check names what it lacks.
        """
        if mode.bank_account_link == "fixed":
            return mode.fixed_journal_id
        journals = mode.variable_journal_ids.sorted()
        with_iban = journals.filtered(
            lambda j: j.bank_account_id and sepa.is_valid_iban(j.bank_account_id.acc_number)
        )
        return (with_iban or journals.filtered("bank_account_id") or journals)[:1]

    def _sepa_check(self, journal, bills):
        """UserError naming every piece of data the SEPA file lacks, before making it."""
        problems = sepa.check_sepa(
            self.currency_id.name,
            journal.bank_account_id.acc_number or None,
            [(bill.partner_id.name, bill.partner_bank_id.acc_number or None) for bill in bills],
        )
        if not problems:
            return
        _ = self.env._
        messages = []
        if problems.wrong_currency:
            messages.append(
                _(
                    "SEPA transfers are in euro, and the company's currency is %(currency)s.",
                    currency=problems.wrong_currency,
                )
            )
        if problems.no_company_account:
            messages.append(
                _(
                    "The company's bank account is missing: give the bank journal "
                    "%(journal)s its IBAN (Accounting > Configuration > Journals).",
                    journal=journal.name or _("Bank"),
                )
            )
        if problems.bad_company_account:
            messages.append(
                _(
                    "The bank account %(account)s of the journal %(journal)s is not an IBAN.",
                    account=problems.bad_company_account,
                    journal=journal.name,
                )
            )
        if problems.without_account:
            messages.append(
                _(
                    "These volunteers have no bank account: %(names)s. Add their IBAN on "
                    "their contact (tab Volunteer or Accounting).",
                    names=", ".join(problems.without_account),
                )
            )
        for name, account in problems.bad_accounts:
            messages.append(
                _(
                    "The bank account %(account)s of %(name)s is not an IBAN.",
                    account=account,
                    name=name,
                )
            )
        raise UserError("\n".join([_("The SEPA file cannot be made yet:"), *messages]))

    def _payment_order(self):
        """The running payment order of the batch, made or completed with its unpaid bills.

        The batch row is locked first: two clicks (or two users) at once make one order.
        """
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT id FROM dito_expense_batch WHERE id = %s FOR UPDATE", self.id)
        )
        Order = self.env["account.payment.order"]
        running = Order.search(
            [("dito_batch_id", "=", self.id), ("state", "in", ("draft", "open", "generated"))],
            limit=1,
        )
        if running and running.state != "draft":
            return running  # confirmed: its lines are fixed, the accountant goes on with it
        # not in any running order, the accountant's own included (the record rules hide
        # those from the volunteer service: sudo for this check only)
        bills = self._sepa_bills().filtered(
            lambda bill: (
                not bill.sudo().line_ids.payment_line_ids.filtered(
                    lambda line: line.state in ("draft", "open", "generated")
                )
            )
        )
        if running and not bills:
            return running
        if not bills:
            raise UserError(self.env._("The batch %(batch)s has no bill to pay.", batch=self.name))
        mode = self.company_id._dito_payment_mode()
        if not mode:
            raise UserError(
                self.env._(
                    "Choose the payment mode of volunteer payments first: a SEPA credit "
                    "transfer on the bank journal (Volunteer Expenses > Configuration > "
                    "Settings)."
                )
            )
        journal = running.journal_id or self._sepa_journal(mode)
        self._sepa_check(journal, bills)
        order = running or Order.create(
            {
                "payment_mode_id": mode.id,
                "journal_id": journal.id,
                "date_prefered": "now",
                "dito_batch_id": self.id,
                "description": self.env._("Volunteer expenses %(batch)s", batch=self.name),
            }
        )
        vals_list = []
        for bill in bills:
            for line in bill.line_ids.filtered(
                lambda ln: ln.account_id.account_type == "liability_payable" and not ln.reconciled
            ):
                # the account the volunteer gave on the bill, not their first one
                vals = line._prepare_payment_line_vals(order)
                vals["partner_bank_id"] = bill.partner_bank_id.id or vals["partner_bank_id"]
                vals_list.append(vals)
        self.env["account.payment.line"].create(vals_list)
        order.message_post(
            body=self.env._(
                "Bills of the volunteer expense batch %(batch)s added: %(count)s.",
                count=len(bills),
                batch=self.name,
            )
        )
        return order

    def _make_xlsx_file(self):
        self.ensure_one()
        _ = self.env._
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.name)
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        headers = [
            _("Bill"),
            _("Volunteer"),
            _("IBAN"),
            _("Note"),
            _("Budget"),
            _("Analytic Account"),
            _("Amount"),
            _("Payment"),
        ]
        sheet.write_row(0, 0, headers, bold)
        states = dict(
            self.env["account.move"]._fields["payment_state"]._description_selection(self.env)
        )
        notes = self.note_ids.filtered("bill_id").sorted(lambda n: (n.partner_id.name, n.name))
        for index, note in enumerate(notes, start=1):
            sheet.write_row(
                index,
                0,
                [
                    note.bill_id.name,
                    note.partner_id.name,
                    note.bill_id.partner_bank_id.acc_number or "",
                    note.name,
                    note.budget_id.name,
                    note.budget_id.analytic_account_id.name,
                ],
            )
            sheet.write_number(index, 6, note.amount_total, money)
            sheet.write(index, 7, states.get(note.payment_state, ""))
        sheet.set_column(0, 7, 18)
        workbook.close()
        return self.env["ir.attachment"].create(
            {
                "name": f"expense-batch-{self.name}.xlsx",
                "datas": base64.b64encode(buffer.getvalue()),
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    @api.model
    def _cron_close_and_bill(self, batch_size=None):
        """Close and bill every batch whose billing moment has come.

        A batch is billed from the start of the reopen day (the 7th): until the end
        of the closed day(s) holders may still approve the notes signed in time. A
        closed batch an expense manager asked to bill (``action_bill`` on a big batch)
        is billed at once, and the manager told when it is.
        Runs daily (and may run more often); closing, billing and the volunteers'
        notices are idempotent, so a rerun does nothing new. Bills are made, then
        announced, ``batch_size`` at a time (default :data:`BILL_CHUNK`), each chunk
        committed (``ir.cron._commit_progress``) with its bills or its notices and their
        flags: when the run's time budget is used, the next run (on any Odoo server
        sharing the database) goes on with the volunteers not billed, and the bills not
        announced, yet.
        """
        batch_size = batch_size or BILL_CHUNK
        now = fields.Datetime.now()
        pending = self.search(
            [
                "|",
                "|",
                ("closed_on", "=", False),
                ("state", "=", "closed"),
                ("bill_requested_by_id", "!=", False),
            ]
        )
        due_by_company = []
        for company in pending.company_id:
            last_closed = company._dito_calendar().last_billable_batch(now).first_day
            due = pending.filtered(
                lambda b, company=company, last=last_closed: (
                    b.company_id == company and (b.month <= last or b.bill_requested_by_id)
                )
            )
            # what the cron writes on the threads is read by the company's back office
            due = due.with_context(lang=company.partner_id.lang or self.env.lang)
            due._do_close()
            due_by_company.append(due)
        cron = self.env["ir.cron"]
        Note = self.env["dito.expense.note"]
        Move = self.env["account.move"]
        to_bill = sum(
            len(Note._read_group(due._unbilled_domain(), ["batch_id", "partner_id"]))
            for due in due_by_company
        )
        # each bill to make is announced too
        cron._commit_progress(remaining=2 * to_bill + Move._dito_count_to_notify())
        for due in due_by_company:
            while bills := due._do_bill(limit=batch_size):
                _logger.info("Volunteer expenses: %s bills created.", len(bills))
                if not cron._commit_progress(len(bills)):
                    _logger.info("Volunteer expenses: time budget used, the next run goes on.")
                    return
            due._tell_billing_requested_done()
        while notified := sum(map(len, Move._dito_notify_billed_and_paid(limit=batch_size))):
            _logger.info("Volunteer expenses: %s bills announced.", notified)
            if not cron._commit_progress(notified):
                _logger.info("Volunteer expenses: time budget used, the next run goes on.")
                return

    def _tell_billing_requested_done(self):
        """Tell the managers who asked to bill these batches that they are billed."""
        for batch in self.filtered("bill_requested_by_id"):
            batch.message_post(
                body=self.env._(
                    "The batch is billed: %(count)s vendor bills.", count=batch.bill_count
                ),
                partner_ids=batch.bill_requested_by_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            batch.bill_requested_by_id = False

    @api.model
    def _demo_bill(self, batch_ids):
        """Demo data: bill these closed batches when the company has a purchase journal."""
        batches = self.browse(batch_ids).exists().filtered("closed_on")
        for batch in batches:
            journal = batch.company_id.dito_journal_id or self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(batch.company_id),
                    ("type", "=", "purchase"),
                ],
                limit=1,
            )
            if journal and (batch.company_id.dito_expense_account_id or journal.default_account_id):
                batch._do_bill()
        return True

    @api.model
    def _current_status(self, company, moment=None):
        """The banner data of tools.periods for ``company`` at ``moment`` (now)."""
        return company._dito_calendar().status(moment or fields.Datetime.now())

    @api.model
    def _month_label(self, batch_month):
        return date(batch_month.year, batch_month.month, 1)
