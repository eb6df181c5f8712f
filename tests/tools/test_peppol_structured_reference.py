# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Belgian structured communication +++DDD/DDDD/DDDDD+++ (benefits_peppol/tools): the
invoices' payment reference, read back from bank lines by voucher_orders."""

import pytest
from benefits_peppol.tools import structured_reference as sr
from hypothesis import given
from hypothesis import strategies as st

bases = st.integers(min_value=0, max_value=sr.BASE_MAX)


def test_known_reference():
    assert sr.build(1234567890) == "+++123/4567/89002+++"
    assert sr.build("1234567890") == "+++123/4567/89002+++"
    assert sr.is_valid("+++123/4567/89002+++")
    assert sr.is_valid("123456789002")
    assert sr.is_valid("***123/4567/89002***")
    assert not sr.is_valid("+++123/4567/89003+++")


def test_remainder_zero_is_written_97():
    base = 97 * 12345
    assert sr.check_digits(base) == 97
    assert sr.build(base).endswith("97+++")
    assert sr.is_valid(sr.build(base))
    assert not sr.is_valid(f"{base:010d}00")


@pytest.mark.parametrize("bad", [-1, 10**10, "123", "12345678901", "12345abcde", True])
def test_bad_bases(bad):
    with pytest.raises(ValueError):
        sr.build(bad)


def test_normalize_and_format():
    assert sr.normalize(" +++ 123 / 4567 / 89002 +++ ") == "123456789002"
    assert sr.normalize(None) == ""
    assert sr.format_reference("123456789002") == "+++123/4567/89002+++"
    with pytest.raises(ValueError):
        sr.format_reference("12345")
    assert sr.base_of("+++123/4567/89002+++") == "1234567890"
    with pytest.raises(ValueError):
        sr.base_of("+++123/4567/89003+++")


def test_extract_from_bank_lines():
    line = "Betaling factuur +++123/4567/89002+++ ref 000000000097 en 123456789003"
    assert sr.extract(line) == ["+++123/4567/89002+++", "+++000/0000/00097+++"]
    assert sr.extract("") == []
    assert sr.extract("IBAN BE71096123456769 1234567890021") == []


@given(bases)
def test_round_trip(base):
    reference = sr.build(base)
    assert len(reference) == 20
    assert sr.is_valid(reference)
    assert sr.base_of(reference) == f"{base:010d}"
    assert sr.build(sr.base_of(reference)) == reference
    assert sr.format_reference(sr.normalize(reference)) == reference
    assert sr.is_valid(reference.replace("+++", "***"))
    assert sr.is_valid(sr.normalize(reference))


@given(bases, st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_one_changed_digit_is_caught(base, position, delta):
    digits = sr.normalize(sr.build(base))
    changed = digits[:position] + str((int(digits[position]) + delta) % 10) + digits[position + 1 :]
    assert not sr.is_valid(changed)


@given(
    bases, st.text(alphabet="abc XYZ:-", max_size=20), st.text(alphabet="abc XYZ:-", max_size=20)
)
def test_extract_finds_it_in_noise(base, before, after):
    reference = sr.build(base)
    assert sr.extract(f"{before} {reference} {after}") == [reference]


@pytest.mark.parametrize(
    "text",
    ["", None, "+++123/4567/8900+++", "+++１２３/4567/89002+++", "1234567890021", "abc"],
)
def test_not_structured_communications(text):
    assert not sr.is_valid(text)


@given(bases, st.integers(min_value=1, max_value=96))
def test_a_wrong_check_is_refused(base, shift):
    reference = sr.build(base)
    check = (int(reference[15:17]) - 1 + shift) % 97 + 1
    assert not sr.is_valid(f"{reference[:15]}{check:02d}+++")
