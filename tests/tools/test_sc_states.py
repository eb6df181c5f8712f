# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simultaneous-validation state machine of service-voucher performances."""

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicecheque_prestations.tools import codes, states
from servicecheque_prestations.tools.states import Event, Facts, Party, Status

USER = "123456789012"
OTHER_USER = "999988887777"

BASE = Facts(hours=4, user_number=USER)
BOTH = dataclasses.replace(BASE, company_validated=True, user_confirmed=True)

#: one representative set of facts per status
EXAMPLES = {
    Status.ENCODED: BASE,
    Status.VALIDATED: dataclasses.replace(BASE, company_validated=True),
    Status.CONFIRMED: dataclasses.replace(BASE, user_confirmed=True),
    Status.CONTESTED: dataclasses.replace(BASE, contested=True, auto_validation_cancelled=True),
    Status.READY: BOTH,
    Status.PARTIAL_FIRST: dataclasses.replace(BOTH, vouchers_allocated=2, allocation_rounds=1),
    Status.PARTIAL_REIMBURSED: dataclasses.replace(
        BOTH, vouchers_allocated=2, allocation_rounds=1, vouchers_reimbursement_requested=2
    ),
    Status.PARTIAL_NEXT: dataclasses.replace(BOTH, vouchers_allocated=3, allocation_rounds=2),
    Status.PAID: dataclasses.replace(BOTH, vouchers_allocated=4, allocation_rounds=2),
    Status.OUTSIDE_VOUCHERS: dataclasses.replace(
        BOTH, vouchers_allocated=2, allocation_rounds=1, outside_vouchers=True
    ),
    Status.DELETED: dataclasses.replace(BASE, deleted=True),
}

#: parameters used for each event in the table-driven tests
PARAMS = {
    Event.ALLOCATE: {"count": 1},
    Event.MOVE_USER_NUMBER: {"user_number": OTHER_USER},
    Event.COMPANY_CHANGE: {"hours": 3},
    Event.AUTO_VALIDATE: {"party": Party.BOTH},
}

