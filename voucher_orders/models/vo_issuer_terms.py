# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import common, rules


class VoIssuerTerms(models.Model):
    """The issuer's own dated figures: how long a card lives, how long processing takes.

    Managers keep one record per period; orders pick the one valid at their load date.
    """

    _name = "vo.issuer.terms"
    _description = "Voucher Issuer Terms"
    _order = "date_from desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid Until")
    card_validity_years = fields.Integer(required=True, default=5)
    processing_delay_hours = fields.Integer(
        required=True, default=48, help="Vouchers are loaded at most this long after payment."
    )
    source = fields.Char(help="Where the figures come from (contract, terms and conditions...).")

    _card_validity_positive = models.Constraint(
        "CHECK(card_validity_years > 0)", "A card is valid for at least one year."
    )
    _delay_positive = models.Constraint(
        "CHECK(processing_delay_hours >= 0)", "The processing delay cannot be negative."
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        if common.check_dated_ranges(self.search([("card_validity_years", ">", 0)])._to_tools()):
            raise ValidationError(
                self.env._("The periods of the issuer terms overlap or run backwards.")
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _to_tools(self):
        return [
            rules.IssuerTerms(
                date_from=terms.date_from or None,
                date_to=terms.date_to or None,
                card_validity_years=terms.card_validity_years,
                processing_delay_hours=terms.processing_delay_hours,
            )
            for terms in self
        ]

    @api.model
    def _terms_at(self, at_date):
        """The terms (tools dataclass) valid at ``at_date``; a clear error when none."""
        try:
            return rules.terms_at(
                self.sudo().search([("card_validity_years", ">", 0)])._to_tools(), at_date
            )
        except common.NoValidRuleError:
            raise UserError(
                self.env._(
                    "No issuer terms are valid on %(date)s: ask the issuer to configure them.",
                    date=at_date,
                )
            )
