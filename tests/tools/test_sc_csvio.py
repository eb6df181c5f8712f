# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Export and import of performances and workers, with malformed files."""

import csv
import datetime
import io

import openpyxl
import pytest
from benefits_base.tools.inputs import neutralise_cell
from hypothesis import given, settings
from hypothesis import strategies as st

from servicecheque_prestations.tools import csvio
from servicecheque_prestations.tools.csvio import ExportRow, FileError, RowError

D = datetime.date
TODAY = D(2025, 6, 15)
USER = "123456789012"
HEADER = ["Gebruikersnummer", "Werknemer", "Datum", "Activiteit", "Uren"]


def csv_bytes(rows, delimiter=";", encoding="utf-8"):
    text = "\r\n".join(delimiter.join(str(cell) for cell in row) for row in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows, tmp_path, name="import.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path.read_bytes()


def parse(data, filename="import.csv", **kw):
    kw.setdefault("today", TODAY)
    return csvio.parse_performances(data, filename, **kw)


def codes_of(result):
    return {r.row_number: sorted((e.code, e.field) for e in r.errors) for r in result.rejected}


GOOD_ROWS = [
    HEADER,
    [USER, "W01", "2025-06-14", "1", "4"],
    ["1234 5678 9013", "W02", "01/06/2025", "3", "2"],
]


# ---------------------------------------------------------------------------
# Encodings and delimiters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_good_csv_in_any_encoding_and_delimiter(tmp_path, delimiter, encoding):
    rows = [["Gebruikersnummer", "Werknemer", "Datum", "Activité", "Heures"], *GOOD_ROWS[1:]]
    path = tmp_path / "file.csv"
    path.write_bytes(csv_bytes(rows, delimiter, encoding))
    result = parse(path.read_bytes())
    assert result.ok, result.file_errors
    assert result.rejected == ()
    assert result.delimiter == delimiter
    assert result.file_format == "csv"
    assert [row.user_number for row in result.accepted] == [USER, "123456789013"]
    assert result.accepted[0] == csvio.PerformanceRow(2, USER, "W01", D(2025, 6, 14), 1, 4)
    assert result.accepted[1].date == D(2025, 6, 1)


def test_encoding_detection():
    header = "Gebruikersnummer;Werknemer;Datum;Activité;Uren\r\n"
    line = f"{USER};Zoë;2025-06-14;1;4\r\n"
    for encoding, expected in [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
    ]:
        result = parse((header + line).encode(encoding))
        assert result.encoding == expected
        assert result.accepted[0].worker_code == "Zoë"
    # bytes cp1252 leaves undefined (0x81) fall back to latin-1
    data = (header + f"{USER};W\x81;2025-06-14;1;4\r\n").encode("latin-1")
    result = parse(data)
    assert result.encoding == "latin-1"
    assert result.accepted[0].worker_code == "W\x81"


def test_quoted_values_with_delimiters_inside():
    data = (
        b"Gebruikersnummer,Werknemer,Datum,Activiteit,Uren\r\n"
        b'"123456789012","W,1","2025-06-14","1","4"\r\n'
    )
    result = parse(data)
    assert result.delimiter == ","
    assert result.accepted[0].worker_code == "W,1"


# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["gebruikersnummer", "WERKNEMER", " datum ", "activiteit", "uren"],
        [
            "Numéro d'utilisateur",
            "Code travailleur",
            "Date prestation",
            "Type d'activité",
            "Heures",
        ],
        ["User number", "worker_code", "Performance date", "Activity", "Hours"],
        ["Uren", "Activiteit", "Datum", "Werknemer", "Gebruikersnummer"],
    ],
)
def test_header_aliases_and_order(header):
    values = {"user_number": USER, "worker_code": "W01", "date": "14/06/2025"}
    values |= {"activity": "2", "hours": "3"}
    mapping = csvio._alias_map(csvio.PERFORMANCE_ALIASES)
    row = [values[mapping[csvio.normalize_header(h)]] for h in header]
    result = parse(csv_bytes([header, row]))
    assert result.ok
    assert result.accepted[0] == csvio.PerformanceRow(2, USER, "W01", D(2025, 6, 14), 2, 3)


def test_missing_columns_reject_the_file():
    result = parse(csv_bytes([["Gebruikersnummer", "Datum", "Uren"], [USER, "2025-06-14", "4"]]))
    assert result.file_errors == (FileError("missing_columns", ("worker_code", "activity")),)
    assert result.accepted == result.rejected == ()


