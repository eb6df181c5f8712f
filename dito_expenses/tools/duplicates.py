# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Duplicate expenses across notes and channels (paper, e-mail, portal).

Two lines of **different** notes clash when they belong to the same volunteer,
are of the same kind with the same key, and may have happened on the same day:

- trips: same origin and destination (case and spaces ignored) and same km;
- activities and real costs: same amount per time.

"May have happened on the same day" compares the lines' whole periods, not the
spread dates of :mod:`.recurrence`: "4 times in March" says nothing of which
days, so it clashes with any matching line dated in March. Within one note no
clash is reported (identical lines there are the volunteer's own count).
"""

import unicodedata
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date

from .lines import LineKind


def normalise_place(text):
    """A place name compared case- and space-insensitively."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def duplicate_key(line):
    """What must be equal (besides volunteer and date) for two lines to clash."""
    if line.kind is LineKind.TRIP:
        return (
            line.kind,
            normalise_place(line.origin),
            normalise_place(line.destination),
            line.km,
        )
    return (line.kind, line.unit_amount)


@dataclass(frozen=True)
class Clash:
    """Two lines of two notes that look like the same expense.

    ``date_from``/``date_to``: the days both lines may share.
    """

    volunteer_id: Hashable
    note_ids: tuple[Hashable, Hashable]
    line_ids: tuple[Hashable, Hashable]
    kind: LineKind
    date_from: date
    date_to: date


def _ordered(first, second):
    """Both entries in a stable order (by note id, by ``repr`` if ids do not compare)."""
    try:
        swap = second[2] < first[2]
    except TypeError:
        swap = repr(second[2]) < repr(first[2])
    return (second, first) if swap else (first, second)


def find_clashes(notes):
    """Every :class:`Clash` between lines of different ``notes`` (all volunteers mixed)."""
    buckets = defaultdict(list)
    for note in notes:
        for line in note.lines:
            recurrence = line.recurrence
            buckets[(note.volunteer_id, duplicate_key(line))].append(
                (recurrence.date_from, recurrence.date_to, note.note_id, line.line_id)
            )
    clashes = []
    for (volunteer_id, key), entries in buckets.items():
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        active = []
        for entry in entries:
            active = [other for other in active if other[1] >= entry[0]]
            for other in active:
                if other[2] == entry[2]:
                    continue
                first, second = _ordered(other, entry)
                clashes.append(
                    Clash(
                        volunteer_id=volunteer_id,
                        note_ids=(first[2], second[2]),
                        line_ids=(first[3], second[3]),
                        kind=key[0],
                        date_from=entry[0],
                        date_to=min(other[1], entry[1]),
                    )
                )
            active.append(entry)
    return clashes


def clashing_note_pairs(notes):
    """The set of ``(note_id, note_id)`` pairs that have at least one clash."""
    return {clash.note_ids for clash in find_clashes(notes)}


def clashes_of(note_id, notes):
    """Clashes involving the note ``note_id`` (e.g. the one being reviewed)."""
    return [clash for clash in find_clashes(notes) if note_id in clash.note_ids]
