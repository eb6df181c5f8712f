# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 10.3: "The SEPA file fails on every billed batch ('The output SEPA file contains
validation errors…', in English) … say which data is missing (company account, which
volunteer's IBAN) before trying"."""

import pytest

from dito_expenses.tools.sepa import check_sepa, is_valid_iban, normalize_iban

COMPANY = "BE71 0961 2345 6769"


@pytest.mark.parametrize(
    "text, valid",
    [
        ("BE71 0961 2345 6769", True),
        ("be62510007547061", True),
        ("BE62510007547062", False),  # one digit off: the check digits catch it
        ("BANK134567890", False),  # a demo account number, not an IBAN
        ("", False),
        ("BE71 0961 2345 6769 ", True),
    ],
)
def test_iban(text, valid):
    assert is_valid_iban(text) is valid


def test_normalize():
    assert normalize_iban(" be71 0961\u00a02345 6769") == "BE71096123456769"


def test_nothing_missing():
    assert not check_sepa("EUR", COMPANY, [("Lotte", "BE62510007547061")])


def test_each_missing_piece_is_named():
    problems = check_sepa(
        "USD",
        "BANK134567890",
        [("Lotte", None), ("Jan", "BE62510007547062"), ("An", "BE68539007547034")],
    )
    assert problems
    assert problems.wrong_currency == "USD"
    assert problems.bad_company_account == "BANK134567890"
    assert problems.without_account == ("Lotte",)
    assert problems.bad_accounts == (("Jan", "BE62510007547062"),)
    assert check_sepa("EUR", None, []).no_company_account