def test_extra_columns_are_ignored_and_reported():
    rows = [[*HEADER, "Opmerking", ""], [USER, "W01", "2025-06-14", "1", "4", "ok", ""]]
    result = parse(csv_bytes(rows))
    assert result.ok
    assert result.ignored_columns == ("Opmerking",)
    assert len(result.accepted) == 1


def test_duplicate_column_rejects_the_file():
    result = parse(csv_bytes([[*HEADER, "Uren"], [USER, "W01", "2025-06-14", "1", "4", "4"]]))
    assert result.file_errors == (FileError("duplicate_column", "Uren"),)


def test_more_values_than_headers():
    result = parse(csv_bytes([HEADER, [USER, "W01", "2025-06-14", "1", "4", "surplus"]]))
    assert codes_of(result) == {2: [("extra_values", None)]}


def test_fewer_values_than_headers():
    result = parse(csv_bytes([HEADER, [USER, "W01", "2025-06-14"]]))
    assert codes_of(result) == {2: [("missing", "activity"), ("missing", "hours")]}


# ---------------------------------------------------------------------------
# Empty files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", ";;;\r\n;;\r\n"])
def test_empty_file(data):
    result = parse(data)
    assert result.file_errors == (FileError("empty_file"),)


def test_header_only():
    result = parse(csv_bytes([HEADER]))
    assert result.file_errors == (FileError("no_data_rows"),)
    assert not result.ok


def test_blank_lines_are_skipped_but_row_numbers_kept():
    data = csv_bytes([HEADER, ["", "", "", "", ""], [USER, "W01", "2025-06-14", "1", "x"]])
    result = parse(data)
    assert codes_of(result) == {3: [("invalid", "hours")]}


def test_str_input_accepted():
    result = parse(csv_bytes(GOOD_ROWS).decode())
    assert len(result.accepted) == 2


# ---------------------------------------------------------------------------
# Row validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["12345678901", "W01", "2025-06-14", "1", "4"], [("invalid", "user_number")]),
        (["1234567890123", "W01", "2025-06-14", "1", "4"], [("invalid", "user_number")]),
        (["12345678901a", "W01", "2025-06-14", "1", "4"], [("invalid", "user_number")]),
        (["", "W01", "2025-06-14", "1", "4"], [("missing", "user_number")]),
        ([USER, "", "2025-06-14", "1", "4"], [("missing", "worker_code")]),
        ([USER, "W01", "2025-06-14", "0", "4"], [("invalid", "activity")]),
        ([USER, "W01", "2025-06-14", "5", "4"], [("invalid", "activity")]),
        ([USER, "W01", "2025-06-14", "huishoud", "4"], [("invalid", "activity")]),
        ([USER, "W01", "2025-06-14", "1", "0"], [("invalid", "hours")]),
        ([USER, "W01", "2025-06-14", "1", "10"], [("invalid", "hours")]),
        ([USER, "W01", "2025-06-14", "1", "2,5"], [("invalid", "hours")]),
        ([USER, "W01", "2025-06-14", "1", "2.5"], [("invalid", "hours")]),
        ([USER, "W01", "2025-06-16", "1", "4"], [("future", "date")]),
        ([USER, "W01", "2024-05-14", "1", "4"], [("too_old", "date")]),
        ([USER, "W01", "31/02/2025", "1", "4"], [("invalid", "date")]),
        ([USER, "W01", "gisteren", "1", "4"], [("invalid", "date")]),
        (
            [USER, "W01", "", "", ""],
            [("missing", "activity"), ("missing", "date"), ("missing", "hours")],
        ),
        ([USER, "W01", "=TODAY()", "1", "4"], [("formula", "date")]),
    ],
)
def test_row_rejected(row, expected):
    result = parse(csv_bytes([HEADER, row]))
    assert result.accepted == ()
    assert codes_of(result) == {2: sorted(expected)}
    assert result.rejected[0].values[0][0] == "Gebruikersnummer" or row[0] == ""


@pytest.mark.parametrize(
    ("date", "hours"),
    [("2025-06-15", "9"), ("2024-05-15", "1"), ("15.06.2025", "4.0"), ("15-06-2025", "04")],
)
def test_row_accepted_at_the_edges(date, hours):
    result = parse(csv_bytes([HEADER, [USER, "W01", date, "4", hours]]))
    assert result.rejected == ()
    assert len(result.accepted) == 1


def test_several_errors_on_one_row():
    result = parse(csv_bytes([HEADER, ["1", "", "2030-01-01", "7", "12"]]))
    assert codes_of(result) == {
        2: sorted(
            [
                ("invalid", "user_number"),
                ("missing", "worker_code"),
                ("future", "date"),
                ("invalid", "activity"),
                ("invalid", "hours"),
            ]
        )
    }


