# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Builders shared by the ``test_vo_*`` suites (no tests here).

The figures are the public ones (socialsecurity.be for meal, eco, gift and
sport/culture vouchers; claeysengels.be for the 2026 meal voucher increase); the
2016-2025 meal employer maximum is the face value minus the employee minimum
(8 - 1.09).
"""

from datetime import date
from decimal import Decimal

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
    """The dated voucher rules of the domain table."""
    return [
        rules.VoucherRule(
            rules.MEAL,
            date(2016, 1, 1),
            date(2025, 12, 31),
            validity_months=12,
            max_face_value=D("8.00"),
            max_employer_share=D("6.91"),
            min_employee_share=D("1.09"),
        ),
        rules.VoucherRule(
            rules.MEAL,
            date(2026, 1, 1),
            None,
            validity_months=12,
            max_face_value=D("10.00"),
            max_employer_share=D("8.91"),
            min_employee_share=D("1.09"),
        ),
        rules.VoucherRule(
            rules.ECO, date(2016, 1, 1), None, validity_months=24, max_per_year=D("250.00")
        ),
        rules.VoucherRule(
            rules.GIFT,
            date(2016, 1, 1),
            None,
            validity_months=15,
            amount_per_employee=D("40.00"),
            amount_per_child=D("40.00"),
        ),
        rules.VoucherRule(
            rules.SPORT_CULTURE,
            date(2016, 1, 1),
            None,
            validity_months=15,
            max_per_year=D("100.00"),
        ),
    ]


def issuer_terms():
    """Cards valid 5 years, loading within 48 hours of payment."""
    return [
        rules.IssuerTerms(date(2016, 1, 1), None, card_validity_years=5, processing_delay_hours=48)
    ]
