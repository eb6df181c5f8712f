# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dated voucher rules: caps by date, amount checks, validity, loading date."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from benefits_base.tools import dated
from hypothesis import given
from hypothesis import strategies as st
from test_vo_helpers import domain_rules, rule_at

from voucher_orders.tools import common, rules

D = Decimal
RULES = domain_rules()


def codes(check):
    return {problem.code: problem.severity for problem in check.problems}


# ---------------------------------------------------------------------------
# Picking the rule valid at a date
# ---------------------------------------------------------------------------


def test_meal_cap_is_8_in_2025_and_10_in_2026():
    assert rule_at(RULES, rules.MEAL, date(2025, 12, 31)).max_face_value == D("8.00")
    assert rule_at(RULES, rules.MEAL, date(2026, 1, 1)).max_face_value == D("10.00")


def test_the_next_meal_rule_ends_the_previous_one():
    """ "Max €8 (2016–2025), max €10 from 1 Jan 2026": the 2026 rule, added without
    touching the 2016 one, ends it on 31 Dec 2025 (a dated figure without an end
    date ends the day before the next one of its group starts)."""
    ends = {period.key.max_face_value: period.date_end for period in dated.resolve(RULES)}
    assert ends[D("8.00")] == date(2025, 12, 31)
    assert ends[D("10.00")] is None


def test_no_rule_before_the_first_one():
    with pytest.raises(dated.NoFigureInForce, match="2015-06-30"):
        rule_at(RULES, rules.MEAL, date(2015, 6, 30))


def test_rule_rejects_unknown_product_type():
    with pytest.raises(ValueError):
        rules.VoucherRule("fuel", 12)


# ---------------------------------------------------------------------------
# Meal
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("load_date", "face", "ok"),
    [
        (date(2025, 12, 31), "8.00", True),
        (date(2025, 12, 31), "8.01", False),
        (date(2025, 12, 31), "10.00", False),
        (date(2026, 1, 1), "10.00", True),
        (date(2026, 1, 1), "10.01", False),
    ],
)
def test_meal_face_value_cap_by_load_date(load_date, face, ok):
    rule = rule_at(RULES, rules.MEAL, load_date)
    check = rules.check_meal(rule, D(face), 20)
    assert (rules.FACE_VALUE_OVER_MAX not in codes(check)) is ok
    assert check.has_errors is not ok
    if not ok:
        problem = check.problems[0]
        assert problem.severity == common.ERROR
        assert problem.column == "face_value"
        assert problem.params["limit"] == str(rule.max_face_value)


def test_meal_amount_is_face_value_times_days():
    rule = rule_at(RULES, rules.MEAL, date(2026, 3, 1))
    check = rules.check_meal(rule, D("7.56"), 21)
    assert check.amount == D("158.76")
    assert check.vouchers == 21
    assert check.problems == ()


def test_meal_shares():
    rule = rule_at(RULES, rules.MEAL, date(2026, 3, 1))
    assert rules.check_meal(rule, D("10.00"), 20, employer_share=D("8.91")).problems == ()
    over = rules.check_meal(rule, D("10.00"), 20, employer_share=D("9.00"))
    assert codes(over) == {
        rules.EMPLOYER_SHARE_OVER_MAX: common.ERROR,
        rules.EMPLOYEE_SHARE_UNDER_MIN: common.ERROR,
    }
    low = rules.check_meal(rule, D("8.00"), 20, employer_share=D("7.00"))
    assert codes(low) == {rules.EMPLOYEE_SHARE_UNDER_MIN: common.ERROR}
    assert low.problems[0].value == "1.00"
    assert rules.check_meal(rule, D("8.00"), 20, employer_share=D("9")).has_errors


def test_meal_2025_employer_share():
    rule = rule_at(RULES, rules.MEAL, date(2025, 6, 1))
    check = rules.check_meal(rule, D("8.00"), 20, employer_share=D("6.92"))
    assert rules.EMPLOYER_SHARE_OVER_MAX in codes(check)


@pytest.mark.parametrize(
    ("face", "days", "code"),
    [
        (None, 20, rules.AMOUNT_REQUIRED),
        (D("0"), 20, rules.AMOUNT_NOT_POSITIVE),
        (D("-1"), 20, rules.AMOUNT_NOT_POSITIVE),
        (D("7.555"), 20, rules.AMOUNT_PRECISION),
        (D("8"), None, rules.DAYS_REQUIRED),
        (D("8"), 0, rules.DAYS_INVALID),
        (D("8"), 2.5, rules.DAYS_INVALID),
        (D("8"), True, rules.DAYS_INVALID),
    ],
)
def test_meal_bad_input(face, days, code):
    check = rules.check_meal(RULES[1].key, face, days)
    assert code in codes(check)
    assert check.has_errors
    assert check.amount == D("0.00")


