# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Export of performances (CSV) and import of performances and workers (CSV, Excel).

Export layout
=============

One line per performance, a header line first, ``;`` as delimiter, UTF-8 with a
byte-order mark (so Excel opens it right), dates as ``DD/MM/YYYY``. Columns, in
order (:data:`EXPORT_COLUMNS`):

==========================  ======================================================
header                      content
==========================  ======================================================
Gebruikersnummer            user number, 12 digits (text, leading zeros kept)
Werknemer                   worker code (the worker's login on the voice server)
Naam werknemer              worker name
Datum prestatie             date of the performance
Activiteit                  activity type 1-4 (:data:`.codes.ACTIVITY_TYPES`)
Uren                        whole hours 1-9 (= vouchers due)
Statuscode                  the issuer's status code (15, 11, 16, 17, 18, 19) or empty
Status                      the addon's status key (:class:`.states.Status` value)
Invoerdatum                 encoding date
Toegekende cheques          vouchers allocated so far (electronic and paper)
Papieren cheques            of which paper vouchers
Terugbetaling gevraagd      vouchers whose reimbursement was requested
Terugbetalingsreferentie    reimbursement reference (up to 25 characters)
==========================  ======================================================

What the issuer's information session on the secure zone gives
(dienstencheques.vlaanderen.be, "status functionaliteiten"): a CSV
for every export, the status code column "Statuscode (in de export van de
prestaties)", the encoding date, user numbers in the lists, extended export
information for partial payment, reimbursement references of up to 25
characters. It does not give the issuer's exact header texts or order; the
headers above are the addon's, and :func:`parse_performances` accepts them back
(so an export can be re-imported) together with Dutch, French and English aliases.
Text cells that a spreadsheet would run as a formula (starting ``=``, ``+``,
``-``, ``@``) are written with a leading apostrophe.

Import
======

