# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Excel files of the client portal: templates, the pre-filled export, the upload parsers.

Writing uses xlsxwriter: a data sheet (header row, text-formatted national
number column, data validation lists taken from a hidden list sheet), a guide
sheet, and for the export the current beneficiaries. Every text shown (sheet
names, headers, choices, guide) comes from a ``texts`` dict so the Odoo layer
passes translations; :data:`DEFAULT_TEXTS` is the English fallback.

Reading uses openpyxl in read-only mode and is a *dry run*: it never stops at
the first problem but returns an :class:`UploadResult` listing every problem
(:class:`~.common.Problem`: code, row, column key, masked value) and the rows
that are valid. The caller applies the rows only when ``result.ok`` (no
error), so nothing is ever half-applied. Recognised problems: not an xlsx
file, wrong template (missing sheet or header), missing required / duplicate /
extra columns, formulas, merged cells, too many rows, and per row: missing
required fields, bad national numbers (check digits...), duplicates in the file
or against the database, identity conflicts (a NISS replacing a BIS or
temporary number), unknown cost centres, bad dates, amounts, choices,
e-mails; for orders also unknown or deactivated beneficiaries and the amount
rules of :mod:`.rules`. Empty rows are skipped.

Headers, sheet names, choices and yes/no are recognised in every language of
the ``texts`` passed (a dict or a sequence of dicts) and by their technical key.
"""

import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import xlsxwriter
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel

from . import identifiers, rules
from .common import CENT, ERROR, WARNING, Problem, has_errors, to_decimal

# ---------------------------------------------------------------------------
# Problem codes (besides those of identifiers and rules)
# ---------------------------------------------------------------------------

NOT_XLSX = "not_xlsx"
MISSING_SHEET = "missing_sheet"
MISSING_HEADER = "missing_header"
MISSING_COLUMN = "missing_column"
DUPLICATE_COLUMN = "duplicate_column"
EXTRA_COLUMN = "extra_column"
TOO_MANY_ROWS = "too_many_rows"
NO_ROWS = "no_rows"
FORMULA = "formula"
MERGED_CELLS = "merged_cells"
REQUIRED = "required"
INVALID_DATE = "invalid_date"
INVALID_NUMBER = "invalid_number"
INVALID_AMOUNT = "invalid_amount"
INVALID_CHOICE = "invalid_choice"
INVALID_FLAG = "invalid_flag"
INVALID_EMAIL = "invalid_email"
TOO_LONG = "too_long"
INVALID_TEXT = "invalid_text"
OUT_OF_RANGE = "out_of_range"
BIRTH_DATE_MISMATCH = "birth_date_mismatch"
DUPLICATE_IN_FILE = "duplicate_in_file"
DUPLICATE_EXISTING = "duplicate_existing"
IDENTITY_CONFLICT = "identity_conflict"
UNKNOWN_COST_CENTRE = "unknown_cost_centre"
UNKNOWN_BENEFICIARY = "unknown_beneficiary"
BENEFICIARY_INACTIVE = "beneficiary_inactive"

# ---------------------------------------------------------------------------
# Columns and texts
# ---------------------------------------------------------------------------

TEXT, NUMBER, DATE, AMOUNT, INTEGER, FLAG, CHOICE, EMAIL = (
    "text",
    "national_number",
    "date",
    "amount",
    "integer",
    "flag",
    "choice",
    "email",
)

WORKPLACE = "workplace"
HOME = "home"
DELIVERY_PLACES = (WORKPLACE, HOME)

ACTION_CREATE = "create"
ACTION_UPDATE = "update"

MAX_TEXT_LENGTH = 256
# Bounds of the numbers of an order row (an order covers at most a year of days worked).
MAX_DAYS = 366
MAX_CHILDREN = 30
MAX_AMOUNT = Decimal("100000")
# Control characters (NUL...) never belong in a cell's text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# An exported text cell neutralised against formulas starts with an apostrophe.
_NEUTRALISED = re.compile(r"^'[=+\-@]")
#: rows that get data validation in an empty template
TEMPLATE_ROWS = 10_000
#: merged rows reported one by one; beyond, one file-level problem
MERGED_ROWS_BUDGET = 200_000


@dataclass(frozen=True)
class Column:
    """A column of a template: technical key, kind of value, required or not, width."""

    key: str
    kind: str = TEXT
    required: bool = False
    width: int = 18


BENEFICIARY_COLUMNS = (
    Column("national_number", NUMBER, True, 24),
    Column("temporary", FLAG, False, 12),
    Column("last_name", TEXT, True, 22),
    Column("first_name", TEXT, True, 22),
    Column("birth_date", DATE, False, 14),
    Column("email", EMAIL, False, 28),
    Column("cost_centre", TEXT, False, 16),
    Column("delivery", CHOICE, True, 16),
    Column("street", TEXT, False, 28),
    Column("zip", TEXT, False, 10),
    Column("city", TEXT, False, 20),
    Column("country", TEXT, False, 10),
    Column("meal_face_value", AMOUNT, False, 14),
    Column("active", FLAG, False, 10),
)

_ORDER_HEAD = (
    Column("national_number", NUMBER, True, 24),
    Column("last_name", TEXT, False, 22),
    Column("first_name", TEXT, False, 22),
)
ORDER_COLUMNS = {
    rules.MEAL: (
        *_ORDER_HEAD,
        Column("face_value", AMOUNT, False, 14),
        Column("days", INTEGER, True, 12),
    ),
    rules.ECO: (*_ORDER_HEAD, Column("amount", AMOUNT, True, 14)),
    rules.SPORT_CULTURE: (*_ORDER_HEAD, Column("amount", AMOUNT, True, 14)),
    rules.GIFT: (
        *_ORDER_HEAD,
        Column("amount", AMOUNT, True, 14),
        Column("children", INTEGER, False, 12),
    ),
}

#: the English texts; the Odoo layer passes the same keys translated
DEFAULT_TEXTS = {
    "sheet_beneficiaries": "Beneficiaries",
    "sheet_order": "Order",
    "sheet_guide": "Guide",
    "sheet_lists": "Lists",
    "yes": "Yes",
    "no": "No",
    "delivery_workplace": "Workplace",
    "delivery_home": "Home",
    "column_national_number": "National number",
    "column_temporary": "Temporary number",
    "column_last_name": "Last name",
    "column_first_name": "First name",
    "column_birth_date": "Birth date",
    "column_email": "E-mail",
    "column_cost_centre": "Cost centre",
    "column_delivery": "Card delivery",
    "column_street": "Street and number",
    "column_zip": "Postal code",
    "column_city": "City",
    "column_country": "Country code",
    "column_meal_face_value": "Meal face value per day",
    "column_active": "Active",
    "column_face_value": "Face value per day",
    "column_days": "Days worked",
    "column_amount": "Amount",
    "column_children": "Dependent children",
    "guide_title": "How to fill in this file",
    "guide_beneficiaries": (
        "One row per beneficiary, from the second row of the first sheet on.\n"
        "Do not rename the sheets or the headers, do not add formulas or merge cells.\n"
        "Columns marked * are required.\n"
        "Without a national number (NISS), enter the BIS number, or the temporary "
        "number from your social secretariat and mark it as temporary. When the "
        "person gets a NISS, enter it on the same row: the beneficiary is updated.\n"
        "To deactivate a beneficiary who left, set Active to No."
    ),
    "guide_order": (
        "One row per beneficiary, from the second row of the first sheet on.\n"
        "Do not rename the sheets or the headers, do not add formulas or merge cells.\n"
        "Columns marked * are required. Only registered, active beneficiaries can be ordered for."
    ),
    "guide_column": "Column",
    "guide_required": "Required",
    "guide_help": "What to enter",
    "help_national_number": "11 digits (NISS or BIS), or the temporary number",
    "help_temporary": "Yes for a temporary number",
    "help_last_name": "As on the identity card",
    "help_first_name": "As on the identity card",
    "help_birth_date": "DD/MM/YYYY; required for a temporary number",
    "help_email": "The beneficiary's e-mail address",
    "help_cost_centre": "One of your cost centres",
    "help_delivery": "Where the card is delivered",
    "help_street": "Required for delivery at home",
    "help_zip": "Required for delivery at home",
    "help_city": "Required for delivery at home",
    "help_country": "Two letters, BE when empty",
    "help_meal_face_value": "Default meal voucher face value per day, e.g. 8.00",
    "help_active": "No to deactivate the beneficiary",
    "help_face_value": "Face value per day; empty = the beneficiary's default",
    "help_days": "Number of days worked in the period = number of meal vouchers",
    "help_amount": "Amount for this beneficiary, e.g. 250.00",
    "help_children": "Number of dependent children (gift vouchers)",
}

_YES_TOKENS = {"1", "x", "y", "yes", "true", "ja", "j", "oui", "o", "waar", "vrai", "wahr"}
_NO_TOKENS = {"0", "n", "no", "false", "nee", "neen", "non", "nein", "onwaar", "faux", "falsch"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _text_list(texts):
    """``texts`` (None, a dict or a sequence of dicts) as a list of complete dicts."""
    if texts is None:
        return [dict(DEFAULT_TEXTS)]
    if isinstance(texts, dict):
        texts = [texts]
    return [{**DEFAULT_TEXTS, **item} for item in texts] or [dict(DEFAULT_TEXTS)]


def _fold(value):
    """A header, sheet name or choice folded for comparison (case, spaces, ``*``)."""
    text = str(value or "").strip().rstrip("*").strip()
    return " ".join(identifiers.normalize_name(text).split())


def _aliases(texts_list, key, text_key):
    names = {_fold(key)}
    for texts in texts_list:
        names.add(_fold(texts.get(text_key, "")))
    names.discard("")
    return names


def _sheet_name(value):
    name = _SHEET_FORBIDDEN.sub(" ", str(value)).strip("' ")[:31]
    return name or "Sheet"


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BeneficiaryRow:
    """A valid beneficiary row (or one to export). ``repr`` masks the national number."""

    national_number: str = field(repr=False)
    last_name: str
    first_name: str
    kind: str = identifiers.NISS
    temporary: bool = False
    birth_date: date | None = None
    gender: str | None = None
    email: str | None = None
    cost_centre: str | None = None
    delivery: str = WORKPLACE
    street: str | None = None
    zip: str | None = None
    city: str | None = None
    country: str | None = None
    meal_face_value: Decimal | None = None
    active: bool = True
    row: int | None = None
    action: str = ACTION_CREATE
    #: the existing beneficiary updated (``action == "update"``)
    match_key: object = None
    #: the update replaces a BIS or temporary number by a better one
    replaces_number: bool = False

    @property
    def masked_number(self):
        return identifiers.mask_national_number(self.national_number)


@dataclass(frozen=True)
class OrderBeneficiary:
    """What the order parser knows of a registered beneficiary."""

    key: object
    active: bool = True
    default_face_value: Decimal | None = None
    children: int = 0


@dataclass(frozen=True)
class OrderRow:
    """A valid order row. ``repr`` masks the national number."""

    row: int
    beneficiary_key: object
    national_number: str = field(repr=False)
    amount: Decimal
    vouchers: int
    face_value: Decimal | None = None
    days: int | None = None
    children: int | None = None

    @property
    def masked_number(self):
        return identifiers.mask_national_number(self.national_number)


@dataclass(frozen=True)
class UploadResult:
    """A dry run: the valid ``rows`` and every ``problem`` (file and rows), by row."""

    rows: tuple = ()
    problems: tuple = ()
    rows_read: int = 0

    @property
    def ok(self):
        """No blocking problem: the rows can be applied (warnings acknowledged)."""
        return not has_errors(self.problems)

    @property
    def errors(self):
        return tuple(problem for problem in self.problems if problem.severity == ERROR)

    @property
    def warnings(self):
        return tuple(problem for problem in self.problems if problem.severity == WARNING)

    @property
    def file_problems(self):
        return tuple(problem for problem in self.problems if problem.row is None)

    def problems_by_row(self):
        """``{row: [problems]}`` of the row problems."""
        result = {}
        for problem in self.problems:
            if problem.row is not None:
                result.setdefault(problem.row, []).append(problem)
        return result

    @property
    def error_rows(self):
        return sorted({p.row for p in self.problems if p.row is not None and p.is_error})


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _export_value(row, column, texts):
    value = getattr(row, column.key, None)
    if column.kind == FLAG:
        return texts["yes"] if value else texts["no"]
    if column.kind == CHOICE:
        return texts.get(f"delivery_{value}", value) if value else None
    if column.kind == NUMBER:
        return identifiers.compact_number(value)
    if column.kind == AMOUNT and value is not None:
        return float(value)
    return value


def _write_workbook(columns, sheet_key, guide_key, texts, rows, cost_centres):
    texts = _text_list(texts)[0]
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False})
    header_format = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    text_format = workbook.add_format({"num_format": "@"})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    amount_format = workbook.add_format({"num_format": "0.00"})
    wrap_format = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold_format = workbook.add_format({"bold": True})

    data = workbook.add_worksheet(_sheet_name(texts[sheet_key]))
    guide = workbook.add_worksheet(_sheet_name(texts["sheet_guide"]))
    lists = workbook.add_worksheet(_sheet_name(texts["sheet_lists"]))
    lists.hide()

    # choice lists on the hidden sheet, referenced by the data validation
    list_sources = {}
    choice_lists = {
        "yes_no": [texts["yes"], texts["no"]],
        "delivery": [texts[f"delivery_{place}"] for place in DELIVERY_PLACES],
        "cost_centre": sorted(str(centre) for centre in cost_centres or ()),
    }
    for index, (name, values) in enumerate(choice_lists.items()):
        lists.write_column(0, index, values)
        if values:
            letter = get_column_letter(index + 1)
            sheet = lists.get_name().replace("'", "''")
            list_sources[name] = f"='{sheet}'!${letter}$1:${letter}${len(values)}"

    rows = list(rows or ())
    last_row = max(TEMPLATE_ROWS, len(rows) + 1000)
    for index, column in enumerate(columns):
        label = texts.get(f"column_{column.key}", column.key)
        data.write_string(0, index, f"{label} *" if column.required else label, header_format)
        cell_format = {NUMBER: text_format, DATE: date_format, AMOUNT: amount_format}.get(
            column.kind, text_format if column.kind == TEXT else None
        )
        data.set_column(index, index, column.width, cell_format)
        source = None
        if column.kind == FLAG:
            source = list_sources.get("yes_no")
        elif column.kind == CHOICE:
            source = list_sources.get("delivery")
        elif column.key == "cost_centre":
            source = list_sources.get("cost_centre")
        if source:
            data.data_validation(1, index, last_row, index, {"validate": "list", "source": source})
        elif column.kind == DATE:
            data.data_validation(
                1,
                index,
                last_row,
                index,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": date(1900, 1, 1),
                    "maximum": date(2100, 12, 31),
                },
            )
        elif column.kind == INTEGER:
            data.data_validation(
                1,
                index,
                last_row,
                index,
                {"validate": "integer", "criteria": ">=", "value": 0},
            )
    data.freeze_panes(1, 0)
    data.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)

    for row_index, row in enumerate(rows, start=1):
        for col_index, column in enumerate(columns):
            value = _export_value(row, column, texts)
            if value is None or value == "":
                continue
            if column.kind == DATE:
                data.write_datetime(
                    row_index, col_index, datetime.combine(value, datetime.min.time()), date_format
                )
            elif isinstance(value, str):
                data.write_string(row_index, col_index, value)
            else:
                data.write_number(row_index, col_index, value)

    guide.set_column(0, 0, 30)
    guide.set_column(1, 1, 12)
    guide.set_column(2, 2, 70)
    guide.write_string(
        0, 0, texts["guide_title"], workbook.add_format({"bold": True, "font_size": 14})
    )
    line = 2
    for paragraph in texts[guide_key].splitlines():
        if paragraph.strip():
            guide.merge_range(line, 0, line, 2, paragraph.strip(), wrap_format)
            guide.set_row(line, 30)
            line += 1
    line += 1
    guide.write_string(line, 0, texts["guide_column"], bold_format)
    guide.write_string(line, 1, texts["guide_required"], bold_format)
    guide.write_string(line, 2, texts["guide_help"], bold_format)
    for column in columns:
        line += 1
        guide.write_string(line, 0, texts.get(f"column_{column.key}", column.key))
        guide.write_string(line, 1, texts["yes"] if column.required else "")
        guide.write_string(line, 2, texts.get(f"help_{column.key}", ""))
    data.activate()
    workbook.close()
    return output.getvalue()


def build_beneficiary_template(texts=None, cost_centres=(), beneficiaries=()):
    """The beneficiary workbook (bytes): empty, or pre-filled with ``beneficiaries``.

    ``beneficiaries`` are :class:`BeneficiaryRow` values (the export of current
    beneficiaries, to edit in bulk: deactivate, change addresses...);
    ``cost_centres`` feed the cost centre validation list.
    """
    return _write_workbook(
        BENEFICIARY_COLUMNS,
        "sheet_beneficiaries",
        "guide_beneficiaries",
        texts,
        beneficiaries,
        cost_centres,
    )


def export_beneficiaries(beneficiaries, texts=None, cost_centres=()):
    """The pre-filled export of current beneficiaries (same layout as the template)."""
    return build_beneficiary_template(texts, cost_centres, beneficiaries)


@dataclass(frozen=True)
class OrderTemplateRow:
    """A pre-filled row of the order template."""

    national_number: str = field(repr=False)
    last_name: str = ""
    first_name: str = ""
    face_value: Decimal | None = None
    days: int | None = None
    amount: Decimal | None = None
    children: int | None = None


def build_order_template(product_type, texts=None, beneficiaries=()):
    """The order workbook (bytes) of ``product_type``, optionally with ``OrderTemplateRow`` rows."""
    return _write_workbook(
        ORDER_COLUMNS[product_type], "sheet_order", "guide_order", texts, beneficiaries, ()
    )


# ---------------------------------------------------------------------------
# Reading: the sheet
# ---------------------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def _read_bytes(source):
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if hasattr(source, "read"):
        return source.read()
    with open(source, "rb") as handle:
        return handle.read()


def _merged_ranges(data, sheet_title):
    """The merged ranges ``(min_col, min_row, max_col, max_row)`` of a sheet of ``data``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rel_id = None
            for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
                if sheet.get("name") == sheet_title:
                    rel_id = sheet.get(f"{_NS_REL}id")
            relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target = None
            for relation in relations.iter(f"{_NS_PKG_REL}Relationship"):
                if relation.get("Id") == rel_id:
                    target = relation.get("Target")
            if not target:
                return []
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            refs = _scan_merges(archive, path)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return []
    return [range_boundaries(ref.decode()) for ref in refs]


