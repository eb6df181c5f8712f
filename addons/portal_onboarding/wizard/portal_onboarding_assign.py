# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class PortalOnboardingAssign(models.TransientModel):
    """Put people (partners, requests or members) into a wave of an audience."""

    _name = "portal.onboarding.assign"
    _description = "Add People to an Onboarding Wave"

    audience_id = fields.Many2one("portal.onboarding.audience", required=True)
    wave_id = fields.Many2one(
        "portal.onboarding.wave",
        required=True,
        domain="[('audience_id', '=', audience_id), "
        "('state', 'in', ('draft', 'scheduled', 'sending'))]",
    )
    partner_ids = fields.Many2many("res.partner", string="People")
    skipped_count = fields.Integer(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "res.partner":
            values["partner_ids"] = [(6, 0, ids)]
        elif model in ("portal.onboarding.request", "portal.onboarding.member"):
            records = self.env[model].browse(ids)
            values["partner_ids"] = [(6, 0, records.partner_id.ids)]
            if len(records.audience_id) == 1:
                values["audience_id"] = records.audience_id.id
        return values

    @api.onchange("audience_id")
    def _onchange_audience_id(self):
        if self.wave_id.audience_id != self.audience_id:
            self.wave_id = False

    def action_assign(self):
        """Queue the people in the wave; those already invited or active are left alone."""
        self.ensure_one()
        if self.wave_id.state in ("done", "cancelled"):
            raise UserError(self.env._("The wave %(wave)s is closed.", wave=self.wave_id.name))
        Member = self.env["portal.onboarding.member"]
        members = Member.search(
            [("audience_id", "=", self.audience_id.id), ("partner_id", "in", self.partner_ids.ids)]
        )
        known = members.partner_id
        new_members = Member.create(
            [
                {"partner_id": partner.id, "audience_id": self.audience_id.id}
                for partner in self.partner_ids - known
            ]
        )
        movable = (members | new_members).filtered(lambda m: not m.invited_on)
        movable.write({"wave_id": self.wave_id.id})
        skipped = len(self.partner_ids) - len(movable)
        message = self.env._(
            "%(count)s people added to %(wave)s.", count=len(movable), wave=self.wave_id.name
        )
        if skipped:
            message += " " + self.env._(
                "%(count)s already invited were left out (resend their link instead).",
                count=skipped,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "warning" if skipped else "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
