"""Dated figures (benefits_base/tools/dated.py): one meaning for every figure.

The rule, as the issue states it: "a record without an end date ends where the next
one of its group starts (as ``res.currency.rate`` does), so adding next period's
figure is a pure insert; an explicit end date leaves a gap, and a date in a gap is
refused with a message that says what is missing and who can add it."
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from benefits_base.tools import dated
from benefits_base.tools.dated import (
    NoFigureInForce,
    OverlappingFigures,
    Period,
    add_months,
    in_force,
    overlaps,
    resolve,
    to_decimal,
)
from hypothesis import assume, given
from hypothesis import strategies as st

DAY = timedelta(days=1)
Y2026, Y2027 = date(2026, 1, 1), date(2027, 1, 1)


# ----------------------------------------------------------------- add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2027, 1, 31), -2, date(2026, 11, 30)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_last_day(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(-120, 120))
def test_add_months_moves_whole_months(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day and (moved + DAY).month != moved.month


# ----------------------------------------------------------------- to_decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(Decimal("1.10"), Decimal("1.10")), (2, Decimal(2)), ("0.4326", Decimal("0.4326")),
     (0.1, Decimal("0.1")), (" 3.5 ", Decimal("3.5"))],
)  # fmt: skip
def test_to_decimal_converts_numbers(raw, expected):
    assert to_decimal(raw) == expected


@pytest.mark.parametrize(
    "raw", [True, False, "abc", "", float("nan"), float("inf"), "NaN", [], None]
)
def test_to_decimal_refuses_what_is_not_a_finite_number(raw):
    with pytest.raises(ValueError):
        to_decimal(raw)


def test_to_decimal_none_gives_the_default_when_one_is_passed():
    """The expense tools read an empty value as zero: ``to_decimal(None, ZERO)``."""
    assert to_decimal(None, Decimal(0)) == Decimal(0)
    assert to_decimal(Decimal("2.5"), Decimal(0)) == Decimal("2.5")


# ------------------------------------------------------------ effective ends


def test_an_open_figure_ends_the_day_before_the_next_one_starts():
    first, second = Period(Y2026, key=1), Period(Y2027, key=2)
    ends = dated.effective_ends([second, first])
    assert ends == {1: date(2026, 12, 31), 2: None}


def test_an_explicit_end_leaves_a_gap():
    first = Period(Y2026, date(2026, 6, 30), key=1)
    second = Period(Y2027, key=2)
    assert dated.effective_ends([first, second]) == {1: date(2026, 6, 30), 2: None}


def test_groups_do_not_end_each_other():
    car = Period(Y2026, group=("car",), key="car")
    bike = Period(date(2026, 7, 1), group=("bike",), key="bike")
    assert dated.effective_ends([car, bike]) == {"car": None, "bike": None}


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 12, 30), 1), (date(2026, 12, 31), 1), (Y2027, 2), (date(2027, 1, 2), 2)],
)
def test_boundary_31_december_1_january(day, expected):
    """Day before, day of and day after the start of next year's figure."""
    periods = [Period(Y2026, key=1), Period(Y2027, key=2)]
    assert in_force(periods, day).key == expected


# ---------------------------------------------------------------- the errors


def test_a_date_in_a_gap_names_the_gap_and_who_can_add_it():
    periods = [Period(Y2026, date(2026, 6, 30), key=1), Period(Y2027, key=2)]
    assert in_force(periods, date(2026, 6, 30)).key == 1
    with pytest.raises(NoFigureInForce) as caught:
        in_force(
            periods,
            date(2026, 7, 1),
            figure="per-km rate",
            group_label="Car",
            hint="An expense manager can add it in Expenses > Configuration.",
        )
    error = caught.value
    assert error.template == dated.TEMPLATE_GAP
    assert error.params["end"] == date(2026, 6, 30)
    assert error.params["start"] == Y2027
    assert str(error) == (
        "No per-km rate (Car) is in force on 2026-07-01: the last one ended on 2026-06-30 "
        "and the next one starts on 2027-01-01. "
        "An expense manager can add it in Expenses > Configuration."
    )
    assert in_force(periods, date(2026, 12, 31) + DAY).key == 2


def test_before_the_first_figure():
    with pytest.raises(NoFigureInForce) as caught:
        in_force([Period(Y2026, key=1)], Y2026 - DAY, figure="meal cap")
    assert caught.value.template == dated.TEMPLATE_BEFORE_FIRST
    assert caught.value.params["start"] == Y2026
    assert str(caught.value).startswith("No meal cap is in force on 2025-12-31")


def test_after_the_last_explicit_end():
    periods = [Period(Y2026, date(2026, 12, 31), key=1)]
    assert in_force(periods, date(2026, 12, 31)).key == 1
    with pytest.raises(NoFigureInForce) as caught:
        in_force(periods, Y2027)
    assert caught.value.template == dated.TEMPLATE_ENDED
    assert caught.value.params["end"] == date(2026, 12, 31)


def test_no_figure_at_all():
    with pytest.raises(NoFigureInForce) as caught:
        in_force([Period(Y2026, group="bike")], Y2026, group="car")
    assert caught.value.template == dated.TEMPLATE_NONE


def test_templates_keep_their_placeholders_when_formatted():
    error = dated.no_figure_error([], Y2026, figure="x", hint="")
    assert "%(" not in str(error) and str(error).endswith("2026-01-01.")


# ------------------------------------------------------------------ overlaps