def _scan_merges(archive, path, chunk_size=1 << 20):
    """The ``mergeCell`` references of a sheet part, read in chunks (never the whole part)."""
    refs = {}
    tail = b""
    with archive.open(path) as stream:
        while chunk := stream.read(chunk_size):
            text = tail + chunk
            refs.update(dict.fromkeys(_MERGE.findall(text)))
            tail = text[-256:]
    return list(refs)


class _Sheet:
    """The data sheet of an upload: header mapping, rows, file problems."""

    def __init__(self, source, columns, sheet_key, texts, max_rows):
        self.columns = {column.key: column for column in columns}
        self.texts = _text_list(texts)
        self.max_rows = max_rows
        self.problems = []
        self.header = {}  # column index (0-based) -> key
        self.extra = set()  # column indexes with an unknown header
        self.merged_rows = {}  # row -> [(ref, first column index)]
        self.workbook = self.worksheet = None
        try:
            data = _read_bytes(source)
            self.workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=False
            )
        except Exception:  # anything openpyxl cannot read is "not an xlsx file"
            self.problems.append(Problem(NOT_XLSX))
            return
        names = _aliases(self.texts, sheet_key.removeprefix("sheet_"), sheet_key)
        for title in self.workbook.sheetnames:
            if _fold(title) in names:
                self.worksheet = self.workbook[title]
                break
        if self.worksheet is None:
            self.problems.append(Problem(MISSING_SHEET, value=self.texts[0][sheet_key]))
            return
        self.worksheet.reset_dimensions()
        budget = MERGED_ROWS_BUDGET
        for min_col, min_row, max_col, max_row in _merged_ranges(data, self.worksheet.title):
            ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            height = max_row - min_row + 1
            if height > budget:
                # too big to report row by row: the whole file is refused once
                if not any(p.code == MERGED_CELLS for p in self.problems):
                    self.problems.append(Problem(MERGED_CELLS, value=ref))
                continue
            budget -= height
            for row in range(min_row, max_row + 1):
                self.merged_rows.setdefault(row, []).append((ref, min_col - 1))

    def close(self):
        if self.workbook is not None:
            self.workbook.close()

    def _read_header(self, cells):
        aliases = {}
        for key in self.columns:
            for name in _aliases(self.texts, key, f"column_{key}"):
                aliases[name] = key
        seen = {}
        for index, cell in enumerate(cells):
            if cell.value is None or str(cell.value).strip() == "":
                continue
            key = aliases.get(_fold(cell.value))
            letter = get_column_letter(index + 1)
            if key is None:
                self.extra.add(index)
                self.problems.append(
                    Problem(
                        EXTRA_COLUMN, column=letter, value=str(cell.value)[:100], severity=WARNING
                    )
                )
            elif key in seen:
                self.problems.append(Problem(DUPLICATE_COLUMN, column=key, value=letter))
            else:
                seen[key] = index
                self.header[index] = key
        if not self.header:
            self.problems.append(Problem(MISSING_HEADER))
            return
        for ref, first_col in self.merged_rows.get(1, ()):
            self.problems.append(
                Problem(MERGED_CELLS, row=1, column=get_column_letter(first_col + 1), value=ref)
            )
        for key, column in self.columns.items():
            if column.required and key not in seen:
                self.problems.append(Problem(MISSING_COLUMN, column=key))

    def rows(self):
        """Yield ``(row number, {key: value}, problems)`` for each non-empty data row.

        File-level problems (header, too many rows) go to ``self.problems``;
        nothing is yielded when the header is wrong.
        """
        if self.worksheet is None:
            return
        iterator = iter(self.worksheet.iter_rows())
        header = next(iterator, None)
        self._read_header(header or ())
        if has_errors(self.problems):
            return
        unnamed = set()
        count = 0
        for row_number, cells in enumerate(iterator, start=2):
            values = {}
            problems = []
            blank = True
            for index, cell in enumerate(cells):
                value = cell.value
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                blank = False
                key = self.header.get(index)
                if cell.data_type == "f":
                    problems.append(
                        Problem(FORMULA, row=row_number, column=key or get_column_letter(index + 1))
                    )
                    continue
                if key is not None:
                    values[key] = value
                elif index not in self.extra and index not in unnamed:
                    unnamed.add(index)
                    self.problems.append(
                        Problem(EXTRA_COLUMN, column=get_column_letter(index + 1), severity=WARNING)
                    )
            for ref, first_col in self.merged_rows.get(row_number, ()):
                key = self.header.get(first_col) or get_column_letter(first_col + 1)
                problems.append(Problem(MERGED_CELLS, row=row_number, column=key, value=ref))
            if blank and not problems:
                continue
            count += 1
            if self.max_rows is not None and count > self.max_rows:
                self.problems.append(Problem(TOO_MANY_ROWS, params={"max_rows": self.max_rows}))
                return
            yield row_number, values, problems


