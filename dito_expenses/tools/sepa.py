# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a SEPA credit-transfer file needs, checked before making it.

A bank refuses the whole file for one bad account, and the payment order that
writes it (OCA) stops at the first line it cannot use: the volunteer service is
told beforehand, all at once, which data is missing (the company's account,
which volunteers' IBANs).
"""

import re
from dataclasses import dataclass

SEPA_CURRENCY = "EUR"
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}")


def normalize_iban(text):
    """``text`` without spaces, upper case (``"be71 0961 …"`` → ``"BE710961…"``)."""
    return re.sub(r"\s", "", text or "").upper()


def is_valid_iban(text):
    """Whether ``text`` is an IBAN: its shape (ISO 13616) and its mod-97 check digits."""
    iban = normalize_iban(text)
    if not _IBAN.fullmatch(iban):
        return False
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


@dataclass(frozen=True)
class SepaProblems:
    """What stops a SEPA file; empty when it can be made."""

    wrong_currency: str | None = None  # the company's currency when it is not the euro
    no_company_account: bool = False
    bad_company_account: str | None = None  # the account number that is not an IBAN
    without_account: tuple = ()  # volunteers (names) without a bank account
    bad_accounts: tuple = ()  # (volunteer, account number) pairs that are not IBANs

    def __bool__(self):
        return bool(
            self.wrong_currency
            or self.no_company_account
            or self.bad_company_account
            or self.without_account
            or self.bad_accounts
        )


def check_sepa(currency, company_account, payees):
    """The :class:`SepaProblems` of a transfer in ``currency`` from ``company_account``.

    ``company_account``: the account number of the company's bank journal, or
    ``None``; ``payees``: ``(name, account number or None)`` pairs.
    """
    return SepaProblems(
        wrong_currency=None if currency == SEPA_CURRENCY else currency,
        no_company_account=not company_account,
        bad_company_account=(
            company_account if company_account and not is_valid_iban(company_account) else None
        ),
        without_account=tuple(sorted({name for name, account in payees if not account})),
        bad_accounts=tuple(
            sorted(
                {(name, account) for name, account in payees if account}
                - {(name, account) for name, account in payees if is_valid_iban(account or "")}
            )
        ),
    )
