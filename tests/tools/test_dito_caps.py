# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Legal caps of the volunteer allowance across all of a volunteer's notes."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from benefits_base.tools.dated import NoFigureInForce
from hypothesis import given, settings
from hypothesis import strategies as st

from dito_expenses.tools.caps import (
    CapCode,
    VolunteerProfile,
    check_caps,
    yearly_overview,
)
from dito_expenses.tools.lines import Line, LineKind, Note, Regime, TransportMode, occurrences_of
from dito_expenses.tools.rates import AllowanceRates
from dito_expenses.tools.recurrence import Recurrence

D = Decimal
FLAT, REAL = Regime.FLAT, Regime.REAL
ACTIVITY, TRIP, REAL_COST = LineKind.ACTIVITY, LineKind.TRIP, LineKind.REAL_COST
CAR = TransportMode.CAR

# Test data: shared/domain.md section 1. year: (per day, per year, higher yearly cap)
FIGURES = {
    2024: (D("41.48"), D("1659.29"), D("3047.43")),
    2025: (D("42.31"), D("1692.51"), D("3108.44")),
    2026: (D("44.02"), D("1760.83"), D("3233.91")),
}
KM_LIMIT = D(2000)
RATES = [
    AllowanceRates(date(year, 1, 1), date(year, 12, 31), *figures, KM_LIMIT)
    for year, figures in FIGURES.items()
]
HIGHER = VolunteerProfile(higher_cap=True)
LOGBOOK = VolunteerProfile(transport_logbook=True)

_ids = iter(range(1, 10**9))


def activity(day, amount, date_to=None, count=1):
    return Line(ACTIVITY, Recurrence(day, date_to, count), unit_amount=D(amount))


def trip(day, km, date_to=None, count=1):
    return Line(
        TRIP,
        Recurrence(day, date_to, count),
        km=D(km),
        mode=CAR,
        origin="Gent",
        destination="Aalst",
    )


def real_cost(day, amount):
    return Line(REAL_COST, Recurrence(day), unit_amount=D(amount))


def note(regime, *lines):
    return Note(next(_ids), "vol-1", regime, lines)


def check(existing_notes, candidate, profile=None):
    return check_caps(occurrences_of(existing_notes), candidate.occurrences(), RATES, profile)


def filled_year(year, total):
    """A flat-rate note spreading ``total`` over days of ``year``, each within the daily cap."""
    per_day = FIGURES[year][0]
    lines, day = [], date(year, 1, 1)
    while total > 0:
        amount = min(per_day, total)
        lines.append(activity(day, amount))
        total -= amount
        day += timedelta(days=1)
    return note(FLAT, *lines)


# -- flat rate per day --------------------------------------------------------


@pytest.mark.parametrize("year", sorted(FIGURES))
def test_daily_cap_exactly_reached_is_accepted(year):
    per_day = FIGURES[year][0]
    day = date(year, 5, 14)
    existing = [note(FLAT, activity(day, "20.00"))]
    assert check(existing, note(FLAT, activity(day, per_day - D("20.00")))) == []


@pytest.mark.parametrize("year", sorted(FIGURES))
def test_daily_cap_exceeded_by_a_cent_across_notes(year):
    per_day = FIGURES[year][0]
    day = date(year, 5, 14)
    existing = [note(FLAT, activity(day, "20.00"))]
    (violation,) = check(existing, note(FLAT, activity(day, per_day - D("19.99"))))
    assert violation.code is CapCode.FLAT_RATE_PER_DAY
    assert (violation.year, violation.day) == (year, day)
    assert violation.cap == per_day
    assert violation.used == D("20.00")
    assert violation.excess == D("0.01")
    assert violation.available == per_day - D("20.00")


def test_daily_cap_sums_lines_of_the_candidate_itself():
    day = date(2024, 3, 1)
    (violation,) = check([], note(FLAT, activity(day, "30"), activity(day, "11.49")))
    assert violation.code is CapCode.FLAT_RATE_PER_DAY
    assert violation.requested == D("41.49")
    assert violation.excess == D("0.01")
    assert violation.available == D("41.48")


def test_daily_cap_is_the_same_for_higher_cap_volunteers():
    day = date(2026, 2, 2)
    (violation,) = check([], note(FLAT, activity(day, "44.03")), HIGHER)
    assert violation.code is CapCode.FLAT_RATE_PER_DAY
    assert violation.cap == D("44.02")