# ---------------------------------------------------------------------------
# Reading: values
# ---------------------------------------------------------------------------


def _without_shadowed(problems):
    """Drop the problems a formula or merged cell already explains (a "required" behind it)."""
    covered = {p.column for p in problems if p.code in (FORMULA, MERGED_CELLS)}
    if not covered:
        return problems
    return [p for p in problems if p.code in (FORMULA, MERGED_CELLS) or p.column not in covered]


def _shown(key, value):
    """A cell value as text for a problem (national numbers masked)."""
    if value is None:
        return None
    if key == "national_number":
        return identifiers.mask_national_number(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)[:100]


def _text(value):
    """A cell as one line of text; the apostrophe of a neutralised export is dropped."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if _NEUTRALISED.match(text):
        text = text[1:]
    return text or None


_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


def _date(value):
    """(date, ok): cells may hold a datetime, an Excel serial number or a text."""
    if value is None:
        return None, True
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            converted = from_excel(value)
            return (converted.date() if isinstance(converted, datetime) else converted), True
        return None, False
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"])), True
            except ValueError:
                return None, False
    return None, False


def _amount(value):
    """(Decimal, ok): a positive amount up to ``MAX_AMOUNT``, two decimals at most
    (``7,50`` and ``€ 7.50`` too); ``nan``, ``inf`` and ``1e308`` are not amounts."""
    if value is None:
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.replace("€", "").replace("EUR", "").replace(" ", "").replace("\xa0", "")
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
        value = text
    try:
        amount = to_decimal(value)
    except ValueError:
        return None, False
    if amount <= 0 or amount > MAX_AMOUNT or amount != amount.quantize(CENT):
        return None, False
    return amount.quantize(CENT), True


def _integer(value):
    if value is None:
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, float):
        if not value.is_integer():
            return None, False
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit() or not text.isascii():
            return None, False
        value = int(text)
    if not isinstance(value, int) or value < 0:
        return None, False
    return value, True


class _Choices:
    """Yes/no tokens and delivery places in every language of the texts."""

    def __init__(self, texts_list):
        self.yes = set(_YES_TOKENS) | {_fold(texts["yes"]) for texts in texts_list}
        self.no = set(_NO_TOKENS) | {_fold(texts["no"]) for texts in texts_list}
        self.delivery = {}
        for place in DELIVERY_PLACES:
            for name in _aliases(texts_list, place, f"delivery_{place}"):
                self.delivery[name] = place

    def flag(self, value, default):
        if value is None:
            return default, True
        if isinstance(value, bool):
            return value, True
        if isinstance(value, int | float):
            value = str(int(value)) if float(value).is_integer() else str(value)
        token = _fold(value)
        if token in self.yes:
            return True, True
        if token in self.no:
            return False, True
        return None, False


# ---------------------------------------------------------------------------
# Reading: beneficiaries
# ---------------------------------------------------------------------------


def parse_beneficiary_upload(
    source,
    *,
    existing=(),
    cost_centres=None,
    allow_updates=False,
    texts=None,
    max_rows=None,
    today=None,
):
    """Dry-run a beneficiary upload (bytes, path or file object) → :class:`UploadResult`.

    ``existing``: the employer's beneficiaries as :class:`~.identifiers.PersonRecord`
    values (or a ready :class:`~.identifiers.BeneficiaryIndex`). A row whose
    number is already registered is a ``duplicate_existing`` error, unless
    ``allow_updates`` (the pre-filled export sent back), when it updates that
    beneficiary. A NISS (or BIS) for a person registered with a BIS or
    temporary number (same name and birth date) updates that beneficiary;
    a doubtful case is an ``identity_conflict``.
    ``cost_centres``: the employer's cost centre codes (``None``: not checked).
    ``today``: for "birth date in the future" (defaults to ``date.today()``).
    """
    index = (
        existing
        if isinstance(existing, identifiers.BeneficiaryIndex)
        else identifiers.BeneficiaryIndex(existing)
    )
    centres = None if cost_centres is None else {_fold(c): str(c) for c in cost_centres}
    today = today or date.today()
    sheet = _Sheet(source, BENEFICIARY_COLUMNS, "sheet_beneficiaries", texts, max_rows)
    choices = _Choices(sheet.texts)
    valid, problems, first_rows, targets, read = [], [], {}, {}, 0
    try:
        for row_number, values, row_problems in sheet.rows():
            read += 1
            row, row_problems = _beneficiary_row(
                row_number, values, row_problems, choices, centres, today
            )
            row_problems = _without_shadowed(row_problems)
            if row is not None:
                number = row.national_number
                if number in first_rows:
                    row_problems.append(
                        Problem(
                            DUPLICATE_IN_FILE,
                            row=row_number,
                            column="national_number",
                            value=row.masked_number,
                            params={"first_row": first_rows[number]},
                        )
                    )
                else:
                    first_rows[number] = row_number
                row = _match_row(row, index, allow_updates, targets, row_problems)
            problems.extend(row_problems)
            if row is not None and not has_errors(row_problems):
                valid.append(row)
    finally:
        sheet.close()
    all_problems = tuple(sheet.problems) + tuple(problems)
    if not read and not has_errors(sheet.problems):
        all_problems += (Problem(NO_ROWS),)
    return UploadResult(tuple(valid), all_problems, read)


def _match_row(row, index, allow_updates, targets, problems):
    """Decide create / update for a parsed row against the existing beneficiaries."""
    person = identifiers.PersonRecord(
        number=row.national_number,
        kind=row.kind,
        last_name=row.last_name,
        first_name=row.first_name,
        birth_date=row.birth_date,
    )
    match = identifiers.match_beneficiary(index, person)
    masked = row.masked_number
    if match.decision == identifiers.CONFLICT:
        problems.append(
            Problem(
                IDENTITY_CONFLICT,
                row=row.row,
                column="national_number",
                value=masked,
                params={"reason": match.reason, "count": len(match.candidate_keys)},
            )
        )
        return row
    if match.decision == identifiers.NEW:
        return row
    if match.reason == identifiers.SAME_NUMBER and not allow_updates:
        problems.append(
            Problem(DUPLICATE_EXISTING, row=row.row, column="national_number", value=masked)
        )
        return row
    if match.key in targets:
        # two rows of the file update the same beneficiary (its old and new number)
        problems.append(
            Problem(
                DUPLICATE_IN_FILE,
                row=row.row,
                column="national_number",
                value=masked,
                params={"first_row": targets[match.key]},
            )
        )
    else:
        targets[match.key] = row.row
    return replace(
        row,
        action=ACTION_UPDATE,
        match_key=match.key,
        replaces_number=match.replaces_number,
    )


def _beneficiary_row(row_number, values, problems, choices, centres, today):
    """Convert one row's cells; returns (BeneficiaryRow or None, problems)."""

    def problem(code, key, value=None, severity=ERROR, **params):
        problems.append(
            Problem(
                code,
                row=row_number,
                column=key,
                value=_shown(key, value),
                severity=severity,
                params=params,
            )
        )

    temporary, ok = choices.flag(values.get("temporary"), False)
    if not ok:
        problem(INVALID_FLAG, "temporary", values.get("temporary"))
        temporary = False
    active, ok = choices.flag(values.get("active"), True)
    if not ok:
        problem(INVALID_FLAG, "active", values.get("active"))

    raw_number = values.get("national_number")
    number = None
    if raw_number is None:
        problem(REQUIRED, "national_number")
    else:
        try:
            number = identifiers.parse_national_number(raw_number, temporary=temporary)
        except identifiers.NationalNumberError as exc:
            problem(exc.code, "national_number", raw_number)

    texts = {}
    for key in (
        "last_name",
        "first_name",
        "email",
        "cost_centre",
        "street",
        "zip",
        "city",
        "country",
    ):
        texts[key] = _text(values.get(key))
        if texts[key] and _CONTROL_CHARS.search(texts[key]):
            problem(INVALID_TEXT, key)
            texts[key] = None
        elif texts[key] and len(texts[key]) > MAX_TEXT_LENGTH:
            problem(TOO_LONG, key, texts[key])
    for key in ("last_name", "first_name"):
        if not texts[key]:
            problem(REQUIRED, key)

    birth_date, ok = _date(values.get("birth_date"))
    if not ok or (birth_date and (birth_date > today or birth_date.year < 1900)):
        problem(INVALID_DATE, "birth_date", values.get("birth_date"))
        birth_date = None
    elif number is not None:
        if birth_date is None:
            birth_date = number.birth_date
            if birth_date is None and number.kind == identifiers.TEMPORARY:
                problem(REQUIRED, "birth_date")
        elif number.birth_date and birth_date != number.birth_date:
            problem(BIRTH_DATE_MISMATCH, "birth_date", birth_date)

    email = texts["email"]
    if email and not _EMAIL.match(email):
        problem(INVALID_EMAIL, "email", email)

    centre = texts["cost_centre"]
    if centre and centres is not None:
        if _fold(centre) in centres:
            centre = centres[_fold(centre)]
        else:
            problem(UNKNOWN_COST_CENTRE, "cost_centre", centre)

    raw_delivery = values.get("delivery")
    delivery = None
    if raw_delivery is None:
        problem(REQUIRED, "delivery")
    else:
        delivery = choices.delivery.get(_fold(raw_delivery))
        if delivery is None:
            problem(INVALID_CHOICE, "delivery", raw_delivery)
        elif delivery == HOME:
            for key in ("street", "zip", "city"):
                if not texts[key]:
                    problem(REQUIRED, key)

    face_value, ok = _amount(values.get("meal_face_value"))
    if not ok:
        problem(INVALID_AMOUNT, "meal_face_value", values.get("meal_face_value"))

    if has_errors(problems):
        return None, problems
    return (
        BeneficiaryRow(
            national_number=number.number,
            kind=number.kind,
            temporary=temporary,
            last_name=texts["last_name"],
            first_name=texts["first_name"],
            birth_date=birth_date,
            gender=number.gender,
            email=email,
            cost_centre=centre,
            delivery=delivery,
            street=texts["street"],
            zip=texts["zip"],
            city=texts["city"],
            country=(texts["country"] or "").upper() or None,
            meal_face_value=face_value,
            active=active,
            row=row_number,
        ),
        problems,
    )


