# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The gift yearly total and the meal voucher split, from the rules' text, at the boundaries."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from test_vo_helpers import domain_rules, rule_at

from voucher_orders.tools import common, rules, xlsx

D = Decimal
RULES = domain_rules()
ZERO = D(0)


def codes(check):
    return {problem.code: problem.severity for problem in check.problems}


def gift(amount, *, children=0, already=ZERO, at=date(2026, 12, 6)):
    rule = rule_at(RULES, rules.GIFT, at)
    request = rules.AmountRequest(
        rules.GIFT, amount=amount, children=children, already_ordered=already
    )
    return rules.check_amount(rule, request)


# ---------------------------------------------------------------------------
# Gift vouchers
# ---------------------------------------------------------------------------


def test_gift_limit_is_a_yearly_total_across_orders():
    """socialsecurity.be: "montant annuel total de 40,00 EUR par travailleur, éventuellement
    majoré de 40,00 EUR par enfant à charge" — a second €40 order in the same year exceeds."""
    assert gift(D("40.00")).problems == ()
    second = gift(D("40.00"), already=D("40.00"))
    assert codes(second) == {rules.GIFT_MAX_EXCEEDED: common.WARNING}
    problem = second.problems[0]
    assert problem.params["already"] == "40.00"
    assert problem.params["limit"] == "40.00"
    assert problem.params["remaining"] == "0.00"


def test_gift_boundary_at_the_cent():
    """ "40,00 EUR par travailleur": 40.00 in total is exempt, 40.01 is not."""
    assert gift(D("20.00"), already=D("20.00")).problems == ()
    assert codes(gift(D("20.01"), already=D("20.00"))) == {rules.GIFT_MAX_EXCEEDED: common.WARNING}
    assert gift(D("40.00")).problems == ()
    assert codes(gift(D("40.01"))) == {rules.GIFT_MAX_EXCEEDED: common.WARNING}


def test_gift_children_raise_the_yearly_total():
    """ "éventuellement majoré de 40,00 EUR par enfant à charge"."""
    assert gift(D("40.00"), children=1, already=D("40.00")).problems == ()
    assert codes(gift(D("40.01"), children=1, already=D("40.00"))) == {
        rules.GIFT_MAX_EXCEEDED: common.WARNING
    }
    assert gift(D("40.00"), children=2, already=D("80.00")).problems == ()


