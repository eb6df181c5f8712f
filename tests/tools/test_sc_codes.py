# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Region of a Belgian postal code (servicecheque_prestations.tools.codes)."""

import pytest

from servicecheque_prestations.tools import codes


@pytest.mark.parametrize(
    ("zip_code", "region"),
    [
        ("1000", "brussels"),
        ("1299", "brussels"),
        ("1300", "wallonia"),
        ("1500", "flanders"),
        ("3940", "flanders"),
        ("4000", "wallonia"),
        ("7999", "wallonia"),
        ("8000", "flanders"),
        ("9000", "flanders"),
        ("B-9000", "flanders"),
        (" 1050 ", "brussels"),
        (1050, "brussels"),
    ],
)
def test_region_from_zip(zip_code, region):
    assert codes.region_from_zip(zip_code) == region


@pytest.mark.parametrize("zip_code", [None, "", "999", "0999", "10000", "75001", "abcd", "١٠٥٠"])
def test_region_from_zip_rejects_non_belgian(zip_code):
    assert codes.region_from_zip(zip_code) is None
