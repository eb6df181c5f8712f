# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The performance export as an Excel workbook, in the layout of :mod:`.csvio`.

Plain Python (no ``odoo`` import): the columns are :data:`.csvio.EXPORT_COLUMNS`,
dates are real dates shown ``dd/mm/yyyy``, numbers are numbers and every text
cell goes through ``neutralise`` (passed by the caller: the shared
``benefits_base.tools.inputs.neutralise_cell``) so that no value turns into a
formula.
"""

import datetime
import io

import xlsxwriter

from .csvio import EXPORT_COLUMNS


def export_xlsx(rows, *, neutralise, sheet_name="Performances"):
    """The workbook (bytes) of ``rows`` (:class:`.csvio.ExportRow`) with its header."""
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    text_format = workbook.add_format({"num_format": "@"})
    for col, (__, header) in enumerate(EXPORT_COLUMNS):
        sheet.write_string(0, col, header)
    for line, row in enumerate(rows, start=1):
        for col, (field, __) in enumerate(EXPORT_COLUMNS):
            value = getattr(row, field)
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    line, col, datetime.datetime.combine(value, datetime.time()), date_format
                )
            elif isinstance(value, int):
                sheet.write_number(line, col, value)
            else:
                sheet.write_string(line, col, neutralise(str(value)), text_format)
    workbook.close()
    return stream.getvalue()
