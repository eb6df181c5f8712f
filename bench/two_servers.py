"""Two Odoo servers on one database: a wave of invitations goes out exactly once, and
the monthly billing of volunteer expenses bills each approved note exactly once.

Run by ``scripts/bench.sh`` (``make bench``) after the scenarios, on its throw-away
database. It seeds one scheduled wave and a month of approved expense notes (the
batch the billing cron closes and bills), starts two Odoo servers (two processes on
two loopback ports, the same database and filestore, each with a cron worker),
wakes both crons on both servers, waits until the wave and the billing are done
(bounded in time), stops both and counts:

- every person has exactly one invitation mail and an invitation count of 1;
- every approved note of the month is on exactly one bill line, of its volunteer's
  bill, and each volunteer has one bill for the month;
- which server's cron sent how many invitations and made how many bills (from each
  server's log): the billing goes in committed chunks of volunteers
  (``dito_expenses``' ``BILL_CHUNK``), and when a run's time budget is used either
  server takes the next chunk.

Usage: python3 bench/two_servers.py DB ADDONS_PATH [SIZE]
(SIZE invitations; the billing has SIZE volunteers with 10 notes per 3 volunteers.)
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import load
import psycopg2

BENCH_DIR = Path(__file__).resolve().parent
TIMEOUT = 1200  # seconds: the scenario stops by itself
SEED = """
import time
env["ir.config_parameter"].set_param("mail.catchall.domain", "bench.example")
# The mail queue is not part of the scenario: mails stay queued, so they can be counted.
env.ref("mail.ir_cron_mail_scheduler_action").active = False
size = int({size})
audience = env["portal.onboarding.audience"].create(
    {{"name": "Two servers", "code": "two-servers", "batch_size": 100}}
)
partners = env["res.partner"].create(
    [{{"name": f"Two {{i}}", "email": f"two.{{i}}@bench.example"}} for i in range(size)]
)
wave = env["portal.onboarding.wave"].create(
    {{"name": "Two servers", "audience_id": audience.id, "planned_date": "2020-01-01 00:00:00"}}
)
env["portal.onboarding.member"].create(
    [{{"partner_id": p.id, "audience_id": audience.id, "wave_id": wave.id}} for p in partners]
)
wave.is_scheduled = True
env.cr.commit()
print("WAVE", wave.id, audience.id)

# a month of approved expense notes, due for billing
from datetime import datetime, timedelta
from odoo import fields

company = env.company
Account = env["account.account"]
if not Account.search_count(Account._check_company_domain(company), limit=1):
    env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
