# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared pieces of the voucher tools: money, dated configuration, problems.

* Money is :class:`~decimal.Decimal`, rounded to the cent half-up (:func:`money`).
* Legal and issuer figures are *dated*: every configuration object carries
  ``date_from`` and ``date_to`` (inclusive, ``None`` = open) and
  :func:`pick_dated` chooses the one valid at a date, raising
  :class:`NoValidRuleError` (which names the date) when there is none.
* Problems meant for users are :class:`Problem` values (a code, a row, a
  column or field, a masked value, parameters); the Odoo layer turns the code
  into a translated sentence.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------


def to_decimal(value):
    """``value`` (Decimal, int, str or float) as a Decimal; floats go through ``str``.

    Raises :class:`ValueError` for anything that is not a finite number.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}")
    elif isinstance(value, float):
        result = Decimal(str(value))
    else:
        raise ValueError(f"not a number: {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("not a finite number")
    return result


def money(value):
    """``value`` rounded to the cent, half up (``Decimal("2.675")`` → ``2.68``)."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# Dated configuration
# ---------------------------------------------------------------------------


class NoValidRuleError(LookupError):
    """No configuration record (or more than one) is valid at a date."""

    def __init__(self, what, at_date, *, ambiguous=False):
        self.what = what
        self.at_date = at_date
        self.ambiguous = ambiguous
        if ambiguous:
            message = f"several {what} rules are valid on {at_date.isoformat()}"
        else:
            message = f"no {what} rule is valid on {at_date.isoformat()}"
        super().__init__(message)


def is_valid_on(item, at_date):
    """Whether ``item`` (``date_from``/``date_to``, both inclusive) covers ``at_date``."""
    if item.date_from is not None and at_date < item.date_from:
        return False
    return item.date_to is None or at_date <= item.date_to


def pick_dated(items, at_date, what="configuration"):
    """The one item of ``items`` valid at ``at_date``.

    ``what`` names the kind of rule in the error ("meal voucher", "issuer terms").
    Raises :class:`NoValidRuleError` when none or several are valid.
    """
    if not isinstance(at_date, date):
        raise TypeError("at_date must be a date")
    found = [item for item in items if is_valid_on(item, at_date)]
    if not found:
        raise NoValidRuleError(what, at_date)
    if len(found) > 1:
        raise NoValidRuleError(what, at_date, ambiguous=True)
    return found[0]


def check_dated_ranges(items):
    """Pairs of items whose validity periods overlap or run backwards.

    Returns a list of ``(item_a, item_b)`` overlaps; an item whose ``date_to`` is
    before its ``date_from`` is reported as ``(item, item)``. Used by the
    configuration models' constraints.
    """
    problems = []
    items = list(items)
    for item in items:
        if item.date_from and item.date_to and item.date_to < item.date_from:
            problems.append((item, item))
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            start = max(first.date_from or date.min, second.date_from or date.min)
            end = min(first.date_to or date.max, second.date_to or date.max)
            if start <= end:
                problems.append((first, second))
    return problems


# ---------------------------------------------------------------------------
# Problems meant for users
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem to show to a user, as data.

    ``code`` names the problem (the Odoo layer translates it), ``row`` is the
    spreadsheet row (1-based, ``None`` for the whole file or a manual entry),
    ``column`` the column key or field name, ``value`` the offending value as
    text (a national number is always masked), ``params`` extra figures for
    the message (a limit, the first row of a duplicate...).
    """

    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR
    params: dict = field(default_factory=dict, compare=False)

    @property
    def is_error(self):
        return self.severity == ERROR


def has_errors(problems):
    """Whether any of ``problems`` blocks (severity ``error``)."""
    return any(problem.severity == ERROR for problem in problems)