#: (status, event) -> status after the event: every allowed transition, nothing else
EXPECTED = {
    (Status.ENCODED, Event.COMPANY_VALIDATE): Status.VALIDATED,
    (Status.CONFIRMED, Event.COMPANY_VALIDATE): Status.READY,
    (Status.ENCODED, Event.USER_CONFIRM): Status.CONFIRMED,
    (Status.VALIDATED, Event.USER_CONFIRM): Status.READY,
    (Status.ENCODED, Event.USER_CONTEST): Status.CONTESTED,
    (Status.VALIDATED, Event.USER_CONTEST): Status.CONTESTED,
    (Status.CONFIRMED, Event.USER_CONTEST): Status.CONTESTED,
    (Status.ENCODED, Event.COMPANY_CHANGE): Status.ENCODED,
    (Status.VALIDATED, Event.COMPANY_CHANGE): Status.ENCODED,
    (Status.CONFIRMED, Event.COMPANY_CHANGE): Status.ENCODED,
    (Status.CONTESTED, Event.COMPANY_CHANGE): Status.ENCODED,
    (Status.ENCODED, Event.AUTO_VALIDATE): Status.READY,
    (Status.VALIDATED, Event.AUTO_VALIDATE): Status.READY,
    (Status.CONFIRMED, Event.AUTO_VALIDATE): Status.READY,
    (Status.READY, Event.ALLOCATE): Status.PARTIAL_FIRST,
    (Status.PARTIAL_FIRST, Event.ALLOCATE): Status.PARTIAL_NEXT,
    (Status.PARTIAL_REIMBURSED, Event.ALLOCATE): Status.PARTIAL_NEXT,
    (Status.PARTIAL_NEXT, Event.ALLOCATE): Status.PAID,
    (Status.PARTIAL_FIRST, Event.REQUEST_REIMBURSEMENT): Status.PARTIAL_REIMBURSED,
    (Status.PARTIAL_NEXT, Event.REQUEST_REIMBURSEMENT): Status.PARTIAL_REIMBURSED,
    (Status.PAID, Event.REQUEST_REIMBURSEMENT): Status.PAID,
    (Status.READY, Event.MARK_OUTSIDE_VOUCHERS): Status.OUTSIDE_VOUCHERS,
    (Status.PARTIAL_FIRST, Event.MARK_OUTSIDE_VOUCHERS): Status.OUTSIDE_VOUCHERS,
    (Status.PARTIAL_REIMBURSED, Event.MARK_OUTSIDE_VOUCHERS): Status.OUTSIDE_VOUCHERS,
    (Status.PARTIAL_NEXT, Event.MARK_OUTSIDE_VOUCHERS): Status.OUTSIDE_VOUCHERS,
    (Status.ENCODED, Event.DELETE): Status.DELETED,
    (Status.VALIDATED, Event.DELETE): Status.DELETED,
    (Status.CONFIRMED, Event.DELETE): Status.DELETED,
    (Status.CONTESTED, Event.DELETE): Status.DELETED,
    # "wij kunnen steeds ingevoerde prestaties verwijderen en overzetten op een ander
    # gebruikersnummer": after validation and payment too (vouchers back to the wallet)
    (Status.READY, Event.DELETE): Status.DELETED,
    (Status.PARTIAL_FIRST, Event.DELETE): Status.DELETED,
    (Status.PARTIAL_NEXT, Event.DELETE): Status.DELETED,
    (Status.PAID, Event.DELETE): Status.DELETED,
    (Status.OUTSIDE_VOUCHERS, Event.DELETE): Status.DELETED,
    (Status.READY, Event.MOVE_USER_NUMBER): Status.VALIDATED,
    (Status.PARTIAL_FIRST, Event.MOVE_USER_NUMBER): Status.VALIDATED,
    (Status.PARTIAL_NEXT, Event.MOVE_USER_NUMBER): Status.VALIDATED,
    (Status.PAID, Event.MOVE_USER_NUMBER): Status.VALIDATED,
    (Status.OUTSIDE_VOUCHERS, Event.MOVE_USER_NUMBER): Status.VALIDATED,
    (Status.ENCODED, Event.MOVE_USER_NUMBER): Status.ENCODED,
    (Status.VALIDATED, Event.MOVE_USER_NUMBER): Status.VALIDATED,
    (Status.CONFIRMED, Event.MOVE_USER_NUMBER): Status.ENCODED,
    (Status.CONTESTED, Event.MOVE_USER_NUMBER): Status.ENCODED,
}

ALLOWED = sorted(EXPECTED, key=lambda pair: (pair[0].value, pair[1].value))
FORBIDDEN = sorted(
    (pair for pair in itertools.product(Status, Event) if pair not in EXPECTED),
    key=lambda pair: (pair[0].value, pair[1].value),
)


def _id(pair):
    return f"{pair[0].value}-{pair[1].value}"


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------


def test_examples_have_their_status():
    for status, facts in EXAMPLES.items():
        assert states.compute_status(facts) is status
    assert set(EXAMPLES) == set(Status)


def test_expected_table_matches_transition_table():
    allowed = {(s, e) for e, sources in states.TRANSITIONS.items() for s in sources}
    assert allowed == set(EXPECTED)
    assert set(states.TRANSITIONS) == set(Event)


@pytest.mark.parametrize("pair", ALLOWED, ids=_id)
def test_allowed_transition(pair):
    status, event = pair
    facts = EXAMPLES[status]
    assert event in states.allowed_events(facts)
    assert states.check(facts, event, **PARAMS.get(event, {})) is None
    new = states.apply(facts, event, **PARAMS.get(event, {}))
    assert states.compute_status(new) is EXPECTED[pair]
    assert new.vouchers_allocated <= new.hours


