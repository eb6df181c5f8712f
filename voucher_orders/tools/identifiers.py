# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Beneficiaries' national numbers: NISS, BIS or temporary.

The issuer identifies a beneficiary by the Belgian national number (NISS /
INSZ, ``stdnum.be.nn``); a person without one uses a BIS number
(``stdnum.be.bis``) or a *temporary* number from the social secretariat,
flagged as such by the client and kept free-form. When the person later gets
a NISS, the existing beneficiary is updated, never duplicated:
:func:`match_beneficiary` decides that.

A national number is personal data: it never appears in an error value, an
exception message or a ``repr``; :func:`mask_national_number` shows only the
birth date part (``85.07.30-***-**``).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from stdnum.be import bis, nn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

NISS = "niss"
BIS = "bis"
TEMPORARY = "temporary"
KINDS = (NISS, BIS, TEMPORARY)

#: how much a kind of number is worth: a higher rank replaces a lower one
KIND_RANK = {TEMPORARY: 1, BIS: 2, NISS: 3}

# Error codes of :class:`NationalNumberError`
REQUIRED = "national_number_required"
INVALID_FORMAT = "national_number_invalid_format"
INVALID_LENGTH = "national_number_invalid_length"
INVALID_CHECKSUM = "national_number_invalid_checksum"
INVALID_DATE = "national_number_invalid_date"

#: the longest temporary number accepted (free-form, but not a novel)
TEMPORARY_MAX_LENGTH = 32

_SEPARATORS = re.compile(r"[\s.\-/_]+")
_TEMPORARY_ALLOWED = re.compile(r"^[0-9A-Z]+$")


class NationalNumberError(ValueError):
    """A national number is not valid. ``code`` says why; the number is not kept."""

    def __init__(self, code):
        self.code = code
        super().__init__(code)


# ---------------------------------------------------------------------------
# Compact, format, mask
# ---------------------------------------------------------------------------


def compact_number(value):
    """``value`` without separators (spaces, dots, dashes, slashes), upper case.

    Numeric spreadsheet cells are accepted: an ``int`` (or integral ``float``)
    of up to 11 digits gets back the leading zeros Excel dropped
    (``1490700185`` → ``"01490700185"``).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        return text.zfill(11) if len(text) < 11 else text
    return _SEPARATORS.sub("", str(value)).upper()


def format_number(value):
    """The usual presentation ``YY.MM.DD-XXX.CC`` of an 11-digit number; others compacted."""
    number = compact_number(value)
    if len(number) == 11 and number.isdigit():
        return nn.format(number)
    return number


def split_search(term):
    """A beneficiary search split into its name words and the national number it holds.

    Every word with a digit in it belongs to a number (NISS, BIS or temporary
    number, typed with or without separators, in one or several pieces): such a
    term must never travel in a URL, which web servers write to their access logs.
    Returns ``(name, number)``: the other words joined by one space, and the
    number words compacted (:func:`compact_number`) and joined.
    """
    words = str(term or "").split()
    numbered = [any(char.isdigit() for char in word) for word in words]
    name = " ".join(word for word, digits in zip(words, numbered, strict=True) if not digits)
    number = "".join(
        compact_number(word) for word, digits in zip(words, numbered, strict=True) if digits
    )
    return name, number


def mask_national_number(value):
    """``value`` with everything but the birth date part hidden: ``85.07.30-***-**``.

    Numbers that are not 11 digits keep their first two characters only
    (``"AB******"``); four characters or fewer are fully hidden.
    """
    number = compact_number(value)
    if not number:
        return ""
    if len(number) == 11 and number.isdigit():
        return f"{number[0:2]}.{number[2:4]}.{number[4:6]}-***-**"
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 2)


# ---------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NationalNumber:
    """A checked national number. ``repr`` shows it masked."""

    number: str = field(repr=False)
    kind: str
    birth_date: date | None = None
    gender: str | None = None

    @property
    def masked(self):
        return mask_national_number(self.number)

    @property
    def formatted(self):
        return format_number(self.number)

    @property
    def rank(self):
        return KIND_RANK[self.kind]

    def __repr__(self):
        return (
            f"NationalNumber(masked={self.masked!r}, kind={self.kind!r}, "
            f"birth_date={self.birth_date!r}, gender={self.gender!r})"
        )

    __str__ = __repr__


def _stdnum_code(exc):
    if isinstance(exc, InvalidChecksum):
        return INVALID_CHECKSUM
    if isinstance(exc, InvalidLength):
        return INVALID_LENGTH
    if isinstance(exc, InvalidComponent):
        return INVALID_DATE
    return INVALID_FORMAT


def _derived(module, number):
    try:
        birth_date = module.get_birth_date(number)
    except (ValidationError, ValueError):
        birth_date = None
    try:
        gender = module.get_gender(number)
    except (ValidationError, ValueError):
        gender = None
    return birth_date, gender


def parse_national_number(value, *, temporary=False):
    """Check ``value`` and return a :class:`NationalNumber`.

    Without the ``temporary`` flag the number must be a valid NISS or BIS
    (11 digits, mod-97 check, a plausible birth date); the birth date and gender
    are derived when the number holds them (BIS: gender only if known when
    issued). With the flag it is a temporary number kept as typed (compacted,
    letters and digits, at most :data:`TEMPORARY_MAX_LENGTH`).

    Raises :class:`NationalNumberError` with one of the ``INVALID_*`` or
    :data:`REQUIRED` codes.
    """
    number = compact_number(value)
    if not number:
        raise NationalNumberError(REQUIRED)
    if temporary:
        if len(number) > TEMPORARY_MAX_LENGTH:
            raise NationalNumberError(INVALID_LENGTH)
        if not _TEMPORARY_ALLOWED.match(number):
            raise NationalNumberError(INVALID_FORMAT)
        return NationalNumber(number=number, kind=TEMPORARY)
    if not number.isdigit():
        raise NationalNumberError(INVALID_FORMAT)
    if len(number) != 11:
        raise NationalNumberError(INVALID_LENGTH)
    month = int(number[2:4])
    module, kind = (bis, BIS) if month >= 20 else (nn, NISS)
    try:
        module.validate(number)
    except ValidationError as exc:
        raise NationalNumberError(_stdnum_code(exc))
    birth_date, gender = _derived(module, number)
    return NationalNumber(number=number, kind=kind, birth_date=birth_date, gender=gender)


def national_number_error(value, *, temporary=False):
    """The error code of ``value`` (see :func:`parse_national_number`), ``None`` if valid."""
    try:
        parse_national_number(value, temporary=temporary)
    except NationalNumberError as exc:
        return exc.code
    return None


def classify_number(value, *, temporary=False):
    """The kind (``niss``, ``bis``, ``temporary``) of a valid number, ``None`` if invalid."""
    try:
        return parse_national_number(value, temporary=temporary).kind
    except NationalNumberError:
        return None


# ---------------------------------------------------------------------------
# Same person? (a NISS replacing a BIS or temporary number)
# ---------------------------------------------------------------------------

NEW = "new"
UPDATE = "update"
CONFLICT = "conflict"

# reasons of a :class:`Match`
SAME_NUMBER = "same_number"
REPLACES_NUMBER = "replaces_number"
NO_MATCH = "no_match"
AMBIGUOUS = "ambiguous"
PERSON_HAS_OTHER_NUMBER = "person_has_other_number"
UNCONFIRMED_PERSON = "unconfirmed_person"


def normalize_name(value):
    """A name folded for comparison: no accents, case, punctuation or extra spaces."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[^\w]+", " ", text.casefold())
    return " ".join(text.split())


