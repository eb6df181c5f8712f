# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dito_cutoff_day = fields.Integer(related="company_id.dito_cutoff_day", readonly=False)
    dito_reopen_day = fields.Integer(related="company_id.dito_reopen_day", readonly=False)
    dito_reminder_days = fields.Integer(related="company_id.dito_reminder_days", readonly=False)
    dito_expense_account_id = fields.Many2one(
        related="company_id.dito_expense_account_id", readonly=False
    )
    dito_journal_id = fields.Many2one(related="company_id.dito_journal_id", readonly=False)
    dito_payment_mode_id = fields.Many2one(
        related="company_id.dito_payment_mode_id", readonly=False
    )
