# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.benefits_base.tools import dated
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import allocation, calendar, prices

_lt = LazyTranslate(__name__)


class ScRegion(models.Model):
    """A Belgian region (Flanders, Brussels, Wallonia) and its dated rules.

    Each region has its own service-voucher rules (validation delays, voucher
    validity, reimbursement value, yearly maxima...). They are dated records with
    their source: the rule in force on a date is the latest one starting on or
    before it. Access managers maintain them; everyone else reads them.
    """

    _name = "sc.region"
    _description = "Service-Voucher Region"
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        selection=[("flanders", "Flanders"), ("brussels", "Brussels"), ("wallonia", "Wallonia")],
        required=True,
    )
    sequence = fields.Integer(default=10)
    extra_holidays = fields.Char(
        help="Regional holidays that are not working days, as MM-DD separated by commas "
        "(e.g. 07-11 for Flanders). Federal holidays are always counted.",
    )
    rule_ids = fields.One2many("sc.region.rule", "region_id", string="Rules")
    price_ids = fields.One2many("sc.region.price", "region_id", string="User Prices")

    _code_uniq = models.Constraint("UNIQUE(code)", "Each region exists once.")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("extra_holidays")
    def _check_extra_holidays(self):
        for region in self:
            try:
                region._holidays()
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Regional holidays of %(region)s: write them as MM-DD separated by "
                        "commas (%(error)s).",
                        region=region.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _holidays(self):
        """Regional holidays as ``(month, day)`` tuples for :mod:`..tools.calendar`."""
        self.ensure_one()
        days = []
        for part in (self.extra_holidays or "").split(","):
            part = part.strip()
            if not part:
                continue
            month, day = (int(x) for x in part.split("-"))
            datetime.date(2000, month, day)  # raises ValueError when impossible
            days.append((month, day))
        return tuple(days)

    def _price_tranches_on(self, day):
        """The user price tranches of this region in force on ``day``
        (:class:`..tools.prices.Tranche`): the tranches of the latest price list
        (start date) on or before it."""
        self.ensure_one()
        records = self.price_ids.filtered_domain(
            self.env["sc.region.price"]._dated_in_force_domain(day)
        )
        if not records:
            return []
        latest = max(records.mapped("date_from"))
        return [
            prices.Tranche(p.first_voucher or None, Decimal(str(p.price)))
            for p in records.sorted("first_voucher")
            if p.date_from == latest
        ]


