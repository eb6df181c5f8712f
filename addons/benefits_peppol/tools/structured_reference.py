# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Belgian structured communication of an invoice: ``+++DDD/DDDD/DDDDD+++``.

Twelve digits: a ten-digit base and two check digits, the base modulo 97 (a
remainder of 0 is written 97). It is the invoice's payment reference, which a
Peppol BIS 3 e-invoice carries as ``PaymentID``.
"""

BASE_MAX = 10**10 - 1


def check_digits(base):
    """The check number (1..97) of a ten-digit ``base``."""
    return int(base) % 97 or 97


def build(base):
    """``+++DDD/DDDD/DDDDD+++`` of ``base``, a whole number from 0 to 9,999,999,999."""
    if isinstance(base, bool) or not isinstance(base, int):
        raise ValueError("the base of a structured communication is a whole number")
    if not 0 <= base <= BASE_MAX:
        raise ValueError("the base of a structured communication has at most 10 digits")
    digits = f"{base:010d}{check_digits(base):02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def is_valid(value):
    """Whether ``value`` is a ``+++DDD/DDDD/DDDDD+++`` communication with a correct check."""
    text = str(value or "")
    if len(text) != 20 or not (text.startswith("+++") and text.endswith("+++")):
        return False
    if text[6] != "/" or text[11] != "/":
        return False
    digits = text[3:6] + text[7:11] + text[12:17]
    if not (digits.isascii() and digits.isdigit()):
        return False
    return int(digits[10:]) == check_digits(digits[:10])
