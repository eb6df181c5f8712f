# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    sc_user_number_ids = fields.One2many(
        "sc.user.number", "partner_id", string="Service-Voucher User Numbers"
    )
