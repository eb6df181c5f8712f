# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The choice codes of dito_expenses: every code has one label, derived lists keep the order."""

import enum

from dito_expenses.tools import choices
from dito_expenses.tools.lines import LineKind, Regime, TransportMode

ENUMS = (Regime, LineKind, TransportMode, choices.NoteState, choices.Channel, choices.BatchState)


def test_every_code_has_a_label():
    members = {member for kind in ENUMS for member in kind}
    assert set(choices.LABELS) == members
    assert all(isinstance(label, str) and label for label in choices.LABELS.values())


def test_selection_and_values_follow_the_enum():
    for kind in ENUMS:
        assert [key for key, __ in choices.selection(kind)] == [m.value for m in kind]
        assert choices.values(kind) == tuple(m.value for m in kind)


def test_derived_groups():
    assert choices.values(choices.KM_RATE_MODES) == ("car", "bike")
    assert set(choices.LOCKED_STATES) < set(choices.LIVE_STATES)
    assert choices.NoteState.DRAFT not in choices.LIVE_STATES
    assert choices.NoteState.REFUSED not in choices.LIVE_STATES
    assert all(isinstance(state, enum.Enum) for state in choices.LIVE_STATES)
