# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import rates
from ..tools.lines import TransportMode
from .dito_allowance_rate import dated_overlap_domain

MODES = [("car", "Car"), ("bike", "Bike"), ("public_transport", "Public Transport")]


class DitoKmRate(models.Model):
    """Legal reimbursement per km of a transport mode, per period.

    The car rate is indexed every quarter, the bike rate every year; expense
    managers add a record per period with its source.
    """

    _name = "dito.km.rate"
    _description = "Per-km Rate"
    _order = "mode, date_from desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    mode = fields.Selection(MODES[:2], required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(help="Open-ended when empty.")
    rate = fields.Float(string="Rate per km", required=True, digits=(12, 4))
    source = fields.Char(required=True, help="Where the figure was published (address).")

    _check_dates = models.Constraint(
        "CHECK(date_to IS NULL OR date_to >= date_from)",
        "The end date cannot be before the start date.",
    )
    _check_rate = models.Constraint("CHECK(rate >= 0)", "A per-km rate cannot be negative.")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_from", "date_to", "mode")
    def _check_overlap(self):
        pairs = rates.overlaps(self.search(self._overlap_domain())._to_rates())
        if pairs:
            first, second = pairs[0]
            raise ValidationError(
                self.env._(
                    "Per-km rates for %(mode)s from %(first)s and from %(second)s overlap: "
                    "only one record may be in force on a day.",
                    mode=dict(self._fields["mode"]._description_selection(self.env))[
                        first.mode.value
                    ],
                    first=first.date_from,
                    second=second.date_from,
                )
            )

    def _overlap_domain(self):
        """Records that may overlap these ones."""
        return [*dated_overlap_domain(self), ("mode", "in", self.mapped("mode"))]

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_rates(self):
        """These records as :class:`tools.rates.KmRate` values."""
        return [
            rates.KmRate(
                date_from=rate.date_from,
                date_to=rate.date_to or None,
                mode=TransportMode(rate.mode),
                rate=str(rate.rate),
                record_id=rate.id,
            )
            for rate in self
        ]

    @api.model
    def _all_rates(self):
        # every record: date_from is required
        return self.sudo().search([("date_from", "!=", False)])._to_rates()