@pytest.mark.parametrize("pair", FORBIDDEN, ids=_id)
def test_forbidden_transition(pair):
    status, event = pair
    facts = EXAMPLES[status]
    assert event not in states.allowed_events(facts)
    with pytest.raises(states.TransitionRefused) as info:
        states.apply(facts, event, **PARAMS.get(event, {}))
    refusal = info.value.refusal
    assert refusal == states.Refusal("not_allowed", event, status)
    assert states.check(facts, event, **PARAMS.get(event, {})) == refusal


def test_event_given_by_value():
    new = states.apply(BASE, "user_confirm")
    assert states.compute_status(new) is Status.CONFIRMED


# ---------------------------------------------------------------------------
# Status codes
# ---------------------------------------------------------------------------


def test_official_codes_are_the_issuers():
    assert set(codes.OFFICIAL_STATUS_CODES) == {11, 15, 16, 17, 18, 19}
    used = {code for code in states.STATUS_CODES.values() if code is not None}
    assert used == set(codes.OFFICIAL_STATUS_CODES)
    assert set(states.STATUS_CODES) == set(Status)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (Status.ENCODED, None),
        (Status.VALIDATED, None),
        (Status.CONFIRMED, 15),
        (Status.CONTESTED, None),
        (Status.READY, 11),
        (Status.PARTIAL_FIRST, 16),
        (Status.PARTIAL_REIMBURSED, 17),
        (Status.PARTIAL_NEXT, 18),
        (Status.PAID, 19),
        (Status.OUTSIDE_VOUCHERS, None),
        (Status.DELETED, None),
    ],
)
def test_status_code(status, code):
    assert states.status_code(EXAMPLES[status]) == code


def test_paid_in_one_go_has_no_partial_code():
    paid = states.apply(BOTH, Event.ALLOCATE, count=4)
    assert states.compute_status(paid) is Status.PAID
    assert states.status_code(paid) is None


def test_split_payment_walks_through_16_17_18_19():
    facts = BOTH
    seen = [states.status_code(facts)]
    facts = states.apply(facts, Event.ALLOCATE, count=2)
    seen.append(states.status_code(facts))
    facts = states.apply(facts, Event.REQUEST_REIMBURSEMENT)
    seen.append(states.status_code(facts))
    facts = states.apply(facts, Event.ALLOCATE, count=1)
    seen.append(states.status_code(facts))
    facts = states.apply(facts, Event.ALLOCATE, count=1)
    seen.append(states.status_code(facts))
    assert seen == [11, 16, 17, 18, 19]
    assert facts.vouchers_allocated == facts.hours == 4


def test_paper_vouchers_count_towards_payment():
    facts = states.apply(BOTH, Event.ALLOCATE, count=1, paper=True)
    facts = states.apply(facts, Event.ALLOCATE, count=3)
    assert facts.paper_vouchers == 1
    assert facts.vouchers_allocated == 4
    assert states.compute_status(facts) is Status.PAID


# ---------------------------------------------------------------------------
# Rules of the webinar
# ---------------------------------------------------------------------------


def test_both_parties_in_any_order_give_11():
    a = states.apply(states.apply(BASE, Event.COMPANY_VALIDATE), Event.USER_CONFIRM)
    b = states.apply(states.apply(BASE, Event.USER_CONFIRM), Event.COMPANY_VALIDATE)
    assert states.status_code(a) == states.status_code(b) == 11


def test_user_first_gives_15():
    assert states.status_code(states.apply(BASE, Event.USER_CONFIRM)) == 15


def test_contest_cancels_auto_validation():
    contested = states.apply(BASE, Event.USER_CONTEST)
    assert contested.auto_validation_cancelled
    assert not states.auto_validation_pending(contested)
    changed = states.apply(contested, Event.COMPANY_CHANGE)
    assert not changed.contested
    refusal = states.check(changed, Event.AUTO_VALIDATE)
    assert refusal.code == "auto_validation_cancelled"
    # both parties must act again, manually
    done = states.apply(states.apply(changed, Event.COMPANY_VALIDATE), Event.USER_CONFIRM)
    assert states.compute_status(done) is Status.READY
    assert not done.auto_validated