# ---------------------------------------------------------------------------
# Reading: orders
# ---------------------------------------------------------------------------


def parse_order_upload(
    source,
    *,
    rule,
    beneficiaries,
    already_ordered=None,
    texts=None,
    max_rows=None,
    employee_share=None,
):
    """Dry-run an order upload → :class:`UploadResult` of :class:`OrderRow` values.

    ``rule``: the :class:`~.rules.VoucherRule` valid at the order's load date (its
    product type chooses the columns); ``beneficiaries``: ``{national number:
    OrderBeneficiary}`` of the employer (only these can be ordered for);
    ``already_ordered``: ``{beneficiary key: Decimal}`` ordered this calendar
    year (eco, sport/culture, gift); ``employee_share``: the employee's own
    contribution to each meal voucher (the contract's). Amount rules give the
    same problems as a manual order (errors block, warnings must be acknowledged).
    """
    product_type = rule.product_type
    known = {identifiers.compact_number(number): info for number, info in beneficiaries.items()}
    already_ordered = already_ordered or {}
    sheet = _Sheet(source, ORDER_COLUMNS[product_type], "sheet_order", texts, max_rows)
    valid, problems, first_rows, read = [], [], {}, 0
    try:
        for row_number, values, row_problems in sheet.rows():
            read += 1
            row = _order_row(
                row_number,
                values,
                row_problems,
                rule,
                known,
                already_ordered,
                first_rows,
                employee_share,
            )
            row_problems = _without_shadowed(row_problems)
            problems.extend(row_problems)
            if row is not None and not has_errors(row_problems):
                valid.append(row)
    finally:
        sheet.close()
    all_problems = tuple(sheet.problems) + tuple(problems)
    if not read and not has_errors(sheet.problems):
        all_problems += (Problem(NO_ROWS),)
    return UploadResult(tuple(valid), all_problems, read)


