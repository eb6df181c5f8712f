# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Excel template, export and the upload parsers, with malformed files."""

import io
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from test_vo_helpers import domain_rules, make_bis, make_niss, rule_at

from voucher_orders.tools import identifiers as idf
from voucher_orders.tools import rules, xlsx
from voucher_orders.tools.common import ERROR, WARNING

D = Decimal
T = xlsx.DEFAULT_TEXTS
RULES = domain_rules()
MEAL_2025 = rule_at(RULES, rules.MEAL, date(2025, 6, 1))
MEAL_2026 = rule_at(RULES, rules.MEAL, date(2026, 6, 1))
ECO = rule_at(RULES, rules.ECO, date(2026, 6, 1))
GIFT = rule_at(RULES, rules.GIFT, date(2026, 6, 1))
TODAY = date(2026, 3, 1)

NISS_A = make_niss(date(1985, 7, 30), 33)
NISS_B = make_niss(date(2001, 2, 3), 34)
NISS_C = make_niss(date(1970, 12, 1), 101)
BIS_D = make_bis(date(1990, 5, 17), 11)

BENEFICIARY_HEADER = [
    T["column_national_number"] + " *",
    T["column_temporary"],
    T["column_last_name"] + " *",
    T["column_first_name"] + " *",
    T["column_birth_date"],
    T["column_email"],
    T["column_cost_centre"],
    T["column_delivery"] + " *",
    T["column_street"],
    T["column_zip"],
    T["column_city"],
]


def row(number, last="Peeters", first="Jan", *, temporary=None, birth=None, email=None,
        centre=None, delivery="Workplace", street=None, zip_code=None, city=None):  # fmt: skip
    return [number, temporary, last, first, birth, email, centre, delivery, street, zip_code, city]


