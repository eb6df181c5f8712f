# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..tools import choices, lines


class DitoVolunteerRegime(models.Model):
    """The reimbursement regime a volunteer chose for one calendar year.

    Kept by the volunteer service; a note's regime defaults to it.
    """

    _name = "dito.volunteer.regime"
    _description = "Volunteer Regime per Year"
    _order = "year desc"

    partner_id = fields.Many2one(
        "res.partner", string="Volunteer", required=True, index=True, ondelete="cascade"
    )
    year = fields.Integer(required=True)
    regime = fields.Selection(choices.selection(lines.Regime), required=True, default="flat")

    _unique_year = models.Constraint(
        "UNIQUE(partner_id, year)", "A volunteer has one regime per calendar year."
    )
    _check_year = models.Constraint(
        "CHECK(year BETWEEN 2000 AND 2100)", "The year must be between 2000 and 2100."
    )
