# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Excel export: the CSV layout, real dates and numbers, no formula."""

import datetime
import io

import openpyxl

from servicecheque_prestations.tools import csvio, xlsxio


def _neutralise(text):
    return "'" + text if text[:1] in "=+-@" else text


def test_export_has_the_csv_columns_dates_numbers_and_no_formula():
    row = csvio.ExportRow(
        user_number="123456789012",
        worker_code="=HYPERLINK(1)",
        worker_name="Anna",
        date=datetime.date(2026, 12, 31),
        activity=1,
        hours=3,
    )
    data = xlsxio.export_xlsx([row], neutralise=_neutralise, sheet_name="Prestaties")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "Prestaties"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [header for __, header in csvio.EXPORT_COLUMNS]
    values = dict(zip([field for field, __ in csvio.EXPORT_COLUMNS], rows[1], strict=True))
    assert values["date"] == datetime.datetime(2026, 12, 31)
    assert values["hours"] == 3
    assert values["worker_code"] == "'=HYPERLINK(1)"
