# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Simultaneous validation of a performance, as a state machine over facts.

A performance carries independent *facts* (:class:`Facts`): the company validated
it, the user confirmed it, the user contested it, the company changed it after the
user confirmed, how many of the vouchers due (one per hour) were allocated, how
many of those the company asked to be reimbursed, whether it is to be paid
outside service vouchers. The *status* is never written: :func:`compute_status`
derives it from the facts, and :func:`status_code` gives the issuer's code.

Events change facts through :func:`apply`, which refuses (raises
:class:`TransitionRefused` carrying a :class:`Refusal`) any event the explicit
table :data:`TRANSITIONS` does not allow from the current status, or whose guard
fails (auto-validation cancelled, nothing left to allocate, ...).

Rules from the issuer's information session on the secure zone
(dienstencheques.vlaanderen.be, "status functionaliteiten"):

- company validation and user confirmation are independent; both give code 11,
  the user alone gives code 15;
- a change or a contest cancels automatic validation: the performance must then be
  validated and confirmed manually;
- if the user confirmed first, the company may still correct the performance; the
  user must then confirm again;
- after a contest, the company adjusts the performance and both parties validate
  and confirm again;
- split payment: 16 first partial allocation, 17 reimbursement asked for the
  partly allocated vouchers, 18 further partial allocation, 19 last voucher;
