# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dated figures: which one is in force on a day, and when the configuration is wrong.

Plain Python (no ``odoo`` import). Legal and issuer figures (a yearly cap, a
per-km rate, a region's rules, an issuer's terms) are dated records grouped by
what they apply to (a transport mode, a region and product type...). Every
figure has one meaning, the one of ``res.currency.rate``:

- a figure applies from its start date (``date_from``, required);
- a figure **without an end date ends where the next figure of its group
  starts** (the day before), so adding next period's figure is a pure insert:
  nothing else has to be edited, in the back office or in a module update;
- an **explicit end date** (``date_to``) ends it that day: the days after it,
  up to the next start, are a gap, and a date in a gap has no figure —
  :func:`in_force` raises :class:`NoFigureInForce`, whose message names what is
  missing and who can add it;
- two figures of a group overlap only when an explicit end date reaches the
  next start (or two start the same day): :func:`overlaps` finds them for a
  configuration constraint.

Errors carry an English template and its parameters, like
:class:`~benefits_base.tools.inputs.InputError`; the Odoo side translates them
(``odoo.addons.benefits_base.inputs.input_error_message`` works on them too).
"""

import calendar
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

ONE_DAY = timedelta(days=1)
_RAISE = object()


def _lt(text):
    """Mark an English message template for translation (Odoo extracts ``_lt``)."""
    return text


# ------------------------------------------------------------------- small helpers


def add_months(day, months):
    """``day`` moved by ``months`` calendar months, clamped to the month's last day.

    ``add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)``; ``months`` may be
    negative.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def to_decimal(value, default=_RAISE):
    """``value`` (Decimal, int, str or float) as a finite ``Decimal``; floats go through ``str``.

    ``None`` gives ``default`` when one is passed (``to_decimal(None, ZERO)``),
    else :class:`ValueError`; so do a boolean, text that is not a number and an
    infinite or NaN value.
    """
    if value is None:
        if default is _RAISE:
            raise ValueError("not a number: None")
        return default
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    elif isinstance(value, float):
        result = Decimal(str(value))
    else:
        raise ValueError(f"not a number: {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("not a finite number")
    return result


# ------------------------------------------------------------------------ periods


@dataclass(frozen=True)
class Period:
    """One dated figure: in force from ``date_from``, within its ``group``.

    ``date_to`` is the explicit end (inclusive) or ``None``; ``date_end`` is the
    effective end that :func:`resolve` fills in (``None``: open-ended). ``key``
    identifies the figure for the caller (a record id); ``group`` is any
    hashable value (a tuple of the grouping fields' values).
    """

    date_from: date
    date_to: date | None = None
    group: Hashable = ()
    key: Hashable = None
    date_end: date | None = None

    def covers(self, day):
        """Whether this (resolved) period is in force on ``day``."""
        return self.date_from <= day and (self.date_end is None or day <= self.date_end)


def effective_end(date_to, next_start):
    """The last day a figure is in force.

    Its explicit end ``date_to`` when it has one (a gap may follow), otherwise
    the day before ``next_start`` (the start of the next figure of its group),
    otherwise ``None``: it is in force until a next figure is added.
    """
    if date_to is not None:
        return date_to
    if next_start is not None:
        return next_start - ONE_DAY
    return None


def by_group(periods):
    """``{group: [periods sorted by start]}``."""
    groups = defaultdict(list)
    for period in periods:
        groups[period.group].append(period)
    for members in groups.values():
        members.sort(key=lambda period: (period.date_from, str(period.key)))
    return dict(groups)


def resolve(periods):
    """The periods with their effective end (``date_end``) set, sorted by group and start.

    The next start of a period is the earliest start of its group strictly after
    its own (two periods starting the same day are an overlap, see
    :func:`overlaps`).
    """
    resolved = []
    for members in by_group(periods).values():
        starts = sorted({period.date_from for period in members})
        for period in members:
            index = bisect_right(starts, period.date_from)
            end = effective_end(period.date_to, starts[index] if index < len(starts) else None)
            resolved.append(replace(period, date_end=end))
    return resolved


def effective_ends(periods):
    """``{key: effective end}`` of keyed periods (what a stored ``date_end`` holds)."""
    return {period.key: period.date_end for period in resolve(periods)}


def overlaps(periods):
    """Pairs ``(earlier, later)`` of periods of a group in force on a same day.

    Without an explicit end a period ends before the next one starts, so only an
    explicit end date on or after a later start, or two periods starting the same
    day, overlap.
    """
    pairs = []
    for members in by_group(periods).values():
        for index, period in enumerate(members):
            for later in members[index + 1 :]:
                if later.date_from == period.date_from or (
                    period.date_to is not None and later.date_from <= period.date_to
                ):
                    pairs.append((period, later))
                else:
                    break
    return pairs


def redundant_ends(periods):
    """Periods whose explicit end is the day before the next start of their group.

    Under the old "both dates" convention every figure carried its end; with one
    meaning such an end says nothing more than an empty one, but it would turn
    into an overlap if a figure were inserted between. A migration clears them.
    """
    found = []
    for members in by_group(periods).values():
        starts = sorted({period.date_from for period in members})
        for period in members:
            index = bisect_right(starts, period.date_from)
            if (
                period.date_to is not None
                and index < len(starts)
                and period.date_to == starts[index] - ONE_DAY
            ):
                found.append(period)
    return found


def bad_bounds(periods):
    """Periods whose explicit end is before their start."""
    return [p for p in periods if p.date_to is not None and p.date_to < p.date_from]


# ------------------------------------------------------------------------- errors


@dataclass
class DatedError(LookupError):
    """A dated configuration that cannot answer, with a message saying why.

    Same interface as :class:`~benefits_base.tools.inputs.InputError`: an English
    ``template`` and its ``params``, translated on the Odoo side.
    """

    template: str
    params: dict

    def __post_init__(self):
        self.args = (self.message(),)

    def message(self):
        """The English message (dates in ISO form)."""
        params = {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.params.items()
        }
        return (self.template % params).strip()

    def __str__(self):
        return self.message()


class NoFigureInForce(DatedError):
    """No figure of the group is in force on the day asked for.

    ``params``: ``figure`` (what is missing, group included), ``date``, ``hint``
    (who can add it and where), and ``start`` / ``end`` around the gap when
    they exist.
    """


class OverlappingFigures(DatedError):
    """Two figures of a group are in force on a same day."""


class ReversedDates(DatedError):
    """A figure whose explicit end is before its start."""


TEMPLATE_NONE = _lt("No %(figure)s is configured: none is in force on %(date)s. %(hint)s")
TEMPLATE_BEFORE_FIRST = _lt(
    "No %(figure)s is in force on %(date)s: the first one starts on %(start)s. %(hint)s"
)
TEMPLATE_GAP = _lt(
    "No %(figure)s is in force on %(date)s: the last one ended on %(end)s "
    "and the next one starts on %(start)s. %(hint)s"
)
TEMPLATE_ENDED = _lt(
    "No %(figure)s is in force on %(date)s: the last one ended on %(end)s. %(hint)s"
)
TEMPLATE_OVERLAP = _lt(
    "The %(figure)s starting on %(first)s ends on %(end)s, after the next one starts "
    "(%(second)s): only one can be in force on a day. Leave its end date empty to end "
    "it the day before the next one starts."
)
TEMPLATE_SAME_START = _lt(
    "Two %(figure)s records start on %(first)s: only one can be in force on a day."
)
TEMPLATE_BOUNDS = _lt("The %(figure)s starting on %(first)s ends before it starts (%(end)s).")


def figure_name(figure, group_label=""):
    """The figure and its group as messages name them: ``per-km rate (Car)``."""
    return f"{figure} ({group_label})" if group_label else figure


def no_figure_error(periods, day, *, figure="figure", hint=""):
    """The :class:`NoFigureInForce` for ``day`` among the resolved ``periods`` of a group."""
    params = {"figure": figure, "date": day, "hint": hint}
    before = [p for p in periods if p.date_from <= day]
    after = [p for p in periods if p.date_from > day]
    if not before and not after:
        return NoFigureInForce(TEMPLATE_NONE, params)
    if not before:
        start = min(p.date_from for p in after)
        return NoFigureInForce(TEMPLATE_BEFORE_FIRST, {**params, "start": start})
    ended = max((p.date_end for p in before if p.date_end is not None), default=None)
    if after:
        start = min(p.date_from for p in after)
        return NoFigureInForce(TEMPLATE_GAP, {**params, "end": ended, "start": start})
    return NoFigureInForce(TEMPLATE_ENDED, {**params, "end": ended})


def in_force(periods, day, *, group=None, figure="figure", group_label="", hint=""):
    """The one period in force on ``day`` (its ``date_end`` resolved).

    ``periods`` are the periods of one group, or of several with ``group``
    saying which one. Raises :class:`NoFigureInForce` (naming the figure and
    its group, the date, the gap around it and ``hint``: who can add it) when
    none is, and :class:`OverlappingFigures` when the configuration has several
    (a constraint should have refused it).
    """
    members = [p for p in resolve(periods) if group is None or p.group == group]
    found = [p for p in members if p.covers(day)]
    name = figure_name(figure, group_label)
    if not found:
        raise no_figure_error(members, day, figure=name, hint=hint)
    if len(found) > 1:
        raise overlap_error(found[0], found[1], figure=name)
    return found[0]


def overlap_error(earlier, later, *, figure="figure"):
    """The :class:`OverlappingFigures` for a pair found by :func:`overlaps`."""
    params = {"figure": figure, "first": earlier.date_from, "second": later.date_from}
    if earlier.date_from == later.date_from:
        return OverlappingFigures(TEMPLATE_SAME_START, params)
    return OverlappingFigures(TEMPLATE_OVERLAP, {**params, "end": earlier.date_to})


def bounds_error(period, *, figure="figure"):
    """The :class:`ReversedDates` error of a period ending before it starts."""
    return ReversedDates(
        TEMPLATE_BOUNDS, {"figure": figure, "first": period.date_from, "end": period.date_to}
    )