plan = env["account.analytic.plan"].create({{"name": "Two servers"}})
analytic = env["account.analytic.account"].create({{"name": "Two servers", "plan_id": plan.id}})
budget = env["dito.budget"].create(
    {{"name": "Two servers", "analytic_account_id": analytic.id, "holder_id": env.user.id}}
)
month = company._dito_calendar().last_billable_batch(fields.Datetime.now())
batch = env["dito.expense.batch"]._get_or_create(company, month)
volunteers = env["res.partner"].create(
    [{{"name": f"Two volunteer {{i}}", "dito_is_volunteer": True}} for i in range(size)]
)
Note = env["dito.expense.note"].with_context(tracking_disable=True, mail_notrack=True)
notes = Note.create(
    [
        {{
            "partner_id": volunteers[i % size].id,
            "budget_id": budget.id,
            "regime": "flat",
            "line_ids": [
                (0, 0, {{
                    "kind": "activity",
                    "date_from": batch.month + timedelta(days=i // size),
                    "unit_amount": 5.0 + i % 7,
                }})
            ],
        }}
        for i in range(size * 10 // 3)
    ]
)
# approved in time: before the batch's billing moment (the end of the 6th)
moment = datetime.combine(batch.month, datetime.min.time()) + timedelta(days=1, hours=8)
notes.write(
    {{
        "submitted_on": moment,
        "signed_on": moment,
        "approved_on": moment,
        "approved_by_id": env.user.id,
        "batch_id": batch.id,
    }}
)
env.cr.commit()
print("BATCH", batch.id)
"""
DONE_RE = re.compile(r"Onboarding waves: (\d+) invitations sent")
BILLED_RE = re.compile(r"Volunteer expenses: (\d+) bills created")
CRONS = [
    ("portal_onboarding", "ir_cron_send_waves"),
    ("dito_expenses", "ir_cron_close_and_bill"),
]
BILLING_COUNT = """
SELECT count(*),
       count(*) FILTER (WHERE lines = 1),
       count(*) FILTER (WHERE lines > 1),
       count(*) FILTER (WHERE lines = 0),
       count(*) FILTER (WHERE bill_partner IS DISTINCT FROM partner_id AND lines > 0)
  FROM (
    SELECT n.id, n.partner_id, m.partner_id AS bill_partner,
           (SELECT count(*) FROM account_move_line l WHERE l.dito_note_id = n.id) AS lines
      FROM dito_expense_note n LEFT JOIN account_move m ON m.id = n.bill_id
     WHERE n.batch_id = %s
  ) counted
"""


def main(db, addons_path, size):
    python = sys.executable
    seed = subprocess.run(
        [
            python,
            "-m",
            "odoo",
            "shell",
            f"--addons-path={addons_path}",
            "-d",
            db,
            "--no-http",
            "--log-level=warn",
        ],
        input=SEED.format(size=size),
        capture_output=True,
        text=True,
        check=True,
    )
    wave_id = int(re.search(r"WAVE (\d+)", seed.stdout).group(1))
    batch_id = int(re.search(r"BATCH (\d+)", seed.stdout).group(1))
    data_dir = tempfile.mkdtemp(prefix="bb-two-")
    # the websocket process must be able to start (see bench/load.py's server_env)
    server_env, __ = load.server_env(Path(data_dir))
    servers, logs = [], []
    for index in range(2):
        log = Path(data_dir) / f"server{index}.log"
        logs.append(log)
        servers.append(
            subprocess.Popen(
                [
                    *load.odoo_command(),
                    f"--addons-path={addons_path}",
                    "-d",
                    db,
                    f"--db-filter=^{db}$",
                    "--http-interface=127.0.0.1",
                    f"--http-port={load.free_port()}",
                    f"--gevent-port={load.free_port()}",
                    "--workers=2",
                    "--max-cron-threads=1",
                    "--limit-time-real-cron=600",
                    # config/odoo.conf's CPU limit (Odoo's default, 60 s, kills a cron
                    # worker mailing a chunk's bills on a busy machine)
                    "--limit-time-cpu=600",
                    f"--data-dir={data_dir}",
                    f"--logfile={log}",
                    "--log-level=info",
                ],
                start_new_session=True,
                # a cron rescheduled "as soon as possible" (a chunk left) wakes both servers
                env={**server_env, "ODOO_NOTIFY_CRON_CHANGES": "1"},
            )
        )
    started = time.monotonic()
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            # wake both crons on both servers at once
            for module, name in CRONS:
                cr.execute(
                    "INSERT INTO ir_cron_trigger (cron_id, call_at)"
                    " SELECT res_id, now() at time zone 'utc' FROM ir_model_data"
                    " WHERE module = %s AND name = %s",
                    [module, name],
                )
            load.notify_cron_workers(db)
            seconds = billing_seconds = None
            while time.monotonic() - started < TIMEOUT:
                cr.execute(
                    "SELECT count(*) FROM portal_onboarding_member"
                    " WHERE wave_id = %s AND invited_on IS NULL AND last_error IS NULL",
                    [wave_id],
                )
                if seconds is None and not cr.fetchone()[0]:
                    seconds = time.monotonic() - started
                cr.execute(
                    "SELECT count(*) FROM dito_expense_note WHERE batch_id = %s"
                    " AND bill_id IS NULL AND state = 'approved'",
                    [batch_id],
                )
                if billing_seconds is None and not cr.fetchone()[0]:
                    billing_seconds = time.monotonic() - started
                if seconds is not None and billing_seconds is not None:
                    break
                time.sleep(1)
            seconds = seconds or time.monotonic() - started
            billing_seconds = billing_seconds or time.monotonic() - started
            cr.execute(
                """
                SELECT count(*) FILTER (WHERE mails = 1),
                       count(*) FILTER (WHERE mails > 1),
                       count(*) FILTER (WHERE mails = 0),
                       count(*) FILTER (WHERE invitation_count > 1)
                  FROM (
                    SELECT m.id, m.invitation_count,
                           (SELECT count(*) FROM mail_mail_res_partner_rel r
                              JOIN mail_mail mm ON mm.id = r.mail_mail_id
                              JOIN mail_message msg ON msg.id = mm.mail_message_id
                             WHERE r.res_partner_id = m.partner_id
                               AND msg.model = 'portal.onboarding.member' AND msg.res_id = m.id
                           ) AS mails
                      FROM portal_onboarding_member m WHERE m.wave_id = %s
                  ) counted
                """,
                [wave_id],
            )
            once, twice, none, recounted = cr.fetchone()
            cr.execute(BILLING_COUNT, [batch_id])
            notes, billed_once, billed_twice, not_billed, wrong_bill = cr.fetchone()
            cr.execute(
                "SELECT count(*), count(DISTINCT partner_id) FROM account_move"
                " WHERE dito_batch_id = %s",
                [batch_id],
            )
            bills, billed_volunteers = cr.fetchone()
            cr.execute(
                "SELECT count(*) FROM (SELECT 1 FROM account_move WHERE dito_batch_id = %s"
                " GROUP BY partner_id HAVING count(*) > 1) d",
                [batch_id],
            )
            volunteers_with_two_bills = cr.fetchone()[0]
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        conn.close()
    per_server = [sum(int(n) for n in DONE_RE.findall(log.read_text())) for log in logs]
    bills_per_server = [sum(int(n) for n in BILLED_RE.findall(log.read_text())) for log in logs]
    chunks_per_server = [len(BILLED_RE.findall(log.read_text())) for log in logs]
    result = {
        "scenario": "two servers: one wave of invitations, one month billed",
        "size": size,
        "seconds": round(seconds, 1),
        "invited_once": once,
        "invited_twice_or_more": twice,
        "not_invited": none,
        "count_above_one": recounted,
        "sent_by_server": per_server,
        "billing": {
            "volunteers": size,
            "notes": notes,
            "seconds": round(billing_seconds, 1),
            "notes_billed_once": billed_once,
            "notes_billed_twice_or_more": billed_twice,
            "notes_not_billed": not_billed,
            "notes_on_another_volunteers_bill": wrong_bill,
            "bills": bills,
            "billed_volunteers": billed_volunteers,
            "volunteers_with_two_bills": volunteers_with_two_bills,
            # from each server's log: a chunk logged whose transaction did not commit
            # (server stopped, worker killed) is counted here but not in the database
            "bills_logged_by_server": bills_per_server,
            "chunks_logged_by_server": chunks_per_server,
        },
    }
    print(
        f"\ntwo servers, one database: {size} invitations in {result['seconds']} s; "
        f"exactly once: {once}, twice or more: {twice}, missing: {none}; "
        f"sent by server 1 / server 2: {per_server[0]} / {per_server[1]}"
    )
    print(
        f"two servers, one database: billing {notes} notes of {size} volunteers in "
        f"{result['billing']['seconds']} s; billed once: {billed_once}, twice or more: "
        f"{billed_twice}, not billed: {not_billed}, on another volunteer's bill: {wrong_bill}; "
        f"{bills} bills for {billed_volunteers} volunteers, {volunteers_with_two_bills} with "
        f"two; bills logged by server 1 / server 2: {bills_per_server[0]} / "
        f"{bills_per_server[1]} (in {chunks_per_server[0]} / {chunks_per_server[1]} chunks)"
    )
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    (out / f"two-servers-{datetime.now():%Y%m%d-%H%M%S}.json").write_text(
        json.dumps(result, indent=2)
    )
    invitations_ok = once == size and not twice and not none
    billing_ok = (
        billed_once == notes
        and not (billed_twice or not_billed or wrong_bill or volunteers_with_two_bills)
        and bills == size
    )
    return 0 if invitations_ok and billing_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3000))