- the company can always delete a performance or move it to another user number
  (the issuer's answer to companies: "wij kunnen steeds ingevoerde prestaties
  verwijderen en overzetten op een ander gebruikersnummer"): after allocation,
  the vouchers go back to the wallet (the caller moves them; here the allocation
  facts are reset). Vouchers already claimed from the issuer (a reimbursement
  request) are refused: that correction goes through the issuer.

Time windows (auto-validation due date, the 12 months before "to be paid outside
service vouchers") are checked by the caller with :mod:`.calendar`; this module
only knows which event may follow which status.
"""

import dataclasses
import enum
from dataclasses import dataclass

from . import codes


class Status(enum.Enum):
    """Derived status of a performance."""

    ENCODED = "encoded"  # awaiting both the company and the user
    VALIDATED = "validated"  # validated by the company, awaiting the user
    CONFIRMED = "confirmed"  # confirmed by the user, awaiting the company (15)
    CONTESTED = "contested"  # contested by the user, awaiting the company's change
    READY = "ready"  # validated and confirmed: ready for allocation (11)
    PARTIAL_FIRST = "partial_first"  # first partial allocation (16)
    PARTIAL_REIMBURSED = "partial_reimbursed"  # reimbursement of the partial part asked (17)
    PARTIAL_NEXT = "partial_next"  # further partial allocation, still incomplete (18)
    PAID = "paid"  # all vouchers allocated (19 when paid in several goes)
    OUTSIDE_VOUCHERS = "outside_vouchers"  # to be paid outside service vouchers
    DELETED = "deleted"


#: Status -> issuer's status code (see :data:`.codes.OFFICIAL_STATUS_CODES`).
#: ``None``: the issuer's pages give no code for that status. ``PAID`` is special-cased in
#: :func:`status_code`: 19 when paid in several goes, otherwise no known code.
STATUS_CODES = {
    Status.ENCODED: None,
    Status.VALIDATED: None,
    Status.CONFIRMED: 15,
    Status.CONTESTED: None,
    Status.READY: 11,
    Status.PARTIAL_FIRST: 16,
    Status.PARTIAL_REIMBURSED: 17,
    Status.PARTIAL_NEXT: 18,
    Status.PAID: 19,
    Status.OUTSIDE_VOUCHERS: None,
    Status.DELETED: None,
}


class Event(enum.Enum):
    COMPANY_VALIDATE = "company_validate"
    USER_CONFIRM = "user_confirm"
    USER_CONTEST = "user_contest"
    COMPANY_CHANGE = "company_change"
    AUTO_VALIDATE = "auto_validate"
    ALLOCATE = "allocate"
    REQUEST_REIMBURSEMENT = "request_reimbursement"
    MARK_OUTSIDE_VOUCHERS = "mark_outside_vouchers"
    DELETE = "delete"
    MOVE_USER_NUMBER = "move_user_number"


class Party(enum.Enum):
    """Whose side an automatic validation completes (regions set different delays)."""

    COMPANY = "company"
    USER = "user"
    BOTH = "both"


_BEFORE_VALIDATION = frozenset(
    {Status.ENCODED, Status.VALIDATED, Status.CONFIRMED, Status.CONTESTED}
)
_PARTIAL = frozenset({Status.PARTIAL_FIRST, Status.PARTIAL_REIMBURSED, Status.PARTIAL_NEXT})

#: Event -> statuses it may be applied from. Anything else is refused.
TRANSITIONS = {
    Event.COMPANY_VALIDATE: frozenset({Status.ENCODED, Status.CONFIRMED}),
    Event.USER_CONFIRM: frozenset({Status.ENCODED, Status.VALIDATED}),
    Event.USER_CONTEST: frozenset({Status.ENCODED, Status.VALIDATED, Status.CONFIRMED}),
    Event.COMPANY_CHANGE: _BEFORE_VALIDATION,
    Event.AUTO_VALIDATE: frozenset({Status.ENCODED, Status.VALIDATED, Status.CONFIRMED}),
    Event.ALLOCATE: frozenset({Status.READY}) | _PARTIAL,
    Event.REQUEST_REIMBURSEMENT: frozenset(
        {Status.PARTIAL_FIRST, Status.PARTIAL_NEXT, Status.PAID}
    ),
    Event.MARK_OUTSIDE_VOUCHERS: frozenset({Status.READY}) | _PARTIAL,
    # the company can always delete or move, status 17 aside (vouchers claimed)
    Event.DELETE: frozenset(Status) - {Status.DELETED, Status.PARTIAL_REIMBURSED},
    Event.MOVE_USER_NUMBER: frozenset(Status) - {Status.DELETED, Status.PARTIAL_REIMBURSED},
}
#: Statuses before the company validated and the user confirmed (no vouchers yet).
BEFORE_VALIDATION = _BEFORE_VALIDATION
#: Statuses of a performance paid in part.
PARTIAL = _PARTIAL


def status_values(statuses):
    """The field values of ``statuses``, in the order of :class:`Status` (domains, SQL)."""
    return tuple(status.value for status in Status if status in statuses)


#: Field values of the statuses that take vouchers (from the transition table).
ALLOCATABLE_VALUES = status_values(TRANSITIONS[Event.ALLOCATE])
#: Field values of the statuses the company may validate.
TO_VALIDATE_VALUES = status_values(TRANSITIONS[Event.COMPANY_VALIDATE])


@dataclass(frozen=True)
class Facts:
    """What is known about one performance; the status is derived from it."""

    hours: int  # vouchers due: one per hour
    user_number: str = ""
    company_validated: bool = False
    user_confirmed: bool = False
    contested: bool = False
    changed_after_confirmation: bool = False
    auto_validation_cancelled: bool = False
    auto_validated: bool = False
    vouchers_allocated: int = 0  # electronic and paper together
    paper_vouchers: int = 0  # part of ``vouchers_allocated`` paid with paper vouchers
    allocation_rounds: int = 0
    vouchers_reimbursement_requested: int = 0
    outside_vouchers: bool = False
    deleted: bool = False

    def __post_init__(self):
        if self.hours < 1:
            raise ValueError("hours must be at least 1")
        if not 0 <= self.paper_vouchers <= self.vouchers_allocated <= self.hours:
            raise ValueError("need 0 <= paper_vouchers <= vouchers_allocated <= hours")
        if not 0 <= self.vouchers_reimbursement_requested <= self.vouchers_allocated:
            raise ValueError("reimbursement requested for more vouchers than allocated")

    @property
    def vouchers_outstanding(self):
        return self.hours - self.vouchers_allocated


@dataclass(frozen=True)
class Refusal:
    """Why an event was refused; the Odoo layer turns ``code`` into a message.

    Codes: ``not_allowed`` (the table forbids the event from ``status``),
    ``auto_validation_cancelled``, ``already_done`` (the party already
    validated/confirmed), ``invalid_count``, ``invalid_hours``,
    ``invalid_user_number``, ``same_user_number``, ``nothing_to_reimburse``.
    """

    code: str
    event: Event
    status: Status
    value: object = None


class TransitionRefused(Exception):
    def __init__(self, refusal):
        super().__init__(
            f"{refusal.event.value} refused from {refusal.status.value}: {refusal.code}"
        )
        self.refusal = refusal


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------


def compute_status(facts):
    """The status of a performance with these facts."""
    if facts.deleted:
        return Status.DELETED
    if facts.outside_vouchers:
        return Status.OUTSIDE_VOUCHERS
    if facts.vouchers_allocated:
        if facts.vouchers_allocated >= facts.hours:
            return Status.PAID
        if facts.vouchers_reimbursement_requested >= facts.vouchers_allocated:
            return Status.PARTIAL_REIMBURSED
        return Status.PARTIAL_FIRST if facts.allocation_rounds <= 1 else Status.PARTIAL_NEXT
    if facts.contested:
        return Status.CONTESTED
    if facts.company_validated and facts.user_confirmed:
        return Status.READY
    if facts.user_confirmed:
        return Status.CONFIRMED
    if facts.company_validated:
        return Status.VALIDATED
    return Status.ENCODED


def status_code(facts):
    """The issuer's status code for these facts, or ``None`` when the issuer gives none.

    A performance paid in one go has no code in the issuer's pages (19 is "last *partial*
    allocation"), so only a performance paid in several goes gets 19.
    """
    status = compute_status(facts)
    if status is Status.PAID and facts.allocation_rounds <= 1:
        return None
    return STATUS_CODES[status]


def auto_validation_pending(facts):
    """Whether the auto-validation cron should still look at this performance."""
    return (
        compute_status(facts) in TRANSITIONS[Event.AUTO_VALIDATE]
        and not facts.auto_validation_cancelled
    )


# ---------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------


def check(facts, event, **params):
    """The :class:`Refusal` ``apply(facts, event, **params)`` would raise, or ``None``."""
    try:
        apply(facts, event, **params)
    except TransitionRefused as error:
        return error.refusal
    return None


def allowed_events(facts):
    """Events the table allows from the current status (guards with parameters aside)."""
    status = compute_status(facts)
    return frozenset(event for event, sources in TRANSITIONS.items() if status in sources)


def apply(facts, event, **params):
    """New facts after ``event``, or raise :class:`TransitionRefused`.

    Parameters per event:

    - ``AUTO_VALIDATE``: ``party`` (:class:`Party`, default ``BOTH``);
    - ``COMPANY_CHANGE``: ``hours`` (optional new number of hours, 1-9);
    - ``ALLOCATE``: ``count`` (vouchers allocated now), ``paper`` (bool);
    - ``MOVE_USER_NUMBER``: ``user_number`` (12 digits).
    """
    event = Event(event)
    status = compute_status(facts)

    def refuse(code, value=None):
        raise TransitionRefused(Refusal(code, event, status, value))

    if status not in TRANSITIONS[event]:
        refuse("not_allowed")
    handler = _HANDLERS[event]
    return handler(facts, refuse, **params)


def _company_validate(facts, refuse):
    return dataclasses.replace(facts, company_validated=True)


def _user_confirm(facts, refuse):
    return dataclasses.replace(
        facts, user_confirmed=True, contested=False, changed_after_confirmation=False
    )


def _user_contest(facts, refuse):
    # both parties must validate and confirm again, manually
    return dataclasses.replace(
        facts,
        contested=True,
        user_confirmed=False,
        company_validated=False,
        auto_validation_cancelled=True,
    )


def _company_change(facts, refuse, hours=None):
    changes = {}
    if hours is not None:
        if not codes.is_valid_hours(hours):
            refuse("invalid_hours", hours)
        changes["hours"] = hours
    return dataclasses.replace(
        facts,
        company_validated=False,
        user_confirmed=False,
        contested=False,
        changed_after_confirmation=facts.user_confirmed or facts.changed_after_confirmation,
        auto_validation_cancelled=True,
        **changes,
    )


def _auto_validate(facts, refuse, party=Party.BOTH):
    party = Party(party)
    if facts.auto_validation_cancelled:
        refuse("auto_validation_cancelled")
    changes = {}
    if party in (Party.COMPANY, Party.BOTH) and not facts.company_validated:
        changes["company_validated"] = True
    if party in (Party.USER, Party.BOTH) and not facts.user_confirmed:
        changes["user_confirmed"] = True
    if not changes:
        refuse("already_done", party)
    return dataclasses.replace(facts, auto_validated=True, **changes)


def _allocate(facts, refuse, count=None, paper=False):
    if (
        not isinstance(count, int)
        or isinstance(count, bool)
        or not 1 <= count <= facts.vouchers_outstanding
    ):
        refuse("invalid_count", count)
    return dataclasses.replace(
        facts,
        vouchers_allocated=facts.vouchers_allocated + count,
        paper_vouchers=facts.paper_vouchers + (count if paper else 0),
        allocation_rounds=facts.allocation_rounds + 1,
    )


def _request_reimbursement(facts, refuse):
    if facts.vouchers_reimbursement_requested >= facts.vouchers_allocated:
        refuse("nothing_to_reimburse")
    return dataclasses.replace(facts, vouchers_reimbursement_requested=facts.vouchers_allocated)


def _mark_outside_vouchers(facts, refuse):
    return dataclasses.replace(facts, outside_vouchers=True)


def _reset_vouchers(facts, refuse):
    """The facts without their vouchers (they go back to the wallet)."""
    if facts.vouchers_reimbursement_requested:
        refuse("vouchers_claimed", facts.vouchers_reimbursement_requested)
    return dataclasses.replace(
        facts, vouchers_allocated=0, paper_vouchers=0, allocation_rounds=0, outside_vouchers=False
    )


def _delete(facts, refuse):
    return dataclasses.replace(_reset_vouchers(facts, refuse), deleted=True)


def _move_user_number(facts, refuse, user_number=None):
    number = codes.normalize_user_number(user_number)
    if number is None:
        refuse("invalid_user_number", user_number)
    if number == facts.user_number:
        refuse("same_user_number", user_number)
    # the new user has not confirmed anything; the move is a change by the company
    return dataclasses.replace(
        _reset_vouchers(facts, refuse),
        user_number=number,
        user_confirmed=False,
        contested=False,
        changed_after_confirmation=False,
        auto_validation_cancelled=True,
    )


_HANDLERS = {
    Event.COMPANY_VALIDATE: _company_validate,
    Event.USER_CONFIRM: _user_confirm,
    Event.USER_CONTEST: _user_contest,
    Event.COMPANY_CHANGE: _company_change,
    Event.AUTO_VALIDATE: _auto_validate,
    Event.ALLOCATE: _allocate,
    Event.REQUEST_REIMBURSEMENT: _request_reimbursement,
    Event.MARK_OUTSIDE_VOUCHERS: _mark_outside_vouchers,
    Event.DELETE: _delete,
    Event.MOVE_USER_NUMBER: _move_user_number,
}
