# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    sc_branch_ids = fields.Many2many(
        "sc.branch",
        "sc_branch_res_users_rel",
        "user_id",
        "branch_id",
        string="Service-Voucher Branches",
        help="Branches whose performances this user handles (granted by an access manager).",
    )
