# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Expense notes and their lines as plain values, and their expansion to occurrences.

The Odoo models build these from records (enum values match their selection
keys); the caps, amounts and duplicate rules work on them.

Line meaning per kind (``unit_amount`` is always "per time"):

- ``ACTIVITY``: an activity paid ``unit_amount`` each time;
- ``TRIP``: ``km`` from ``origin`` to ``destination`` by ``mode``; for public
  transport ``unit_amount`` is the ticket cost, for car and bike the amount comes
  from the dated per-km rates;
- ``REAL_COST``: a cost with a receipt (real-cost regime only).
"""

import enum
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import import_module

from .recurrence import Recurrence

_ROOT = __package__.rpartition(".")[0].rpartition(".")[0]  # "odoo.addons" or ""
dated = import_module(f"{_ROOT}.benefits_base.tools.dated".lstrip("."))

ZERO = Decimal(0)


class Regime(enum.Enum):
    """How a note is reimbursed."""

    FLAT = "flat"  # forfaitaire kostenvergoeding / défraiement forfaitaire
    REAL = "real"  # reële kosten / frais réels


class LineKind(enum.Enum):
    ACTIVITY = "activity"
    TRIP = "trip"
    REAL_COST = "real_cost"


class TransportMode(enum.Enum):
    CAR = "car"
    BIKE = "bike"
    PUBLIC_TRANSPORT = "public_transport"


def to_decimal(value):
    """``Decimal`` from a Decimal, int, str or float (floats through ``str``); ``None`` is 0."""
    return dated.to_decimal(value, ZERO)


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of a line: what caps and registers count."""

    day: date
    kind: LineKind
    regime: Regime
    unit_amount: Decimal = ZERO
    km: Decimal = ZERO
    mode: TransportMode | None = None
    note_id: Hashable = None
    line_id: Hashable = None

    @property
    def is_flat_allowance(self):
        """Counts towards the flat-rate daily and yearly caps."""
        return self.regime is Regime.FLAT and self.kind is LineKind.ACTIVITY

    @property
    def is_travel(self):
        """Travel costs: allowed on top of the flat rate (within the km limit)."""
        return self.kind is LineKind.TRIP

    @property
    def is_real_cost(self):
        """Real costs other than travel: cannot share a calendar year with the flat rate."""
        return not (self.is_flat_allowance or self.is_travel)


@dataclass(frozen=True)
class Line:
    """A note line; ``recurrence`` says when and how many times."""

    kind: LineKind
    recurrence: Recurrence
    unit_amount: Decimal = ZERO
    km: Decimal = ZERO
    mode: TransportMode | None = None
    origin: str = ""
    destination: str = ""
    line_id: Hashable = None

    def __post_init__(self):
        object.__setattr__(self, "unit_amount", to_decimal(self.unit_amount))
        object.__setattr__(self, "km", to_decimal(self.km))

    @property
    def count(self):
        return self.recurrence.count

    def occurrences(self, regime, note_id=None):
        """One :class:`Occurrence` per expanded date."""
        return tuple(
            Occurrence(
                day=day,
                kind=self.kind,
                regime=regime,
                unit_amount=self.unit_amount,
                km=self.km,
                mode=self.mode,
                note_id=note_id,
                line_id=self.line_id,
            )
            for day in self.recurrence.dates()
        )


@dataclass(frozen=True)
class Note:
    """An expense note of one volunteer, whatever its channel (portal, paper, e-mail)."""

    note_id: Hashable
    volunteer_id: Hashable
    regime: Regime
    lines: tuple[Line, ...] = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "lines", tuple(self.lines))

    def occurrences(self):
        return tuple(
            occ for line in self.lines for occ in line.occurrences(self.regime, self.note_id)
        )


def occurrences_of(notes):
    """All occurrences of several notes, in order."""
    return tuple(occ for note in notes for occ in note.occurrences())


class LineCode(enum.Enum):
    """Why a line cannot stay as it is."""

    REAL_COST_UNDER_FLAT_RATE = "real_cost_under_flat_rate"
    TRIP_WITHOUT_MODE = "trip_without_mode"
    TRIP_WITHOUT_KM = "trip_without_km"
    TICKET_COST_MISSING = "ticket_cost_missing"
    NEGATIVE_AMOUNT = "negative_amount"
    NEGATIVE_KM = "negative_km"


@dataclass(frozen=True)
class LineProblem:
    code: LineCode
    line_id: Hashable = None


def check_line(line, regime):
    """Problems of one line of a note under ``regime`` (empty list when fine)."""
    codes = []
    if line.unit_amount < 0:
        codes.append(LineCode.NEGATIVE_AMOUNT)
    if line.km < 0:
        codes.append(LineCode.NEGATIVE_KM)
    if line.kind is LineKind.REAL_COST and regime is Regime.FLAT:
        codes.append(LineCode.REAL_COST_UNDER_FLAT_RATE)
    if line.kind is LineKind.TRIP:
        if line.mode is None:
            codes.append(LineCode.TRIP_WITHOUT_MODE)
        elif line.mode is TransportMode.PUBLIC_TRANSPORT:
            if line.unit_amount <= 0:
                codes.append(LineCode.TICKET_COST_MISSING)
        elif line.km == 0:
            codes.append(LineCode.TRIP_WITHOUT_KM)
    return [LineProblem(code, line.line_id) for code in codes]


def check_note(note):
    """Problems of every line of ``note``."""
    return [problem for line in note.lines for problem in check_line(line, note.regime)]
