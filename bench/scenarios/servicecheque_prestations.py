"""Service-voucher performances: automatic validation at scale, the import, the user's page.

- automatic validation of the same number of due performances (1,000) in a table of
  100,000 and of 1,000,000 performances (seeded with ``generate_series``): the cron
  reads only the due rows through a partial index, so the two times should match
  (ratio reported, with the query plan on the large table);
- import of 100,000 performance rows through the addon's background import, side by
  side with the same rows through Odoo's generic ``base_import`` (into a twin company)
  and with PostgreSQL ``COPY`` of the very rows the import wrote into a scratch table
  of the same shape and indexes (the physical limit); ratios reported;
- import of 1,000,000 rows in a child process dedicated to it (``odoo shell``), whose
  peak memory (RSS high-water mark) is reported;
- ``/my/prestations`` data queries for a user with 10,000 performances (the page's
  query count over HTTP is pinned by the addon's Odoo tests).

Environment: ``BENCH_BASE_IMPORT_ROWS`` caps the rows given to ``base_import`` (default:
all the rows of the import scenario).
"""

import base64
import io
import json
import os
import subprocess
import sys
import time
from datetime import timedelta

from harness import Scenario

from odoo.tools import SQL, config

N_NUMBERS = 1000
N_WORKERS = 100
#: due performances in both auto-validation tables (scaled by BENCH_SCALE)
DUE = 1000
#: what a scenario hands to a later one (the import's figures to the COPY baseline...)
_STATE = {}
HEADER = "Gebruikersnummer;Werknemer;Datum;Activiteit;Uren"