def test_gift_year_of_the_load_date():
    """The year is the calendar year of the load date: 31 Dec and 1 Jan are two years."""
    assert rules.year_bounds(date(2025, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert rules.year_bounds(date(2026, 1, 1)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert rules.GIFT in rules.YEARLY_TOTAL_TYPES


@given(
    already=st.decimals(min_value=0, max_value=500, places=2),
    amount=st.decimals(min_value=D("0.01"), max_value=500, places=2),
    children=st.integers(min_value=0, max_value=10),
)
def test_gift_warns_exactly_when_the_yearly_total_exceeds(already, amount, children):
    limit = D("40.00") + D("40.00") * children
    check = gift(amount, children=children, already=already)
    assert (rules.GIFT_MAX_EXCEEDED in codes(check)) == (already + amount > limit)


# ---------------------------------------------------------------------------
# Meal vouchers: the split of the face value
# ---------------------------------------------------------------------------


def meal(face, employee_share, at):
    rule = rule_at(RULES, rules.MEAL, at)
    request = rules.AmountRequest(
        rules.MEAL, face_value=face, days=20, employee_share=employee_share
    )
    return rules.check_amount(rule, request)


def test_meal_split_2026_at_the_cent():
    """claeysengels.be / socialsecurity.be: from 1 Jan 2026 "employer ≤ €8.91, employee ≥
    €1.09" (face value max €10); the order refuses a split outside these bounds."""
    at = date(2026, 1, 1)
    assert meal(D("10.00"), D("1.09"), at).problems == ()
    low = meal(D("10.00"), D("1.08"), at)
    assert codes(low) == {
        rules.EMPLOYER_SHARE_OVER_MAX: common.ERROR,
        rules.EMPLOYEE_SHARE_UNDER_MIN: common.ERROR,
    }
    assert low.has_errors
    assert codes(meal(D("8.00"), D("1.08"), at)) == {rules.EMPLOYEE_SHARE_UNDER_MIN: common.ERROR}
    assert meal(D("8.00"), D("1.09"), at).problems == ()


def test_meal_split_31_december_2025():
    """Until 31 Dec 2025 the face value is max €8 (employer max €6.91, employee min €1.09)."""
    at = date(2025, 12, 31)
    assert meal(D("8.00"), D("1.09"), at).problems == ()
    assert rules.EMPLOYER_SHARE_OVER_MAX in codes(meal(D("8.00"), D("1.08"), at))
    # the 2026 split is refused the day before it applies
    day_before = codes(meal(D("10.00"), D("1.09"), at))
    assert day_before[rules.FACE_VALUE_OVER_MAX] == common.ERROR
    assert day_before[rules.EMPLOYER_SHARE_OVER_MAX] == common.ERROR
    assert meal(D("10.00"), D("1.09"), date(2026, 1, 1)).problems == ()


def test_meal_split_without_contribution_is_refused():
    """An employee share of 0 (nothing configured) is below the legal minimum."""
    check = meal(D("8.00"), D("0"), date(2026, 3, 1))
    assert codes(check)[rules.EMPLOYEE_SHARE_UNDER_MIN] == common.ERROR


def test_meal_share_above_the_face_value_is_invalid():
    check = meal(D("5.00"), D("6.00"), date(2026, 3, 1))
    assert codes(check) == {rules.EMPLOYER_SHARE_INVALID: common.ERROR}


@given(
    face=st.decimals(min_value=D("1.09"), max_value=D("10.00"), places=2),
    employee=st.decimals(min_value=0, max_value=D("10.00"), places=2),
)
def test_meal_split_refused_exactly_outside_the_bounds(face, employee):
    check = meal(face, employee, date(2026, 6, 1))
    if employee > face:
        assert check.has_errors
        return
    legal = employee >= D("1.09") and face - employee <= D("8.91")
    assert check.has_errors != legal


# ---------------------------------------------------------------------------
# Order upload: bounds and the split
# ---------------------------------------------------------------------------


def _order_file(rows, product_type=rules.MEAL):
    texts = xlsx.DEFAULT_TEXTS
    return xlsx.build_order_template(
        product_type, texts, [xlsx.OrderTemplateRow(**row) for row in rows]
    )


def test_order_upload_refuses_out_of_range_numbers_per_row():
    """days = 99999999999 or an amount of 1e308 give a row problem, never a crash."""
    rule = rule_at(RULES, rules.MEAL, date(2026, 3, 1))
    known = {"85073003526": xlsx.OrderBeneficiary(key=1)}
    data = _order_file(
        [{"national_number": "85073003526", "face_value": D("8.00"), "days": 99999999999}]
    )
    result = xlsx.parse_order_upload(data, rule=rule, beneficiaries=known, employee_share=D("1.09"))
    assert not result.ok
    found = {(p.row, p.column, p.code) for p in result.problems}
    assert (2, "days", xlsx.OUT_OF_RANGE) in found
    for bad in (float("nan"), float("inf"), 1e308, "1e308"):
        assert xlsx._amount(bad) == (None, False)


def test_order_upload_checks_the_meal_split():
    rule = rule_at(RULES, rules.MEAL, date(2026, 3, 1))
    known = {"85073003526": xlsx.OrderBeneficiary(key=1)}
    data = _order_file([{"national_number": "85073003526", "face_value": D("10.00"), "days": 20}])
    ok = xlsx.parse_order_upload(data, rule=rule, beneficiaries=known, employee_share=D("1.09"))
    assert ok.ok
    refused = xlsx.parse_order_upload(
        data, rule=rule, beneficiaries=known, employee_share=D("1.00")
    )
    assert not refused.ok
    assert rules.EMPLOYEE_SHARE_UNDER_MIN in {p.code for p in refused.problems}


def test_neutralised_export_cell_reads_back_as_the_text():
    assert xlsx._text("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert xlsx._text("'t Hooft") == "'t Hooft"


def test_active_card_without_dates_never_crashes_the_detection():
    """A card registered by hand as active, without issue or expiry date, counts as usable."""
    from voucher_orders.tools import cards

    card = cards.Card(number="1", issue_date=None, status=cards.ACTIVE)
    assert card.expires_on(5) is None
    assert card.is_usable(date(2026, 3, 1), 5)


def test_beneficiary_cell_with_a_control_character_is_a_row_problem():
    """A NUL (or another control character) in a text cell: a problem naming row and column."""
    choices = xlsx._Choices(xlsx._text_list(None))
    values = {
        "national_number": "85073003526",
        "last_name": "Nu\x00ll",
        "first_name": "Ann",
        "delivery": "workplace",
    }
    row, problems = xlsx._beneficiary_row(7, values, [], choices, {}, date(2026, 12, 1))
    assert row is None
    assert (7, "last_name", xlsx.INVALID_TEXT) in {(p.row, p.column, p.code) for p in problems}