def test_recurring_activity_counts_once_per_day():
    # 42.31 on each of 20 days: every day at the cap, the year far below it
    line = activity(date(2025, 4, 1), "42.31", date(2025, 4, 30), 20)
    assert check([], note(FLAT, line)) == []
    # a second identical period line lands on the same spread dates
    violations = check([note(FLAT, line)], note(FLAT, activity(date(2025, 4, 1), "1.00")))
    assert [v.code for v in violations] == [CapCode.FLAT_RATE_PER_DAY]


def test_old_excess_on_another_day_does_not_block():
    legacy = note(FLAT, activity(date(2024, 3, 1), "60.00"))  # encoded before the portal
    assert check([legacy], note(FLAT, activity(date(2024, 3, 2), "10"))) == []


# -- flat rate per calendar year -----------------------------------------------


@pytest.mark.parametrize("year", sorted(FIGURES))
def test_yearly_cap_exactly_reached_is_accepted(year):
    per_year = FIGURES[year][1]
    existing = [filled_year(year, per_year - D("10.00"))]
    assert check(existing, note(FLAT, activity(date(year, 12, 1), "10.00"))) == []


@pytest.mark.parametrize("year", sorted(FIGURES))
def test_yearly_cap_exceeded(year):
    per_year = FIGURES[year][1]
    existing = [filled_year(year, per_year - D("10.00"))]
    (violation,) = check(existing, note(FLAT, activity(date(year, 12, 1), "10.01")))
    assert violation.code is CapCode.FLAT_RATE_PER_YEAR
    assert violation.year == year
    assert violation.day is None
    assert violation.cap == per_year
    assert violation.excess == D("0.01")
    assert violation.available == D("10.00")
    assert not violation.higher_cap


@pytest.mark.parametrize("year", sorted(FIGURES))
def test_higher_yearly_cap(year):
    per_year, higher = FIGURES[year][1], FIGURES[year][2]
    existing = [filled_year(year, per_year)]
    candidate = note(FLAT, activity(date(year, 12, 20), "30.00"))
    assert [v.code for v in check(existing, candidate)] == [CapCode.FLAT_RATE_PER_YEAR]
    assert check(existing, candidate, HIGHER) == []

    existing = [filled_year(year, higher)]
    (violation,) = check(existing, candidate, HIGHER)
    assert violation.cap == higher
    assert violation.higher_cap
    assert violation.excess == D("30.00")
    assert violation.available == 0


def test_yearly_cap_is_per_calendar_year():
    existing = [filled_year(2024, FIGURES[2024][1])]
    assert check(existing, note(FLAT, activity(date(2025, 1, 1), "42.31"))) == []
    # a period across New Year: only the 2024 occurrence breaks the 2024 cap
    line = activity(date(2024, 12, 31), "5", date(2025, 1, 1), 2)
    (violation,) = check(existing, note(FLAT, line))
    assert (violation.code, violation.year, violation.requested) == (
        CapCode.FLAT_RATE_PER_YEAR,
        2024,
        D(5),
    )


# -- km on top of the flat rate -------------------------------------------------


def test_km_limit_on_top_of_flat_rate():
    existing = [note(FLAT, activity(date(2025, 2, 1), "40"), trip(date(2025, 2, 1), "1990"))]
    assert check(existing, note(FLAT, trip(date(2025, 3, 1), "10"))) == []
    (violation,) = check(existing, note(FLAT, trip(date(2025, 3, 1), "10.5")))
    assert violation.code is CapCode.KM_PER_YEAR
    assert violation.cap == KM_LIMIT
    assert violation.used == D(1990)
    assert violation.excess == D("0.5")
    assert violation.available == D(10)


def test_km_limit_counts_recurring_trips_and_real_regime_trips():
    existing = [
        note(FLAT, activity(date(2026, 1, 10), "44.02")),
        note(REAL, trip(date(2026, 2, 1), "100", date(2026, 2, 28), 19)),  # 1,900 km
    ]
    candidate = note(FLAT, trip(date(2026, 3, 2), "51", date(2026, 3, 3), 2))  # 102 km
    (violation,) = check(existing, candidate)
    assert (violation.code, violation.requested, violation.excess) == (
        CapCode.KM_PER_YEAR,
        D(102),
        D(2),
    )


