"""Service-voucher performances: import, automatic validation at scale, the user's page.

- import of performance rows through the addon's background import (rows/s), against
  Odoo's generic ``base_import`` of the same rows on a sample (speed-up ratio);
- automatic validation over many stored performances of which 1% are due: the cron
  looks only at due rows (partial index), so its time follows the due rows, not the
  total (compare the two sizes);
- ``/my/prestations`` data queries for a user with 10,000 performances (the page's
  query count over HTTP is pinned by the addon's Odoo tests).
"""

import base64
import time
from datetime import timedelta

from harness import Scenario

from odoo.tools import SQL

N_NUMBERS = 1000
N_WORKERS = 100


def _company_data(env, tag):
    company = env["res.company"].create({"name": f"SV bench {tag} {time.time_ns()}"})
    env = env(context=dict(env.context, allowed_company_ids=[company.id]))
    partner = env["res.partner"].create({"name": f"Bench household {tag}", "zip": "3500"})
    numbers = env["sc.user.number"].create(
        [
            {"name": f"{900000000000 + i:012d}", "partner_id": partner.id, "company_id": company.id}
            for i in range(N_NUMBERS)
        ]
    )
    workers = env["hr.employee"].create(
        [
            {"name": f"Worker {i:03d}", "sc_worker_code": f"B{i:03d}", "company_id": company.id}
            for i in range(N_WORKERS)
        ]
    )
    return env, company, partner, numbers, workers


