# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The structured communication the e-invoices carry as their payment reference."""

import pytest
from benefits_peppol.tools import structured_reference as sr
from hypothesis import given
from hypothesis import strategies as st

bases = st.integers(min_value=0, max_value=sr.BASE_MAX)


def test_known_references():
    # 1234567890 mod 97 = 2
    assert sr.build(1234567890) == "+++123/4567/89002+++"
    assert sr.build(1) == "+++000/0000/00101+++"
    assert sr.is_valid("+++123/4567/89002+++")
    assert not sr.is_valid("+++123/4567/89003+++")


def test_a_remainder_of_zero_is_written_97():
    assert sr.build(97 * 12345).endswith("97+++")
    assert sr.is_valid(sr.build(97 * 12345))
    digits = f"{97 * 12345:010d}00"
    assert not sr.is_valid(f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++")


@pytest.mark.parametrize("bad", [-1, 10**10, "123", 1.0, True, None])
def test_bad_bases_are_refused(bad):
    with pytest.raises(ValueError):
        sr.build(bad)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "123456789002",
        "+++123/4567/8900+++",
        "+++123-4567-89002+++",
        "+++１２３/4567/89002+++",
    ],
)
def test_not_structured_communications(text):
    assert not sr.is_valid(text)


@given(bases)
def test_every_built_reference_is_valid_and_keeps_its_base(base):
    reference = sr.build(base)
    assert sr.is_valid(reference)
    assert int(reference[3:6] + reference[7:11] + reference[12:15]) == base


@given(bases, st.integers(min_value=1, max_value=96))
def test_a_wrong_check_is_refused(base, shift):
    reference = sr.build(base)
    check = (int(reference[15:17]) - 1 + shift) % 97 + 1
    assert not sr.is_valid(f"{reference[:15]}{check:02d}+++")
