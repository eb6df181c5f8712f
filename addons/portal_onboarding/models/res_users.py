# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _update_last_login(self):
        """The first login after an invitation completes the onboarding."""
        res = super()._update_last_login()
        users = self or self.env.user
        self.env["portal.onboarding.member"]._mark_active(users.partner_id)
        return res
