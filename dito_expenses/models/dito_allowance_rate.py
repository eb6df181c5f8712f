# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ..tools import rates

_lt = LazyTranslate(__name__)


class DitoAllowanceRate(models.Model):
    """Legal figures of the volunteer allowance (law of 3 July 2005), per period.

    Expense managers maintain them from the published figures, each record citing
    its source; the caps and the portal overview read the record in force. Dated
    the shared way (``benefits.dated.mixin``): a figure runs until the next one
    starts, so next year's figure is a pure insert.
    """

    _name = "dito.allowance.rate"
    _inherit = ["benefits.dated.mixin"]
    _description = "Volunteer Allowance Rates"

    _dated_figure_label = _lt("volunteer allowance rates")
    _dated_manager_hint = _lt(
        "The volunteer service's expense manager can add them in "
        "Volunteer Expenses > Configuration > Allowance Rates."
    )

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

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
    source = fields.Char(required=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR")
    )

    @api.depends("date_from", "date_end")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = f"{rate.date_from or ''} → {rate.date_end or '…'}"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_rates(self):
        """These records as :class:`tools.rates.AllowanceRates` values (effective ends)."""
        return [
            rates.AllowanceRates(
                date_from=rate.date_from,
                date_to=rate.date_end or None,
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

    @api.model
    def _missing_message(self, error):
        """The translated message of a ``dated.NoFigureInForce`` raised by ``tools.rates``."""
        error.params.update(figure=self._dated_figure_name(()), hint=self._dated_hint())
        return self._dated_error_message(error)
