"""Month-end load test: Locust against an Odoo server with production settings.

Run by ``scripts/bench.sh`` (``make bench``; ``BENCH_ONLY=load`` alone) with Odoo's
python; Locust runs in its own virtualenv (``.venv-bench``, requirements-bench.txt).

1. Seeds the database (bench/load_seed.py): portal logins with a known password for
   every role, a voice-server key, Excel order files, a month of approved expense
   notes to bill and performances due for auto-validation.
2. For each pace (``LOAD_PACES``, below) and each ``workers`` setting
   (``LOAD_WORKERS``, default ``1,2``): a copy of the seeded database and filestore,
   an Odoo server on loopback with production settings (``workers`` > 0, one cron
   worker, ``proxy_mode`` and ``list_db`` off), Locust headless (``LOAD_USERS``
   users, default 20, for ``LOAD_SECONDS``, default 60 × ``BENCH_SCALE``, measured
   after a warm-up of ``LOAD_WARMUP`` seconds, default 15, in which the users start
   one by one and each worker renders each page once); 5 s into the window the
   monthly billing and the auto-validation crons are woken. After the
   load (and the crons, bounded), the server stops and the database is checked: every
   successful write of the ledger there exactly once, no duplicate encoding, every
   approved note billed once, one bill per volunteer.
3. Prints requests/s and p50/p95/p99 per kind of request, errors, the checks, the
   goals (0 errors, 0 duplicates, 0 lost writes, p95 < 1 s for pages and < 300 ms
   for API calls) and the throughput ratio of the settings; writes
   ``bench/results/load-<date>.json``.

Two paces (a user's pause between one answer and its next action):

- ``month-end``, 3 to 10 s: people at month end, each already on the page and
  clicking through a form they know (a human reads, types or listens between two
  requests; the voice server's calls follow a caller's key presses). The latency
  goals are judged at this pace: it is the month-end traffic of 20 people.
- ``stress``, 0.5 to 1.5 s: every user asks again a second after each answer, far
  more than 20 people do; the server is saturated, so the requests/s measure its
  capacity and the ratio between 1 and 2 workers its scaling. Latency there is the
  queue, not a goal.

Usage: python3 bench/load.py DB ADDONS_PATH
"""

import csv
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import psycopg2

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
LOCUST = Path(os.environ.get("LOAD_LOCUST", REPO / ".venv-bench" / "bin" / "locust"))
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SECONDS = int(os.environ.get("LOAD_SECONDS", max(15, int(60 * SCALE))))
USERS = int(os.environ.get("LOAD_USERS", "20"))
WORKERS = [int(w) for w in os.environ.get("LOAD_WORKERS", "1,2").split(",") if w]
#: ``name=low:high`` seconds between a user's answer and its next action (module doc).
PACES = {
    name: tuple(float(x) for x in bounds.split(":"))
    for name, __, bounds in (
        item.partition("=")
        for item in os.environ.get("LOAD_PACES", "month-end=3:10,stress=0.5:1.5").split(",")
        if item
    )
}
#: the pace at which the latency goals are judged (the others measure capacity)
GOAL_PACE = "month-end"
CRON_WAKE_AFTER = 5  # seconds into the measured window
#: LOAD_CRONS=0: the crons are not woken (to see what they cost the users)
WAKE_CRONS = os.environ.get("LOAD_CRONS", "1") != "0"
CRON_GRACE = 240  # seconds the crons may go on after the load
GOAL_PAGE_P95_MS = 1000
GOAL_API_P95_MS = 300
CRONS = {
    "billing": ("dito_expenses", "ir_cron_close_and_bill"),
    "auto_validation": ("servicecheque_prestations", "ir_cron_auto_validate"),
}


def notify_cron_workers(db):
    """Wake the cron workers of the servers serving ``db``: they listen on the
    ``postgres`` database's ``cron_trigger`` channel, the payload naming the database."""
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT pg_notify('cron_trigger', %s)", [db])
    finally:
        conn.close()


_handed_out = set()


def free_port():
    """A free loopback port: in ``BENCH_PORTS`` (e.g. ``18140-18179``) when set."""
    low, __, high = os.environ.get("BENCH_PORTS", "").partition("-")
    candidates = range(int(low), int(high) + 1) if high else [0] * 20
    for port in candidates:
        if port and port in _handed_out:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = sock.getsockname()[1]
        _handed_out.add(port)
        return port
    raise RuntimeError("no free port in BENCH_PORTS")