def test_duplicates_within_file_and_against_existing():
    rows = [
        HEADER,
        [USER, "W01", "2025-06-14", "1", "4"],
        [USER, "W01", "14/06/2025", "1", "2"],  # same key, other hours
        [USER, "W01", "2025-06-14", "2", "4"],  # other activity: fine
        [USER, "W02", "2025-06-14", "1", "4"],  # other worker: fine
        ["999999999999", "W01", "2025-06-13", "1", "4"],  # already stored
    ]
    existing = {csvio.performance_key("999999999999", "W01", D(2025, 6, 13), 1)}
    result = parse(csv_bytes(rows), existing_keys=existing)
    assert [r.row_number for r in result.accepted] == [2, 4, 5]
    assert {r.row_number: r.errors for r in result.rejected} == {
        3: (RowError("duplicate_in_file", None, 2),),
        6: (RowError("duplicate_existing", None, ("999999999999", "W01", D(2025, 6, 13), 1)),),
    }


def test_known_workers_and_user_numbers():
    rows = [HEADER, [USER, "W01", "2025-06-14", "1", "4"], [USER, "W99", "2025-06-14", "1", "4"]]
    result = parse(csv_bytes(rows), known_workers={"W01"}, known_user_numbers={"000000000001"})
    assert codes_of(result) == {3: [("unknown", "worker_code")]}
    assert result.accepted[0].flags == ("user_number_unknown",)
    result = parse(csv_bytes(rows[:2]), known_user_numbers={USER})
    assert result.accepted[0].flags == ()


def test_months_back_is_an_argument():
    row = [USER, "W01", "2025-01-14", "1", "4"]
    assert parse(csv_bytes([HEADER, row]), months_back=3).rejected[0].errors[0].code == "too_old"
    assert parse(csv_bytes([HEADER, row]), months_back=6).accepted


def test_error_report_rows():
    result = parse(csv_bytes([HEADER, [USER, "W01", "2025-06-14", "1", "10"]]))
    assert csvio.error_report_rows(result) == [(2, "invalid", "hours", "10")]
    assert csvio.error_report_rows(parse(b"")) == [(0, "empty_file", None, None)]


@settings(max_examples=200)
@given(st.binary(max_size=400))
def test_garbage_never_crashes(data):
    result = parse(data)
    assert isinstance(result, csvio.ImportResult)


@settings(max_examples=200)
@given(st.lists(st.lists(st.text(max_size=15), min_size=0, max_size=7), max_size=6))
def test_random_cells_never_crash(rows):
    result = parse(csv_bytes([HEADER, *rows]))
    assert result.file_errors in ((), (FileError("no_data_rows"),))
    for row in result.accepted:
        assert len(row.user_number) == 12 and 1 <= row.hours <= 9 and 1 <= row.activity <= 4


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------


def test_xlsx_with_typed_cells(tmp_path):
    rows = [
        HEADER,
        [int(USER), "W01", datetime.datetime(2025, 6, 14), 1, 4],
        [USER, 17, D(2025, 6, 13), 2.0, 3.0],
        ["", None, None, None, None],
        [USER, "W01", "14/06/2025", 3, 2],
    ]
    result = parse(xlsx_bytes(rows, tmp_path), filename="import.xlsx")
    assert result.ok
    assert result.file_format == "xlsx"
    assert result.accepted == (
        csvio.PerformanceRow(2, USER, "W01", D(2025, 6, 14), 1, 4),
        csvio.PerformanceRow(3, USER, "17", D(2025, 6, 13), 2, 3),
        csvio.PerformanceRow(5, USER, "W01", D(2025, 6, 14), 3, 2),
    )


def test_xlsx_detected_without_extension(tmp_path):
    data = xlsx_bytes(GOOD_ROWS, tmp_path)
    assert parse(data, filename="upload").file_format == "xlsx"


def test_xlsx_formula_cells_rejected(tmp_path):
    rows = [
        HEADER,
        [USER, "W01", "2025-06-14", 1, "=2+2"],
        [USER, "W02", "2025-06-14", 1, 4],
    ]
    result = parse(xlsx_bytes(rows, tmp_path), filename="import.xlsx")
    assert codes_of(result) == {2: [("formula", "hours")]}
    assert result.rejected[0].errors == (RowError("formula", "hours", "=2+2"),)
    assert [r.row_number for r in result.accepted] == [3]


