# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

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