@dataclass(frozen=True)
class PersonRecord:
    """A beneficiary (existing, or an incoming row) as the matcher sees it.

    ``key`` identifies an existing beneficiary for the caller (a record id);
    ``kind`` is one of :data:`KINDS`; ``birth_date`` is the known or derived one.
    """

    key: object = None
    number: str = field(default="", repr=False)
    kind: str = NISS
    last_name: str = ""
    first_name: str = ""
    birth_date: date | None = None

    @property
    def name_key(self):
        return (normalize_name(self.last_name), normalize_name(self.first_name))


@dataclass(frozen=True)
class Match:
    """The matcher's decision: ``new``, ``update`` (``key`` of the beneficiary) or ``conflict``.

    ``candidate_keys`` lists the beneficiaries involved in a conflict.
    """

    decision: str
    reason: str
    key: object = None
    candidate_keys: tuple = ()

    @property
    def replaces_number(self):
        return self.reason == REPLACES_NUMBER


class BeneficiaryIndex:
    """The existing beneficiaries of one employer, indexed for :func:`match_beneficiary`."""

    def __init__(self, records=()):
        self._by_number = {}
        self._by_person = {}
        for record in records:
            self.add(record)

    def add(self, record):
        number = compact_number(record.number)
        if number:
            self._by_number[number] = record
        names = record.name_key
        if names[0]:
            self._by_person.setdefault(names, []).append(record)

    def by_number(self, number):
        return self._by_number.get(compact_number(number))

    def by_name(self, name_key):
        return self._by_person.get(name_key, [])

    def __len__(self):
        return len(self._by_number)

    def __contains__(self, number):
        return compact_number(number) in self._by_number


def match_beneficiary(index, incoming):
    """Decide what an incoming beneficiary (a :class:`PersonRecord`) is.

    * Its number is already known → ``update`` that beneficiary (``same_number``).
    * Otherwise look for the same person (same normalised last and first name)
      among the existing beneficiaries:

      - same person with the same birth date, holding a lower-ranked number
        (temporary < BIS < NISS) than the incoming one → ``update`` it: the
        number is replaced (``replaces_number``); several such → ``conflict``
        (``ambiguous``);
      - same person with the same birth date holding an equal or better number
        → ``conflict`` (``person_has_other_number``): a typo or a second number;
      - same name with a lower-ranked number but a birth date unknown on one
        side → ``conflict`` (``unconfirmed_person``): a person must decide;
      - else ``new``.

    ``index`` is a :class:`BeneficiaryIndex` (or an iterable of records).
    """
    if not isinstance(index, BeneficiaryIndex):
        index = BeneficiaryIndex(index)
    existing = index.by_number(incoming.number)
    if existing is not None:
        return Match(UPDATE, SAME_NUMBER, key=existing.key)
    names = incoming.name_key
    if not names[0]:
        return Match(NEW, NO_MATCH)
    rank = KIND_RANK[incoming.kind]
    replaceable, better, unsure = [], [], []
    for record in index.by_name(names):
        lower = KIND_RANK[record.kind] < rank
        if record.birth_date and incoming.birth_date:
            if record.birth_date != incoming.birth_date:
                continue
            (replaceable if lower else better).append(record.key)
        elif lower:
            unsure.append(record.key)
    if better:
        return Match(CONFLICT, PERSON_HAS_OTHER_NUMBER, candidate_keys=tuple(better))
    if len(replaceable) == 1 and not unsure:
        return Match(UPDATE, REPLACES_NUMBER, key=replaceable[0])
    if len(replaceable) > 1:
        return Match(CONFLICT, AMBIGUOUS, candidate_keys=tuple(replaceable + unsure))
    if unsure or replaceable:
        return Match(CONFLICT, UNCONFIRMED_PERSON, candidate_keys=tuple(replaceable + unsure))
    return Match(NEW, NO_MATCH)