:func:`parse_performances` and :func:`parse_workers` read CSV (delimiter ``;``,
``,`` or tab, sniffed from the header line; encoding UTF-8 with or without BOM,
UTF-16 with BOM, else cp1252, else latin-1) or ``.xlsx`` (first sheet, openpyxl
read-only). Headers are matched case-, accent-, space- and punctuation-
insensitively against aliases; unknown columns are ignored and reported; a
missing required column rejects the whole file. Every row is validated; the
result lists accepted rows (dataclasses) and rejected rows with their row
number (the spreadsheet's line number, header = 1) and reason codes
(:class:`RowError`: code, field, value). File-level problems are
:class:`FileError` values. Nothing here is translated: the Odoo layer turns codes
into messages.

Row reason codes: ``missing`` (field empty), ``invalid`` (not parseable or out of
range), ``formula`` (a formula cell, never evaluated), ``future`` / ``too_old``
(date), ``unknown`` (worker not known), ``duplicate_in_file`` (value: the row
number of the first occurrence), ``duplicate_existing``, ``extra_values`` (more
cells than headers), ``before_start`` (contract end before start).
File codes: ``empty_file``, ``no_data_rows``, ``missing_columns`` (detail: the
fields), ``duplicate_column`` (detail: the header), ``unreadable_xlsx``,
``unreadable_csv`` (detail: the line the csv reader stopped at: a field over its
size limit, often an unclosed quote), ``unsupported_format``.
"""

import codecs
import csv
import datetime
import io
import operator
import re
import unicodedata
from dataclasses import dataclass

import openpyxl

from . import codes
from .calendar import months_back_limit

# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

#: (field of :class:`ExportRow`, header) in export order
EXPORT_COLUMNS = (
    ("user_number", "Gebruikersnummer"),
    ("worker_code", "Werknemer"),
    ("worker_name", "Naam werknemer"),
    ("date", "Datum prestatie"),
    ("activity", "Activiteit"),
    ("hours", "Uren"),
    ("status_code", "Statuscode"),
    ("status", "Status"),
    ("encoded_on", "Invoerdatum"),
    ("vouchers_allocated", "Toegekende cheques"),
    ("paper_vouchers", "Papieren cheques"),
    ("vouchers_reimbursement_requested", "Terugbetaling gevraagd"),
    ("reimbursement_reference", "Terugbetalingsreferentie"),
    ("correction", "Correctie"),
)

EXPORT_DATE_FORMAT = "%d/%m/%Y"
REIMBURSEMENT_REFERENCE_MAX = 25


@dataclass(frozen=True)
class ExportRow:
    user_number: str
    worker_code: str
    worker_name: str
    date: datetime.date
    activity: int
    hours: int
    status_code: int | None = None
    status: str = ""
    encoded_on: datetime.date | None = None
    vouchers_allocated: int = 0
    paper_vouchers: int = 0
    vouchers_reimbursement_requested: int = 0
    reimbursement_reference: str = ""
    correction: str = ""


def _export_cell(value, date_format, neutralise):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime(date_format)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def write_export(rows, stream, *, neutralise, delimiter=";", date_format=EXPORT_DATE_FORMAT):
    """Write the header and ``rows`` (:class:`ExportRow`) to the text ``stream``.

    ``neutralise`` makes a text cell harmless for a spreadsheet (a value starting
    with ``=``, ``+``, ``-``, ``@``... must not become a formula): the shared
    ``benefits_base.tools.inputs.neutralise_cell``, passed by the caller so that
    this module stays free of Odoo imports.
    """
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([header for _field, header in EXPORT_COLUMNS])
    for row in rows:
        writer.writerow(
            [
                _export_cell(getattr(row, field), date_format, neutralise)
                for field, _header in EXPORT_COLUMNS
            ]
        )


def export_bytes(
    rows, *, neutralise, delimiter=";", encoding="utf-8-sig", date_format=EXPORT_DATE_FORMAT
):
    """The export of ``rows`` as bytes (UTF-8 with BOM by default)."""
    stream = io.StringIO(newline="")
    write_export(rows, stream, neutralise=neutralise, delimiter=delimiter, date_format=date_format)
    return stream.getvalue().encode(encoding)


def table_bytes(header, rows, *, neutralise, delimiter=";", encoding="utf-8-sig"):
    """A CSV report (error report, differences): every text cell through ``neutralise``,
    numbers as they are, ``None`` empty, dates as ``DD/MM/YYYY``."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([_export_cell(cell, EXPORT_DATE_FORMAT, neutralise) for cell in row])
    return stream.getvalue().encode(encoding)


# ---------------------------------------------------------------------------
# Import: results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FileError:
    code: str
    detail: object = None


@dataclass(frozen=True)
class RowError:
    code: str
    field: str | None = None
    value: object = None


@dataclass(frozen=True)
class RejectedRow:
    row_number: int
    errors: tuple  # of RowError
    values: tuple = ()  # (header, value as read) pairs, for the error report


@dataclass(frozen=True)
class PerformanceRow:
    row_number: int
    user_number: str
    worker_code: str
    date: datetime.date
    activity: int
    hours: int
    flags: tuple = ()  # e.g. ("user_number_unknown",): accepted, but to be checked

    @property
    def key(self):
        return performance_key(self.user_number, self.worker_code, self.date, self.activity)


@dataclass(frozen=True)
class WorkerRow:
    row_number: int
    code: str
    name: str
    email: str = ""
    branch: str = ""
    contract_start: datetime.date | None = None
    contract_end: datetime.date | None = None


@dataclass(frozen=True)
class ImportResult:
    accepted: tuple = ()
    rejected: tuple = ()
    file_errors: tuple = ()
    ignored_columns: tuple = ()
    file_format: str | None = None  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def ok(self):
        return not self.file_errors


def performance_key(user_number, worker_code, date, activity):
    """The duplicate key of a performance: user number, worker, date, activity."""
    return (user_number, worker_code, date, activity)


def error_report_rows(result):
    """``(row_number, code, field, value)`` for each file error and row error, in order.

    File errors have row number 0 and field ``None``.
    """
    lines = [(0, error.code, None, error.detail) for error in result.file_errors]
    for rejected in result.rejected:
        for error in rejected.errors:
            lines.append((rejected.row_number, error.code, error.field, error.value))
    return lines


# ---------------------------------------------------------------------------
# Import: reading a table
# ---------------------------------------------------------------------------


class _FileProblem(Exception):
    def __init__(self, code, detail=None):
        super().__init__(code)
        self.error = FileError(code, detail)


@dataclass(frozen=True)
class _Cell:
    value: object
    formula: bool = False


class _Formula(str):
    """The text of an Excel formula cell (never evaluated, always refused)."""


def _csv_formula(value):
    """A CSV cell starting with ``=`` is a formula (CSV cells are stripped text)."""
    return value[:1] == "="


def _xlsx_formula(value):
    return type(value) is _Formula


@dataclass
class _Table:
    """A table read lazily: ``rows`` yields ``(row_number, [value, ...])``, the
    header row included; CSV values are stripped text, Excel values typed (formula
    cells as :class:`_Formula`). ``is_formula(value)`` says whether a value is a
    formula."""

    rows: object
    file_format: str
    encoding: str | None = None
    delimiter: str | None = None
    is_formula: object = _csv_formula


_DELIMITERS = (";", ",", "\t")
#: Bytes of a CSV file decoded at once to find its encoding and delimiter.
_CHUNK = 1 << 20


def _valid(data, encoding):
    """Whether ``data`` decodes strictly as ``encoding``, checked piece by piece
    (a large file is never held twice as text)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(view[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(data):
    """``(codec, errors, name)`` of a CSV file: UTF-16 or UTF-8 with a byte-order
    mark (bad bytes become U+FFFD: a truncated file is not a crash), else UTF-8,
    else Windows-1252, else latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "replace", "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "replace", "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        if _valid(data, encoding):
            return encoding, "strict", encoding
    return "latin-1", "strict", "latin-1"


def _sniff_delimiter(text):
    for line in text.splitlines():
        if line.strip():
            counts = [(line.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
            best = max(counts)
            return best[2] if best[0] else _DELIMITERS[0]
    return _DELIMITERS[0]


def _csv_rows(data, codec, errors, delimiter):
    """The CSV rows one by one, decoded as they are read (the file is never held as
    one text)."""
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors=errors, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    for row_number, values in enumerate(reader, start=1):
        yield row_number, [value.strip() for value in values]


def _check_csv(data, codec, errors, delimiter):
    """Read every row once, keeping none: a line the csv reader cannot read is a
    problem of the whole file, found before a chunk of it is written (the rows are
    then read again, as a stream)."""
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors=errors, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        for _values in reader:
            pass
    except csv.Error:
        raise _FileProblem("unreadable_csv", reader.line_num) from None


def _read_csv(data):
    codec, errors, encoding = _encoding(data)
    # the delimiter is sniffed on the first non-blank line, from the file's start
    delimiter = _sniff_delimiter(data[: 4 * _CHUNK].decode(codec, errors="replace"))
    _check_csv(data, codec, errors, delimiter)
    return _Table(_csv_rows(data, codec, errors, delimiter), "csv", encoding, delimiter)


def _read_xlsx(data):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # BadZipFile, KeyError, openpyxl's InvalidFileException, ...
        raise _FileProblem("unreadable_xlsx", type(error).__name__)
    try:
        if not workbook.worksheets:
            raise _FileProblem("empty_file")
        sheet = workbook.worksheets[0]
        rows = []
        for row_number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
            row = []
            for cell in cells:
                value = cell.value
                if isinstance(value, str):
                    value = value.strip()
                    if cell.data_type == "f":
                        value = _Formula(value)
                row.append(value)
            rows.append((row_number, row))
    finally:
        workbook.close()
    return _Table(iter(rows), "xlsx", is_formula=_xlsx_formula)


def _read_table(data, filename):
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        if not data:
            raise _FileProblem("empty_file")
        return _read_xlsx(data)
    if name.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _FileProblem("unsupported_format", "xls")
    return _read_csv(data)


def _is_blank(cell):
    return cell.value is None or cell.value == ""


def _blank(value):
    return value is None or value == ""


def _blank_row(values):
    return all(value is None or value == "" for value in values)


def normalize_header(text):
    """A header reduced for matching: no accents, lower case, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _alias_map(aliases):
    mapping = {}
    for field, names in aliases.items():
        for name in (field, *names):
            mapping[normalize_header(name)] = field
    return mapping


class _Layout:
    """Which column holds which field, once the header row is read."""

    def __init__(self, header_values, aliases, required, is_formula=_csv_formula):
        mapping = _alias_map(aliases)
        self.is_formula = is_formula
        self.columns = {}
        self.headers = []
        ignored = []
        for index, value in enumerate(header_values):
            header = "" if value is None else str(value).strip()
            self.headers.append(header)
            if not header:
                continue
            field = mapping.get(normalize_header(header))
            if field is None:
                ignored.append(header)
            elif field in self.columns:
                raise _FileProblem("duplicate_column", header)
            else:
                self.columns[field] = index
        missing = tuple(field for field in required if field not in self.columns)
        if missing:
            raise _FileProblem("missing_columns", missing)
        self.ignored = tuple(ignored)
        self.width = len(self.headers)

    def cell(self, values, field):
        index = self.columns.get(field)
        if index is None or index >= len(values):
            return _Cell(None)
        value = values[index]
        return _Cell(value, formula=value is not None and self.is_formula(value))

    def values(self, values):
        pairs = []
        for index, value in enumerate(values):
            header = self.headers[index] if index < len(self.headers) else f"#{index + 1}"
            if not _blank(value):
                pairs.append((header, str(value) if type(value) is _Formula else value))
        return tuple(pairs)

    def extra_values(self, values):
        return len(values) > self.width and not _blank_row(values[self.width :])

    def structural_errors(self, values):
        """Errors of the row's shape: values beyond the header, formula cells."""
        errors = []
        if self.extra_values(values):
            errors.append(RowError("extra_values"))
        count = len(values)
        is_formula = self.is_formula
        for field, index in self.columns.items():
            if index < count:
                value = values[index]
                if value is not None and is_formula(value):
                    errors.append(RowError("formula", field, str(value)))
        return errors


def _open(data, filename, aliases, required):
    """``(table, layout, data rows iterator)``; raises :class:`_FileProblem`."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    table = _read_table(data or b"", filename)
    for _row_number, values in table.rows:
        if not _blank_row(values):
            layout = _Layout(values, aliases, required, table.is_formula)
            rows = ((number, values) for number, values in table.rows if not _blank_row(values))
            return table, layout, rows
    raise _FileProblem("empty_file")


def _parse_file(data, filename, aliases, required, parse_row):
    """Shared driver: read, map headers, hand each non-blank row to ``parse_row``."""
    try:
        table, layout, data_rows = _open(data, filename, aliases, required)
    except _FileProblem as problem:
        return ImportResult(file_errors=(problem.error,))
    accepted, rejected = [], []
    seen = False
    for row_number, cells in data_rows:
        seen = True
        errors = layout.structural_errors(cells)
        formula_fields = {error.field for error in errors if error.code == "formula"}
        row, row_errors = parse_row(row_number, layout, cells, formula_fields)
        errors.extend(row_errors)
        if errors:
            rejected.append(RejectedRow(row_number, tuple(errors), layout.values(cells)))
        else:
            accepted.append(row)
    file_errors = () if seen else (FileError("no_data_rows"),)
    return ImportResult(
        accepted=tuple(accepted),
        rejected=tuple(rejected),
        file_errors=file_errors,
        ignored_columns=layout.ignored,
        file_format=table.file_format,
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


# ---------------------------------------------------------------------------
# Import: field parsers (return (value, error_code or None))
# ---------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)


def _whole_number(value):
    """An int from an int, an integral float or a digit string ("4", "4.0", "4,0")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    match = re.fullmatch(r"([+-]?\d+)(?:[.,]0*)?", text)
    return int(match.group(1)) if match else None


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value):
    """A date from a date/datetime cell or a text in one of the accepted formats, else None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if len(text) == 10 and text[4] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _user_number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return codes.normalize_user_number(value)


# ---------------------------------------------------------------------------
# Import: performances
# ---------------------------------------------------------------------------

#: field -> header aliases (nl, fr, en); matched by :func:`normalize_header`
PERFORMANCE_ALIASES = {
    "user_number": (
        "Gebruikersnummer",
        "Gebruiker",
        "Nummer gebruiker",
        "Numéro d'utilisateur",
        "Numéro utilisateur",
        "Utilisateur",
        "User number",
        "User",
    ),
    "worker_code": (
        "Werknemer",
        "Code werknemer",
        "Werknemerscode",
        "Huishoudhulp",
        "Travailleur",
        "Code travailleur",
        "Worker",
        "Worker code",
    ),
    "date": (
        "Datum",
        "Datum prestatie",
        "Prestatiedatum",
        "Date",
        "Date prestation",
        "Date de la prestation",
        "Performance date",
    ),
    "activity": (
        "Activiteit",
        "Activiteitstype",
        "Type activiteit",
        "Activité",
        "Type d'activité",
        "Activity",
        "Activity type",
        "Activity code",
    ),
    "hours": (
        "Uren",
        "Aantal uren",
        "Uur",
        "Heures",
        "Nombre d'heures",
        "Hours",
        "Number of hours",
    ),
}

PERFORMANCE_REQUIRED = ("user_number", "worker_code", "date", "activity", "hours")


def parse_performances(
    data,
    filename,
    today,
    existing_keys=frozenset(),
    known_workers=None,
    known_user_numbers=None,
    months_back=13,
    inactive_user_numbers=frozenset(),
):
    """Parse a performance import file (CSV or .xlsx bytes) into an :class:`ImportResult`.

    ``today``: the date against which "not in the future" and "within
    ``months_back`` months" are checked. ``existing_keys``: keys
    (:func:`performance_key`) already stored, rejected as ``duplicate_existing``.
    ``known_workers``: if given, a worker code not in it is rejected (``unknown``).
    ``known_user_numbers``: if given, an unknown user number is accepted but flagged
    ``user_number_unknown``. ``inactive_user_numbers``: numbers of inactive or
    deceased users, rejected (``inactive``).

    The whole result at once; :class:`PerformanceStream` gives the same rows chunk
    by chunk without holding the file's rows.
    """
    stream = PerformanceStream(
        data,
        filename,
        today,
        known_workers=known_workers,
        known_user_numbers=known_user_numbers,
        inactive_user_numbers=inactive_user_numbers,
        months_back=months_back,
    )
    accepted, rejected = [], []
    for chunk_accepted, chunk_rejected in stream.chunks(
        10000, existing=lambda keys: {key for key in keys if key in existing_keys}
    ):
        accepted.extend(chunk_accepted)
        rejected.extend(chunk_rejected)
    return stream.result(accepted, rejected)


class PerformanceStream:
    """A performance import file validated chunk by chunk, never held whole.

    Each data row is checked as :func:`parse_performances` describes; a chunk's
    rows are checked against the stored performances with one call of
    ``existing`` (see :meth:`chunks`). What is kept between chunks is one entry per
    accepted key (duplicates within the file) and small caches of the values seen
    (dates, codes), so memory grows with the accepted keys, not with the file's
    rows and cells.
    """

    #: cached parses of repeated text values (dates, hours...) are dropped beyond this
    CACHE_LIMIT = 20000

    def __init__(
        self,
        data,
        filename,
        today,
        known_workers=None,
        known_user_numbers=None,
        inactive_user_numbers=frozenset(),
        months_back=13,
    ):
        self.today = today
        self.earliest = months_back_limit(today, months_back)
        self.known_workers = known_workers
        self.known_user_numbers = known_user_numbers
        self.inactive_user_numbers = inactive_user_numbers or frozenset()
        self.file_errors = ()
        self.ignored_columns = ()
        self.file_format = self.encoding = self.delimiter = None
        #: data rows read so far (blank rows aside), and the number of the last one
        self.row_count = 0
        self.last_row = 0
        self._first_rows = {}  # key -> row number of its first (accepted) occurrence
        self._existing = set()  # keys found stored
        self._cache = {}  # (field, text) -> parsed value, for text cells
        # text cells found valid (not a formula, not blank, in range): number, worker,
        # date, activity, hours, each {text: value}
        self._valid = ({}, {}, {}, {}, {})
        try:
            table, self._layout, self._rows = _open(
                data, filename, PERFORMANCE_ALIASES, PERFORMANCE_REQUIRED
            )
        except _FileProblem as problem:
            self.file_errors = (problem.error,)
            self._rows = iter(())
            return
        self.ignored_columns = self._layout.ignored
        self.file_format, self.encoding = table.file_format, table.encoding
        self.delimiter = table.delimiter

    @property
    def ok(self):
        return not self.file_errors

    def result(self, accepted, rejected):
        """An :class:`ImportResult` of the rows gathered from :meth:`chunks`."""
        return ImportResult(
            accepted=tuple(accepted),
            rejected=tuple(rejected),
            file_errors=self.file_errors,
            ignored_columns=self.ignored_columns,
            file_format=self.file_format,
            encoding=self.encoding,
            delimiter=self.delimiter,
        )

    def chunks(self, size, existing=None):
        """Yield ``(accepted, rejected)`` lists for each ``size`` data rows, in order.

        ``existing(keys)``: called once per chunk with the keys not seen before in
        the file; returns those already stored (rejected ``duplicate_existing``,
        before any duplicate within the file). When the file has a header but no
        rows, ``file_errors`` becomes ``no_data_rows`` once the rows are read.
        """
        rows = self._rows
        while True:
            batch = []
            for item in rows:
                batch.append(item)
                if len(batch) >= size:
                    break
            if not batch:
                break
            self.row_count += len(batch)
            self.last_row = batch[-1][0]
            yield self._check_chunk(batch, existing)
        if not self.row_count and self.ok:
            self.file_errors = (FileError("no_data_rows"),)

    def _check_chunk(self, batch, existing):
        rejected = []
        candidates = []
        layout = self._layout
        width = layout.width
        columns = layout.columns
        fetch = operator.itemgetter(*(columns[field] for field in PERFORMANCE_REQUIRED))
        numbers, workers, dates, activities, hours_ok = self._valid
        # Excel cells are typed and a formula's text may equal a valid value: CSV only
        fast = layout.is_formula is _csv_formula
        for row_number, values in batch:
            # the common row: text cells seen before and found valid (dictionary look-ups)
            if fast and len(values) == width:
                raw_number, raw_worker, raw_date, raw_activity, raw_hours = fetch(values)
                key = (
                    numbers.get(raw_number),
                    workers.get(raw_worker),
                    dates.get(raw_date),
                    activities.get(raw_activity),
                )
                hours = hours_ok.get(raw_hours)
                if hours is not None and None not in key:
                    candidates.append((row_number, values, (key, hours)))
                    continue
            errors = layout.structural_errors(values)
            checked = self._check_fields(values, errors)
            if errors:
                rejected.append(RejectedRow(row_number, tuple(errors), layout.values(values)))
            else:
                candidates.append((row_number, values, checked))
        first_rows, stored = self._first_rows, self._existing
        new_keys = {
            checked[0]
            for __, __, checked in candidates
            if checked[0] not in first_rows and checked[0] not in stored
        }
        if new_keys and existing is not None:
            stored.update(existing(list(new_keys)))
        accepted = []
        known_numbers = self.known_user_numbers
        for row_number, values, (key, hours) in candidates:
            if key in stored:
                error = RowError("duplicate_existing", None, key)
            elif key in first_rows:
                error = RowError("duplicate_in_file", None, first_rows[key])
            else:
                first_rows[key] = row_number
                user_number, worker_code, date, activity = key
                flags = ()
                if known_numbers is not None and user_number not in known_numbers:
                    flags = ("user_number_unknown",)
                accepted.append(
                    PerformanceRow(
                        row_number, user_number, worker_code, date, activity, hours, flags
                    )
                )
                continue
            rejected.append(RejectedRow(row_number, (error,), layout.values(values)))
        rejected.sort(key=lambda row: row.row_number)
        return accepted, rejected

    def _parsed(self, field, raw, parse):
        """``parse(raw)``, remembered for text values (files repeat their dates and codes)."""
        if type(raw) is not str:
            return parse(raw)
        cache = self._cache
        try:
            return cache[field, raw]
        except KeyError:
            if len(cache) >= self.CACHE_LIMIT:
                cache.clear()
            value = cache[field, raw] = parse(raw)
            return value

    def _check_fields(self, values, errors):
        """``(key, hours)`` of a row whose fields are valid; appends to ``errors``."""
        columns = self._layout.columns
        count = len(values)
        formula_fields = {error.field for error in errors if error.code == "formula"}
        fields_ok = not formula_fields

        def get(field):
            index = columns[field]
            if field in formula_fields:
                return None
            value = values[index] if index < count else None
            if value is None or value == "":
                errors.append(RowError("missing", field))
                return None
            return value

        user_number = worker_code = date = activity = hours = None
        raw = get("user_number")
        if raw is not None:
            user_number = self._parsed("user_number", raw, _user_number)
            if user_number is None:
                errors.append(RowError("invalid", "user_number", raw))
            elif user_number in self.inactive_user_numbers:
                errors.append(RowError("inactive", "user_number", user_number))
        raw = get("worker_code")
        if raw is not None:
            worker_code = self._parsed("worker_code", raw, _text)
            if self.known_workers is not None and worker_code not in self.known_workers:
                errors.append(RowError("unknown", "worker_code", worker_code))
        raw = get("date")
        if raw is not None:
            date = self._parsed("date", raw, parse_date)
            if date is None:
                errors.append(RowError("invalid", "date", raw))
            elif date > self.today:
                errors.append(RowError("future", "date", date))
            elif date < self.earliest:
                errors.append(RowError("too_old", "date", date))
        raw = get("activity")
        if raw is not None:
            activity = self._parsed("activity", raw, _whole_number)
            if not codes.is_activity_code(activity):
                errors.append(RowError("invalid", "activity", raw))
        raw = get("hours")
        if raw is not None:
            hours = self._parsed("hours", raw, _whole_number)
            if not codes.is_valid_hours(hours):
                errors.append(RowError("invalid", "hours", raw))
        if errors or not fields_ok:
            return None
        if len(values) == self._layout.width:
            raws = [values[columns[field]] for field in PERFORMANCE_REQUIRED]
            if all(type(raw) is str for raw in raws):
                parsed = (user_number, worker_code, date, activity, hours)
                for cache, raw, value in zip(self._valid, raws, parsed, strict=True):
                    if len(cache) >= self.CACHE_LIMIT:
                        cache.clear()
                    cache[raw] = value
        return performance_key(user_number, worker_code, date, activity), hours


# ---------------------------------------------------------------------------
# Import: workers
# ---------------------------------------------------------------------------

WORKER_ALIASES = {
    "code": (
        "Code",
        "Werknemer",
        "Code werknemer",
        "Werknemerscode",
        "Login",
        "Travailleur",
        "Code travailleur",
        "Worker",
        "Worker code",
    ),
    "name": ("Naam", "Naam werknemer", "Nom", "Nom travailleur", "Name", "Worker name"),
    "email": ("E-mail", "Email", "E-mailadres", "Adresse e-mail", "Courriel", "Mail"),
    "branch": ("Filiaal", "Vestiging", "Filiale", "Succursale", "Branch"),
    "contract_start": (
        "Begin contract",
        "Start contract",
        "Contract start",
        "Début contrat",
        "Début du contrat",
        "In dienst",
    ),
    "contract_end": (
        "Einde contract",
        "Contract end",
        "Fin contrat",
        "Fin du contrat",
        "Uit dienst",
    ),
}

WORKER_REQUIRED = ("code", "name")

#: Control characters (NUL...) are refused in imported text; tab and new lines too.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
MAX_TEXT = 255
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parse_workers(data, filename, existing_codes=frozenset()):
    """Parse a workers import file (CSV or .xlsx bytes) into an :class:`ImportResult`.

    Required columns: code and name; optional: e-mail, branch, contract start and
    end. A code already in ``existing_codes`` or earlier in the file is rejected.
    """
    first_rows = {}

    def parse_row(row_number, layout, cells, formula_fields):
        errors = []
        values = {}
        for field in WORKER_ALIASES:
            cell = layout.cell(cells, field)
            if field in formula_fields:
                continue
            if _is_blank(cell):
                if field in WORKER_REQUIRED:
                    errors.append(RowError("missing", field))
                continue
            raw = cell.value
            if field in ("contract_start", "contract_end"):
                value = parse_date(raw)
                if value is None:
                    errors.append(RowError("invalid", field, raw))
                    continue
            else:
                value = _text(raw)
                if _CONTROL.search(value) or len(value) > MAX_TEXT:
                    errors.append(RowError("invalid", field, value[:40]))
                    continue
                if field == "email" and not _EMAIL.fullmatch(value):
                    errors.append(RowError("invalid", field, raw))
                    continue
            values[field] = value
        start, end = values.get("contract_start"), values.get("contract_end")
        if start and end and end < start:
            errors.append(RowError("before_start", "contract_end", end))
        if errors or formula_fields:
            return None, errors
        code = values["code"]
        if code in existing_codes:
            return None, [RowError("duplicate_existing", "code", code)]
        if code in first_rows:
            return None, [RowError("duplicate_in_file", "code", first_rows[code])]
        first_rows[code] = row_number
        return WorkerRow(row_number=row_number, **values), []

    return _parse_file(data, filename, WORKER_ALIASES, WORKER_REQUIRED, parse_row)