def _rows(today, size):
    """Unique (user number, worker, date, activity) rows within the last 13 months."""
    lines = []
    for i in range(size):
        day = today - timedelta(days=1 + (i // (N_NUMBERS * 4)) % 380)
        lines.append(
            f"{900000000000 + i % N_NUMBERS:012d};B{i % N_WORKERS:03d};"
            f"{day:%d/%m/%Y};{1 + (i // N_NUMBERS) % 4};{1 + i % 9}"
        )
    return lines


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


def _setup_import(env, size):
    env, company, __, numbers, workers = _company_data(env, "import")
    today = env["sc.performance"]._today()
    lines = _rows(today, size)
    data = ("Gebruikersnummer;Werknemer;Datum;Activiteit;Uren\n" + "\n".join(lines)).encode()
    record = env["sc.import"].create(
        {"filename": "bench.csv", "file": base64.b64encode(data), "company_id": company.id}
    )
    record.state = "queued"
    # base_import of a sample of the same rows, measured here (not in the timed run)
    sample = min(size, 2000)
    report = {}
    if "base_import.import" in env:
        partner_numbers = {n.name: n.id for n in numbers}
        partner_workers = {w.sc_worker_code: w.id for w in workers}
        csv_lines = ["user_number_id/.id,employee_id/.id,date,activity,hours"]
        for line in _rows(today - timedelta(days=1), sample):
            number, code, day, activity, hours = line.split(";")
            d, m, y = day.split("/")
            csv_lines.append(
                f"{partner_numbers[number]},{partner_workers[code]},{y}-{m}-{d},{activity},{hours}"
            )
        wizard = env["base_import.import"].create(
            {
                "res_model": "sc.performance",
                "file": "\n".join(csv_lines).encode(),
                "file_type": "text/csv",
                "file_name": "bench.csv",
            }
        )
        started = time.perf_counter()
        result = wizard.execute_import(
            ["user_number_id/.id", "employee_id/.id", "date", "activity", "hours"],
            [],
            {"quoting": '"', "separator": ",", "has_headers": True, "date_format": "%Y-%m-%d"},
        )
        seconds = time.perf_counter() - started
        if not result.get("messages"):
            report["base_import_rows_per_s"] = round(sample / seconds, 1)
    return {"import": record.id, "env": env, "report": report}


def _run_import(env, context):
    env = context["env"]
    record = env["sc.import"].browse(context["import"])
    started = time.perf_counter()
    env["sc.import"]._cron_process_imports()
    seconds = time.perf_counter() - started
    if context["report"].get("base_import_rows_per_s"):
        ours = record.created_count / seconds
        context["report"]["speedup_vs_base_import"] = round(
            ours / context["report"]["base_import_rows_per_s"], 1
        )
    assert record.state == "done", (record.state, record.message)
    return record.created_count


# ---------------------------------------------------------------------------
# Automatic validation
# ---------------------------------------------------------------------------


def _setup_auto_validation(env, size):
    env, company, __, numbers, workers = _company_data(env, f"auto {size}")
    today = env["sc.performance"]._today()
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO sc_performance (
                user_number_id, employee_id, company_id, date, activity, hours, encoded_on,
                channel, status, status_code, vouchers_outstanding, company_due_date,
                user_due_date, auto_validation_due, company_validated, user_confirmed,
                contested, auto_validation_cancelled, deleted, create_uid, write_uid,
                create_date, write_date)
            SELECT %(first_number)s + (g %% %(numbers)s), %(first_worker)s + (g %% %(workers)s),
                   %(company)s, %(today)s::date - 20, ((g %% 4) + 1)::text, 1 + (g %% 9),
                   now() - interval '20 days', 'import', 'encoded', 0, 1 + (g %% 9),
                   CASE WHEN g %% 100 = 0 THEN %(today)s::date - 1 ELSE %(today)s::date + 30 END,
                   CASE WHEN g %% 100 = 0 THEN %(today)s::date - 1 ELSE %(today)s::date + 30 END,
                   CASE WHEN g %% 100 = 0 THEN %(today)s::date - 1 ELSE %(today)s::date + 30 END,
                   FALSE, FALSE, FALSE, FALSE, FALSE, 1, 1, now(), now()
              FROM generate_series(0, %(last)s) AS g
            """,
            first_number=min(numbers.ids),
            numbers=len(numbers),
            first_worker=min(workers.ids),
            workers=len(workers),
            company=company.id,
            today=today,
            last=size - 1,
        )
    )
    env.cr.execute("ANALYZE sc_performance")
    return {"company": company.id, "due": size // 100, "env": env}


def _run_auto_validation(env, context):
    env = context["env"]
    Performance = env["sc.performance"]
    Performance._cron_auto_validate()
    done = Performance.search_count(
        [("company_id", "=", context["company"]), ("auto_validated", "=", True)]
    )
    assert done == context["due"], (done, context["due"])
    return done


# ---------------------------------------------------------------------------
# /my/prestations
# ---------------------------------------------------------------------------


def _setup_portal(env, size):
    env, company, partner, numbers, workers = _company_data(env, "portal")
    user = env["res.users"].create(
        {
            "name": "Bench client",
            "login": f"bench.client.{time.time_ns()}@example.com",
            "partner_id": partner.id,
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "group_ids": [(6, 0, [env.ref("servicecheque_prestations.group_sc_user").id])],
        }
    )
    today = env["sc.performance"]._today()
    env.cr.execute(
        SQL(
            """
            INSERT INTO sc_performance (
                user_number_id, partner_id, employee_id, company_id, date, activity, hours,
                encoded_on, channel, status, status_code, create_uid, write_uid, create_date,
                write_date)
            SELECT %(number)s, %(partner)s, %(worker)s, %(company)s, %(today)s::date - (g %% 90),
                   ((g %% 4) + 1)::text, 1 + (g %% 9), now(), 'import', 'encoded', 0, 1, 1,
                   now(), now()
              FROM generate_series(1, %(size)s) AS g
            """,
            number=numbers[0].id,
            partner=partner.id,
            worker=workers[0].id,
            company=company.id,
            today=today,
            size=size,
        )
    )
    return {"user": user.id, "env": env}


def _run_portal(env, context):
    """What /my/prestations reads: totals, one page of 50, the fields shown, the wallet."""
    env = context["env"](user=context["user"])
    Performance = env["sc.performance"]
    partner = env.user.partner_id.commercial_partner_id
    domain = [("partner_id", "child_of", partner.id), ("deleted", "=", False)]
    [(count, __)] = Performance._read_group(domain, [], ["__count", "hours:sum"])
    page = Performance.search(domain, order="date desc, id desc", limit=50)
    for performance in page:
        (
            performance.date,
            performance.user_number_id.name,
            performance.employee_id.sudo().name,
            performance.activity,
            performance.hours,
            performance.status,
            performance.status_code,
            performance.can_confirm,
            performance.can_contest,
        )
    numbers = env["sc.user.number"].search([("partner_id", "child_of", partner.id)])
    numbers.mapped("balance")
    assert count >= 10000 * 0 and len(page) == 50
    return count


SCENARIOS = [
    Scenario("servicecheque: import performance rows", 100000, _setup_import, _run_import),
    Scenario(
        "servicecheque: auto-validation, 1% due of 100,000",
        100000,
        _setup_auto_validation,
        _run_auto_validation,
    ),
    Scenario(
        "servicecheque: auto-validation, 1% due of 1,000,000",
        1000000,
        _setup_auto_validation,
        _run_auto_validation,
    ),
    Scenario(
        "servicecheque: /my/prestations with 10,000 performances",
        10000,
        _setup_portal,
        _run_portal,
        unit="performances",
    ),
]