def test_only_an_explicit_end_can_overlap_a_later_start():
    open_first = [Period(Y2026, key=1), Period(Y2027, key=2)]
    assert overlaps(open_first) == []
    ends_late = [Period(Y2026, Y2027, key=1), Period(Y2027, key=2)]
    assert [(a.key, b.key) for a, b in overlaps(ends_late)] == [(1, 2)]
    ends_day_before = [Period(Y2026, Y2027 - DAY, key=1), Period(Y2027, key=2)]
    assert overlaps(ends_day_before) == []


def test_two_figures_starting_the_same_day_overlap():
    pairs = overlaps([Period(Y2026, key=1), Period(Y2026, key=2), Period(Y2026, group="x")])
    assert [(a.key, b.key) for a, b in pairs] == [(1, 2)]
    with pytest.raises(OverlappingFigures):
        in_force([Period(Y2026, key=1), Period(Y2026, key=2)], Y2026)


def test_an_explicit_end_over_several_later_starts_overlaps_each():
    periods = [Period(Y2026, date(2026, 12, 31), key=1)]
    periods += [Period(date(2026, 4, 1), key=2), Period(date(2026, 7, 1), key=3)]
    assert {(a.key, b.key) for a, b in overlaps(periods)} == {(1, 2), (1, 3)}


def test_redundant_ends_are_the_day_before_the_next_start():
    """Old data ending each figure the day before the next: those ends say nothing more."""
    contiguous = Period(Y2026, Y2027 - DAY, key=1)
    gap = Period(Y2027, date(2027, 6, 30), key=2)
    last = Period(date(2028, 1, 1), date(2028, 12, 31), key=3)
    other = Period(Y2026, Y2027 - DAY, group="bike", key=4)
    found = dated.redundant_ends([contiguous, gap, last, other])
    assert [p.key for p in found] == [1]


@given(
    st.lists(st.tuples(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.booleans()), max_size=8)
)
def test_clearing_redundant_ends_changes_no_day(spec):
    starts = sorted({day for day, __ in spec})
    ends = dict(spec)
    periods = []
    for index, start in enumerate(starts):
        following = starts[index + 1] if index + 1 < len(starts) else None
        end = following - DAY if following and ends[start] else None
        periods.append(Period(start, end, key=index))
    cleared = {p.key for p in dated.redundant_ends(periods)}
    after = [
        Period(p.date_from, None if p.key in cleared else p.date_to, key=p.key) for p in periods
    ]
    assert dated.effective_ends(after) == dated.effective_ends(periods)


def test_reversed_dates_are_found():
    bad = Period(Y2027, Y2026, key=1)
    assert dated.bad_bounds([bad, Period(Y2026)]) == [bad]
    assert "ends before it starts" in str(dated.bounds_error(bad, figure="cap"))


# ---------------------------------------------------------------- invariants

days = st.dates(date(2025, 1, 1), date(2028, 12, 31))


@st.composite
def configurations(draw):
    """Periods of two groups without overlaps: open, or ending before the next start."""
    periods = []
    for group in ("car", "bike"):
        starts = sorted(draw(st.sets(days, max_size=6)))
        for index, start in enumerate(starts):
            limit = starts[index + 1] - DAY if index + 1 < len(starts) else date(2029, 12, 31)
            explicit = draw(st.booleans())
            end = draw(st.dates(start, limit)) if explicit else None
            periods.append(Period(start, end, group=group, key=(group, index)))
    return periods


def _in_force_key(periods, day, group):
    try:
        return in_force(periods, day, group=group).key
    except NoFigureInForce:
        return None


@given(configurations(), days)
def test_at_most_one_figure_in_force_on_any_day(periods, day):
    assert overlaps(periods) == []
    for group in ("car", "bike"):
        covering = [p for p in resolve(periods) if p.group == group and p.covers(day)]
        assert len(covering) <= 1
        assert _in_force_key(periods, day, group) == (covering[0].key if covering else None)


@given(configurations(), days, days)
def test_a_pure_insert_never_changes_the_past(periods, new_start, day):
    """Adding a later figure changes nothing before its start."""
    car = [p for p in periods if p.group == "car"]
    assume(all(p.date_from < new_start for p in car))
    assume(all(p.date_to is None or p.date_to < new_start for p in car))
    inserted = [*periods, Period(new_start, group="car", key="new")]
    assert overlaps(inserted) == []
    if day < new_start:
        assert _in_force_key(inserted, day, "car") == _in_force_key(periods, day, "car")
    else:
        assert _in_force_key(inserted, day, "car") == "new"
    assert _in_force_key(inserted, day, "bike") == _in_force_key(periods, day, "bike")


@given(configurations(), days)
def test_a_refused_day_is_in_a_gap_the_message_names(periods, day):
    members = [p for p in periods if p.group == "bike"]
    try:
        in_force(members, day)
    except NoFigureInForce as error:
        end, start = error.params.get("end"), error.params.get("start")
        assert end is None or end < day
        assert start is None or start > day
        if end is not None:
            assert any(p.date_to == end for p in members)


@given(configurations())
def test_effective_ends_never_reach_the_next_start(periods):
    for group in ("car", "bike"):
        members = [p for p in resolve(periods) if p.group == group]
        for period, following in zip(members, members[1:], strict=False):
            assert period.date_end is not None
            assert period.date_from <= period.date_end < following.date_from
            if period.date_to is None:
                assert period.date_end == following.date_from - DAY
