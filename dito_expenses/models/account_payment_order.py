# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AccountPaymentOrder(models.Model):
    """OCA's payment order, made from a volunteer expense batch.

    On the orders of a batch each step runs once, from the state its button is shown
    in (the row is locked, then its state checked): a double click, two users or a
    replayed call never confirm, generate or upload (pay) an order twice, and a bill
    paid meanwhile by other means stops the order instead of being paid again. OCA's
    own orders (without a batch) keep OCA's behaviour.
    """

    _inherit = "account.payment.order"

    dito_batch_id = fields.Many2one(
        "dito.expense.batch",
        string="Volunteer Expense Batch",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )

    def draft2open(self):
        self._dito_lock_in_state("draft")
        self._dito_check_unpaid()
        return super().draft2open()

    def open2generated(self):
        self._dito_lock_in_state("open")
        return super().open2generated()

    def generated2uploaded(self):
        self._dito_lock_in_state("generated")
        self._dito_check_unpaid()
        result = super().generated2uploaded()
        # the volunteers hear that their notes are paid (each bill once): now for a
        # small order, else through the billing cron's committed chunks
        orders = self.sudo().filtered("dito_batch_id")
        orders.payment_line_ids.move_line_id.move_id._dito_notify_now_or_later()
        return result

    def _dito_lock_in_state(self, state):
        """Lock the batch orders among ``self``; each must still be in ``state``."""
        orders = self.filtered("dito_batch_id")
        if not orders:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_payment_order WHERE id IN %s FOR UPDATE",
                tuple(orders.ids),
            )
        )
        orders.invalidate_recordset(["state"])
        labels = dict(self._fields["state"]._description_selection(self.env))
        for order in orders:
            if order.state != state:
                raise UserError(
                    self.env._(
                        "The payment order %(order)s is already %(state)s: reload the page.",
                        order=order.name,
                        state=labels.get(order.state, order.state),
                    )
                )

    def _dito_check_unpaid(self):
        """A batch order pays the batch's bills, each once, to its volunteer.

        Every line must pay a journal item of a bill of the order's batch, to an
        account of that bill's volunteer: the volunteer service may edit its orders'
        lines (they are drafts until confirmed), so a line added by hand or over RPC
        (another amount, another account, no bill) is refused here rather than paid.
        Until the upload the order's own payments are drafts: a bill whose open amount
        is below its line's amount was paid (or partly paid) elsewhere.
        """
        for order in self.filtered("dito_batch_id"):
            foreign = order.payment_line_ids.filtered(
                lambda pl, order=order: (
                    not pl.move_line_id
                    or pl.move_line_id.move_id.dito_batch_id != order.dito_batch_id
                    or pl.partner_id.commercial_partner_id
                    != pl.move_line_id.partner_id.commercial_partner_id
                    or (
                        pl.partner_bank_id
                        and pl.partner_bank_id.partner_id.commercial_partner_id
                        != pl.move_line_id.partner_id.commercial_partner_id
                    )
                )
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "The payment order %(order)s pays only the bills of its volunteer "
                        "batch, to their volunteers' accounts: remove these lines: %(lines)s.",
                        order=order.name,
                        lines=", ".join(
                            foreign.mapped(lambda pl: pl.name or pl.partner_id.display_name)
                        ),
                    )
                )
            paid = order.payment_line_ids.filtered(
                lambda pl: (
                    pl.move_line_id
                    and pl.currency_id.compare_amounts(
                        pl.amount_currency, abs(pl.move_line_id.amount_residual_currency)
                    )
                    > 0
                )
            )
            if paid:
                raise UserError(
                    self.env._(
                        "These bills are already paid: remove their lines from the payment "
                        "order %(order)s (cancel it first if it is confirmed): %(bills)s.",
                        order=order.name,
                        bills=", ".join(paid.move_line_id.move_id.mapped("name")),
                    )
                )
