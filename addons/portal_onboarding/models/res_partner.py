# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    onboarding_member_ids = fields.One2many(
        "portal.onboarding.member", "partner_id", string="Portal Onboarding"
    )
