# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import csv
import io

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from ..tools import csvio
from .common import ServiceVoucherCommon

HEADER = "Gebruikersnummer;Werknemer;Datum;Activiteit;Uren\n"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 10:00:00")
class TestImportExport(ServiceVoucherCommon):
    def _import(self, text, kind="performances", filename="file.csv"):
        record = self.env["sc.import"].create(
            {
                "kind": kind,
                "filename": filename,
                "file": base64.b64encode(text.encode() if isinstance(text, str) else text),
            }
        )
        record.action_queue()
        return record

    def _run(self):
        with self.enter_registry_test_mode():
            self.env.ref(
                "servicecheque_prestations.ir_cron_process_imports"
            ).method_direct_trigger()
        self.env.invalidate_all()

    def test_rows_validated_rejected_listed_and_rerun_creates_nothing_twice(self):
        text = HEADER + (
            "123456789012;TW01;02/03/2026;1;4\n"  # ok
            "123456789012;TW01;02/03/2026;1;4\n"  # duplicate in file
            "123456789012;W999;03/03/2026;1;4\n"  # unknown worker
            "123456789012;TW01;20/03/2026;1;4\n"  # future
            "123456789012;TW01;04/03/2026;7;4\n"  # bad activity
            "123456789012;TW01;04/03/2026;2;12\n"  # bad hours
            "=1+1;TW01;04/03/2026;2;2\n"  # formula
            "444455556666;TW02;05/03/2026;3;2\n"  # unknown user number: flagged
        )
        record = self._import(text)
        self._run()
        self.assertEqual(record.state, "done")
        self.assertEqual((record.row_count, record.created_count, record.rejected_count), (8, 2, 6))
        self.assertEqual(record.flagged_count, 1)
        flagged = self.env["sc.user.number"].search([("name", "=", "444455556666")])
        self.assertTrue(flagged.to_check)
        report = base64.b64decode(record.error_report).decode("utf-8-sig")
        self.assertIn("Same as row 2", report)
        self.assertIn("Worker W999 is not known", report)
        self.assertIn("Hours: 12 is not valid", report)
        self.assertEqual(len(record.performance_ids), 2)
        self.assertEqual(set(record.performance_ids.mapped("channel")), {"import"})
        # running the job again, and importing the same file again, create nothing
        self._run()
        again = self._import(text)
        self._run()
        self.assertEqual(again.created_count, 0)
        self.assertEqual(again.rejected_count, 8)
        self.assertEqual(
            self.env["sc.performance"].search_count([("import_id", "in", (record | again).ids)]),
            2,
        )

    def test_report_and_note_in_the_language_of_who_uploaded(self):
        """Staff reading Dutch get the import's note, report and new users in Dutch,
        though the scheduler runs in English."""
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["ir.module.module"]._load_module_terms(["servicecheque_prestations"], ["nl_BE"])
        self.staff.lang = "nl_BE"
        text = HEADER + (
            "123456789012;TW01;02/03/2026;1;4\n"
            "123456789012;TW01;02/03/2026;1;4\n"
            "444455556666;TW02;05/03/2026;3;2\n"
        )
        record = (
            self.env["sc.import"]
            .with_user(self.staff)
            .create(
                {
                    "kind": "performances",
                    "filename": "f.csv",
                    "file": base64.b64encode(text.encode()),
                }
            )
        )
        record.action_queue()
        self._run()
        report = base64.b64decode(record.error_report).decode("utf-8-sig")
        self.assertIn("Zelfde als rij 2 van dit bestand.", report)
        notes = " ".join(record.message_ids.mapped("body"))
        self.assertIn("Import klaar: 2 aangemaakt, 1 geweigerde rijen.", notes)
        flagged = self.env["sc.user.number"].search([("name", "=", "444455556666")])
        self.assertEqual(flagged.partner_id.name, "Gebruiker 444455556666")

    def test_batches_progress_and_several_files(self):
        rows = "".join(
            f"123456789012;TW01;{day:02d}/03/2026;{act};2\n"
            for day in range(1, 4)
            for act in (1, 2, 3)
        )
        first = self._import(HEADER + rows)
        second = self._import(HEADER + "999988887777;TW02;02/03/2026;1;1\n")
        with self.enter_registry_test_mode():
            self.env.ref("servicecheque_prestations.ir_cron_process_imports").with_context(
                sc_import_batch_size=4
            ).method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(first.created_count, 9)
        self.assertEqual(second.created_count, 1)
        self.assertEqual((first.state, second.state), ("done", "done"))
        self.assertEqual(first.progress, 100.0)

    def test_file_errors_fail_clearly(self):
        record = self._import("Gebruikersnummer;Uren\n123456789012;2\n")
        self._run()
        self.assertEqual(record.state, "failed")
        self.assertIn("Columns missing", record.message)

    def test_excel_import_of_workers(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Code", "Naam", "E-mail", "Filiaal", "Begin contract"])
        sheet.append(["TW100", "Chris Maes", "chris@example.com", "Hasselt (test)", "01/02/2026"])
        sheet.append(["TW01", "Duplicate", "", ""])
        stream = io.BytesIO()
        workbook.save(stream)
        record = self._import(stream.getvalue(), kind="workers", filename="workers.xlsx")
        self._run()
        self.assertEqual((record.created_count, record.rejected_count), (1, 1))
        worker = self.env["hr.employee"].search([("sc_worker_code", "=", "TW100")])
        self.assertEqual(worker.sc_branch_id, self.branch_a)
        self.assertEqual(str(worker.sudo().contract_date_start), "2026-02-01")

    def test_export_csv_and_excel_layout(self):
        perf = self._perf(hours=3)
        perf.action_confirm_as_user()
        action = perf.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        text = attachment.raw.decode("utf-8-sig")
        header, line = text.splitlines()
        self.assertEqual(header.split(";"), [h for __, h in csvio.EXPORT_COLUMNS])
        self.assertEqual(
            line.split(";")[:7],
            ["123456789012", "TW01", "An Janssens", "02/03/2026", "1", "3", "15"],
        )
        # the export can be imported back (its rows are then duplicates)
        back = csvio.parse_performances(attachment.raw, "x.csv", perf.date)
        self.assertEqual(len(back.accepted), 1)
        action = perf.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        self.assertEqual(sheet.cell(2, 1).value, "123456789012")
        self.assertEqual(sheet.cell(2, 7).value, 15)

    def test_reconciliation_reports_differences(self):
        same = self._perf(hours=3)
        same.action_confirm_as_user()
        other = self._perf(hours=2, activity="2")
        self._perf(hours=1, activity="3")  # not in the issuer's export
        text = (
            "Gebruikersnummer;Werknemer;Datum prestatie;Activiteit;Uren;Statuscode\n"
            "123456789012;TW01;02/03/2026;1;3;15\n"
            "123456789012;TW01;02/03/2026;2;4;\n"
            "123456789012;TW01;02/03/2026;4;1;11\n"
        )
        record = self._import(text, kind="reconciliation")
        self._run()
        self.assertEqual(record.state, "done")
        self.assertEqual(record.difference_count, 3)
        report = base64.b64decode(record.error_report).decode("utf-8-sig")
        self.assertIn("Hours differ", report)
        self.assertIn("Only in the issuer's export", report)
        self.assertIn("Only in the company's performances", report)
        self.assertEqual(other.hours, 2, "reconciliation changes nothing")

    def test_differences_export_neutralises_issuer_text(self):
        """ "The reconciliation 'differences' export writes issuer values raw: a cell
        starting with =, +, -, @ becomes a formula in Excel" → neutralised."""
        text = (
            "Gebruikersnummer;Werknemer;Datum prestatie;Activiteit;Uren;Statuscode\n"
            "123456789012;@SUM(1+1)*cmd;02/03/2026;1;3;15\n"
            "123456789012;+HYPERLINK(1);02/03/2026;2;4;\n"
            "123456789012;-2+3;02/03/2026;3;4;\n"
        )
        record = self._import(text, kind="reconciliation")
        self._run()
        self.assertEqual(record.state, "done")
        report = base64.b64decode(record.error_report).decode("utf-8-sig")
        cells = [cell for line in csv.reader(io.StringIO(report), delimiter=";") for cell in line]
        for value in ("@SUM(1+1)*cmd", "+HYPERLINK(1)", "-2+3"):
            self.assertIn("'" + value, cells)
            self.assertNotIn(value, cells)

    def test_exports_neutralise_outside_text(self):
        """Worker names come from HR forms and imports: never a formula in the exports."""
        self.worker.name = '=HYPERLINK("http://x")'
        perf = self._perf(hours=3)
        action = perf.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        line = next(
            csv.reader(
                io.StringIO(attachment.raw.decode("utf-8-sig").splitlines()[1]), delimiter=";"
            )
        )
        self.assertEqual(line[2], '\'=HYPERLINK("http://x")')
        action = perf.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        self.assertEqual(sheet.cell(2, 3).value, '\'=HYPERLINK("http://x")')
