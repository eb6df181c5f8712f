# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import rates


def dated_overlap_domain(records):
    """Domain of the dated records (``date_from``/``date_to``) that may overlap ``records``."""
    ends = [record.date_to for record in records if record.date_to]
    domain = [("date_from", "!=", False)]
    if ends and len(ends) == len(records):
        domain.append(("date_from", "<=", max(ends)))
    domain += ["|", ("date_to", "=", False), ("date_to", ">=", min(records.mapped("date_from")))]
    return domain


class DitoAllowanceRate(models.Model):
    """Legal figures of the volunteer allowance (law of 3 July 2005), per period.

    Expense managers maintain them from the published figures, each record citing
    its source; the caps and the portal overview read the record in force.
    """

    _name = "dito.allowance.rate"
    _description = "Volunteer Allowance Rates"
    _order = "date_from desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    date_from = fields.Date(required=True)
    date_to = fields.Date(help="Open-ended when empty.")
    per_day = fields.Monetary(
        string="Flat Rate per Day", required=True, currency_field="currency_id"
    )
    per_year = fields.Monetary(
        string="Flat Rate per Year", required=True, currency_field="currency_id"
    )
    per_year_higher = fields.Monetary(
        string="Higher Yearly Cap",
        required=True,
        currency_field="currency_id",
        help="Sports roles, minding people, non-urgent transport of lying-down patients.",
    )
    km_limit_year = fields.Float(
        string="Km per Year on Top of the Flat Rate", required=True, default=2000
    )
    source = fields.Char(required=True, help="Where the figures were published (address).")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR")
    )

    _check_dates = models.Constraint(
        "CHECK(date_to IS NULL OR date_to >= date_from)",
        "The end date cannot be before the start date.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = f"{rate.date_from or ''} → {rate.date_to or '…'}"

    @api.constrains("date_from", "date_to")
    def _check_overlap(self):
        pairs = rates.overlaps(self.search(self._overlap_domain())._to_rates())
        if pairs:
            first, second = pairs[0]
            raise ValidationError(
                self.env._(
                    "Allowance rates from %(first)s and from %(second)s overlap: "
                    "only one record may be in force on a day.",
                    first=first.date_from,
                    second=second.date_from,
                )
            )

    def _overlap_domain(self):
        """Records that may overlap these ones."""
        return dated_overlap_domain(self)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_rates(self):
        """These records as :class:`tools.rates.AllowanceRates` values."""
        return [
            rates.AllowanceRates(
                date_from=rate.date_from,
                date_to=rate.date_to or None,
                per_day=str(rate.per_day),
                per_year=str(rate.per_year),
                per_year_higher=str(rate.per_year_higher),
                km_limit_year=str(rate.km_limit_year),
            )
            for rate in self
        ]

    @api.model
    def _all_rates(self):
        # every record: date_from is required
        return self.sudo().search([("date_from", "!=", False)])._to_rates()
