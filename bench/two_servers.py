"""Two Odoo servers on one database: a wave of invitations goes out exactly once.

Run by ``scripts/bench.sh`` (``make bench``) after the scenarios, on its throw-away
database. It seeds one scheduled wave, starts two Odoo servers (two processes on
two loopback ports, the same database and filestore, each with a cron thread),
waits until the wave is done (bounded in time), stops both and counts:

- every person has exactly one invitation mail and an invitation count of 1;
- which server's cron sent how many invitations (from each server's log).

Usage: python3 bench/two_servers.py DB ADDONS_PATH [SIZE]
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import psycopg2

BENCH_DIR = Path(__file__).resolve().parent
TIMEOUT = 600  # seconds: the scenario stops by itself
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
"""
DONE_RE = re.compile(r"Onboarding waves: (\d+) invitations sent")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    data_dir = tempfile.mkdtemp(prefix="bb-two-")
    servers, logs = [], []
    for index in range(2):
        log = Path(data_dir) / f"server{index}.log"
        logs.append(log)
        servers.append(
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "odoo",
                    f"--addons-path={addons_path}",
                    "-d",
                    db,
                    f"--db-filter=^{db}$",
                    "--http-interface=127.0.0.1",
                    f"--http-port={free_port()}",
                    f"--gevent-port={free_port()}",
                    "--workers=2",
                    "--max-cron-threads=1",
                    "--limit-time-real-cron=600",
                    f"--data-dir={data_dir}",
                    f"--logfile={log}",
                    "--log-level=info",
                ],
                start_new_session=True,
            )
        )
    started = time.monotonic()
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            # wake both servers' crons at once
            cr.execute(
                "INSERT INTO ir_cron_trigger (cron_id, call_at)"
                " SELECT res_id, now() at time zone 'utc' FROM ir_model_data"
                " WHERE module = 'portal_onboarding' AND name = 'ir_cron_send_waves'"
            )
            cr.execute("NOTIFY cron_trigger")
            while time.monotonic() - started < TIMEOUT:
                cr.execute(
                    "SELECT count(*) FROM portal_onboarding_member"
                    " WHERE wave_id = %s AND invited_on IS NULL AND last_error IS NULL",
                    [wave_id],
                )
                if not cr.fetchone()[0]:
                    break
                time.sleep(1)
            seconds = time.monotonic() - started
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
    result = {
        "scenario": "two servers: one wave of invitations",
        "size": size,
        "seconds": round(seconds, 1),
        "invited_once": once,
        "invited_twice_or_more": twice,
        "not_invited": none,
        "count_above_one": recounted,
        "sent_by_server": per_server,
    }
    print(
        f"\ntwo servers, one database: {size} invitations in {result['seconds']} s; "
        f"exactly once: {once}, twice or more: {twice}, missing: {none}; "
        f"sent by server 1 / server 2: {per_server[0]} / {per_server[1]}"
    )
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    (out / f"two-servers-{datetime.now():%Y%m%d-%H%M%S}.json").write_text(
        json.dumps(result, indent=2)
    )
    return 0 if once == size and not twice and not none else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3000))
