# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""National numbers: NISS, BIS, temporary; masking; same-person matching."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_vo_helpers import make_bis, make_niss

from voucher_orders.tools import identifiers as idf

NISS_1985 = make_niss(date(1985, 7, 30), 33)  # male (odd counter)
NISS_2001 = make_niss(date(2001, 2, 3), 34)  # female (even counter), born after 2000
BIS_KNOWN = make_bis(date(1990, 5, 17), 11)
BIS_UNKNOWN = make_bis(date(1990, 5, 17), 11, gender_known=False)


def test_computed_numbers_match_the_stdnum_example():
    assert NISS_1985 == "85073003328"


def test_niss_before_2000():
    number = idf.parse_national_number("85.07.30-033.28")
    assert number.kind == idf.NISS
    assert number.number == "85073003328"
    assert number.birth_date == date(1985, 7, 30)
    assert number.gender == "M"
    assert number.formatted == "85.07.30-033.28"


def test_niss_after_2000():
    number = idf.parse_national_number(NISS_2001)
    assert number.kind == idf.NISS
    assert number.birth_date == date(2001, 2, 3)
    assert number.gender == "F"


def test_bis_with_and_without_gender():
    known = idf.parse_national_number(BIS_KNOWN)
    assert known.kind == idf.BIS
    assert known.birth_date == date(1990, 5, 17)
    assert known.gender == "M"
    unknown = idf.parse_national_number(BIS_UNKNOWN)
    assert unknown.kind == idf.BIS
    assert unknown.birth_date == date(1990, 5, 17)
    assert unknown.gender is None


def test_unknown_birth_day_gives_no_birth_date():
    number = make_niss(date(1985, 7, 1), 33).replace("850701", "850700", 1)
    # recompute the check digits for the day-less base
    base = number[:9]
    number = base + f"{97 - int(base) % 97:02d}"
    parsed = idf.parse_national_number(number)
    assert parsed.kind == idf.NISS
    assert parsed.birth_date is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", idf.REQUIRED),
        (None, idf.REQUIRED),
        ("85073003329", idf.INVALID_CHECKSUM),
        ("8507300332", idf.INVALID_LENGTH),
        ("850730033280", idf.INVALID_LENGTH),
        ("85O73003328", idf.INVALID_FORMAT),
    ],
)
def test_invalid_numbers(value, code):
    with pytest.raises(idf.NationalNumberError) as info:
        idf.parse_national_number(value)
    assert info.value.code == code
    assert idf.national_number_error(value) == code
    assert idf.classify_number(value) is None


def test_invalid_month_is_a_date_error():
    base = "851530033"  # month 15: neither NISS (1-12) nor BIS (21-32, 41-52)
    number = base + f"{97 - int(base) % 97:02d}"
    assert idf.national_number_error(number) == idf.INVALID_DATE


def test_error_never_carries_the_number():
    with pytest.raises(idf.NationalNumberError) as info:
        idf.parse_national_number("85073003329")
    assert "85073003329" not in str(info.value)
    assert "85073003329" not in repr(info.value)


def test_temporary_number_is_free_form_when_flagged():
    number = idf.parse_national_number(" tmp-2024/0001 ", temporary=True)
    assert number.kind == idf.TEMPORARY
    assert number.number == "TMP20240001"
    assert number.birth_date is None
    assert idf.classify_number("TMP20240001") is None  # not flagged: invalid
    assert idf.national_number_error("TMP#1", temporary=True) == idf.INVALID_FORMAT
    assert idf.national_number_error("X" * 40, temporary=True) == idf.INVALID_LENGTH


def test_compact_restores_leading_zeros_of_numeric_cells():
    assert idf.compact_number(int(NISS_2001)) == NISS_2001
    assert idf.compact_number(float(NISS_2001)) == NISS_2001
    assert idf.compact_number("85 07 30-033.28") == "85073003328"


def test_mask():
    assert idf.mask_national_number("85.07.30-033.28") == "85.07.30-***-**"
    assert idf.mask_national_number("TMP20240001") == "TM*********"
    assert idf.mask_national_number("ABC") == "***"
    assert idf.mask_national_number(None) == ""


def test_repr_masks_the_number():
    number = idf.parse_national_number(NISS_1985)
    assert NISS_1985 not in repr(number)
    assert NISS_1985 not in str(number)
    assert "85.07.30-***-**" in repr(number)
    record = idf.PersonRecord(key=1, number=NISS_1985, last_name="Peeters")
    assert NISS_1985 not in repr(record)


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date.today() - timedelta(days=1)),
    st.integers(min_value=1, max_value=997),
)
def test_any_computed_niss_is_valid_and_derives_its_birth_date(birth, counter):
    number = idf.parse_national_number(make_niss(birth, counter))
    assert number.kind == idf.NISS
    assert number.birth_date == birth
    assert number.gender == ("M" if counter % 2 else "F")
    assert idf.mask_national_number(number.number) == birth.strftime("%y.%m.%d-***-**")


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date.today() - timedelta(days=1)),
    st.integers(min_value=1, max_value=997),
)
def test_any_computed_bis_is_valid(birth, counter):
    number = idf.parse_national_number(make_bis(birth, counter))
    assert number.kind == idf.BIS
    assert number.birth_date == birth


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(1999, 12, 31)),
    st.integers(min_value=1, max_value=997),
    st.integers(min_value=2, max_value=10),
    st.integers(min_value=1, max_value=9),
)
def test_a_changed_digit_is_caught(birth, counter, position, delta):
    # Year digits are left out: "25…" (1925) changed to "05…" passes as 2005, the
    # check of "2" + "05…" being that of "25…"; 1926 → 1920 (as 2020) passes too.
    number = make_niss(birth, counter)
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    assert idf.classify_number(changed) is None