# ---------------------------------------------------------------------------
# Eco, sport/culture, gift
# ---------------------------------------------------------------------------


def test_eco_yearly_max_counts_what_was_ordered():
    rule = rule_at(RULES, rules.ECO, date(2026, 6, 1))
    assert rules.check_eco(rule, D("250")).problems == ()
    assert rules.check_eco(rule, D("100"), already_ordered=D("150")).problems == ()
    check = rules.check_eco(rule, D("100"), already_ordered=D("200"))
    (problem,) = check.problems
    assert (problem.code, problem.severity) == (rules.YEARLY_MAX_EXCEEDED, common.WARNING)
    assert problem.params == {"limit": "250.00", "already": "200.00", "remaining": "50.00"}
    assert check.amount == D("100.00")
    over = rules.check_eco(rule, D("10"), already_ordered=D("300"))
    assert over.problems[0].params["remaining"] == "0.00"


def test_sport_culture_yearly_max():
    rule = rule_at(RULES, rules.SPORT_CULTURE, date(2026, 6, 1))
    assert rules.check_sport_culture(rule, D("100")).problems == ()
    assert codes(rules.check_sport_culture(rule, D("100.01"))) == {
        rules.YEARLY_MAX_EXCEEDED: common.WARNING
    }


def test_gift_per_employee_and_child():
    rule = rule_at(RULES, rules.GIFT, date(2026, 12, 1))
    assert rules.gift_limit(rule, 2) == D("120.00")
    assert rules.check_gift(rule, D("40")).problems == ()
    assert rules.check_gift(rule, D("120"), children=2).problems == ()
    over = rules.check_gift(rule, D("120.01"), children=2)
    assert codes(over) == {rules.GIFT_MAX_EXCEEDED: common.WARNING}
    assert over.problems[0].params["limit"] == "120.00"
    assert rules.CHILDREN_INVALID in codes(rules.check_gift(rule, D("40"), children=-1))


def test_check_amount_dispatches_and_refuses_a_wrong_rule():
    meal = rule_at(RULES, rules.MEAL, date(2026, 1, 5))
    request = rules.AmountRequest(rules.MEAL, face_value=D("10"), days=19)
    assert rules.check_amount(meal, request).amount == D("190.00")
    eco = rule_at(RULES, rules.ECO, date(2026, 1, 5))
    with pytest.raises(ValueError):
        rules.check_amount(eco, request)
    gift = rule_at(RULES, rules.GIFT, date(2026, 1, 5))
    request = rules.AmountRequest(rules.GIFT, amount=D("80"), children=1)
    assert rules.check_amount(gift, request).problems == ()


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 3, 15), 12, date(2027, 3, 14)),
        (date(2026, 1, 1), 12, date(2026, 12, 31)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 3, 15), 24, date(2028, 3, 14)),
        (date(2026, 11, 30), 15, date(2028, 2, 29)),
    ],
)
def test_validity_end(start, months, end):
    assert rules.validity_end(start, months) == end


def test_rule_validity_end_uses_the_rule():
    eco = rule_at(RULES, rules.ECO, date(2026, 1, 1))
    assert rules.rule_validity_end(eco, date(2026, 1, 10)) == date(2028, 1, 9)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 60))
def test_validity_end_bounds(start, months):
    end = rules.validity_end(start, months)
    assert start <= end < rules.add_months(start, months) + timedelta(days=1)
    assert end >= rules.add_months(start, months) - timedelta(days=1)


def test_loading_date_is_the_later_of_choice_and_payment_plus_delay():
    paid = datetime(2026, 3, 2, 15, 30)
    assert rules.scheduled_load_date(date(2026, 3, 10), paid, 48) == date(2026, 3, 10)
    assert rules.scheduled_load_date(date(2026, 3, 1), paid, 48) == date(2026, 3, 4)
    assert rules.earliest_load_date(date(2026, 3, 2), 48) == date(2026, 3, 4)


def test_check_load_date():
    now = datetime(2026, 3, 2, 9, 0)
    assert rules.check_load_date(date(2026, 3, 4), now, 48) == []
    (problem,) = rules.check_load_date(date(2026, 3, 3), now, 48)
    assert problem.code == rules.LOAD_DATE_TOO_EARLY
    assert problem.params == {"earliest": "2026-03-04"}


def test_money_rounds_half_up():
    assert common.money(D("2.675")) == D("2.68")
    assert common.money(D("2.665")) == D("2.67")
    assert common.money(1) == D("1.00")
    with pytest.raises(ValueError):
        common.money("abc")
