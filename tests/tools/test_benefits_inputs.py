"""The shared input layer (benefits_base/tools/inputs.py): every hostile value gets a
message naming the field, every good value comes back clean."""

import contextlib
import json
import math
from datetime import date
from decimal import Decimal

import pytest
from benefits_base.tools import inputs
from benefits_base.tools.inputs import InputError
from hypothesis import given
from hypothesis import strategies as st

TODAY = date(2026, 12, 1)
MAX = date(2028, 12, 1)


@pytest.mark.parametrize(
    "raw", ["nan", "NaN", "inf", "-inf", "Infinity", "1e308", "1e400", "1,5e3", "12..3", "", "x"]
)
def test_decimal_refuses_non_numbers(raw):
    with pytest.raises(InputError) as caught:
        inputs.parse_decimal(raw, "Amount", minimum=0, maximum=10_000)
    assert "Amount" in str(caught.value)


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), True, [], {}, "12.5"])
def test_decimal_strict_refuses_wrong_json_types(raw):
    with pytest.raises(InputError):
        inputs.parse_decimal(raw, "Hours", minimum=0, maximum=9, strict=True)


@pytest.mark.parametrize(
    "raw, expected", [("12,50", "12.50"), (" 0.01 ", "0.01"), (7, "7"), (2.5, "2.5")]
)
def test_decimal_accepts_belgian_and_plain(raw, expected):
    assert inputs.parse_decimal(raw, "Amount", minimum=0, maximum=100) == Decimal(expected)


def test_decimal_bounds_and_decimals_at_the_cent():
    assert inputs.parse_decimal("10000.00", "A", minimum=0, maximum=10_000) == Decimal("10000")
    with pytest.raises(InputError):
        inputs.parse_decimal("10000.01", "A", minimum=0, maximum=10_000)
    with pytest.raises(InputError):
        inputs.parse_decimal("-0.01", "A", minimum=0, maximum=10)
    with pytest.raises(InputError) as caught:
        inputs.parse_decimal("1.005", "A", minimum=0, maximum=10)
    assert "decimals" in str(caught.value)


@pytest.mark.parametrize("raw", [True, False, 2.9, "2.9", "99999999999999999999", "", None, "1e3"])
def test_int_refuses(raw):
    with pytest.raises(InputError):
        inputs.parse_int(raw, "Hours", minimum=1, maximum=9, strict=isinstance(raw, float))


def test_int_strict_refuses_text_and_whole_floats():
    with pytest.raises(InputError):
        inputs.parse_int("3", "Hours", minimum=1, maximum=9, strict=True)
    with pytest.raises(InputError):
        inputs.parse_int(3.0, "Hours", minimum=1, maximum=9, strict=True)
    assert inputs.parse_int(3, "Hours", minimum=1, maximum=9, strict=True) == 3
    assert inputs.parse_int(" 9 ", "Hours", minimum=1, maximum=9) == 9
    with pytest.raises(InputError):
        inputs.parse_int("10", "Hours", minimum=1, maximum=9)


@pytest.mark.parametrize(
    "raw",
    ["31/02/2020", "2020-02-30", "99999-01-01", "0001-01-01", "9999-12-31", "00/00/0000", "1/1/20"],
)
def test_date_refuses_impossible_and_out_of_window(raw):
    with pytest.raises(InputError) as caught:
        inputs.parse_date(raw, "Date", maximum=MAX)
    assert "Date" in str(caught.value)


def test_date_window_boundaries():
    assert inputs.parse_date("01/01/2000", "Date", maximum=MAX) == date(2000, 1, 1)
    with pytest.raises(InputError):
        inputs.parse_date("31/12/1999", "Date", maximum=MAX)
    assert inputs.parse_date("2028-12-01", "Date", maximum=MAX) == MAX
    with pytest.raises(InputError):
        inputs.parse_date("2028-12-02", "Date", maximum=MAX)
    assert inputs.date_window(date(2028, 2, 29))[1] == date(2030, 2, 28)


@pytest.mark.parametrize("raw", ["a\x00b", "\x00", "line\nbreak", "bell\x07", "a\u2028b"])
def test_text_refuses_control_characters(raw):
    with pytest.raises(InputError):
        inputs.clean_text(raw, "Name")


def test_text_multiline_and_length():
    assert inputs.clean_text(" a\nb\t ", "Note", multiline=True) == "a\nb"
    with pytest.raises(InputError):
        inputs.clean_text("x" * 256, "Name")
    assert inputs.clean_text(None, "Name") == ""
    with pytest.raises(InputError):
        inputs.clean_text("  ", "Name", required=True)
    with pytest.raises(InputError):
        inputs.clean_text(12, "Name")


@pytest.mark.parametrize("raw", ["=1+1", "+32", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_cell_formulas(raw):
    assert inputs.neutralise_cell(raw) == "'" + raw


def test_neutralise_cell_keeps_numbers_and_plain_text():
    assert inputs.neutralise_cell(-2) == -2
    assert inputs.neutralise_cell("Jan") == "Jan"


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 3000 + b"]" * 3000,
        b'{"a":' * 2000 + b"1" + b"}" * 2000,
        b'{"h": 1e400}',
        b'{"h": NaN}',
        b"[]",
        b"\xff\xfe",
        b"x" * 20_000,
        b"",
    ],
)
def test_json_body_refuses(raw):
    with pytest.raises(InputError):
        inputs.parse_json_body(raw)


def test_json_body_depth_counts_brackets_in_strings_out():
    body = json.dumps({"text": "[[[[[[[[[[[[[[[[[[[[", "n": {"m": [1, 2]}}).encode()
    assert inputs.parse_json_body(body)["n"] == {"m": [1, 2]}


@given(st.text(max_size=50))
def test_clean_text_never_returns_control_characters(text):
    try:
        cleaned = inputs.clean_text(text, "T", max_length=50)
    except InputError:
        return
    assert "\x00" not in cleaned and not any(ord(c) < 32 for c in cleaned)


@given(st.one_of(st.floats(), st.integers(), st.text(max_size=30), st.booleans(), st.none()))
def test_decimal_is_finite_and_bounded_or_refused(value):
    try:
        number = inputs.parse_decimal(value, "A", minimum=-1000, maximum=1000, required=False)
    except InputError:
        return
    if number is not None:
        assert number.is_finite() and -1000 <= number <= 1000
        assert math.isfinite(float(number))


@given(st.binary(max_size=200))
def test_json_body_never_crashes(raw):
    with contextlib.suppress(InputError):
        assert isinstance(inputs.parse_json_body(raw), dict)