def test_xlsx_float_hours_and_bad_values(tmp_path):
    rows = [HEADER, [USER, "W01", "2025-06-14", 1, 2.5], [12345678901, "W01", "2025-06-14", 1, 2]]
    result = parse(xlsx_bytes(rows, tmp_path), filename="import.xlsx")
    assert codes_of(result) == {2: [("invalid", "hours")], 3: [("invalid", "user_number")]}


def test_xlsx_missing_and_extra_columns(tmp_path):
    result = parse(xlsx_bytes([HEADER[:3], [USER, "W01", "2025-06-14"]], tmp_path), "a.xlsx")
    assert result.file_errors == (FileError("missing_columns", ("activity", "hours")),)
    rows = [[*HEADER, "Klant"], [USER, "W01", "2025-06-14", 1, 4, "Janssens"]]
    result = parse(xlsx_bytes(rows, tmp_path), "a.xlsx")
    assert result.ignored_columns == ("Klant",)
    assert len(result.accepted) == 1


def test_xlsx_empty_workbook_and_header_only(tmp_path):
    assert parse(xlsx_bytes([], tmp_path), "a.xlsx").file_errors == (FileError("empty_file"),)
    assert parse(xlsx_bytes([HEADER], tmp_path), "a.xlsx").file_errors == (
        FileError("no_data_rows"),
    )


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"not a zip at all", "import.xlsx", "unreadable_xlsx"),
        (b"PK\x03\x04broken", "import.xlsx", "unreadable_xlsx"),
        (b"", "import.xlsx", "empty_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "unsupported_format"),
    ],
)
def test_broken_excel_files(data, filename, code):
    result = parse(data, filename)
    assert [e.code for e in result.file_errors] == [code]


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    result = parse(path.read_bytes(), "x.xlsx")
    assert [e.code for e in result.file_errors] == ["unreadable_xlsx"]


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

EXPORT_ROWS = [
    ExportRow(
        user_number="012345678901",
        worker_code="W01",
        worker_name="Janssens, An",
        date=D(2025, 6, 14),
        activity=1,
        hours=4,
        status_code=16,
        status="partial_first",
        encoded_on=D(2025, 6, 14),
        vouchers_allocated=2,
        paper_vouchers=1,
        reimbursement_reference="REF-2025-000000000000001",
    ),
    ExportRow("123456789012", "W02", "=HYPERLINK(1)", D(2025, 6, 2), 3, 2),
]


def test_export_layout():
    data = csvio.export_bytes(EXPORT_ROWS, neutralise=neutralise_cell)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0].split(";") == [header for _field, header in csvio.EXPORT_COLUMNS]
    assert lines[1] == (
        "012345678901;W01;Janssens, An;14/06/2025;1;4;16;partial_first;14/06/2025;2;1;0;"
        "REF-2025-000000000000001;"
    )
    assert lines[2] == "123456789012;W02;'=HYPERLINK(1);02/06/2025;3;2;;;;0;0;0;;"
    assert len(EXPORT_ROWS[0].reimbursement_reference) <= csvio.REIMBURSEMENT_REFERENCE_MAX


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_export_neutralises_formula_cells(start):
    """ "every CSV/Excel export of text the outside world wrote must neutralise" a cell
    starting with ``=``, ``+``, ``-``, ``@`` (or a tab / line break)."""
    row = ExportRow("123456789012", start + "W1", start + "cmd|' /C calc'!A0", D(2025, 6, 2), 1, 2)
    text = csvio.export_bytes([row], neutralise=neutralise_cell).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1]
    assert cells[1] == "'" + start + "W1"
    assert cells[2].startswith("'" + start)


@given(st.lists(st.one_of(st.text(max_size=20), st.integers(), st.none()), max_size=6))
@settings(max_examples=200)
def test_table_bytes_never_writes_a_formula(cells):
    """Every text cell of a report (differences, error report) is neutralised; numbers
    stay numbers."""
    data = csvio.table_bytes(["Row", "=Header"], [cells], neutralise=neutralise_cell)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Row", "'=Header"]
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "@", "\t", "\r", "\n")) or cell.startswith("'")
        if cell.startswith("-"):
            assert cell.lstrip("-").isdigit()


def test_export_fields_exist():
    fields = {f.name for f in csvio.ExportRow.__dataclass_fields__.values()}
    assert [field for field, _header in csvio.EXPORT_COLUMNS] == [
        f for f in csvio.ExportRow.__dataclass_fields__ if f in fields
    ]


