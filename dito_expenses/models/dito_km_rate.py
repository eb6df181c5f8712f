# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ..tools import choices, rates

_lt = LazyTranslate(__name__)


class DitoKmRate(models.Model):
    """Legal reimbursement per km of a transport mode, per period.

    The car rate is indexed every quarter, the bike rate every year; expense
    managers add a record per period with its source. Dated the shared way
    (``benefits.dated.mixin``, one figure in force per mode and day).
    """

    _name = "dito.km.rate"
    _inherit = ["benefits.dated.mixin"]
    _description = "Per-km Rate"
    _order = "mode, date_from desc, id desc"

    _dated_group_fields = ("mode",)
    _dated_figure_label = _lt("per-km rate")
    _dated_manager_hint = _lt(
        "The volunteer service's expense manager can add it in "
        "Volunteer Expenses > Configuration > Per-km Rates."
    )

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    mode = fields.Selection(choices.selection(choices.KM_RATE_MODES), required=True)
    rate = fields.Float(string="Rate per km", required=True, digits=(12, 4))
    source = fields.Char(required=True)

    _check_rate = models.Constraint("CHECK(rate >= 0)", "A per-km rate cannot be negative.")

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_rates(self):
        """These records as :class:`tools.rates.KmRate` values (effective ends)."""
        return [
            rates.KmRate(
                date_from=rate.date_from,
                date_to=rate.date_end or None,
                mode=rate.mode,
                rate=str(rate.rate),
            )
            for rate in self
        ]

    @api.model
    def _all_rates(self):
        # every record: date_from is required
        return self.sudo().search([("date_from", "!=", False)])._to_rates()

    @api.model
    def _missing_message(self, error, mode):
        """The translated message of a ``dated.NoFigureInForce`` for ``mode``."""
        error.params.update(figure=self._dated_figure_name((mode,)), hint=self._dated_hint())
        return self._dated_error_message(error)