def workbook_bytes(rows, header=BENEFICIARY_HEADER, sheet="Beneficiaries", edit=None):
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    if header is not None:
        worksheet.append(header)
    for values in rows:
        worksheet.append(values)
    if edit:
        edit(workbook, worksheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def parse(data, **kwargs):
    kwargs.setdefault("today", TODAY)
    return xlsx.parse_beneficiary_upload(data, **kwargs)


def problem_codes(result):
    return {(p.code, p.row, p.column) for p in result.problems}


# ---------------------------------------------------------------------------
# Beneficiary uploads
# ---------------------------------------------------------------------------


def test_valid_file(tmp_path):
    path = tmp_path / "beneficiaries.xlsx"
    path.write_bytes(
        workbook_bytes(
            [
                row(NISS_A, email="jan@example.com", centre="cc1"),
                row(
                    int(NISS_B),
                    "Maes",
                    "An",
                    delivery="home",
                    street="Kerkstraat 1",
                    zip_code=9000,
                    city="Gent",
                ),  # fmt: skip
                row(BIS_D, "Dubois", "Luc", birth=datetime(1990, 5, 17)),
                row("TMP-0001", "Smith", "Ann", temporary="x", birth="03/04/1995"),
            ]
        )
    )
    result = parse(str(path), cost_centres={"CC1", "CC2"})
    assert result.ok, result.problems
    assert result.rows_read == 4
    first, second, third, fourth = result.rows
    assert (first.national_number, first.kind, first.birth_date) == (
        NISS_A,
        idf.NISS,
        date(1985, 7, 30),
    )
    assert first.cost_centre == "CC1"
    assert first.gender == "M"
    assert first.row == 2
    assert first.action == xlsx.ACTION_CREATE
    assert second.national_number == NISS_B  # the leading zero Excel dropped is back
    assert (second.delivery, second.zip, second.city) == (xlsx.HOME, "9000", "Gent")
    assert third.kind == idf.BIS
    assert (fourth.kind, fourth.temporary, fourth.birth_date) == (
        idf.TEMPORARY,
        True,
        date(1995, 4, 3),
    )
    assert NISS_A not in repr(first)


def test_not_an_xlsx_file():
    result = parse(b"this is not a spreadsheet")
    assert [p.code for p in result.problems] == [xlsx.NOT_XLSX]
    assert not result.ok
    assert result.rows == ()


def test_wrong_template_missing_sheet():
    result = parse(workbook_bytes([row(NISS_A)], sheet="Sheet1"))
    assert [(p.code, p.value) for p in result.problems] == [(xlsx.MISSING_SHEET, "Beneficiaries")]


def test_order_file_is_not_a_beneficiary_file():
    data = xlsx.build_order_template(rules.MEAL)
    assert xlsx.MISSING_SHEET in {p.code for p in parse(data).problems}


def test_wrong_template_no_header():
    result = parse(workbook_bytes([], header=["Foo", "Bar"]))
    assert xlsx.MISSING_HEADER in {p.code for p in result.errors}
    assert {p.code for p in result.warnings} == {xlsx.EXTRA_COLUMN}
    assert parse(workbook_bytes([], header=None)).errors[0].code == xlsx.MISSING_HEADER


def test_missing_required_column():
    header = [label for label in BENEFICIARY_HEADER if not label.startswith("Last name")]
    result = parse(workbook_bytes([[NISS_A, None, "Jan", None, None, None, "Workplace"]], header))
    assert [(p.code, p.column) for p in result.errors] == [(xlsx.MISSING_COLUMN, "last_name")]
    assert result.rows == ()


def test_missing_optional_columns_are_fine():
    header = ["national_number", "last_name", "first_name", "delivery"]  # technical keys
    result = parse(workbook_bytes([[NISS_A, "Peeters", "Jan", "workplace"]], header))
    assert result.ok
    assert result.rows[0].active


def test_extra_column_is_a_warning_and_ignored():
    header = [*BENEFICIARY_HEADER, "Remarks"]
    result = parse(workbook_bytes([[*row(NISS_A), "left in May"]], header))
    assert result.ok
    assert [(p.code, p.column, p.value, p.severity) for p in result.problems] == [
        (xlsx.EXTRA_COLUMN, "L", "Remarks", WARNING)
    ]
    assert len(result.rows) == 1


def test_values_without_header_are_reported():
    result = parse(workbook_bytes([[*row(NISS_A), None, "stray"]]))
    assert result.ok
    assert [(p.code, p.column) for p in result.problems] == [(xlsx.EXTRA_COLUMN, "M")]


def test_duplicate_column():
    header = [*BENEFICIARY_HEADER, "E-mail"]
    result = parse(workbook_bytes([row(NISS_A)], header))
    assert [(p.code, p.column, p.value) for p in result.errors] == [
        (xlsx.DUPLICATE_COLUMN, "email", "L")
    ]


def test_formulas_are_rejected():
    rows = [row(NISS_A), row(NISS_B, last='=UPPER("maes")'), row(NISS_C)]
    result = parse(workbook_bytes(rows))
    assert not result.ok
    assert [(p.code, p.row, p.column, p.value) for p in result.errors] == [
        (xlsx.FORMULA, 3, "last_name", None)
    ]
    assert [r.row for r in result.rows] == [2, 4]


def test_merged_cells_are_rejected():
    def merge(workbook, worksheet):
        worksheet.merge_cells("C3:D3")
        worksheet.merge_cells("H4:H5")

    rows = [row(NISS_A), row(NISS_B), row(NISS_C), row(BIS_D, "Dubois", "Luc")]
    result = parse(workbook_bytes(rows, edit=merge))
    merged = [(p.row, p.column, p.value) for p in result.errors if p.code == xlsx.MERGED_CELLS]
    assert merged == [(3, "last_name", "C3:D3"), (4, "delivery", "H4:H5"), (5, "delivery", "H4:H5")]
    assert [r.row for r in result.rows] == [2]


def test_merged_header():
    result = parse(workbook_bytes([row(NISS_A)], edit=lambda wb, ws: ws.merge_cells("A1:B1")))
    assert (xlsx.MERGED_CELLS, 1, "A") in problem_codes(result)
    assert result.rows == ()


def test_empty_rows_are_skipped_and_row_numbers_kept():
    rows = [row(NISS_A), [None] * 11, ["  ", None, ""], row("12345678901"), [], row(NISS_B)]
    result = parse(workbook_bytes(rows))
    assert result.rows_read == 3
    assert [(p.code, p.row) for p in result.problems] == [(idf.INVALID_CHECKSUM, 5)]
    assert [r.row for r in result.rows] == [2, 7]


def test_bad_check_digits_are_masked():
    bad = NISS_A[:-2] + "99"
    result = parse(workbook_bytes([row(bad)]))
    (problem,) = result.problems
    assert (problem.code, problem.row, problem.column) == (
        idf.INVALID_CHECKSUM,
        2,
        "national_number",
    )
    assert problem.value == "85.07.30-***-**"
    assert bad not in repr(result)


def test_missing_required_fields():
    result = parse(workbook_bytes([row(None, None, None, delivery=None, email="a@b.be")]))
    assert {(p.code, p.column) for p in result.problems} == {
        (xlsx.REQUIRED, "national_number"),
        (xlsx.REQUIRED, "last_name"),
        (xlsx.REQUIRED, "first_name"),
        (xlsx.REQUIRED, "delivery"),
    }


def test_home_delivery_needs_an_address_and_temporary_needs_a_birth_date():
    rows = [row(NISS_A, delivery="Home", city="Gent"), row("T1", temporary="yes")]
    result = parse(workbook_bytes(rows))
    assert problem_codes(result) == {
        (xlsx.REQUIRED, 2, "street"),
        (xlsx.REQUIRED, 2, "zip"),
        (xlsx.REQUIRED, 3, "birth_date"),
    }


def test_bad_values():
    rows = [
        row(NISS_A, birth="31/02/1985"),
        row(NISS_B, birth=date(1999, 1, 1)),
        row(NISS_C, email="not-an-email", delivery="Moon", temporary="maybe"),
        row(BIS_D, birth=date(2030, 1, 1)),
    ]
    result = parse(workbook_bytes(rows))
    assert problem_codes(result) == {
        (xlsx.INVALID_DATE, 2, "birth_date"),
        (xlsx.BIRTH_DATE_MISMATCH, 3, "birth_date"),
        (xlsx.INVALID_EMAIL, 4, "email"),
        (xlsx.INVALID_CHOICE, 4, "delivery"),
        (xlsx.INVALID_FLAG, 4, "temporary"),
        (xlsx.INVALID_DATE, 5, "birth_date"),
    }


def test_unknown_cost_centre():
    result = parse(workbook_bytes([row(NISS_A, centre="CC9")]), cost_centres=["CC1"])
    assert [(p.code, p.row, p.column, p.value) for p in result.problems] == [
        (xlsx.UNKNOWN_COST_CENTRE, 2, "cost_centre", "CC9")
    ]
    assert parse(workbook_bytes([row(NISS_A, centre="CC9")])).ok  # not checked


def test_duplicates_in_file():
    rows = [row(NISS_A), row(NISS_B), row(NISS_A.replace("30", ".30.", 1))]
    result = parse(workbook_bytes(rows))
    (problem,) = result.problems
    assert (problem.code, problem.row, problem.params) == (
        xlsx.DUPLICATE_IN_FILE,
        4,
        {"first_row": 2},
    )


def test_duplicates_against_existing_numbers():
    existing = [idf.PersonRecord(key=10, number=NISS_A, last_name="Peeters", first_name="Jan")]
    result = parse(workbook_bytes([row(NISS_A), row(NISS_B)]), existing=existing)
    assert [(p.code, p.row) for p in result.problems] == [(xlsx.DUPLICATE_EXISTING, 2)]
    updated = parse(
        workbook_bytes([row(NISS_A), row(NISS_B)]), existing=existing, allow_updates=True
    )
    assert updated.ok
    assert [(r.action, r.match_key) for r in updated.rows] == [
        (xlsx.ACTION_UPDATE, 10),
        (xlsx.ACTION_CREATE, None),
    ]


def test_niss_replacing_a_bis_updates_the_same_beneficiary():
    born = date(1990, 5, 17)
    existing = [
        idf.PersonRecord(
            key=5, number=BIS_D, kind=idf.BIS, last_name="Dubois", first_name="Luc", birth_date=born
        ),  # fmt: skip
    ]
    niss = make_niss(born, 45)
    result = parse(workbook_bytes([row(niss, "DUBOIS", "Luc")]), existing=existing)
    assert result.ok
    (updated,) = result.rows
    assert (updated.action, updated.match_key, updated.replaces_number) == (
        xlsx.ACTION_UPDATE,
        5,
        True,
    )
    assert updated.kind == idf.NISS


def test_identity_conflict():
    existing = [idf.PersonRecord(key=5, number="TMP1", kind=idf.TEMPORARY, last_name="Dubois",
                                 first_name="Luc")]  # fmt: skip
    result = parse(workbook_bytes([row(BIS_D, "Dubois", "Luc")]), existing=existing)
    (problem,) = result.problems
    assert problem.code == xlsx.IDENTITY_CONFLICT
    assert problem.params == {"reason": idf.UNCONFIRMED_PERSON, "count": 1}


def test_old_and_new_number_of_one_person_in_one_file():
    born = date(1990, 5, 17)
    existing = [idf.PersonRecord(key=5, number=BIS_D, kind=idf.BIS, last_name="Dubois",
                                 first_name="Luc", birth_date=born)]  # fmt: skip
    rows = [row(BIS_D, "Dubois", "Luc"), row(make_niss(born, 45), "Dubois", "Luc")]
    result = parse(workbook_bytes(rows), existing=existing, allow_updates=True)
    assert [(p.code, p.row) for p in result.problems] == [(xlsx.DUPLICATE_IN_FILE, 3)]


def test_too_many_rows():
    result = parse(workbook_bytes([row(NISS_A), row(NISS_B), row(NISS_C)]), max_rows=2)
    assert xlsx.TOO_MANY_ROWS in {p.code for p in result.errors}


def test_empty_template_has_no_rows():
    result = parse(xlsx.build_beneficiary_template())
    assert [p.code for p in result.problems] == [xlsx.NO_ROWS]


# ---------------------------------------------------------------------------
# Template and export
# ---------------------------------------------------------------------------

DUTCH = {
    "sheet_beneficiaries": "Begunstigden",
    "sheet_guide": "Handleiding",
    "sheet_lists": "Lijsten",
    "yes": "Ja",
    "no": "Nee",
    "delivery_workplace": "Werkplek",
    "delivery_home": "Thuis",
    "column_national_number": "Rijksregisternummer",
    "column_last_name": "Naam",
    "column_first_name": "Voornaam",
    "column_delivery": "Levering kaart",
    "column_active": "Actief",
    "guide_title": "Hoe vult u dit bestand in",
}


def test_template_sheets_header_validation_and_guide():
    data = xlsx.build_beneficiary_template(DUTCH, cost_centres=["CC1", "CC2"])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Begunstigden", "Handleiding", "Lijsten"]
    assert workbook["Lijsten"].sheet_state == "hidden"
    sheet = workbook["Begunstigden"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Rijksregisternummer *"
    assert header[2] == "Naam *"
    assert len(header) == len(xlsx.BENEFICIARY_COLUMNS)
    validations = {
        next(iter(dv.sqref.ranges)).coord.split(":")[0]: dv
        for dv in sheet.data_validations.dataValidation
    }
    delivery_letter = openpyxl.utils.get_column_letter(
        [c.key for c in xlsx.BENEFICIARY_COLUMNS].index("delivery") + 1
    )
    assert validations[f"{delivery_letter}2"].type == "list"
    assert "Lijsten" in validations[f"{delivery_letter}2"].formula1
    lists = workbook["Lijsten"]
    assert [lists.cell(1, 2).value, lists.cell(2, 2).value] == ["Werkplek", "Thuis"]
    assert [lists.cell(1, 3).value, lists.cell(2, 3).value] == ["CC1", "CC2"]
    guide = workbook["Handleiding"]
    assert guide["A1"].value == "Hoe vult u dit bestand in"
    texts = [cell.value for r in guide.iter_rows() for cell in r if cell.value]
    assert "Rijksregisternummer" in texts


def test_dutch_file_is_read_with_all_languages():
    rows = [
        [NISS_A, "Nee", "Peeters", "Jan", None, None, None, "Thuis", "Straat 1", "1000", "Brussel"]
    ]
    header = [
        "Rijksregisternummer *", "Tijdelijk", "Naam", "Voornaam", "Birth date", "E-mail",
        "Cost centre", "Levering kaart", "Street and number", "Postal code", "City",
    ]  # fmt: skip
    data = workbook_bytes(rows, header=header, sheet="Begunstigden")
    assert xlsx.MISSING_SHEET in {p.code for p in parse(data).problems}
    result = parse(data, texts=[xlsx.DEFAULT_TEXTS, {**DUTCH, "column_temporary": "Tijdelijk"}])
    assert result.ok, result.problems
    assert result.rows[0].delivery == xlsx.HOME
    assert result.rows[0].temporary is False


def test_export_round_trip():
    beneficiaries = [
        xlsx.BeneficiaryRow(
            national_number=NISS_A,
            last_name="Peeters",
            first_name="Jan",
            birth_date=date(1985, 7, 30),
            email="jan@example.com",
            cost_centre="CC1",
            meal_face_value=D("8.00"),
        ),
        xlsx.BeneficiaryRow(
            national_number=NISS_B,
            last_name="Maes",
            first_name="An",
            birth_date=date(2001, 2, 3),
            delivery=xlsx.HOME,
            street="Kerkstraat 1",
            zip="9000",
            city="Gent",
            country="BE",
            active=False,
        ),
        xlsx.BeneficiaryRow(
            national_number="TMP7",
            kind=idf.TEMPORARY,
            temporary=True,
            last_name="Smith",
            first_name="Ann",
            birth_date=date(1995, 4, 3),
        ),
    ]
    data = xlsx.export_beneficiaries(beneficiaries, DUTCH, cost_centres=["CC1"])
    existing = [
        idf.PersonRecord(key=i, number=b.national_number, kind=b.kind, last_name=b.last_name,
                         first_name=b.first_name, birth_date=b.birth_date)
        for i, b in enumerate(beneficiaries)
    ]  # fmt: skip
    result = parse(data, existing=existing, allow_updates=True, texts=DUTCH, cost_centres=["CC1"])
    assert result.ok, result.problems
    assert [r.match_key for r in result.rows] == [0, 1, 2]
    fields = ("national_number", "kind", "temporary", "last_name", "first_name", "birth_date",
              "email", "cost_centre", "delivery", "street", "zip", "city", "country",
              "meal_face_value", "active")  # fmt: skip
    for original, parsed in zip(beneficiaries, result.rows, strict=True):
        assert {f: getattr(parsed, f) for f in fields} == {f: getattr(original, f) for f in fields}


def many_rows(count):
    first = date(1950, 1, 1)
    for index in range(count):
        birth = first + timedelta(days=index % 15000)
        yield make_niss(birth, 1 + 2 * (index // 15000)), birth


def test_ten_thousand_rows(tmp_path):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Beneficiaries")
    sheet.append(BENEFICIARY_HEADER)
    numbers = []
    for index, (number, birth) in enumerate(many_rows(10_000)):
        numbers.append(number)
        sheet.append(row(number, f"Name{index}", "First", birth=birth, centre="CC1"))
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    existing = [
        idf.PersonRecord(key=i, number=make_niss(date(1930, 1, 1) + timedelta(days=i), 3),
                         last_name=f"Other{i}", first_name="X")
        for i in range(10_000)
    ]  # fmt: skip
    result = parse(path.read_bytes(), existing=existing, cost_centres={"CC1"})
    assert result.ok, result.problems[:5]
    assert len(result.rows) == 10_000
    assert result.rows[-1].row == 10_001
    assert [r.national_number for r in result.rows] == numbers


# ---------------------------------------------------------------------------
# Order uploads
# ---------------------------------------------------------------------------

KNOWN = {
    NISS_A: xlsx.OrderBeneficiary(key=1, default_face_value=D("8.00")),
    idf.format_number(NISS_B): xlsx.OrderBeneficiary(key=2),
    NISS_C: xlsx.OrderBeneficiary(key=3, active=False),
    BIS_D: xlsx.OrderBeneficiary(key=4, children=2),
}


def order_file(rows, product_type=rules.MEAL, texts=None):
    labels = {**T, **(texts or {})}
    header = [labels[f"column_{c.key}"] for c in xlsx.ORDER_COLUMNS[product_type]]
    return workbook_bytes(rows, header=header, sheet=labels["sheet_order"])


def test_meal_order_file():
    data = order_file(
        [[NISS_A, "Peeters", "Jan", None, 20], [int(NISS_B), None, None, "7,50", 18.0]]
    )
    result = xlsx.parse_order_upload(data, rule=MEAL_2026, beneficiaries=KNOWN)
    assert result.ok, result.problems
    assert [
        (r.beneficiary_key, r.face_value, r.days, r.amount, r.vouchers) for r in result.rows
    ] == [
        (1, D("8.00"), 20, D("160.00"), 20),
        (2, D("7.50"), 18, D("135.00"), 18),
    ]
    assert NISS_A not in repr(result)


def test_meal_order_caps_by_load_date():
    data = order_file([[NISS_A, None, None, 10, 20]])
    assert xlsx.parse_order_upload(data, rule=MEAL_2026, beneficiaries=KNOWN).ok
    result = xlsx.parse_order_upload(data, rule=MEAL_2025, beneficiaries=KNOWN)
    (problem,) = result.problems
    assert (problem.code, problem.row, problem.column, problem.value, problem.severity) == (
        rules.FACE_VALUE_OVER_MAX,
        2,
        "face_value",
        "10.00",
        ERROR,
    )
    assert problem.params == {"limit": "8.00"}
    assert result.rows == ()


def test_order_row_problems():
    rows = [
        [NISS_A, None, None, None, None],  # days missing
        ["99999999999", None, None, 8, 20],  # bad check digits
        [make_niss(date(1999, 9, 9), 1), None, None, 8, 20],  # valid but not registered
        [NISS_C, None, None, 8, 20],  # deactivated
        [NISS_B, None, None, None, 20],  # no face value and no default
        [NISS_B, None, None, 8, 20],  # duplicate of the row above
        [BIS_D, None, None, "abc", -3],
        [None, "Someone", None, 8, 20],
        [NISS_A, None, None, "=4*2", 20],
    ]
    result = xlsx.parse_order_upload(order_file(rows), rule=MEAL_2026, beneficiaries=KNOWN)
    assert problem_codes(result) == {
        (rules.DAYS_REQUIRED, 2, "days"),
        (idf.INVALID_CHECKSUM, 3, "national_number"),
        (xlsx.UNKNOWN_BENEFICIARY, 4, "national_number"),
        (xlsx.BENEFICIARY_INACTIVE, 5, "national_number"),
        (rules.AMOUNT_REQUIRED, 6, "face_value"),
        (xlsx.DUPLICATE_IN_FILE, 7, "national_number"),
        (xlsx.INVALID_AMOUNT, 8, "face_value"),
        (xlsx.INVALID_NUMBER, 8, "days"),
        (xlsx.REQUIRED, 9, "national_number"),
        (xlsx.FORMULA, 10, "face_value"),
        (xlsx.DUPLICATE_IN_FILE, 10, "national_number"),
    }
    assert all("*" in p.value for p in result.problems if p.column == "national_number" and p.value)
    assert result.rows == ()


def test_eco_order_warns_over_the_yearly_max():
    data = order_file([[NISS_A, None, None, 100], [NISS_B, None, None, "250"]], rules.ECO)
    result = xlsx.parse_order_upload(
        data, rule=ECO, beneficiaries=KNOWN, already_ordered={1: D("200")}
    )
    assert result.ok
    (warning,) = result.warnings
    assert (warning.code, warning.row, warning.column) == (rules.YEARLY_MAX_EXCEEDED, 2, "amount")
    assert [r.amount for r in result.rows] == [D("100.00"), D("250.00")]


def test_gift_order_uses_children():
    rows = [[BIS_D, None, None, 120, None], [NISS_A, None, None, 120, 1]]
    result = xlsx.parse_order_upload(order_file(rows, rules.GIFT), rule=GIFT, beneficiaries=KNOWN)
    assert [(p.code, p.row) for p in result.problems] == [(rules.GIFT_MAX_EXCEEDED, 3)]
    assert [r.children for r in result.rows] == [2, 1]


def test_order_file_with_meal_columns_for_eco_is_wrong():
    data = order_file([[NISS_A, None, None, 8, 20]], rules.MEAL)
    result = xlsx.parse_order_upload(data, rule=ECO, beneficiaries=KNOWN)
    assert (xlsx.MISSING_COLUMN, None, "amount") in problem_codes(result)


def test_order_template_prefilled_round_trip():
    prefilled = [
        xlsx.OrderTemplateRow(NISS_A, "Peeters", "Jan", face_value=D("8.00"), days=20),
        xlsx.OrderTemplateRow(NISS_B, "Maes", "An", face_value=D("7.50"), days=19),
    ]
    data = xlsx.build_order_template(rules.MEAL, beneficiaries=prefilled)
    result = xlsx.parse_order_upload(data, rule=MEAL_2026, beneficiaries=KNOWN)
    assert result.ok, result.problems
    assert [(r.beneficiary_key, r.amount) for r in result.rows] == [
        (1, D("160.00")),
        (2, D("142.50")),
    ]


def test_ten_thousand_order_rows():
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Order")
    sheet.append([T[f"column_{c.key}"] for c in xlsx.ORDER_COLUMNS[rules.MEAL]])
    known = {}
    for index, (number, _birth) in enumerate(many_rows(10_000)):
        known[number] = xlsx.OrderBeneficiary(key=index)
        sheet.append([number, None, None, 8, 20])
    output = io.BytesIO()
    workbook.save(output)
    result = xlsx.parse_order_upload(output.getvalue(), rule=MEAL_2026, beneficiaries=known)
    assert result.ok
    assert len(result.rows) == 10_000
    assert sum(r.amount for r in result.rows) == D("1600000.00")


@pytest.mark.parametrize("product_type", rules.PRODUCT_TYPES)
def test_every_order_template_parses_as_empty(product_type):
    rule = rule_at(RULES, product_type, date(2026, 6, 1))
    result = xlsx.parse_order_upload(
        xlsx.build_order_template(product_type), rule=rule, beneficiaries=KNOWN
    )
    assert [p.code for p in result.problems] == [xlsx.NO_ROWS]


def test_merge_scan_across_chunk_boundaries():
    def merge(workbook, worksheet):
        for index in range(2, 40, 3):
            worksheet.merge_cells(f"I{index}:K{index}")

    data = workbook_bytes([row(NISS_A)], edit=merge)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        refs = xlsx._scan_merges(archive, "xl/worksheets/sheet1.xml", chunk_size=7)
    assert sorted(refs) == sorted(f"I{index}:K{index}".encode() for index in range(2, 40, 3))


def test_file_object_source():
    result = parse(io.BytesIO(workbook_bytes([row(NISS_A)])))
    assert result.ok
    assert len(result.rows) == 1


def test_huge_merge_is_one_file_problem(monkeypatch):
    monkeypatch.setattr(xlsx, "MERGED_ROWS_BUDGET", 50)
    data = workbook_bytes([row(NISS_A)], edit=lambda wb, ws: ws.merge_cells("L2:L90"))
    result = parse(data)
    assert [(p.code, p.row, p.value) for p in result.errors] == [
        (xlsx.MERGED_CELLS, None, "L2:L90")
    ]
    assert result.rows == ()
