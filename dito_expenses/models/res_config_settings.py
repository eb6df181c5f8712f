# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import periods


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dito_cutoff_day = fields.Integer(related="company_id.dito_cutoff_day", readonly=False)
    dito_reopen_day = fields.Integer(related="company_id.dito_reopen_day", readonly=False)
    dito_reminder_days = fields.Integer(related="company_id.dito_reminder_days", readonly=False)
    dito_expense_account_id = fields.Many2one(
        related="company_id.dito_expense_account_id", readonly=False
    )
    dito_journal_id = fields.Many2one(related="company_id.dito_journal_id", readonly=False)

    @api.constrains("dito_cutoff_day", "dito_reopen_day")
    def _check_dito_days(self):
        for settings in self:
            try:
                periods.CutoffCalendar(settings.dito_cutoff_day, None, settings.dito_reopen_day)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "The cut-off day must come before the reopening day, both between 1 "
                        "and %(last)s.",
                        last=periods.LAST_DAY_IN_EVERY_MONTH,
                    )
                ) from None
