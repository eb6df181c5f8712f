# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared pieces of the voucher tools: money, problems.

* Money is :class:`~decimal.Decimal`, rounded to the cent half-up (:func:`money`);
  :func:`to_decimal` is the one of ``benefits_base.tools.dated``.
* Legal and issuer figures are *dated* records in Odoo (``benefits.dated.mixin``):
  the lookup of the one in force on a day is done there, the tools receive the
  figures already picked.
* Problems meant for users are :class:`Problem` values (a code, a row, a
  column or field, a masked value, parameters); the Odoo layer turns the code
  into a translated sentence.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

# the shared dated rules, as ``odoo.addons.benefits_base`` in Odoo and as
# ``benefits_base`` in the Odoo-free test suite
_ROOT = __package__.rpartition(".")[0].rpartition(".")[0]
dated = import_module(f"{_ROOT}.benefits_base.tools.dated".lstrip("."))
to_decimal = dated.to_decimal

CENT = Decimal("0.01")

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------


def money(value):
    """``value`` rounded to the cent, half up (``Decimal("2.675")`` → ``2.68``)."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


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
