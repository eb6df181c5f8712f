"""One input-parsing layer for every form, API call and import of the addons.

Plain Python (no ``odoo`` import): each function takes a raw value as it came
from the outside (a form field, a JSON value, a spreadsheet cell) and returns a
clean Python value, or raises :class:`InputError` naming the field. The error
carries an English template and its parameters; the Odoo side translates it
(``odoo.addons.benefits_base.inputs.input_error_message``). Templates are marked
with ``_lt`` so that Odoo's translation export picks them up for this module.

Rules applied everywhere:

- numbers are finite, within explicit bounds, with a bounded number of decimals;
  a strict mode (JSON APIs) refuses a value of the wrong JSON type (``true`` or
  ``2.9`` for a whole number) instead of converting it;
- dates exist and fall in a sane window (by default 1 Jan 2000 to two years
  ahead), written ``YYYY-MM-DD`` or ``DD/MM/YYYY``;
- text has no NUL or other control character (tab and new lines only where the
  field is multi-line) and a maximum length;
- a JSON body has a maximum size and nesting depth.
"""

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


def _lt(text):
    """Mark an English message template for translation (Odoo extracts ``_lt``)."""
    return text


MIN_DATE = date(2000, 1, 1)
FUTURE_YEARS = 2
MAX_JSON_BYTES = 16 * 1024
MAX_JSON_DEPTH = 8
# Spreadsheet programs read a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_INT_RE = re.compile(r"^[+-]?\d{1,18}$")
_DECIMAL_RE = re.compile(r"^[+-]?(\d{1,15})(?:[.,](\d{1,12}))?$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_BE_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass
class InputError(ValueError):
    """A value from the outside that cannot be used, with a message naming it."""

    template: str
    params: dict = field(default_factory=dict)
    field: str = ""

    def __post_init__(self):
        self.args = (self.message(),)

    def message(self):
        """The English message (the Odoo side translates ``template``)."""
        return self.template % self.params if self.params else self.template

    def __str__(self):
        return self.message()


def _error(template, label, **params):
    return InputError(template, {"field": label, **params}, label)


def is_empty(value):
    """True for a value a user left empty (``None``, ``""`` or blanks)."""
    return value is None or (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- text


def clean_text(value, label, *, max_length=255, required=False, multiline=False):
    """Text without control characters, stripped, at most ``max_length`` long.

    Returns ``""`` for an empty optional value.
    """
    if is_empty(value):
        if required:
            raise _error(_lt("%(field)s is required."), label)
        return ""
    if not isinstance(value, str):
        raise _error(_lt("%(field)s must be text."), label)
    pattern = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    if pattern.search(value):
        raise _error(_lt("%(field)s contains a character that is not allowed."), label)
    value = value.strip()
    if len(value) > max_length:
        raise _error(
            _lt("%(field)s is too long: at most %(max)s characters."), label, max=max_length
        )
    return value


def neutralise_cell(value):
    """A text cell that a spreadsheet will not run as a formula (CSV/Excel export).

    Text written by the outside world (an issuer's file, a user's form) that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break is prefixed with
    an apostrophe, as OWASP recommends; other values are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# ------------------------------------------------------------------------ numbers


def parse_int(value, label, *, minimum, maximum, required=True, strict=False, default=None):
    """A whole number within ``[minimum, maximum]``.

    ``strict`` (JSON APIs): only a JSON integer is accepted, never ``true`` or
    ``2.9`` or ``"2"``. Otherwise text made of digits is accepted too.
    """
    if is_empty(value):
        if required:
            raise _error(_lt("%(field)s is required."), label)
        return default
    if isinstance(value, bool):
        raise _error(_lt("%(field)s must be a whole number."), label)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and not strict:
        if not math.isfinite(value) or value != int(value):
            raise _error(_lt("%(field)s must be a whole number."), label)
        number = int(value)
    elif isinstance(value, str) and not strict:
        text = value.strip()
        if not _INT_RE.match(text):
            raise _error(_lt("%(field)s must be a whole number."), label)
        number = int(text)
    else:
        raise _error(_lt("%(field)s must be a whole number."), label)
    if number < minimum or number > maximum:
        raise _error(
            _lt("%(field)s must be between %(min)s and %(max)s."),
            label,
            min=minimum,
            max=maximum,
        )
    return number


def parse_decimal(
    value, label, *, minimum, maximum, digits=2, required=True, strict=False, default=None
):
    """A finite decimal number within ``[minimum, maximum]``, at most ``digits`` decimals.

    Accepts ``12.5`` and the Belgian ``12,5``; refuses ``nan``, ``inf``,
    exponents (``1e308``), thousands separators and anything else. ``strict``
    (JSON APIs): only a JSON number (int or float, not ``true``) is accepted.
    Returns a :class:`~decimal.Decimal`.
    """
    if is_empty(value):
        if required:
            raise _error(_lt("%(field)s is required."), label)
        return default
    if isinstance(value, bool):
        raise _error(_lt("%(field)s must be a number."), label)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _error(_lt("%(field)s must be a number."), label)
        number = Decimal(repr(value))
    elif isinstance(value, str) and not strict:
        match = _DECIMAL_RE.match(value.strip())
        if not match:
            raise _error(_lt("%(field)s must be a number."), label)
        number = Decimal(value.strip().replace(",", "."))
    else:
        raise _error(_lt("%(field)s must be a number."), label)
    try:
        if not number.is_finite():
            raise _error(_lt("%(field)s must be a number."), label)
        if number < Decimal(str(minimum)) or number > Decimal(str(maximum)):
            raise _error(
                _lt("%(field)s must be between %(min)s and %(max)s."),
                label,
                min=minimum,
                max=maximum,
            )
        exponent = number.normalize().as_tuple().exponent
    except InvalidOperation:
        raise _error(_lt("%(field)s must be a number."), label)
    if isinstance(exponent, int) and -exponent > digits:
        raise _error(
            _lt("%(field)s has too many decimals: at most %(digits)s."), label, digits=digits
        )
    return number


# -------------------------------------------------------------------------- dates


def date_window(today, *, minimum=MIN_DATE, future_years=FUTURE_YEARS):
    """The default window of acceptable dates around ``today``."""
    try:
        maximum = today.replace(year=today.year + future_years)
    except ValueError:  # 29 February
        maximum = today.replace(year=today.year + future_years, day=28)
    return minimum, maximum


def parse_date(value, label, *, minimum=MIN_DATE, maximum=None, required=True, default=None):
    """A real calendar date within ``[minimum, maximum]``.

    Accepts a ``date`` (not a ``datetime``), ``YYYY-MM-DD`` and ``DD/MM/YYYY``
    (``.`` and ``-`` as separators too). ``maximum`` defaults to two years after
    today (UTC date of the machine; pass one computed in the user's zone when
    it matters).
    """
    if is_empty(value):
        if required:
            raise _error(_lt("%(field)s is required."), label)
        return default
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        iso = _ISO_DATE_RE.match(text)
        be = _BE_DATE_RE.match(text)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
        elif be:
            day, month, year = (int(part) for part in be.groups())
        else:
            raise _error(_lt("%(field)s is not a date (use DD/MM/YYYY)."), label)
        try:
            result = date(year, month, day)
        except ValueError:
            raise _error(_lt("%(field)s is not a date that exists."), label)
    else:
        raise _error(_lt("%(field)s is not a date (use DD/MM/YYYY)."), label)
    if maximum is None:
        maximum = date_window(date.today())[1]
    if result < minimum or result > maximum:
        raise _error(
            _lt("%(field)s must be between %(min)s and %(max)s."),
            label,
            min=minimum.strftime("%d/%m/%Y"),
            max=maximum.strftime("%d/%m/%Y"),
        )
    return result


# ---------------------------------------------------------------------- choices


def parse_choice(value, label, choices, *, required=True, default=None):
    """One of ``choices`` (compared as text); refuses anything else."""
    if is_empty(value):
        if required:
            raise _error(_lt("%(field)s is required."), label)
        return default
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise _error(_lt("%(field)s has a value that is not allowed."), label)
    text = str(value).strip()
    for choice in choices:
        if str(choice) == text:
            return choice
    raise _error(_lt("%(field)s has a value that is not allowed."), label)


def parse_id(value, label, *, required=True):
    """A database id (a positive whole number), as posted by a form or an API."""
    return parse_int(value, label, minimum=1, maximum=2**31 - 1, required=required)


# ------------------------------------------------------------------------- JSON


def _depth(value, limit, level=1):
    if level > limit:
        return False
    if isinstance(value, dict):
        return all(_depth(item, limit, level + 1) for item in value.values())
    if isinstance(value, list):
        return all(_depth(item, limit, level + 1) for item in value)
    return True


def parse_json_body(raw, *, max_bytes=MAX_JSON_BYTES, max_depth=MAX_JSON_DEPTH):
    """The JSON object of a request body, within a size and nesting limit.

    Nesting is measured before the document is decoded (so a body of thousands
    of ``[`` never reaches the recursive decoder); numbers that are not finite
    (``NaN``, ``Infinity``, ``1e400``) are refused.
    """
    if raw is None:
        raw = b""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > max_bytes:
        raise InputError(
            _lt("The request body is too large: at most %(max)s bytes."), {"max": max_bytes}
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(_lt("The request body is not valid UTF-8."))
    level = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            level += 1
            if level > max_depth:
                raise InputError(
                    _lt("The request body is nested too deeply: at most %(max)s levels."),
                    {"max": max_depth},
                )
        elif char in "]}":
            level -= 1

    def _no_constant(name):
        raise ValueError(name)

    def _finite_float(text_value):
        number = float(text_value)
        if not math.isfinite(number):
            raise ValueError(text_value)
        return number

    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except (ValueError, RecursionError):
        raise InputError(_lt("The request body is not valid JSON."))
    if not isinstance(data, dict):
        raise InputError(_lt("The request body must be a JSON object."))
    if not _depth(data, max_depth):  # pragma: no cover - guarded by the scan above
        raise InputError(
            _lt("The request body is nested too deeply: at most %(max)s levels."),
            {"max": max_depth},
        )
    return data