def test_no_km_limit_with_the_logbook_flag():
    existing = [note(FLAT, activity(date(2024, 6, 1), "40"), trip(date(2024, 6, 1), "1990"))]
    assert check(existing, note(FLAT, trip(date(2024, 6, 2), "500")), LOGBOOK) == []


def test_no_km_limit_in_a_year_without_flat_rate():
    existing = [note(REAL, trip(date(2024, 6, 1), "1990"))]
    assert check(existing, note(REAL, trip(date(2024, 6, 2), "500"))) == []


def test_flat_rate_after_many_real_km_breaks_the_km_limit():
    existing = [note(REAL, trip(date(2025, 6, 1), "2100"))]
    (violation,) = check(existing, note(FLAT, activity(date(2025, 7, 1), "10")))
    assert violation.code is CapCode.KM_PER_YEAR
    assert (violation.requested, violation.excess, violation.available) == (D(0), D(100), D(0))


# -- flat rate and real costs in one calendar year -----------------------------


def test_real_costs_in_a_flat_rate_year_are_refused():
    existing = [note(FLAT, activity(date(2025, 2, 1), "25"))]
    (violation,) = check(existing, note(REAL, real_cost(date(2025, 9, 1), "12.50")))
    assert violation.code is CapCode.FLAT_RATE_WITH_REAL_COSTS
    assert violation.year == 2025
    assert violation.existing_regime is FLAT
    assert (violation.used, violation.requested) == (D(25), D("12.50"))


def test_flat_rate_in_a_real_cost_year_is_refused():
    existing = [note(REAL, real_cost(date(2024, 2, 1), "80"))]
    (violation,) = check(existing, note(FLAT, activity(date(2024, 3, 1), "20")))
    assert violation.code is CapCode.FLAT_RATE_WITH_REAL_COSTS
    assert violation.existing_regime is REAL
    assert (violation.used, violation.requested) == (D(80), D(20))


def test_real_travel_costs_may_come_on_top_of_flat_rate():
    existing = [note(FLAT, activity(date(2025, 2, 1), "25"))]
    assert check(existing, note(REAL, trip(date(2025, 2, 1), "40"))) == []


def test_regimes_may_differ_between_years():
    existing = [note(FLAT, activity(date(2025, 2, 1), "25"))]
    assert check(existing, note(REAL, real_cost(date(2026, 1, 1), "99"))) == []


def test_real_cost_line_in_a_flat_note_is_refused():
    candidate = note(FLAT, activity(date(2025, 2, 1), "25"), real_cost(date(2025, 2, 1), "5"))
    (violation,) = check([], candidate)
    assert violation.code is CapCode.FLAT_RATE_WITH_REAL_COSTS


def test_several_violations_are_all_reported():
    existing = [filled_year(2024, FIGURES[2024][1]), note(FLAT, trip(date(2024, 5, 1), "2000"))]
    candidate = note(FLAT, activity(date(2024, 12, 30), "50"), trip(date(2024, 12, 30), "1"))
    assert [v.code for v in check(existing, candidate)] == [
        CapCode.FLAT_RATE_PER_DAY,
        CapCode.FLAT_RATE_PER_YEAR,
        CapCode.KM_PER_YEAR,
    ]


def test_missing_rates_raise():
    with pytest.raises(NoFigureInForce, match="2023-05-01"):
        check([], note(FLAT, activity(date(2023, 5, 1), "1")))


# -- yearly overview ---------------------------------------------------------------


def test_yearly_overview():
    notes = [
        note(FLAT, activity(date(2025, 3, 1), "42.31", date(2025, 3, 31), 10)),
        note(FLAT, activity(date(2025, 5, 2), "20"), activity(date(2025, 5, 2), "22")),
        note(REAL, trip(date(2025, 5, 2), "120"), trip(date(2025, 6, 1), "30.5")),
        note(FLAT, activity(date(2024, 5, 2), "41")),  # another year
    ]
    overview = yearly_overview(occurrences_of(notes), 2025, RATES)
    assert overview.allowance_total == D("465.10")
    assert overview.year_cap == D("1692.51")
    assert overview.year_available == D("1227.41")
    assert overview.day_cap == D("42.31")
    assert (overview.busiest_day, overview.busiest_day_total) == (date(2025, 3, 1), D("42.31"))
    assert overview.km_total == D("150.5")
    assert (overview.km_limit, overview.km_available) == (KM_LIMIT, D("1849.5"))
    assert overview.km_limit_applies
    assert overview.real_costs_total == 0
    assert not overview.mixed_regimes


