# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ..tools import rules

_lt = LazyTranslate(__name__)


class VoIssuerTerms(models.Model):
    """The issuer's own dated figures: how long a card lives, how long processing takes.

    A dated figure (``benefits.dated.mixin``, one group): it applies from
    ``date_from`` and, without an explicit end, ends the day before the next
    terms start. Orders use the terms in force at their load date.
    """

    _name = "vo.issuer.terms"
    _inherit = ["benefits.dated.mixin"]
    _description = "Voucher Issuer Terms"

    _dated_figure_label = _lt("issuer terms")
    _dated_manager_hint = _lt(
        "A voucher manager can add them in Voucher Orders > Configuration > Issuer Terms."
    )

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    card_validity_years = fields.Integer(required=True, default=5)
    processing_delay_hours = fields.Integer(
        required=True, default=48, help="Vouchers are loaded at most this long after payment."
    )

    _card_validity_positive = models.Constraint(
        "CHECK(card_validity_years > 0)", "A card is valid for at least one year."
    )
    _delay_positive = models.Constraint(
        "CHECK(processing_delay_hours >= 0)", "The processing delay cannot be negative."
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_tools(self):
        """The terms as the tools' :class:`~..tools.rules.IssuerTerms`."""
        self.ensure_one()
        return rules.IssuerTerms(
            card_validity_years=self.card_validity_years,
            processing_delay_hours=self.processing_delay_hours,
        )

    @api.model
    def _terms_at(self, at_date):
        """The terms (tools dataclass) in force at ``at_date``; a clear error when none."""
        return self.sudo()._dated_find(at_date)._to_tools()
