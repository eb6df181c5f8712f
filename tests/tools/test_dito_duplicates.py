# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Duplicate expenses across notes and channels."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dito_expenses.tools.duplicates import (
    clashes_of,
    clashing_note_pairs,
    duplicate_key,
    find_clashes,
    normalise_place,
)
from dito_expenses.tools.lines import Line, LineKind, Note, Regime, TransportMode
from dito_expenses.tools.recurrence import Recurrence

D = Decimal
CAR = TransportMode.CAR


def trip(day, origin, destination, km, date_to=None, count=1, line_id=None):
    return Line(
        LineKind.TRIP,
        Recurrence(day, date_to, count),
        km=D(km),
        mode=CAR,
        origin=origin,
        destination=destination,
        line_id=line_id,
    )


def activity(day, amount, date_to=None, count=1, line_id=None):
    return Line(LineKind.ACTIVITY, Recurrence(day, date_to, count), D(amount), line_id=line_id)


def note(note_id, *lines, volunteer="vol-1", regime=Regime.FLAT):
    return Note(note_id, volunteer, regime, lines)


def test_place_normalisation():
    assert normalise_place("  Sint-Niklaas   Station ") == "sint-niklaas station"
    assert normalise_place("GENT") == normalise_place("gent")
    assert normalise_place(None) == ""


def test_same_trip_in_two_channels_clashes():
    paper = note(1, trip(date(2025, 3, 4), "Gent", "Aalst ", "31", line_id=10))
    portal = note(2, trip(date(2025, 3, 4), " gent", "AALST", "31.0", line_id=20))
    (clash,) = find_clashes([portal, paper])
    assert clash.note_ids == (1, 2)
    assert clash.line_ids == (10, 20)
    assert clash.kind is LineKind.TRIP
    assert (clash.date_from, clash.date_to) == (date(2025, 3, 4), date(2025, 3, 4))
    assert clash.volunteer_id == "vol-1"


def test_trips_differing_in_route_km_or_date_do_not_clash():
    base = note(1, trip(date(2025, 3, 4), "Gent", "Aalst", "31"))
    others = [
        note(2, trip(date(2025, 3, 4), "Aalst", "Gent", "31")),  # the way back
        note(3, trip(date(2025, 3, 4), "Gent", "Aalst", "32")),
        note(4, trip(date(2025, 3, 5), "Gent", "Aalst", "31")),
        note(5, trip(date(2025, 3, 4), "Gent", "Aalst", "31"), volunteer="vol-2"),
        note(6, activity(date(2025, 3, 4), "31")),
    ]
    assert find_clashes([base, *others]) == []


def test_activities_clash_on_same_date_and_amount():
    notes = [
        note(1, activity(date(2025, 3, 4), "25.00")),
        note(2, activity(date(2025, 3, 4), "25")),
        note(3, activity(date(2025, 3, 4), "25.01")),
    ]
    assert clashing_note_pairs(notes) == {(1, 2)}


def test_real_costs_clash_on_same_date_and_amount():
    def receipt(note_id):
        line = Line(LineKind.REAL_COST, Recurrence(date(2025, 5, 1)), D("12.40"))
        return note(note_id, line, regime=Regime.REAL)

    assert clashing_note_pairs([receipt(1), receipt(2)]) == {(1, 2)}


def test_period_line_clashes_with_a_dated_line_inside_it():
    monthly = note(1, activity(date(2025, 3, 1), "20", date(2025, 3, 31), 4))
    inside = note(2, activity(date(2025, 3, 17), "20"))  # not one of the spread dates
    outside = note(3, activity(date(2025, 4, 1), "20"))
    (clash,) = find_clashes([monthly, inside, outside])
    assert clash.note_ids == (1, 2)
    assert (clash.date_from, clash.date_to) == (date(2025, 3, 17), date(2025, 3, 17))


def test_overlapping_periods_clash_on_their_common_days():
    first = note(5, trip(date(2025, 3, 1), "A", "B", "10", date(2025, 3, 20), 3))
    second = note(4, trip(date(2025, 3, 15), "a", "b", "10", date(2025, 4, 15), 5))
    (clash,) = find_clashes([first, second])
    assert clash.note_ids == (4, 5)
    assert (clash.date_from, clash.date_to) == (date(2025, 3, 15), date(2025, 3, 20))


def test_identical_lines_within_one_note_are_not_clashes():
    same = note(1, activity(date(2025, 3, 4), "20"), activity(date(2025, 3, 4), "20"))
    assert find_clashes([same]) == []


def test_clashes_of_one_note():
    notes = [
        note(1, activity(date(2025, 3, 4), "20")),
        note(2, activity(date(2025, 3, 4), "20")),
        note(3, activity(date(2025, 3, 4), "20")),
    ]
    assert clashing_note_pairs(notes) == {(1, 2), (1, 3), (2, 3)}
    assert {c.note_ids for c in clashes_of(3, notes)} == {(1, 3), (2, 3)}


def test_ids_that_do_not_compare_still_pair_stably():
    notes = [
        note("new", activity(date(2025, 3, 4), "20")),
        note(8, activity(date(2025, 3, 4), "20")),
    ]
    assert clashing_note_pairs(notes) == clashing_note_pairs(list(reversed(notes)))


def test_keys():
    assert duplicate_key(trip(date(2025, 1, 1), " Gent ", "Aalst", "3.0")) == (
        LineKind.TRIP,
        "gent",
        "aalst",
        D(3),
    )
    assert duplicate_key(activity(date(2025, 1, 1), "9.50")) == (LineKind.ACTIVITY, D("9.5"))


# -- invariants ---------------------------------------------------------------------

START = date(2025, 1, 1)


@st.composite
def small_lines(draw):
    date_from = START + timedelta(days=draw(st.integers(0, 20)))
    date_to = date_from + timedelta(days=draw(st.integers(0, 5)))
    recurrence = Recurrence(date_from, date_to, 1)
    if draw(st.booleans()):
        return Line(LineKind.ACTIVITY, recurrence, D(draw(st.sampled_from(["10", "20"]))))
    origin = draw(st.sampled_from(["Gent", " gent", "Aalst"]))
    return Line(
        LineKind.TRIP,
        recurrence,
        km=D(draw(st.sampled_from([5, 7]))),
        mode=CAR,
        origin=origin,
        destination="Brussel",
    )


NOTES = st.lists(
    st.tuples(st.sampled_from(["v1", "v2"]), st.lists(small_lines(), max_size=3)),
    max_size=6,
).map(lambda drafts: [note(i, *lines, volunteer=vol) for i, (vol, lines) in enumerate(drafts)])


def brute_force_pairs(notes):
    pairs = set()
    for first, second in itertools.combinations(notes, 2):
        if first.volunteer_id != second.volunteer_id:
            continue
        for a, b in itertools.product(first.lines, second.lines):
            if duplicate_key(a) == duplicate_key(b) and a.recurrence.overlap(b.recurrence):
                pairs.add(tuple(sorted((first.note_id, second.note_id))))
    return pairs


@given(NOTES)
def test_sweep_finds_exactly_the_overlapping_pairs(notes):
    assert clashing_note_pairs(notes) == brute_force_pairs(notes)


@given(NOTES, st.randoms())
def test_clashes_do_not_depend_on_order(notes, random):
    shuffled = list(notes)
    random.shuffle(shuffled)
    assert sorted(map(repr, find_clashes(notes))) == sorted(map(repr, find_clashes(shuffled)))
