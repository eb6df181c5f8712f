# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError


class DitoExpenseRefuseWizard(models.TransientModel):
    """Ask the budget holder (or a manager) for the reason of a refusal."""

    _name = "dito.expense.refuse.wizard"
    _description = "Refuse an Expense Note"

    note_id = fields.Many2one("dito.expense.note", required=True)
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.ensure_one()
        self.note_id._check_reviewer()
        if self.note_id.state != "signed":
            raise UserError(self.note_id.cannot_approve_reason)
        self.note_id.sudo()._do_refuse(self.env.user, self.reason)
        return {"type": "ir.actions.act_window_close"}
