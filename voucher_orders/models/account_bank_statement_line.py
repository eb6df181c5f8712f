# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.addons.benefits_peppol.tools import structured_reference

from ..tools import codes


class AccountBankStatementLine(models.Model):
    """Incoming payments matched to voucher order invoices by their structured communication.

    Odoo Community has no automatic bank reconciliation (that is Enterprise's
    ``account_accountant``); this matcher uses the Community API: the statement
    line's suspense line is moved to the invoice's receivable account and the two
    are reconciled, which pays the invoice (and calls its paid hook). A payment
    without a known communication stays unmatched and staff get an activity.
    """

    _inherit = "account.bank.statement.line"

    vo_match_state = fields.Selection(
        [(codes.MATCHED, "Matched"), (codes.UNMATCHED, "To Match by Hand")],
        string="Voucher Matching",
        readonly=True,
        copy=False,
        index=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if lines.filtered(lambda line: line.amount > 0):
            self.env.ref("voucher_orders.ir_cron_match_payments")._trigger()
        return lines

    @api.model
    def _cron_vo_match_payments(self):
        lines = self.search(
            [("vo_match_state", "=", False), ("is_reconciled", "=", False), ("amount", ">", 0)]
        )
        lines._vo_match_payments()
        return lines

    def _vo_match_payments(self):
        """Match incoming lines to open voucher invoices; flag the others for staff."""
        lines = self.filtered(lambda line: line.amount > 0 and not line.is_reconciled)
        # the label, or the bank's structured reference (camt.053 ``CdtrRefInf``: ``ref``)
        references = {
            line: structured_reference.extract(line.payment_ref)
            + structured_reference.extract(line.ref)
            for line in lines
        }
        wanted = {ref for refs in references.values() for ref in refs}
        invoices = self.env["account.move"]
        if wanted:
            invoices = invoices.search(
                [
                    ("payment_reference", "in", list(wanted)),
                    ("vo_order_id", "!=", False),
                    ("state", "=", "posted"),
                    ("move_type", "=", "out_invoice"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ]
            )
        by_reference = {invoice.payment_reference: invoice for invoice in invoices}
        unmatched = underpaid = self.browse()
        for line in lines:
            found = [by_reference[ref] for ref in references[line] if ref in by_reference]
            if not found:
                unmatched |= line
                continue
            invoice = found[0]
            if line.currency_id.compare_amounts(line.amount, invoice.amount_residual) < 0:
                # less than due: staff decide (partial payment, fees, second transfer)
                underpaid |= line
                continue
            line._vo_reconcile_with(invoice)
        matched = lines - unmatched - underpaid
        matched.write({"vo_match_state": "matched"})
        (unmatched | underpaid).write({"vo_match_state": "unmatched"})
        unmatched._vo_notify_staff()
        underpaid._vo_notify_staff(underpaid=True)
        return matched

    def _vo_reconcile_with(self, invoice):
        self.ensure_one()
        receivable = invoice.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
        )
        if not self.partner_id:
            self.partner_id = invoice.commercial_partner_id
        __, suspense, __ = self._seek_for_lines()
        suspense.write(
            {
                "account_id": receivable.account_id[:1].id,
                "partner_id": invoice.commercial_partner_id.id,
            }
        )
        (suspense + receivable).reconcile()

    def _vo_notify_staff(self, underpaid=False):
        if not self:
            return
        user = self.env["vo.order"]._staff_user()
        for line in self:
            values = {"amount": line.amount, "ref": line.payment_ref or line.ref or ""}
            if underpaid:
                summary = self.env._("Payment below the invoice amount: match it by hand")
                note = self.env._(
                    "%(amount)s received with the communication “%(ref)s” is less than the "
                    "amount due on its voucher invoice; the order stays awaiting payment until "
                    "it is reconciled.",
                    **values,
                )
            else:
                summary = self.env._("Payment without a structured communication: match it by hand")
                note = self.env._(
                    "%(amount)s received with the communication “%(ref)s” matches no open voucher "
                    "invoice; the order stays awaiting payment until it is reconciled.",
                    **values,
                )
            line.move_id.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, note=note, user_id=user.id
            )
