# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..tools import caps


class ResPartner(models.Model):
    _inherit = "res.partner"

    dito_is_volunteer = fields.Boolean(string="Volunteer")
    dito_higher_cap = fields.Boolean(
        string="Higher Yearly Cap",
        help="Sports roles, day/night minding of people or non-urgent transport of "
        "lying-down patients: the higher yearly cap applies (the daily cap stays).",
    )
    dito_transport_logbook = fields.Boolean(
        string="Transport Logbook",
        help="Regularly transports vulnerable people and keeps a logbook: "
        "no yearly km limit on top of the flat rate.",
    )
    dito_regime_ids = fields.One2many(
        "dito.volunteer.regime", "partner_id", string="Regime per Year"
    )

    def _dito_profile(self):
        self.ensure_one()
        return caps.VolunteerProfile(
            higher_cap=self.dito_higher_cap, transport_logbook=self.dito_transport_logbook
        )

    def _dito_regime_for_year(self, year):
        self.ensure_one()
        regime = self.dito_regime_ids.filtered(lambda r: r.year == year)[:1]
        return regime.regime or False
