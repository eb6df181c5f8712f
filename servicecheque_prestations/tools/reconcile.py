# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reconciliation of the issuer's export of performances with the company's own.

The issuer's export lists performances with their status code (the
"Statuscode" column); :func:`parse_issuer_export` reads it with the same reader
as the imports (CSV or .xlsx, header aliases) but without the date window and the
duplicate checks. :func:`reconcile` matches its rows with the company's
performances on the duplicate key (user number, worker, date, activity) and lists
the differences: performances only at the issuer, only at the company, with other
hours, or with another status code. Nothing here is translated.
"""

import datetime
from dataclasses import dataclass

from . import codes, csvio

STATUS_CODE_ALIASES = {
    "status_code": ("Statuscode", "Code statut", "Code de statut", "Status code"),
}


@dataclass(frozen=True)
class IssuerRow:
    row_number: int
    user_number: str
    worker_code: str
    date: datetime.date
    activity: int
    hours: int
    status_code: int | None = None

    @property
    def key(self):
        return csvio.performance_key(self.user_number, self.worker_code, self.date, self.activity)


@dataclass(frozen=True)
class Difference:
    """``kind``: ``only_issuer``, ``only_company``, ``hours`` or ``status_code``."""

    kind: str
    key: tuple
    row_number: int | None = None
    company_value: object = None
    issuer_value: object = None


def parse_issuer_export(data, filename):
    """Read the issuer's export into an :class:`.csvio.ImportResult` of :class:`IssuerRow`."""
    aliases = {**csvio.PERFORMANCE_ALIASES, **STATUS_CODE_ALIASES}

    def parse_row(row_number, layout, cells, formula_fields):
        errors = []
        values = {}
        for field in (*csvio.PERFORMANCE_REQUIRED, "status_code"):
            if field in formula_fields:
                continue
            cell = layout.cell(cells, field)
            if cell.value is None or cell.value == "":
                if field != "status_code":
                    errors.append(csvio.RowError("missing", field))
                continue
            raw = cell.value
            if field == "user_number":
                value = csvio._user_number(raw)
            elif field == "worker_code":
                value = csvio._text(raw) or None
            elif field == "date":
                value = csvio.parse_date(raw)
            else:
                value = csvio._whole_number(raw)
                if field == "activity" and not codes.is_activity_code(value):
                    value = None
                if field == "hours" and not codes.is_valid_hours(value):
                    value = None
            if value is None:
                errors.append(csvio.RowError("invalid", field, raw))
            values[field] = value
        if errors or formula_fields:
            return None, errors
        return IssuerRow(row_number=row_number, **values), []

    return csvio._parse_file(data, filename, aliases, csvio.PERFORMANCE_REQUIRED, parse_row)


def reconcile(issuer_rows, company_rows):
    """Differences between the issuer's rows and the company's.

    ``company_rows``: ``{key: (hours, status_code or None)}`` of the company's
    performances over the same period. Returns :class:`Difference` values, in the
    issuer file's order, then the company's performances missing at the issuer
    (sorted by key).
    """
    differences = []
    seen = set()
    for row in issuer_rows:
        seen.add(row.key)
        ours = company_rows.get(row.key)
        if ours is None:
            differences.append(Difference("only_issuer", row.key, row.row_number))
            continue
        hours, status_code = ours
        if hours != row.hours:
            differences.append(Difference("hours", row.key, row.row_number, hours, row.hours))
        if row.status_code is not None and status_code != row.status_code:
            differences.append(
                Difference("status_code", row.key, row.row_number, status_code, row.status_code)
            )
    for key in sorted(set(company_rows) - seen):
        differences.append(Difference("only_company", key, None, company_rows[key][0], None))
    return differences