def odoo_command():
    """Odoo's console script: with ``workers`` the server starts its websocket
    process again from ``sys.argv[0]``, which ``python -m odoo`` cannot give."""
    script = Path(sys.executable).with_name("odoo")
    found = str(script) if script.exists() else shutil.which("odoo")
    return [found] if found else [sys.executable, "-m", "odoo"]


def odoo_data_dir():
    from odoo.tools import config

    return Path(config["data_dir"])


def seed(db, addons_path, workdir):
    fixtures = workdir / "fixtures.json"
    env = {
        **os.environ,
        "LOAD_FIXTURES": str(fixtures),
        "LOAD_PASSWORD": "Bench-" + secrets.token_hex(8),
        "LOAD_API_KEY": "sck_bench_" + secrets.token_urlsafe(24),
    }
    started = time.monotonic()
    with open(BENCH_DIR / "load_seed.py", encoding="utf-8") as script:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "shell",
                f"--addons-path={addons_path}",
                "-d",
                db,
                "--no-http",
                "--log-level=warn",
            ],
            stdin=script,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(f"seeded in {time.monotonic() - started:.0f} s")
    return fixtures, json.loads(fixtures.read_text())


def copy_database(db, copy):
    subprocess.run(["dropdb", "--if-exists", copy], check=True)
    subprocess.run(["createdb", "-T", db, copy], check=True)
    source = odoo_data_dir() / "filestore" / db
    target = odoo_data_dir() / "filestore" / copy
    shutil.rmtree(target, ignore_errors=True)
    if source.exists():
        shutil.copytree(source, target)
    with psycopg2.connect(dbname=copy) as conn, conn.cursor() as cr:
        # only the two crons of the scenario run during the load, when woken
        cr.execute("UPDATE ir_cron SET nextcall = now() at time zone 'utc' + interval '1 day'")
        cr.execute("DELETE FROM ir_cron_trigger")


def drop_database(db):
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    shutil.rmtree(odoo_data_dir() / "filestore" / db, ignore_errors=True)


def server_env(workdir):
    """The servers' environment. Where setuptools' ``pkg_resources`` cannot find an
    installed distribution by its name (a wheel's normalised ``zope_interface-*``
    dist-info name read by an older setuptools), Odoo's websocket process (gevent
    checks its plugins' requirements) dies at start and the prefork master starts it
    again every second, taking CPU from the measurement: metadata shims on
    ``PYTHONPATH`` let it start. Said in the output when used."""
    from importlib.metadata import PackageNotFoundError, version

    shim = workdir / "pkg-shim"
    env = {**os.environ}
    shimmed = []
    for __ in range(10):
        check = subprocess.run(
            [sys.executable, "-c", "import pkg_resources; pkg_resources.require('gevent')"],
            capture_output=True,
            text=True,
            env=env,
        )
        missing = re.search(r"The '([\w.\-]+)' distribution was not found", check.stderr)
        if not missing:
            break
        try:
            found = version(missing.group(1))
        except PackageNotFoundError:
            break
        shim.mkdir(exist_ok=True)
        name = missing.group(1)
        (shim / f"{name}-{found}.egg-info").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {found}\n"
        )
        shimmed.append(name)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(shim)]))
    return env, shimmed