def test_yearly_overview_higher_cap_logbook_and_empty_year():
    profile = VolunteerProfile(higher_cap=True, transport_logbook=True)
    overview = yearly_overview([], 2026, RATES, profile)
    assert overview.allowance_total == 0
    assert overview.year_cap == overview.year_available == D("3233.91")
    assert overview.busiest_day is None
    assert overview.km_limit is None and overview.km_available is None
    assert not overview.km_limit_applies


# -- invariants ----------------------------------------------------------------------


def caps_hold(occurrences, profile):
    """Independent statement of the law over a set of occurrences."""
    day_total, year_flat, year_km = defaultdict(D), defaultdict(D), defaultdict(D)
    year_has_flat, year_has_real = set(), set()
    for occ in occurrences:
        year = occ.day.year
        if occ.regime is FLAT and occ.kind is ACTIVITY:
            day_total[occ.day] += occ.unit_amount
            year_flat[year] += occ.unit_amount
            year_has_flat.add(year)
        elif occ.kind is TRIP:
            year_km[year] += occ.km
        else:
            year_has_real.add(year)
    cap_index = 2 if profile.higher_cap else 1
    return (
        all(total <= FIGURES[day.year][0] for day, total in day_total.items())
        and all(total <= FIGURES[year][cap_index] for year, total in year_flat.items())
        and (profile.transport_logbook or all(year_km[year] <= KM_LIMIT for year in year_has_flat))
        and not year_has_flat & year_has_real
    )


@st.composite
def recurrences(draw):
    start = date(draw(st.sampled_from(sorted(FIGURES))), 1, 1)
    date_from = start + timedelta(days=draw(st.integers(0, 90)))
    date_to = date_from + timedelta(days=draw(st.integers(0, 90)))
    count = draw(st.integers(1, min((date_to - date_from).days + 1, 60)))
    return Recurrence(date_from, date_to, count)


AMOUNTS = st.decimals(min_value=D("0.01"), max_value=D("45.00"), places=2)
# amounts near the daily caps, so that yearly caps are reached too
NEAR_CAP = st.one_of(AMOUNTS, st.sampled_from([D("41.48"), D("41.00"), D("30.00")]))
ACTIVITIES = st.builds(
    lambda rec, amount: Line(ACTIVITY, rec, unit_amount=amount), recurrences(), NEAR_CAP
)
LINES = st.one_of(
    ACTIVITIES,
    ACTIVITIES,
    st.builds(
        lambda rec, km: Line(TRIP, rec, km=km, mode=CAR),
        recurrences(),
        st.decimals(min_value=0, max_value=400, places=1),
    ),
    st.builds(lambda rec, amount: Line(REAL_COST, rec, unit_amount=amount), recurrences(), AMOUNTS),
)
NOTES = st.lists(
    st.builds(
        lambda regime, lines: Note(next(_ids), "vol-1", regime, lines),
        st.sampled_from([FLAT, FLAT, REAL]),
        st.lists(LINES, min_size=1, max_size=4),
    ),
    min_size=1,
    max_size=10,
)
PROFILES = st.builds(VolunteerProfile, st.booleans(), st.booleans())


@settings(max_examples=300, deadline=None)
@given(NOTES, PROFILES)
def test_accepted_notes_never_exceed_a_cap(notes, profile):
    accepted = []
    for candidate in notes:
        violations = check_caps(accepted, candidate.occurrences(), RATES, profile)
        after = accepted + list(candidate.occurrences())
        # a note is refused exactly when accepting it would break the law
        assert (violations == []) == caps_hold(after, profile)
        for violation in violations:
            assert violation.excess > 0
            assert violation.available >= 0
            assert violation.used + violation.requested - violation.cap == violation.excess or (
                violation.code is CapCode.FLAT_RATE_WITH_REAL_COSTS
            )
        if not violations:
            accepted = after
    assert caps_hold(accepted, profile)
    for year in FIGURES:
        overview = yearly_overview(accepted, year, RATES, profile)
        assert overview.allowance_total <= overview.year_cap
        assert overview.busiest_day_total <= overview.day_cap
        assert not overview.mixed_regimes
        if overview.km_limit_applies:
            assert overview.km_total <= overview.km_limit