def test_contest_after_confirmation_withdraws_it():
    facts = states.apply(states.apply(BASE, Event.USER_CONFIRM), Event.USER_CONTEST)
    assert not facts.user_confirmed and not facts.company_validated
    assert states.compute_status(facts) is Status.CONTESTED


def test_company_change_after_user_confirmed_resets_confirmation():
    confirmed = states.apply(BASE, Event.USER_CONFIRM)
    changed = states.apply(confirmed, Event.COMPANY_CHANGE, hours=2)
    assert changed.hours == 2
    assert not changed.user_confirmed
    assert changed.changed_after_confirmation
    assert changed.auto_validation_cancelled
    assert states.check(changed, Event.AUTO_VALIDATE).code == "auto_validation_cancelled"
    reconfirmed = states.apply(changed, Event.USER_CONFIRM)
    assert not reconfirmed.changed_after_confirmation
    assert states.status_code(reconfirmed) == 15


def test_company_change_before_confirmation_is_not_after_confirmation():
    changed = states.apply(BASE, Event.COMPANY_CHANGE)
    assert not changed.changed_after_confirmation
    assert changed.auto_validation_cancelled


def test_company_change_refuses_invalid_hours():
    for hours in (0, 10, 2.5, True):
        assert states.check(BASE, Event.COMPANY_CHANGE, hours=hours).code == "invalid_hours"


@pytest.mark.parametrize(
    ("party", "expected"),
    [(Party.COMPANY, Status.VALIDATED), (Party.USER, Status.CONFIRMED), (Party.BOTH, Status.READY)],
)
def test_auto_validation_per_party(party, expected):
    facts = states.apply(BASE, Event.AUTO_VALIDATE, party=party)
    assert facts.auto_validated
    assert states.compute_status(facts) is expected


def test_auto_validation_of_a_side_already_done_is_refused():
    validated = EXAMPLES[Status.VALIDATED]
    assert states.check(validated, Event.AUTO_VALIDATE, party=Party.COMPANY).code == "already_done"
    assert states.check(validated, Event.AUTO_VALIDATE, party="user") is None


def test_auto_validation_pending():
    assert states.auto_validation_pending(BASE)
    assert states.auto_validation_pending(EXAMPLES[Status.CONFIRMED])
    for status in (Status.READY, Status.CONTESTED, Status.PAID, Status.DELETED):
        assert not states.auto_validation_pending(EXAMPLES[status])


@pytest.mark.parametrize("count", [0, -1, 3, None, True, 1.0])
def test_allocate_refuses_invalid_count(count):
    partial = EXAMPLES[Status.PARTIAL_FIRST]  # 2 of 4 allocated
    assert states.check(partial, Event.ALLOCATE, count=count).code == "invalid_count"


def test_reimbursement_twice_is_refused():
    paid = EXAMPLES[Status.PAID]
    asked = states.apply(paid, Event.REQUEST_REIMBURSEMENT)
    assert asked.vouchers_reimbursement_requested == 4
    assert states.check(asked, Event.REQUEST_REIMBURSEMENT).code == "nothing_to_reimburse"


def test_delete_or_move_after_payment_returns_the_vouchers():
    """ "The company can always delete a performance or move it to another user
    number ... After validation or payment: vouchers go back to the wallet"."""
    paid = EXAMPLES[Status.PAID]
    deleted = states.apply(paid, Event.DELETE)
    assert (deleted.deleted, deleted.vouchers_allocated, deleted.paper_vouchers) == (True, 0, 0)
    moved = states.apply(paid, Event.MOVE_USER_NUMBER, user_number=OTHER_USER)
    assert states.compute_status(moved) is Status.VALIDATED
    assert (moved.vouchers_allocated, moved.user_confirmed) == (0, False)
    assert moved.auto_validation_cancelled, "the new user confirms by hand"


