# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every code of the addon's choice fields, with its English label.

The models' selections, the values the portal accepts and the state domains
all derive from these enums: a new status code (or transport mode, line kind...)
is added here once, with its label, then translated in the ``.po`` files.
"""

import enum

from .lines import LineKind, Regime, TransportMode


class NoteState(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # to sign by the volunteer
    SIGNED = "signed"  # to approve by the budget holder
    REFUSED = "refused"
    APPROVED = "approved"
    BILLED = "billed"
    PAID = "paid"


class Channel(enum.Enum):
    """How a note reached the volunteer service."""

    PORTAL = "portal"
    PAPER = "paper"
    EMAIL = "email"


class BatchState(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"
    BILLED = "billed"
    PAID = "paid"


#: modes with a per-km rate (public transport is paid at the ticket's cost)
KM_RATE_MODES = (TransportMode.CAR, TransportMode.BIKE)
#: notes that count for the caps and the duplicate check
LIVE_STATES = (
    NoteState.SUBMITTED,
    NoteState.SIGNED,
    NoteState.APPROVED,
    NoteState.BILLED,
    NoteState.PAID,
)
#: notes the volunteer and the holder can no longer change
LOCKED_STATES = (NoteState.APPROVED, NoteState.BILLED, NoteState.PAID)

LABELS = {
    Regime.FLAT: "Flat-rate Allowance",
    Regime.REAL: "Real Costs",
    LineKind.ACTIVITY: "Activity",
    LineKind.TRIP: "Trip",
    LineKind.REAL_COST: "Real Cost",
    TransportMode.CAR: "Car",
    TransportMode.BIKE: "Bike",
    TransportMode.PUBLIC_TRANSPORT: "Public Transport",
    NoteState.DRAFT: "Draft",
    NoteState.SUBMITTED: "To Sign",
    NoteState.SIGNED: "To Approve",
    NoteState.REFUSED: "Refused",
    NoteState.APPROVED: "Approved",
    NoteState.BILLED: "Billed",
    NoteState.PAID: "Paid",
    Channel.PORTAL: "Portal",
    Channel.PAPER: "Paper",
    Channel.EMAIL: "E-mail",
    BatchState.OPEN: "Open",
    BatchState.CLOSED: "Closed",
    BatchState.BILLED: "Billed",
    BatchState.PAID: "Paid",
}


def selection(members):
    """An Odoo selection ``[(code, English label)]`` of enum ``members`` (a class or a tuple)."""
    return [(member.value, LABELS[member]) for member in members]


def values(members):
    """The codes of enum ``members``, for domains and ``inputs.parse_choice``."""
    return tuple(member.value for member in members)
