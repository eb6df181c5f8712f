# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import allocation, calendar, prices


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

    def _rules_by_region(self):
        """``{region id: rules sorted newest first}`` of these regions, in one query."""
        rules = self.env["sc.region.rule"].search(
            [("region_id", "in", self.ids)], order="date_from desc, id desc"
        )
        result = {region.id: [] for region in self}
        for rule in rules:
            result[rule.region_id.id].append(rule)
        return result

    def _price_tranches_on(self, day):
        """The user price tranches of this region in force on ``day``
        (:class:`..tools.prices.Tranche`): the records of the latest start date."""
        self.ensure_one()
        records = self.price_ids.filtered(lambda p: p.date_from <= day)
        if not records:
            return []
        latest = max(records.mapped("date_from"))
        return [
            prices.Tranche(p.first_voucher or None, Decimal(str(p.price)))
            for p in records
            if p.date_from == latest
        ]

    def _rule_on(self, day, rules_by_region=None):
        """The rule of this region in force on ``day``; a clear error when there is none."""
        self.ensure_one()
        rules = (rules_by_region or self._rules_by_region()).get(self.id, [])
        for rule in rules:
            if rule.date_from <= day:
                return rule
        raise UserError(
            self.env._(
                "No service-voucher rule of %(region)s is in force on %(date)s: add one under "
                "Service Vouchers > Configuration > Regions.",
                region=self.name,
                date=day,
            )
        )


class ScRegionRule(models.Model):
    """The figures of one region from one date on, with where they come from.

    A new rule (every January and July for prices and values, or when the law or
    the issuer changes a delay) is a new record starting at its date; older rules
    stay for the performances and vouchers of their time.
    """

    _name = "sc.region.rule"
    _description = "Service-Voucher Regional Rule"
    _order = "region_id, date_from desc"
    _rec_name = "date_from"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    region_id = fields.Many2one("sc.region", required=True, ondelete="cascade", index=True)
    date_from = fields.Date(string="Valid From", required=True)
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
            last_month = calendar.add_months(bought_on.replace(day=1), self.validity_months)
            return last_month + relativedelta(day=31)
        return calendar.add_months(bought_on, self.validity_months) - datetime.timedelta(days=1)

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
    EUR 14.00 from voucher 301). All tranches of a region sharing the latest
    start date on or before a day are in force that day; a new price list is new
    records. A tranche whose first voucher was not published stays empty: no
    price is then computed for that region rather than a guess.
    """

    _name = "sc.region.price"
    _description = "Service-Voucher User Price Tranche"
    _order = "region_id, date_from desc, first_voucher"

    region_id = fields.Many2one("sc.region", required=True, ondelete="cascade", index=True)
    date_from = fields.Date(string="Valid From", required=True)
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
    _price_positive = models.Constraint("CHECK(price > 0)", "A price is positive.")
