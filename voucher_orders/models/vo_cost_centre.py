# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class VoCostCentre(models.Model):
    """An employer's cost centre, to group its beneficiaries (and their vouchers)."""

    _name = "vo.cost.centre"
    _description = "Employer Cost Centre"
    _order = "code"
    _rec_name = "code"

    code = fields.Char(required=True)
    name = fields.Char()
    partner_id = fields.Many2one(
        "res.partner", string="Employer", required=True, index=True, ondelete="cascade"
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint(
        "UNIQUE(partner_id, code)", "A cost centre code is used once per employer."
    )
