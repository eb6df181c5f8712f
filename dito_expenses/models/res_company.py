# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import periods


class ResCompany(models.Model):
    _inherit = "res.company"

    dito_cutoff_day = fields.Integer(
        string="Expense Cut-off Day",
        default=5,
        help="Notes signed up to the end of this day of the month are billed that month.",
    )
    dito_reopen_day = fields.Integer(
        string="Expense Entry Reopens On",
        default=7,
        help="Day of the month entry opens again; the days in between are closed.",
    )
    dito_reminder_days = fields.Integer(
        string="Expense Reminder After (Days)",
        default=3,
        help="Budget holders are reminded of notes waiting longer than this.",
    )
    dito_expense_account_id = fields.Many2one(
        "account.account",
        string="Volunteer Expense Account",
        check_company=True,
        help="Account of the vendor bill lines; the journal's default account when empty.",
    )
    dito_journal_id = fields.Many2one(
        "account.journal",
        string="Volunteer Expense Journal",
        domain="[('type', '=', 'purchase')]",
        check_company=True,
    )
    dito_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Volunteer Payment Mode",
        domain="[('payment_type', '=', 'outbound'), ('payment_order_ok', '=', True)]",
        check_company=True,
        help="SEPA credit-transfer payment mode of the volunteers' payment orders; when "
        "empty, the company's first SEPA credit-transfer payment mode.",
    )

    @api.constrains("dito_cutoff_day", "dito_reopen_day")
    def _check_dito_days(self):
        for company in self:
            try:
                periods.CutoffCalendar(company.dito_cutoff_day, None, company.dito_reopen_day)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "The cut-off day must come before the reopening day, both between 1 "
                        "and %(last)s.",
                        last=periods.LAST_DAY_IN_EVERY_MONTH,
                    )
                ) from None

    def _dito_calendar(self):
        """The cut-off calendar of the company (tools.periods), in Brussels time."""
        self.ensure_one()
        return periods.CutoffCalendar(
            cutoff_day=self.dito_cutoff_day or 5,
            reopen_day=self.dito_reopen_day or 7,
            tz="Europe/Brussels",
        )

    def _dito_payment_mode(self):
        """The payment mode of the volunteers' payment orders (a SEPA credit transfer)."""
        self.ensure_one()
        if self.dito_payment_mode_id:
            return self.dito_payment_mode_id
        modes = self.env["account.payment.mode"].search(
            [
                *self.env["account.payment.mode"]._check_company_domain(self),
                ("payment_method_id.code", "=", "sepa_credit_transfer"),
                ("payment_order_ok", "=", True),
            ]
        )
        return modes.filtered(lambda m: m.fixed_journal_id or m.variable_journal_ids)[:1]

    @api.model
    def _dito_create_payment_mode(self):
        """A SEPA credit-transfer payment mode on the company's bank journal (demo data, tests)."""
        company = self.env.company
        method = self.env.ref(
            "account_banking_sepa_credit_transfer.sepa_credit_transfer", raise_if_not_found=False
        )
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "bank")],
            limit=1,
        )
        if not method or not journal or company.dito_payment_mode_id:
            return company.dito_payment_mode_id
        if method not in journal.outbound_payment_method_line_ids.payment_method_id:
            journal.outbound_payment_method_line_ids = [
                fields.Command.create({"payment_method_id": method.id})
            ]
        company.dito_payment_mode_id = self.env["account.payment.mode"].create(
            {
                "name": self.env._("SEPA Credit Transfer to volunteers"),
                "company_id": company.id,
                "bank_account_link": "fixed",
                "fixed_journal_id": journal.id,
                "payment_method_id": method.id,
                "default_date_prefered": "now",
            }
        )
        return company.dito_payment_mode_id
