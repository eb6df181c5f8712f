# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Belgian structured communication (OGM-VCS): ``+++DDD/DDDD/DDDDD+++``.

Twelve digits: a ten-digit base and a two-digit check, the base modulo 97
(a remainder of 0 is written 97). It is an invoice's payment reference, which a
Peppol BIS 3 e-invoice carries as ``PaymentID``; Odoo's ``l10n_be`` generates it on
journals of the Belgian standard. This module also reads it back from bank
statement lines and Excel cells, where it arrives with ``+++``, ``***``, slashes,
spaces or nothing.
"""

import re

BASE_MAX = 10**10 - 1

_STRIP = re.compile(r"[\s+*/.\-]")
#: a candidate in free text: 12 digits, possibly framed and grouped 3/4/5
_CANDIDATE = re.compile(
    r"(?<![0-9])(?:[+*]{3}\s*)?([0-9]{3})\s*/?\s*([0-9]{4})\s*/?\s*([0-9]{5})(?:\s*[+*]{3})?(?![0-9])"
)


def check_digits(base):
    """The two check digits of a ten-digit ``base`` (an int or a digit string)."""
    value = int(base)
    return value % 97 or 97


def build(base):
    """``+++DDD/DDDD/DDDDD+++`` from ``base``: an int 0..9999999999 or a 10-digit string."""
    if isinstance(base, bool):
        raise ValueError("the base must be a number")
    if isinstance(base, int):
        if not 0 <= base <= BASE_MAX:
            raise ValueError("the base must have at most 10 digits")
        digits = f"{base:010d}"
    else:
        digits = str(base).strip()
        if len(digits) != 10 or not digits.isdigit() or not digits.isascii():
            raise ValueError("the base must be 10 digits")
    return format_reference(f"{digits}{check_digits(digits):02d}")


def normalize(value):
    """``value`` without ``+``, ``*``, ``/``, dots, dashes and spaces (12 digits if well-formed)."""
    if value is None:
        return ""
    return _STRIP.sub("", str(value))


def is_valid(value):
    """Whether ``value`` is a structured communication with a correct check."""
    digits = normalize(value)
    if len(digits) != 12 or not digits.isdigit() or not digits.isascii():
        return False
    return int(digits[10:]) == check_digits(digits[:10])


def format_reference(value):
    """``+++DDD/DDDD/DDDDD+++`` from 12 digits in any presentation (not checked)."""
    digits = normalize(value)
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError("a structured communication has 12 digits")
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def base_of(value):
    """The ten-digit base of a valid communication (raises :class:`ValueError` otherwise)."""
    if not is_valid(value):
        raise ValueError("not a valid structured communication")
    return normalize(value)[:10]


def extract(text):
    """Every valid structured communication found in free text, formatted, in order, once."""
    found = []
    for match in _CANDIDATE.finditer(str(text or "")):
        digits = "".join(match.groups())
        if is_valid(digits):
            reference = format_reference(digits)
            if reference not in found:
                found.append(reference)
    return found
