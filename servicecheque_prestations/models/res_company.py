# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sc_max_worker_hours_month = fields.Integer(
        string="Alert Above Hours per Worker per Month",
        default=178,
        help="Performances of a worker who exceeds this many hours in a month are flagged "
        "(the issuer's reported fraud check: more than 178 hours).",
    )