def _order_row(
    row_number, values, problems, rule, known, already_ordered, first_rows, employee_share=None
):
    def problem(code, key, value=None, **params):
        problems.append(
            Problem(code, row=row_number, column=key, value=_shown(key, value), params=params)
        )

    raw_number = values.get("national_number")
    info = number = None
    if raw_number is None:
        problem(REQUIRED, "national_number")
    else:
        number = identifiers.compact_number(raw_number)
        info = known.get(number)
        if info is None:
            code = identifiers.national_number_error(number)
            problem(code or UNKNOWN_BENEFICIARY, "national_number", number)
        elif not info.active:
            problem(BENEFICIARY_INACTIVE, "national_number", number)
        if number in first_rows:
            problem(DUPLICATE_IN_FILE, "national_number", number, first_row=first_rows[number])
        else:
            first_rows[number] = row_number

    parsed = {}
    for key in ("face_value", "amount"):
        parsed[key], ok = _amount(values.get(key))
        if not ok:
            problem(INVALID_AMOUNT, key, values.get(key))
    for key, maximum in (("days", MAX_DAYS), ("children", MAX_CHILDREN)):
        parsed[key], ok = _integer(values.get(key))
        if not ok:
            problem(INVALID_NUMBER, key, values.get(key))
        elif parsed[key] is not None and parsed[key] > maximum:
            problem(OUT_OF_RANGE, key, values.get(key), min=0, max=maximum)
            parsed[key] = None
    if has_errors(problems) or info is None:
        return None

    face_value = parsed["face_value"] or info.default_face_value
    children = parsed["children"] if parsed["children"] is not None else info.children
    request = rules.AmountRequest(
        product_type=rule.product_type,
        amount=parsed["amount"],
        face_value=face_value,
        days=parsed["days"],
        employee_share=employee_share,
        children=children,
        already_ordered=already_ordered.get(info.key, Decimal(0)),
    )
    check = rules.check_amount(rule, request)
    for found in check.problems:
        problems.append(
            Problem(
                found.code,
                row=row_number,
                column=found.column,
                value=found.value,
                severity=found.severity,
                params=found.params,
            )
        )
    if check.has_errors:
        return None
    is_meal = rule.product_type == rules.MEAL
    return OrderRow(
        row=row_number,
        beneficiary_key=info.key,
        national_number=number,
        amount=check.amount,
        vouchers=check.vouchers,
        face_value=face_value if is_meal else None,
        days=parsed["days"] if is_meal else None,
        children=children if rule.product_type == rules.GIFT else None,
    )
