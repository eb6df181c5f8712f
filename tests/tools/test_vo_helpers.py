# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Builders shared by the ``test_vo_*`` suites (no tests here).

The figures are the public ones (socialsecurity.be for meal, eco, gift and
sport/culture vouchers; claeysengels.be for the 2026 meal voucher increase); the
2016-2025 meal employer maximum is the face value minus the employee minimum
(8 - 1.09).
"""

from datetime import date
from decimal import Decimal

from benefits_base.tools import dated

from voucher_orders.tools import rules

D = Decimal


def make_niss(birth, counter, *, month_offset=0):
    """A valid 11-digit number computed with the mod-97 rule (``2`` prefixed after 2000).

    ``month_offset`` 20 or 40 makes a BIS number (40: gender known).
    """
    base = f"{birth.year % 100:02d}{birth.month + month_offset:02d}{birth.day:02d}{counter:03d}"
    value = int(("2" + base) if birth.year >= 2000 else base)
    return f"{base}{97 - value % 97:02d}"


def make_bis(birth, counter, *, gender_known=True):
    return make_niss(birth, counter, month_offset=40 if gender_known else 20)


def domain_rules():
    """The voucher rules of the domain table, as dated periods grouped by product type.

    Like the data file: each rule applies from its start and ends the day before
    the next one of its product type starts (``benefits_base.tools.dated``).
    """

    def rule(product_type, start, validity_months, **figures):
        figures = {name: D(value) for name, value in figures.items()}
        return dated.Period(
            start,
            group=product_type,
            key=rules.VoucherRule(product_type, validity_months, **figures),
        )

    return [
        rule(
            rules.MEAL,
            date(2016, 1, 1),
            12,
            max_face_value="8.00",
            max_employer_share="6.91",
            min_employee_share="1.09",
        ),
        rule(
            rules.MEAL,
            date(2026, 1, 1),
            12,
            max_face_value="10.00",
            max_employer_share="8.91",
            min_employee_share="1.09",
        ),
        rule(rules.ECO, date(2016, 1, 1), 24, max_per_year="250.00"),
        rule(
            rules.GIFT, date(2016, 1, 1), 15, amount_per_employee="40.00", amount_per_child="40.00"
        ),
        rule(rules.SPORT_CULTURE, date(2016, 1, 1), 15, max_per_year="100.00"),
    ]


def rule_at(periods, product_type, day):
    """The :class:`~voucher_orders.tools.rules.VoucherRule` in force on ``day``."""
    return dated.in_force(periods, day, group=product_type).key


def issuer_terms():
    """Cards valid 5 years, loading within 48 hours of payment."""
    return rules.IssuerTerms(card_validity_years=5, processing_delay_hours=48)