def test_export_reimports():
    data = csvio.export_bytes(EXPORT_ROWS, neutralise=neutralise_cell, delimiter=",")
    result = parse(data)
    assert result.ok
    assert set(result.ignored_columns) == {
        "Naam werknemer",
        "Statuscode",
        "Status",
        "Invoerdatum",
        "Toegekende cheques",
        "Papieren cheques",
        "Terugbetaling gevraagd",
        "Terugbetalingsreferentie",
        "Correctie",
    }
    assert [r.key for r in result.accepted] == [
        ("012345678901", "W01", D(2025, 6, 14), 1),
        ("123456789012", "W02", D(2025, 6, 2), 3),
    ]


def test_write_export_to_stream():
    stream = io.StringIO(newline="")
    csvio.write_export([], stream, neutralise=neutralise_cell, delimiter=",")
    assert stream.getvalue().startswith("Gebruikersnummer,Werknemer,")


# ---------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------

WORKER_HEADER = ["Code", "Naam", "E-mail", "Filiaal", "Begin contract", "Einde contract"]


def test_workers_import():
    rows = [
        WORKER_HEADER,
        ["W01", "Janssens An", "an@example.be", "Hechtel", "01/01/2024", ""],
        ["W02", "Peeters Bart", "", "", "2024-03-01", "2025-02-28"],
        ["W01", "Dubbel", "", "", "", ""],
        ["W03", "", "geen-mail", "", "x", ""],
        ["W04", "Maes Els", "", "", "2025-01-01", "2024-12-31"],
        ["W05", "Claes Jo", "", "", "", ""],
        ["=1", "Formule", "", "", "", ""],
    ]
    result = csvio.parse_workers(csv_bytes(rows), "workers.csv", existing_codes={"W05"})
    assert result.ok
    assert result.accepted == (
        csvio.WorkerRow(2, "W01", "Janssens An", "an@example.be", "Hechtel", D(2024, 1, 1)),
        csvio.WorkerRow(3, "W02", "Peeters Bart", "", "", D(2024, 3, 1), D(2025, 2, 28)),
    )
    assert codes_of(result) == {
        4: [("duplicate_in_file", "code")],
        5: [("invalid", "contract_start"), ("invalid", "email"), ("missing", "name")],
        6: [("before_start", "contract_end")],
        7: [("duplicate_existing", "code")],
        8: [("formula", "code")],
    }


def test_workers_import_french_headers_xlsx(tmp_path):
    rows = [
        ["Code travailleur", "Nom", "Courriel", "Remarque"],
        ["T1", "Dupont Marie", "marie@example.be", "x"],
        [None, "Sans code", None, None],
    ]
    result = csvio.parse_workers(xlsx_bytes(rows, tmp_path), "travailleurs.xlsx")
    assert result.ignored_columns == ("Remarque",)
    assert result.accepted == (csvio.WorkerRow(2, "T1", "Dupont Marie", "marie@example.be"),)
    assert codes_of(result) == {3: [("missing", "code")]}


def test_workers_import_missing_columns_and_empty():
    result = csvio.parse_workers(csv_bytes([["Naam"], ["X"]]), "w.csv")
    assert result.file_errors == (FileError("missing_columns", ("code",)),)
    assert csvio.parse_workers(b"", "w.csv").file_errors == (FileError("empty_file"),)


# ---------------------------------------------------------------------------
# Hostile files (issue 8): never an exception, a row or file error instead
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe\x00", b"\xfe\xff\x00", b"\xff\xfe" + "Code;Naam\n".encode("utf-16-le") + b"\x00"],
)
def test_truncated_utf16_file_is_not_a_crash(data):
    result = csvio.parse_workers(data, "workers.csv")
    assert not result.accepted


@pytest.mark.parametrize("name", ["An\x00Janssens", "An\tJanssens", "x" * 256, "A\u2028B"])
def test_worker_import_refuses_control_characters_and_long_text(name):
    data = f"Code;Naam\nW1;{name}\nW2;Bea Lambert\n".encode()
    result = csvio.parse_workers(data, "workers.csv")
    assert [row.code for row in result.accepted] == ["W2"]
    assert [error.code for error in result.rejected[0].errors] == ["invalid"]


@pytest.mark.parametrize("hours", ["nan", "inf", "1e308", "99999999999", "-1", "2.9", "0"])
def test_performance_import_hostile_numbers_are_row_errors(hours):
    data = csv_bytes([HEADER, [USER, "W01", "02/06/2025", "1", hours]])
    result = csvio.parse_performances(
        data, "x.csv", TODAY, known_workers={"W01"}, known_user_numbers={USER}
    )
    assert not result.accepted
    assert [(e.code, e.field) for e in result.rejected[0].errors] == [("invalid", "hours")]