class ScRegionRule(models.Model):
    """The figures of one region from one date on, with where they come from.

    A new rule (every January and July for prices and values, or when the law or
    the issuer changes a delay) is a new record starting at its date; older rules
    stay for the performances and vouchers of their time.
    """

    _name = "sc.region.rule"
    _inherit = ["benefits.dated.mixin"]
    _description = "Service-Voucher Regional Rule"
    _order = "region_id, date_from desc"
    _rec_name = "date_from"

    _dated_group_fields = ("region_id",)
    _dated_figure_label = _lt("service-voucher rule")
    _dated_manager_hint = _lt(
        "An access manager can add it under Service Vouchers > Configuration > Regions."
    )

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    region_id = fields.Many2one("sc.region", required=True, ondelete="cascade", index=True)
    # the mixin's start date; a rule has no end date of its own (the next rule ends it)
    date_from = fields.Date(
        help="The figures apply from this date until the day before the region's next rule "
        "starts (shown as Ends On in the region's rules)."
    )
    source = fields.Char(
        required=True, help="Where these figures come from: law, issuer page, webinar..."
    )
    company_auto_days = fields.Integer(
        string="Company Auto-Validation Delay",
        required=True,
        default=5,
        help="Days after encoding after which the company's validation is automatic.",
    )
    user_auto_days = fields.Integer(
        string="User Auto-Confirmation Delay",
        required=True,
        default=5,
        help="Days after encoding after which the user's confirmation is automatic.",
    )
    user_auto_days_alternative = fields.Integer(
        string="User Auto-Confirmation Delay (Alternative Channels)",
        help="For users who confirm through the alternative channels (paper, phone) "
        "rather than the online wallet: days after encoding after which their "
        "confirmation is automatic. 0: the user delay above applies.",
    )
    user_auto_days_company_encoded = fields.Integer(
        string="User Auto-Confirmation Delay (Company Encoding)",
        help="When the company encodes the performance (back office, import): days after "
        "which the user's confirmation is automatic, counted in calendar days. "
        "0: the user delay above applies.",
    )
    working_days = fields.Boolean(
        help="Count the delays in working days (Belgian and regional holidays excluded) "
        "instead of calendar days."
    )
    validity_months = fields.Integer(string="Voucher Validity (months)", required=True, default=12)
    validity_end_of_month = fields.Boolean(
        string="Valid Until End of Month",
        help="Vouchers are valid until the last day of the month, counted from their issue "
        "(Wallonia: until the end of the 8th month after issue).",
    )
    available_delay_days = fields.Integer(
        string="Availability Delay (days)",
        default=1,
        help="Days between the purchase of electronic vouchers and their availability.",
    )
    expiry_warning_days = fields.Integer(
        string="Expiry Warning (days)",
        default=30,
        help="Users are told this many days before their vouchers expire.",
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR")
    )
    reimbursement_value = fields.Monetary(
        string="Reimbursement per Voucher",
        help="What the issuer pays the company for one voucher.",
    )
    max_per_user = fields.Integer(string="Yearly Maximum per User", default=500)
    max_per_household = fields.Integer(string="Yearly Maximum per Household", default=1000)
    max_special = fields.Integer(string="Yearly Maximum, Special Categories", default=2000)
    outside_vouchers_months = fields.Integer(
        string="Unpaid Months Before Billing Outside Vouchers",
        help="A performance unpaid for more than this many months is to be paid outside "
        "service vouchers (Flanders: 12). 0: never.",
    )

    _region_date_uniq = models.Constraint(
        "UNIQUE(region_id, date_from)", "A region has one rule per start date."
    )
    _delays_positive = models.Constraint(
        "CHECK(company_auto_days >= 0 AND user_auto_days >= 0 "
        "AND user_auto_days_company_encoded >= 0 AND user_auto_days_alternative >= 0 "
        "AND validity_months > 0 "
        "AND available_delay_days >= 0 AND expiry_warning_days >= 0 "
        "AND outside_vouchers_months >= 0)",
        "Delays and validity must not be negative.",
    )
    _maxima_positive = models.Constraint(
        "CHECK(max_per_user >= 0 AND max_per_household >= 0 AND max_special >= 0)",
        "Yearly maxima must not be negative.",
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _valid_until(self, bought_on):
        """Last day vouchers bought on ``bought_on`` may be used."""
        self.ensure_one()
        if self.validity_end_of_month:
            last_month = dated.add_months(bought_on.replace(day=1), self.validity_months)
            return last_month + relativedelta(day=31)
        return dated.add_months(bought_on, self.validity_months) - datetime.timedelta(days=1)

    def _due_date(self, encoded_on, days):
        self.ensure_one()
        return calendar.auto_validation_due(
            encoded_on, days, self.working_days, self.region_id._holidays()
        )

    def _user_days(self, channel):
        """The user's delay for a user who confirms through ``channel``."""
        self.ensure_one()
        if channel == "alternative" and self.user_auto_days_alternative:
            return self.user_auto_days_alternative
        return self.user_auto_days

    def _yearly_maximum(self, special):
        """The vouchers a user may buy in a year: the special categories' maximum or the user's."""
        return self._yearly_maxima().for_user(special)

    def _yearly_maxima(self):
        self.ensure_one()
        return allocation.YearlyMaxima(
            per_user=self.max_per_user,
            per_household=self.max_per_household,
            special=self.max_special,
        )


class ScRegionPrice(models.Model):
    """One tranche of the price a user pays per voucher, from a date on.

    The price depends on how many vouchers the user already bought in the
    calendar year: a tranche starts at a voucher number and ends where the next
    tranche of the same date starts (e.g. Brussels 2026: EUR 11.40 from voucher 1,
    EUR 14.00 from voucher 301). Each tranche (1st, 2nd, 3rd of a region) is a
    dated figure of the shared mixin; the tranches in force on a day that share
    the latest start date form the price list of that day, so a new price list
    is new records starting at its date. A tranche whose first voucher was not
    published stays empty: no price is then computed for that region rather
    than a guess.
    """

    _name = "sc.region.price"
    _inherit = ["benefits.dated.mixin"]
    _description = "Service-Voucher User Price Tranche"
    _order = "region_id, date_from desc, tranche"

    _dated_group_fields = ("region_id", "tranche")
    _dated_figure_label = _lt("service-voucher user price")
    _dated_manager_hint = _lt(
        "An access manager can add it under Service Vouchers > Configuration > Regions."
    )

    region_id = fields.Many2one("sc.region", required=True, ondelete="cascade", index=True)
    tranche = fields.Integer(
        required=True,
        default=1,
        help="1 for the first tranche of a price list, 2 for the second...",
    )
    first_voucher = fields.Integer(
        help="The tranche starts at this voucher bought in the calendar year (1 for the "
        "first tranche). Empty when the bound was not published: no price is computed."
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR")
    )
    price = fields.Monetary(string="User Price per Voucher", required=True)
    source = fields.Char(required=True, help="Where the price comes from.")

    _first_voucher_positive = models.Constraint(
        "CHECK(first_voucher IS NULL OR first_voucher >= 0)",
        "A tranche starts at a positive voucher number.",
    )
    _tranche_positive = models.Constraint("CHECK(tranche > 0)", "Tranches are numbered from 1.")
    _price_positive = models.Constraint("CHECK(price > 0)", "A price is positive.")

    def _dated_group_label(self, key):
        region_id, tranche = key
        return self.env._(
            "%(region)s, tranche %(tranche)s",
            region=self.env["sc.region"].browse(region_id).display_name,
            tranche=tranche,
        )