@pytest.mark.parametrize("status", [Status.PARTIAL_REIMBURSED, Status.PAID])
def test_claimed_vouchers_are_not_returned(status):
    claimed = states.apply(EXAMPLES[Status.PAID], Event.REQUEST_REIMBURSEMENT)
    facts = EXAMPLES[status] if status is Status.PARTIAL_REIMBURSED else claimed
    assert states.check(facts, Event.DELETE).code in ("vouchers_claimed", "not_allowed")
    assert states.check(facts, Event.MOVE_USER_NUMBER, user_number=OTHER_USER) is not None


def test_move_user_number():
    moved = states.apply(
        EXAMPLES[Status.CONFIRMED], Event.MOVE_USER_NUMBER, user_number="9999 8888 7777"
    )
    assert moved.user_number == OTHER_USER
    assert not moved.user_confirmed
    assert states.check(BASE, Event.MOVE_USER_NUMBER, user_number="12345").code == (
        "invalid_user_number"
    )
    assert states.check(BASE, Event.MOVE_USER_NUMBER, user_number=USER).code == "same_user_number"


def test_facts_reject_impossible_values():
    with pytest.raises(ValueError):
        Facts(hours=0)
    with pytest.raises(ValueError):
        Facts(hours=2, vouchers_allocated=3)
    with pytest.raises(ValueError):
        Facts(hours=2, vouchers_allocated=1, paper_vouchers=2)
    with pytest.raises(ValueError):
        Facts(hours=2, vouchers_allocated=1, vouchers_reimbursement_requested=2)


# ---------------------------------------------------------------------------
# Any sequence of events
# ---------------------------------------------------------------------------

_event_with_params = st.one_of(
    st.sampled_from(
        [
            (Event.COMPANY_VALIDATE, {}),
            (Event.USER_CONFIRM, {}),
            (Event.USER_CONTEST, {}),
            (Event.REQUEST_REIMBURSEMENT, {}),
            (Event.MARK_OUTSIDE_VOUCHERS, {}),
            (Event.DELETE, {}),
        ]
    ),
    st.builds(lambda h: (Event.COMPANY_CHANGE, {"hours": h}), st.none() | st.integers(0, 10)),
    st.builds(lambda p: (Event.AUTO_VALIDATE, {"party": p}), st.sampled_from(Party)),
    st.builds(
        lambda c, p: (Event.ALLOCATE, {"count": c, "paper": p}), st.integers(-1, 10), st.booleans()
    ),
    st.builds(
        lambda n: (Event.MOVE_USER_NUMBER, {"user_number": n}),
        st.sampled_from([USER, OTHER_USER, "1", "555566667777"]),
    ),
)


@settings(max_examples=300)
@given(st.integers(1, 9), st.lists(_event_with_params, max_size=25))
def test_any_sequence_keeps_facts_consistent(hours, events):
    facts = Facts(hours=hours, user_number=USER)
    cancelled = False
    for event, params in events:
        before = states.compute_status(facts)
        try:
            new = states.apply(facts, event, **params)
        except states.TransitionRefused as error:
            assert error.refusal.status is before
            assert states.check(facts, event, **params) == error.refusal
            continue
        assert before in states.TRANSITIONS[event]
        # Facts.__post_init__ re-checks allocated <= hours, reimbursed <= allocated
        if event in (Event.DELETE, Event.MOVE_USER_NUMBER):
            # the vouchers go back to the wallet; claimed ones are never given back
            assert new.vouchers_allocated == 0
            assert facts.vouchers_reimbursement_requested == 0
        else:
            assert new.vouchers_allocated >= facts.vouchers_allocated
        if facts.vouchers_allocated and event is not Event.MOVE_USER_NUMBER:
            # once vouchers are allocated the performance is never changed or reset
            assert new.hours == facts.hours and new.user_number == facts.user_number
        cancelled = cancelled or event in (
            Event.USER_CONTEST,
            Event.COMPANY_CHANGE,
            Event.MOVE_USER_NUMBER,
        )
        assert new.auto_validation_cancelled == cancelled
        if states.compute_status(new) is Status.DELETED:
            assert states.allowed_events(new) == frozenset()
        facts = new