def start_server(db, addons_path, workers, workdir, tag=None):
    tag = tag or f"w{workers}"
    port = free_port()
    log = workdir / f"odoo-{tag}.log"
    conf = workdir / f"odoo-{tag}.conf"
    conf.write_text(
        "\n".join(
            [
                "[options]",
                f"addons_path = {addons_path}",
                f"data_dir = {odoo_data_dir()}",
                f"db_name = {db}",
                f"dbfilter = ^{db}$",
                "list_db = False",
                "proxy_mode = False",
                "http_interface = 127.0.0.1",
                f"http_port = {port}",
                f"gevent_port = {free_port()}",
                f"workers = {workers}",
                "max_cron_threads = 1",
                "limit_time_cpu = 600",
                "limit_time_real = 1200",
                "limit_time_real_cron = 600",
                f"logfile = {log}",
                "log_level = info",
                "",
            ]
        )
    )
    env, shimmed = server_env(workdir)
    if shimmed:
        print(f"  (metadata shims for {', '.join(shimmed)} on PYTHONPATH: see server_env)")
    server = subprocess.Popen([*odoo_command(), "-c", str(conf)], start_new_session=True, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=30) as response:
                if response.status == 200:
                    return server, url, log
        except OSError:
            time.sleep(1)
    stop_server(server)
    raise RuntimeError(f"the Odoo server did not answer in time (log: {log})")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def cron_work(cr, fixtures):
    """What the two crons still have to do: unbilled approved notes, due performances."""
    cr.execute(
        "SELECT count(*) FROM dito_expense_note WHERE batch_id = %s AND bill_id IS NULL"
        " AND state = 'approved'",
        [fixtures["billing"]["batch_id"]],
    )
    unbilled = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM sc_performance"
        " WHERE auto_validation_due <= (now() at time zone 'Europe/Brussels')::date"
    )
    return {"billing": unbilled, "auto_validation": cr.fetchone()[0]}