def _scale():
    return float(os.environ.get("BENCH_SCALE", "1"))


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
    for i in range(size):
        day = today - timedelta(days=1 + (i // (N_NUMBERS * 4)) % 380)
        yield (
            f"{900000000000 + i % N_NUMBERS:012d};B{i % N_WORKERS:03d};"
            f"{day:%d/%m/%Y};{1 + (i // N_NUMBERS) % 4};{1 + i % 9}"
        )


def _file(today, size):
    return (HEADER + "\n" + "\n".join(_rows(today, size)) + "\n").encode()


def _queue(env, company, data, name):
    record = env["sc.import"].create(
        {"filename": name, "file": base64.b64encode(data), "company_id": company.id}
    )
    record.state = "queued"
    return record


def _table_size(env):
    env.cr.execute("SELECT count(*) FROM sc_performance")
    return env.cr.fetchone()[0]


# ---------------------------------------------------------------------------
# Automatic validation: the same due rows in a small and a large table
# ---------------------------------------------------------------------------


def _setup_auto_validation(env, size):
    """Grow the table to ``size`` performances (SQL ``generate_series``), of which
    exactly ``DUE`` (scaled) are due today; the others are paid, or pending with a
    future due date, as in a live database."""
    env, company, __, numbers, workers = _company_data(env, f"auto {size}")
    today = env["sc.performance"]._today()
    due = max(10, int(DUE * _scale()))
    env.flush_all()
    missing = max(size - _table_size(env), due)
    started = time.perf_counter()
    # g -> (number, activity, worker, day) is one-to-one: the unique index holds
    env.cr.execute(
        SQL(
            """
            INSERT INTO sc_performance (
                user_number_id, partner_id, employee_id, company_id, date, activity, hours,
                encoded_on, channel, status, status_code, vouchers_outstanding,
                vouchers_allocated, paper_vouchers, allocation_rounds,
                vouchers_reimbursement_requested, company_due_date, user_due_date,
                auto_validation_due, company_validated, user_confirmed, contested,
                auto_validation_cancelled, auto_validated, deleted, create_uid, write_uid,
                create_date, write_date)
            SELECT %(first_number)s + g %% %(numbers)s, %(partner)s,
                   %(first_worker)s + (g / %(per_worker)s) %% %(workers)s, %(company)s,
                   %(today)s::date - 1 - (g / %(per_day)s) %% 380,
                   ((g / %(numbers)s) %% 4 + 1)::text, 1 + g %% 9,
                   now() - interval '20 days', 'import',
                   CASE WHEN kind = 'paid' THEN 'paid' ELSE 'encoded' END, 0,
                   CASE WHEN kind = 'paid' THEN 0 ELSE 1 + g %% 9 END,
                   CASE WHEN kind = 'paid' THEN 1 + g %% 9 ELSE 0 END, 0,
                   CASE WHEN kind = 'paid' THEN 1 ELSE 0 END, 0,
                   %(today)s::date - 1, %(today)s::date - 1,
                   CASE kind WHEN 'due' THEN %(today)s::date - 1
                             WHEN 'pending' THEN %(today)s::date + 5 END,
                   kind = 'paid', kind = 'paid', FALSE, FALSE, FALSE, FALSE, 1, 1, now(), now()
              FROM (SELECT g, CASE WHEN g %% %(step)s = 0 AND g / %(step)s < %(due)s THEN 'due'
                                   WHEN g %% 20 = 1 THEN 'pending' ELSE 'paid' END AS kind
                      FROM generate_series(0, %(last)s) AS g) AS seed
            """,
            first_number=min(numbers.ids),
            numbers=len(numbers),
            partner=numbers[0].partner_id.id,
            first_worker=min(workers.ids),
            workers=len(workers),
            per_worker=N_NUMBERS * 4,
            per_day=N_NUMBERS * 4 * N_WORKERS,
            company=company.id,
            today=today,
            step=max(1, missing // due),
            due=due,
            last=missing - 1,
        )
    )
    env.cr.execute("ANALYZE sc_performance")
    seeded = time.perf_counter() - started
    table = _table_size(env)
    return {
        "company": company.id,
        "due": due,
        "env": env,
        "report": {
            "table_rows": table,
            "seeded_rows": missing,
            "seed_rows_per_s": round(missing / seeded, 1),
        },
    }


def _cron_plan(env):
    """The plan of the cron's query on the current table."""
    Performance = env["sc.performance"]
    env.cr.execute(SQL("EXPLAIN %s", Performance._sc_due_query(Performance._today(), 100)))
    return " / ".join(row[0].strip() for row in env.cr.fetchall())


def _run_auto_validation(env, context):
    env = context["env"]
    Performance = env["sc.performance"]
    started = time.perf_counter()
    Performance._cron_auto_validate()
    seconds = time.perf_counter() - started
    done = Performance.search_count(
        [("company_id", "=", context["company"]), ("auto_validated", "=", True)]
    )
    assert done == context["due"], (done, context["due"])
    report = context["report"]
    report["due_rows"] = done
    previous = _STATE.get("auto_validation")
    if previous:
        plan = _cron_plan(env)
        index = "sc_performance_auto_validation_due_idx"
        assert index in plan, plan
        report.update(
            {
                "baseline": f"same {done} due rows in a table of {previous['table_rows']:,}",
                "baseline_seconds": round(previous["seconds"], 3),
                "seconds_ratio_large_vs_small": round(seconds / previous["seconds"], 2),
                "cron_query_plan": plan,
            }
        )
    else:
        _STATE["auto_validation"] = {"seconds": seconds, "table_rows": report["table_rows"]}
    return done


# ---------------------------------------------------------------------------
# Import: base_import of the same rows, ours, COPY of the same rows
# ---------------------------------------------------------------------------


def _setup_base_import(env, size):
    """The same rows for Odoo's generic import, into a twin company (same user
    numbers and workers, so the rows are not duplicates of ours)."""
    size = min(size, int(os.environ.get("BENCH_BASE_IMPORT_ROWS") or size))
    env, company, __, numbers, workers = _company_data(env, "base_import")
    today = env["sc.performance"]._today()
    ids_numbers = {n.name: n.id for n in numbers}
    ids_workers = {w.sc_worker_code: w.id for w in workers}
    lines = ["user_number_id/.id,employee_id/.id,date,activity,hours"]
    for line in _rows(today, size):
        number, code, day, activity, hours = line.split(";")
        d, m, y = day.split("/")
        lines.append(f"{ids_numbers[number]},{ids_workers[code]},{y}-{m}-{d},{activity},{hours}")
    wizard = env["base_import.import"].create(
        {
            "res_model": "sc.performance",
            "file": "\n".join(lines).encode(),
            "file_type": "text/csv",
            "file_name": "bench.csv",
        }
    )
    return {"wizard": wizard.id, "env": env, "rows": size, "report": {}}


def _run_base_import(env, context):
    env = context["env"]
    wizard = env["base_import.import"].browse(context["wizard"])
    started = time.perf_counter()
    result = wizard.execute_import(
        ["user_number_id/.id", "employee_id/.id", "date", "activity", "hours"],
        [],
        {"quoting": '"', "separator": ",", "has_headers": True, "date_format": "%Y-%m-%d"},
    )
    env.flush_all()
    seconds = time.perf_counter() - started
    assert not result.get("messages"), result["messages"][:3]
    _STATE["base_import"] = {"rows_per_s": context["rows"] / seconds, "rows": context["rows"]}
    return len(result["ids"])


def _setup_import(env, size):
    env, company, __, __, __ = _company_data(env, "import")
    data = _file(env["sc.performance"]._today(), size)
    record = _queue(env, company, data, "bench.csv")
    _STATE["import_file"] = data
    return {"import": record.id, "env": env, "report": {}}


def _run_import(env, context):
    env = context["env"]
    record = env["sc.import"].browse(context["import"])
    started = time.perf_counter()
    env["sc.import"]._cron_process_imports()
    seconds = time.perf_counter() - started
    assert record.state == "done", (record.state, record.message)
    assert record.rejected_count == 0, record.rejected_count
    ours = record.created_count / seconds
    _STATE["import"] = {"id": record.id, "rows_per_s": ours, "rows": record.created_count}
    base = _STATE.get("base_import")
    if base:
        context["report"].update(
            {
                "baseline": f"base_import of the same rows ({base['rows']:,} rows, twin company)",
                "baseline_rows_per_s": round(base["rows_per_s"], 1),
                "speedup_vs_base_import": round(ours / base["rows_per_s"], 1),
            }
        )
    return record.created_count


def _columns(env):
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'sc_performance' AND column_name != 'id' ORDER BY ordinal_position"
    )
    return ", ".join(f'"{name}"' for (name,) in env.cr.fetchall())


def _setup_copy(env, size, foreign_keys=False):
    """The rows the import wrote, dumped for ``COPY`` into a scratch table with the
    same columns, defaults, constraints and indexes as ``sc_performance`` (and, with
    ``foreign_keys``, its foreign keys: every check the real table makes)."""
    columns = _columns(env)
    dump = io.StringIO()
    env.cr.copy_expert(
        f"COPY (SELECT {columns} FROM sc_performance WHERE import_id = "
        f"{int(_STATE['import']['id'])} ORDER BY id) TO STDOUT",
        dump,
    )
    env.cr.execute(
        "DROP TABLE IF EXISTS bench_copy_scratch, bench_copy_bare;"
        "CREATE TABLE bench_copy_scratch (LIKE sc_performance INCLUDING DEFAULTS "
        "INCLUDING CONSTRAINTS INCLUDING INDEXES);"
        "CREATE TABLE bench_copy_bare (user_number text, worker text, day text, "
        "activity text, hours text)"
    )
    if foreign_keys:
        env.cr.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'sc_performance'::regclass AND contype = 'f'"
        )
        for (definition,) in env.cr.fetchall():
            env.cr.execute(f"ALTER TABLE bench_copy_scratch ADD {definition}")
    env.cr.commit()
    report = {"scratch_table": "same columns, defaults, constraints and indexes"}
    if foreign_keys:
        report["scratch_table"] += " and foreign keys"
    else:
        # the file itself into a bare five-column table: an information figure
        started = time.perf_counter()
        env.cr.copy_expert(
            "COPY bench_copy_bare FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)",
            io.BytesIO(_STATE["import_file"]),
        )
        bare = time.perf_counter() - started
        report["copy_of_the_file_into_bare_table_rows_per_s"] = round(
            _STATE["import"]["rows"] / bare, 1
        )
    return {
        "dump": dump.getvalue(),
        "columns": columns,
        "rows": _STATE["import"]["rows"],
        "report": report,
    }


def _setup_copy_foreign_keys(env, size):
    return _setup_copy(env, size, foreign_keys=True)


def _run_copy(env, context):
    started = time.perf_counter()
    env.cr.copy_expert(
        f"COPY bench_copy_scratch ({context['columns']}) FROM STDIN", io.StringIO(context["dump"])
    )
    env.cr.commit()
    seconds = time.perf_counter() - started
    env.cr.execute("SELECT count(*) FROM bench_copy_scratch")
    rows = env.cr.fetchone()[0]
    assert rows == context["rows"], (rows, context["rows"])
    env.cr.execute("DROP TABLE bench_copy_scratch, bench_copy_bare")
    ours = _STATE["import"]["rows_per_s"]
    context["report"].update(
        {
            "copy_rows_per_s": round(rows / seconds, 1),
            "import_rows_per_s": round(ours, 1),
            "copy_vs_import_ratio": round((rows / seconds) / ours, 2),
        }
    )
    return rows


# ---------------------------------------------------------------------------
# Import of a million rows in a process of its own: peak memory
# ---------------------------------------------------------------------------

# VmHWM (the process's own RSS high-water mark, reset by exec) rather than ru_maxrss:
# Linux keeps ru_maxrss across fork and exec, so it would report the bench process's
# size at the fork, not the import's
CHILD = """
import json, time
def hwm():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return round(int(line.split()[1]) / 1024, 1)

start = hwm()
record = env["sc.import"].browse(%(id)d)
started = time.perf_counter()
env["sc.import"]._cron_process_imports()
seconds = time.perf_counter() - started
env.invalidate_all()
print("BENCH_CHILD " + json.dumps({
    "seconds": seconds, "created": record.created_count, "state": record.state,
    "message": record.message or "", "rss_start_mib": start, "rss_peak_mib": hwm()}))
"""


def _setup_child_import(env, size):
    env, company, __, __, __ = _company_data(env, "child")
    data = _file(env["sc.performance"]._today(), size)
    record = _queue(env, company, data, "million.csv")
    return {"import": record.id, "size": size, "file_mib": len(data) / 2**20, "report": {}}


def _run_child_import(env, context):
    addons = config["addons_path"]
    if not isinstance(addons, str):
        addons = ",".join(addons)
    command = [
        sys.executable,
        "-m",
        "odoo",
        "shell",
        "-d",
        env.cr.dbname,
        f"--addons-path={addons}",
        "--no-http",
        "--log-level=warn",
    ]
    done = subprocess.run(
        command,
        input=CHILD % {"id": context["import"]},
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH_CHILD ")]
    assert lines, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    child = json.loads(lines[-1].split(" ", 1)[1])
    assert child["state"] == "done" and child["created"] == context["size"], child
    context["report"].update(
        {
            "child_import_seconds": round(child["seconds"], 1),
            "child_rows_per_s": round(child["created"] / child["seconds"], 1),
            "rss_after_start_mib": child["rss_start_mib"],
            "rss_peak_mib": child["rss_peak_mib"],
            "rss_limit_mib": 1024,
            "file_mib": round(context["file_mib"], 1),
            "note": "seconds/rows_per_s of this line include starting the child Odoo",
        }
    )
    env.invalidate_all()
    return child["created"]


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
    # g -> (worker, day, activity) is one-to-one: the unique index holds
    env.cr.execute(
        SQL(
            """
            INSERT INTO sc_performance (
                user_number_id, partner_id, employee_id, company_id, date, activity, hours,
                encoded_on, channel, status, status_code, create_uid, write_uid, create_date,
                write_date)
            SELECT %(number)s, %(partner)s, %(first_worker)s + g %% %(workers)s, %(company)s,
                   %(today)s::date - (g / %(workers)s) %% 90,
                   ((g / (%(workers)s * 90)) %% 4 + 1)::text, 1 + (g %% 9), now(), 'import',
                   'encoded', 0, 1, 1, now(), now()
              FROM generate_series(0, %(last)s) AS g
            """,
            number=numbers[0].id,
            partner=partner.id,
            first_worker=min(workers.ids),
            workers=len(workers),
            company=company.id,
            today=today,
            last=size - 1,
        )
    )
    return {"user": user.id, "env": env, "size": size}


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
    assert count == context["size"] and len(page) == min(50, context["size"])
    return count


SCENARIOS = [
    # auto-validation first: the tables hold 100,000 and then 1,000,000 rows in all
    Scenario(
        "servicecheque: auto-validation, 1,000 due in a table of 100,000",
        100000,
        _setup_auto_validation,
        _run_auto_validation,
    ),
    Scenario(
        "servicecheque: auto-validation, 1,000 due in a table of 1,000,000",
        1000000,
        _setup_auto_validation,
        _run_auto_validation,
    ),
    Scenario(
        "servicecheque: import baseline, base_import of the same rows",
        100000,
        _setup_base_import,
        _run_base_import,
    ),
    Scenario("servicecheque: import performance rows", 100000, _setup_import, _run_import),
    Scenario(
        "servicecheque: import baseline, COPY of the same rows into a scratch table",
        100000,
        _setup_copy,
        _run_copy,
    ),
    Scenario(
        "servicecheque: import baseline, COPY of the same rows, scratch table with foreign keys",
        100000,
        _setup_copy_foreign_keys,
        _run_copy,
    ),
    Scenario(
        "servicecheque: import 1,000,000 rows in a child process (peak RSS)",
        1000000,
        _setup_child_import,
        _run_child_import,
    ),
    Scenario(
        "servicecheque: /my/prestations with 10,000 performances",
        10000,
        _setup_portal,
        _run_portal,
        unit="performances",
    ),
]
