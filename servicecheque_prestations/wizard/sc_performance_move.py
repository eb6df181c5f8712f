# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

from ..models.sc_access import STAFF, check_group


class ScPerformanceMove(models.TransientModel):
    """Move performances encoded on the wrong user number (before validation)."""

    _name = "sc.performance.move"
    _description = "Move Performances to Another User Number"

    performance_ids = fields.Many2many("sc.performance", string="Performances", required=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    user_number_id = fields.Many2one(
        "sc.user.number",
        string="New User Number",
        required=True,
        domain="[('company_id', '=', company_id), ('active', '=', True), ('deceased', '=', False)]",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "sc.performance":
            ids = self.env.context.get("active_ids") or [self.env.context.get("active_id")]
            values["performance_ids"] = [fields.Command.set([i for i in ids if i])]
        return values

    @api.depends("performance_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.performance_ids.company_id[:1]

    def action_move(self):
        self.ensure_one()
        check_group(self.performance_ids, STAFF)
        self.performance_ids.action_move_user_number(self.user_number_id)
        return {"type": "ir.actions.act_window_close"}