def wake_crons(cr, db):
    for module, name in CRONS.values():
        cr.execute(
            "INSERT INTO ir_cron_trigger (cron_id, call_at)"
            " SELECT res_id, now() at time zone 'utc' FROM ir_model_data"
            " WHERE module = %s AND name = %s",
            [module, name],
        )
    notify_cron_workers(db)


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_sample(server_sid, locust_pid):
    """CPU seconds used so far by the machine (busy, all cores), the Odoo server
    (every process of its session: HTTP workers, cron worker, gevent), Locust and
    PostgreSQL, read from /proc."""
    with open("/proc/stat", encoding="ascii") as handle:
        ticks = [int(x) for x in handle.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    groups = {"odoo": 0, "locust": 0, "postgres": 0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue  # ended meanwhile
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        used = int(fields[11]) + int(fields[12])  # utime + stime
        if int(entry) == locust_pid:
            groups["locust"] += used
        elif int(fields[3]) == server_sid:  # session id
            groups["odoo"] += used
        elif comm.startswith("postgres"):
            groups["postgres"] += used
    return {
        "busy": (sum(ticks) - idle) / TICKS,
        "total": sum(ticks) / TICKS,
        **{name: used / TICKS for name, used in groups.items()},
    }


def cpu_share(before, after):
    """Per cent of the machine's CPU (all cores) used in the window, in all and by
    each group; 100 % means every core busy."""
    total = after["total"] - before["total"]
    if not total:
        return {}
    return {
        name: round(100 * (after[name] - before[name]) / total, 1)
        for name in ("busy", "odoo", "locust", "postgres")
    }


def run_locust(url, workdir, tag, pace, fixtures_path, db, fixtures, server_sid):
    prefix = workdir / tag
    ledger = workdir / f"ledger-{tag}.json"
    window = workdir / f"window-{tag}"
    env = {
        **os.environ,
        "LOAD_FIXTURES": str(fixtures_path),
        "LOAD_LEDGER": str(ledger),
        "LOAD_WINDOW_FILE": str(window),
        "LOAD_WAIT": f"{pace[0]},{pace[1]}",
    }
    command = [
        str(LOCUST),
        "-f",
        str(BENCH_DIR / "locustfile.py"),
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        # an upper bound: the locustfile ends the measured window SECONDS after the
        # last login
        "--run-time",
        f"{SECONDS + 600}s",
        # a task (up to three requests) in flight when the window closes may finish
        "--stop-timeout",
        "30",
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    timeline = []
    load = os.getloadavg()[0]
    started = time.monotonic()
    with open(workdir / "locust.err", "a", encoding="utf-8") as errors:
        locust = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    woken = None
    cpu_opened = cpu_closed = None
    with conn.cursor() as cr:
        before = cron_work(cr, fixtures)
        opened = None
        while locust.poll() is None:
            elapsed = time.monotonic() - started
            if opened is None and window.exists():
                opened = elapsed  # every user logged in: the measured window opens
                cpu_opened = cpu_sample(server_sid, locust.pid)
            if opened is not None and elapsed <= opened + SECONDS:
                # the last sample while Locust runs: its own CPU is gone once it exits
                cpu_closed = cpu_sample(server_sid, locust.pid)
            if (
                WAKE_CRONS
                and woken is None
                and opened is not None
                and elapsed >= opened + CRON_WAKE_AFTER
            ):
                wake_crons(cr, db)
                woken = elapsed
            if woken is not None:  # the users confirm due performances too
                timeline.append((round(elapsed, 1), cron_work(cr, fixtures)))
            time.sleep(1)
        load_seconds = time.monotonic() - started
        at_end = cron_work(cr, fixtures)
        deadline = time.monotonic() + CRON_GRACE
        after = at_end
        while WAKE_CRONS and any(after.values()) and time.monotonic() < deadline:
            time.sleep(2)
            after = cron_work(cr, fixtures)
        crons_seconds = time.monotonic() - started
    conn.close()
    cron = {}
    for name in CRONS:
        start = timeline[0][1][name] if timeline else before[name]
        first_progress = next((t for t, work in timeline if work[name] < start), None)
        cron[name] = {
            "work_before": before[name],
            "left_when_load_ended": at_end[name],
            "left_at_the_end": after[name],
            "started_after_s": first_progress,
            "done_during_load": before[name] - at_end[name],
        }
    # seconds from the opening of the measured window
    opened = opened or 0
    for name in CRONS:
        if cron[name]["started_after_s"] is not None:
            cron[name]["started_after_s"] = round(cron[name]["started_after_s"] - opened, 1)
    cron["woken_at_s"] = round((woken or opened) - opened, 1)
    cron["all_done_after_s"] = round(crons_seconds, 1)
    return {
        "stats": read_stats(Path(f"{prefix}_stats.csv")),
        "failures": read_failures(Path(f"{prefix}_failures.csv")),
        "ledger": json.loads(ledger.read_text()) if ledger.exists() else {},
        "seconds": round(load_seconds, 1),
        "crons": cron,
        "cpu_percent_in_window": cpu_share(cpu_opened, cpu_closed)
        if cpu_opened and cpu_closed
        else {},
        "loadavg_1min_before": round(load, 2),
        "loadavg_1min_after": round(os.getloadavg()[0], 2),
    }


def _ms(value):
    try:
        return float(value)
    except (TypeError, ValueError):  # "N/A": no request of that kind in the window
        return 0.0


def read_stats(path):
    rows = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(_ms(row["Requests/s"]), 2),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
                "max_ms": round(_ms(row["Max Response Time"])),
            }
    return rows


def read_failures(path):
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [
            {"name": row["Name"], "error": row["Error"][:300], "count": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]


REQUEST_LINE = re.compile(r'"(GET|POST) ([^ ?"]+)[^"]*" (\d{3}) - (\d+) ([\d.]+) ([\d.]+)')


def server_times(log):
    """Time spent by the server per request (its log: SQL + Python seconds, without
    the wait in the listen queue), p50/p95 per method and path (ids as <id>);
    logins included."""
    times = {}
    for line in log.read_text(errors="replace").splitlines():
        match = REQUEST_LINE.search(line)
        if not match:
            continue
        method, path, __, __, sql, other = match.groups()
        key = method + " " + re.sub(r"/\d+", "/<id>", path)
        times.setdefault(key, []).append((float(sql) + float(other)) * 1000)
    summary = {}
    for key, values in sorted(times.items()):
        values.sort()
        summary[key] = {
            "requests": len(values),
            "p50_ms": round(values[len(values) // 2]),
            "p95_ms": round(values[min(len(values) - 1, int(len(values) * 0.95))]),
        }
    return summary


def check_database(db, ledger, fixtures):
    """Every write the load saw succeed is there exactly once; nothing twice."""
    by_kind = {}
    for entry in ledger:
        by_kind.setdefault(entry["kind"], []).append(entry)
    checks = {}
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:

        def counted(kind, sql, values, expect=1):
            found = {}
            if values:
                cr.execute(sql, [list(values)])
                found = dict(cr.fetchall())
            lost = sum(1 for value in values if found.get(value, 0) < expect)
            twice = sum(1 for value in values if found.get(value, 0) > expect)
            checks[kind] = {"writes": len(values), "lost": lost, "duplicated": twice}

        counted(
            "api encodings (client key)",
            "SELECT client_key, count(*) FROM sc_performance WHERE client_key = ANY(%s)"
            " AND channel = 'api' AND deleted IS NOT TRUE GROUP BY client_key",
            [e["client_key"] for e in by_kind.get("api", [])],
        )
        counted(
            "Job Tracker encodings (client key)",
            "SELECT client_key, count(*) FROM sc_performance WHERE client_key = ANY(%s)"
            " AND channel = 'portal' AND deleted IS NOT TRUE GROUP BY client_key",
            [e["client_key"] for e in by_kind.get("jobtracker", [])],
        )
        counted(
            "household confirmations",
            "SELECT id, 1 FROM sc_performance WHERE id = ANY(%s) AND user_confirmed",
            [e["performance_id"] for e in by_kind.get("confirm", [])],
        )
        counted(
            "household contests",
            "SELECT id, 1 FROM sc_performance WHERE id = ANY(%s) AND status = 'contested'"
            " AND contest_reason IS NOT NULL",
            [e["performance_id"] for e in by_kind.get("contest", [])],
        )
        counted(
            "Excel orders (reference)",
            "SELECT reference, count(*) FROM vo_order WHERE reference = ANY(%s) GROUP BY reference",
            [e["reference"] for e in by_kind.get("order", [])],
        )
        counted(
            "expense notes submitted (description)",
            "SELECT n.description, count(*) FROM dito_expense_note n"
            " WHERE n.description = ANY(%s) AND n.submitted_on IS NOT NULL"
            " AND (SELECT count(*) FROM dito_expense_note_line l WHERE l.note_id = n.id) = 1"
            " GROUP BY n.description",
            [e["description"] for e in by_kind.get("note", [])],
        )
        # "nothing changed" must be true: the performance no longer waits for the user
        counted(
            "household actions answered 'too late'",
            "SELECT id, 1 FROM sc_performance WHERE id = ANY(%s)"
            " AND status NOT IN ('encoded', 'validated')",
            [e["performance_id"] for e in by_kind.get("too_late", [])],
        )
        checks["api replays answered as new"] = {
            "writes": 0,
            "lost": 0,
            "duplicated": len(by_kind.get("api_replay_not_replayed", [])),
        }
        # writes nobody saw succeed (a time-out on the client side) are not lost, but say so
        cr.execute(
            "SELECT count(*) FROM sc_performance WHERE channel IN ('api', 'portal')"
            " AND client_key IS NOT NULL AND NOT (client_key = ANY(%s))",
            [[e["client_key"] for e in ledger if "client_key" in e]],
        )
        unseen = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM (SELECT 1 FROM sc_performance WHERE deleted IS NOT TRUE"
            " GROUP BY user_number_id, employee_id, date, activity HAVING count(*) > 1) d"
        )
        duplicate_encodings = cr.fetchone()[0]
        batch = fixtures["billing"]["batch_id"]
        cr.execute(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE n.bill_id IS NOT NULL),
                   count(*) FILTER (WHERE (SELECT count(*) FROM account_move_line l
                                            WHERE l.dito_note_id = n.id) > 1),
                   count(*) FILTER (WHERE n.bill_id IS NOT NULL AND m.partner_id != n.partner_id)
              FROM dito_expense_note n LEFT JOIN account_move m ON m.id = n.bill_id
             WHERE n.batch_id = %s
            """,
            [batch],
        )
        notes, billed, twice, wrong = cr.fetchone()
        cr.execute(
            "SELECT count(*) FROM (SELECT partner_id FROM account_move WHERE dito_batch_id = %s"
            " GROUP BY partner_id HAVING count(*) > 1) d",
            [batch],
        )
        volunteers_with_two_bills = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM account_move WHERE dito_batch_id = %s", [batch])
        bills = cr.fetchone()[0]
    return {
        "ledger": checks,
        "saved_without_the_caller_seeing_it": unseen,
        "duplicate_encodings": duplicate_encodings,
        "billing": {
            "notes": notes,
            "billed": billed,
            "billed_twice": twice,
            "on_another_volunteers_bill": wrong,
            "bills": bills,
            "volunteers_with_two_bills": volunteers_with_two_bills,
        },
    }


def is_api(name):
    return name.startswith("api:")


def summarise(workers, pace, run, database):
    stats = run["stats"]
    total = stats.pop("Aggregated", None) or {}
    errors = sum(row["failures"] for row in stats.values())
    lost = sum(c["lost"] for c in database["ledger"].values())
    duplicated = sum(c["duplicated"] for c in database["ledger"].values())
    duplicated += database["duplicate_encodings"]
    billing = database["billing"]
    duplicated += billing["billed_twice"] + billing["volunteers_with_two_bills"]
    pages = {n: r for n, r in stats.items() if not is_api(n) and not n.startswith("login")}
    apis = {n: r for n, r in stats.items() if is_api(n)}
    worst_page = max((r["p95_ms"] for r in pages.values()), default=0)
    worst_api = max((r["p95_ms"] for r in apis.values()), default=0)
    latency_goals = {
        f"pages p95 < {GOAL_PAGE_P95_MS} ms": worst_page < GOAL_PAGE_P95_MS,
        f"API p95 < {GOAL_API_P95_MS} ms": worst_api < GOAL_API_P95_MS,
    }
    return {
        "workers": workers,
        "pace": pace,
        "pause_s": PACES[pace],
        "crons_woken": WAKE_CRONS,
        "users": USERS,
        "seconds": round(run["ledger"].get("measured_seconds", 0), 1),
        "seconds_with_logins": run["seconds"],
        "logins_before_the_window": run["ledger"].get("logins", {}),
        "requests": total.get("requests", 0),
        "rps": total.get("rps", 0),
        "errors": errors,
        "lost_writes": lost,
        "duplicates": duplicated,
        "worst_page_p95_ms": worst_page,
        "worst_api_p95_ms": worst_api,
        "goals": {
            "0 errors": errors == 0,
            "0 duplicates": duplicated == 0,
            "0 lost writes": lost == 0,
            **(
                {
                    f"crons done within {CRON_GRACE} s after the load": billing["billed"]
                    == billing["notes"]
                    and not run["crons"]["auto_validation"]["left_at_the_end"]
                }
                if WAKE_CRONS
                else {}
            ),
            # judged at the month-end pace only: at the stress pace latency is the queue
            **(latency_goals if pace == GOAL_PACE else {}),
        },
        "per_kind": stats,
        "failures": run["failures"],
        "database": database,
        "crons": run["crons"],
        "cpu_percent_in_window": run["cpu_percent_in_window"],
        "loadavg_1min_before": run["loadavg_1min_before"],
        "loadavg_1min_after": run["loadavg_1min_after"],
    }


def print_result(result):
    print(
        f"\nload test, {result['pace']} pace ({result['pause_s'][0]:g}-{result['pause_s'][1]:g} s"
        f" between a user's answer and its next action), workers={result['workers']}: "
        f"{result['users']} users for "
        f"{result['seconds']} s (measured once all are logged in), "
        f"{result['requests']} requests, {result['rps']} requests/s, "
        f"{result['errors']} errors, {result['lost_writes']} lost writes, "
        f"{result['duplicates']} duplicates (load average before/after: "
        f"{result['loadavg_1min_before']} / {result['loadavg_1min_after']})"
    )
    headers = ["request kind", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"]
    rows = [
        [name, r["requests"], r["failures"], r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"]]
        for name, r in sorted(result["per_kind"].items())
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=False)]
    print("  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    cpu = result["cpu_percent_in_window"]
    if cpu:
        print(
            f"  CPU in the window, % of the machine ({os.cpu_count()} cores): busy {cpu['busy']}"
            f" = Odoo server {cpu['odoo']} (HTTP workers and crons) + PostgreSQL "
            f"{cpu['postgres']} + Locust {cpu['locust']} + the rest"
        )
    login = result["logins_before_the_window"].get("login")
    if login:
        print(
            f"  logins before the window: {login['requests']}, p50 {login['p50_ms']} ms, "
            f"p95 {login['p95_ms']} ms (password hashing), {login['failures']} failed"
        )
    for failure in result["failures"][:10]:
        print(f"  error x{failure['count']} {failure['name']}: {failure['error']}")
    for kind, check in result["database"]["ledger"].items():
        print(
            f"  db: {kind}: {check['writes']} writes, {check['lost']} lost, "
            f"{check['duplicated']} twice"
        )
    billing = result["database"]["billing"]
    crons = result["crons"]
    print(
        f"  db: billing cron: {billing['billed']}/{billing['notes']} notes billed, "
        f"{billing['billed_twice']} twice, {billing['bills']} bills, "
        f"{billing['volunteers_with_two_bills']} volunteers with two; "
        f"started {crons['billing']['started_after_s']} s into the load, "
        f"{crons['billing']['done_during_load']} notes billed during the load"
    )
    auto = crons["auto_validation"]
    print(
        f"  db: auto-validation cron: {auto['work_before']} due, "
        f"{auto['done_during_load']} validated during the load, "
        f"{auto['left_at_the_end']} left at the end; started {auto['started_after_s']} s in"
    )
    print(
        f"  db: duplicate encodings: {result['database']['duplicate_encodings']}; saved "
        f"without the caller seeing it: {result['database']['saved_without_the_caller_seeing_it']}"
    )
    print(
        "  goals: "
        + ", ".join(f"{g}: {'met' if ok else 'NOT met'}" for g, ok in result["goals"].items())
    )


def main(db, addons_path):
    if not LOCUST.exists():
        print(f"Locust is not installed ({LOCUST}): scripts/bench.sh creates .venv-bench")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="bb-load-"))
    # the load's data stay out of the database the other benchmarks measure
    seeded = f"{db}_load"
    copy_database(db, seeded)
    try:
        return run_all(seeded, addons_path, workdir)
    finally:
        if not os.environ.get("LOAD_KEEP"):
            drop_database(seeded)
            shutil.rmtree(workdir, ignore_errors=True)


def run_all(seeded, addons_path, workdir):
    fixtures_path, fixtures = seed(seeded, addons_path, workdir)
    results = []
    for pace in PACES:
        for workers in WORKERS:
            tag = f"{pace}-w{workers}"
            copy = f"{seeded}_{pace.replace('-', '_')}_w{workers}"
            copy_database(seeded, copy)
            server, url, log = start_server(copy, addons_path, workers, workdir, tag)
            try:
                run = run_locust(
                    url, workdir, tag, PACES[pace], fixtures_path, copy, fixtures, server.pid
                )
            finally:
                stop_server(server)
            tracebacks = len(re.findall(r"^Traceback", log.read_text(), re.MULTILINE))
            database = check_database(copy, run["ledger"].get("writes", []), fixtures)
            result = summarise(workers, pace, run, database)
            result["server_tracebacks"] = tracebacks
            result["server_side_ms"] = server_times(log)
            print_result(result)
            results.append(result)
            if not os.environ.get("LOAD_KEEP"):
                drop_database(copy)
    # capacity scales with the workers where the server is saturated: the stress pace
    # (or the only pace run)
    capacity = [r for r in results if r["pace"] == "stress"] or results
    ratio = None
    if len(capacity) >= 2 and capacity[0]["rps"]:
        ratio = round(capacity[-1]["rps"] / capacity[0]["rps"], 2)
        print(
            f"\nscaling ({capacity[0]['pace']} pace): workers={capacity[-1]['workers']} / "
            f"workers={capacity[0]['workers']}: {ratio}× the requests per second "
            f"({capacity[-1]['rps']} / {capacity[0]['rps']})"
        )
    print(
        f"(the machine has {os.cpu_count()} cores, shared by Locust, PostgreSQL, Odoo "
        "and whatever else runs meanwhile: see the load averages)"
    )
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    target = out / f"load-{datetime.now():%Y%m%d-%H%M%S}.json"
    target.write_text(
        json.dumps(
            {
                "scenario": "load test (Locust), month end",
                "scale": SCALE,
                "cpu_count": os.cpu_count(),
                "scaling_ratio": ratio,
                "paces_s": PACES,
                "latency_goals_judged_at": GOAL_PACE,
                "seed": {
                    "billing": fixtures["billing"],
                    "auto_validation_due": fixtures["auto_validation_due"],
                },
                "runs": results,
            },
            indent=2,
        )
    )
    print(f"written: {target}")
    ok = all(r["errors"] == 0 and not r["lost_writes"] and not r["duplicates"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