# ---------------------------------------------------------------------------
# Same person?
# ---------------------------------------------------------------------------

BIRTH = date(1990, 5, 17)
NISS_LATER = make_niss(BIRTH, 21)


def person(key=None, number="", kind=idf.NISS, last="Janssens", first="Marie", birth=BIRTH):
    return idf.PersonRecord(
        key=key, number=number, kind=kind, last_name=last, first_name=first, birth_date=birth
    )


def test_same_number_updates():
    index = idf.BeneficiaryIndex([person(1, NISS_1985)])
    match = idf.match_beneficiary(index, person(number="85.07.30-033.28", first="Other"))
    assert (match.decision, match.reason, match.key) == (idf.UPDATE, idf.SAME_NUMBER, 1)


def test_niss_replaces_bis_of_the_same_person():
    other = person(8, NISS_1985, last="Peeters")
    index = idf.BeneficiaryIndex([person(7, BIS_KNOWN, idf.BIS), other])
    match = idf.match_beneficiary(index, person(number=NISS_LATER, last="JANSSENS", first="marie"))
    assert match.decision == idf.UPDATE
    assert match.key == 7
    assert match.replaces_number


def test_niss_replaces_temporary_number_names_folded():
    existing = person(3, "TMP1", idf.TEMPORARY, last="Dupont-Lefèvre", first="Zoë")
    incoming = person(number=NISS_LATER, last="dupont lefevre", first="Zoe")
    match = idf.match_beneficiary([existing], incoming)
    assert (match.decision, match.key) == (idf.UPDATE, 3)


def test_bis_replaces_temporary_but_not_the_reverse():
    temporary = person(3, "TMP1", idf.TEMPORARY)
    assert idf.match_beneficiary([temporary], person(number=BIS_KNOWN, kind=idf.BIS)).key == 3
    bis_holder = person(4, BIS_KNOWN, idf.BIS)
    match = idf.match_beneficiary([bis_holder], person(number="TMP9", kind=idf.TEMPORARY))
    assert (match.decision, match.reason) == (idf.CONFLICT, idf.PERSON_HAS_OTHER_NUMBER)


def test_same_person_with_another_niss_is_a_conflict():
    match = idf.match_beneficiary([person(1, NISS_1985)], person(number=NISS_LATER))
    assert (match.decision, match.reason, match.candidate_keys) == (
        idf.CONFLICT,
        idf.PERSON_HAS_OTHER_NUMBER,
        (1,),
    )


def test_two_candidates_are_ambiguous():
    existing = [person(1, "TMP1", idf.TEMPORARY), person(2, BIS_KNOWN, idf.BIS)]
    match = idf.match_beneficiary(existing, person(number=NISS_LATER))
    assert (match.decision, match.reason) == (idf.CONFLICT, idf.AMBIGUOUS)
    assert set(match.candidate_keys) == {1, 2}


def test_unknown_birth_date_needs_a_person():
    existing = [person(1, "TMP1", idf.TEMPORARY, birth=None)]
    match = idf.match_beneficiary(existing, person(number=NISS_LATER))
    assert (match.decision, match.reason) == (idf.CONFLICT, idf.UNCONFIRMED_PERSON)


def test_same_name_other_birth_date_is_new():
    existing = [person(1, "TMP1", idf.TEMPORARY, birth=date(1970, 1, 1))]
    match = idf.match_beneficiary(existing, person(number=NISS_LATER))
    assert (match.decision, match.reason) == (idf.NEW, idf.NO_MATCH)


def test_other_person_is_new():
    match = idf.match_beneficiary([person(1, NISS_1985)], person(number=NISS_LATER, last="Maes"))
    assert match.decision == idf.NEW


# ---------------------------------------------------------------------------
# The portal's search: numbers never in a URL
# ---------------------------------------------------------------------------


def test_split_search_keeps_names_and_takes_numbers_out():
    assert idf.split_search("Peeters") == ("Peeters", "")
    assert idf.split_search("  Jan   Peeters ") == ("Jan Peeters", "")
    assert idf.split_search("85.07.30-033.28") == ("", "85073003328")
    assert idf.split_search("850730 033 28") == ("", "85073003328")
    assert idf.split_search("Peeters 85.07.30") == ("Peeters", "850730")
    assert idf.split_search("tmp-00a12") == ("", "TMP00A12")
    assert idf.split_search("") == ("", "")
    assert idf.split_search(None) == ("", "")


@given(st.text(max_size=60))
def test_split_search_name_part_never_holds_a_digit(term):
    name, number = idf.split_search(term)
    assert not any(char.isdigit() for char in name)
    # nothing with a digit is lost: a term with a digit gives a number
    assert bool(number) == any(char.isdigit() for char in term)
    if not number:
        assert name == " ".join(term.split())
