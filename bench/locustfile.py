"""Month-end load on one Odoo server (Locust, run by bench/load.py in .venv-bench).

Five kinds of users, each logged in as its own seeded account:

- the voice server (API key): checks an encoding, confirms it with a client key,
  and now and then sends the same confirmation again (must be "replayed");
- workers on the Job Tracker page: summary, then confirm (the page's client key);
- households: their performances page, confirm or contest one;
- employers: the Excel order page, upload an order file;
- volunteers: a new note, a line, submit.

Every successful write is written to the ledger (``$LOAD_LEDGER``) so that
bench/load.py checks the database afterwards: each effect there exactly once.
Request names group the figures by kind: ``api: ...`` are API calls, the rest pages.
"""

import itertools
import json
import os
import random
import re
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task

FIXTURES = json.loads(Path(os.environ["LOAD_FIXTURES"]).read_text(encoding="utf-8"))
LEDGER = []
_lock = threading.Lock()
#: The measured window: it opens when every user is logged in (a login hashes the
#: password: seconds of CPU, not month-end traffic) and lasts LOAD_SECONDS.
MEASURED_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
READY = Event()
_ready = {"count": 0, "environment": None, "logins": {}, "opened_at": None}
CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
#: How the users (``LOAD_USERS``, 20) are shared among the kinds (volunteers: the rest).
USERS = int(os.environ.get("LOAD_USERS", "20"))
SHARE = {"api": 0.3, "jt": 0.2, "household": 0.2, "employer": 0.1}
COUNTS = {kind: max(1, round(USERS * share)) for kind, share in SHARE.items()}
COUNTS["volunteer"] = max(1, USERS - sum(COUNTS.values()))
PAUSE = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "0.5,1.5").split(","))
WAIT = between(*PAUSE)
#: Seconds between the last login and the measured window: users start one by one
#: (each after a pause of the pace, as in steady traffic, not all in the same second
#: after the logins) and every Odoo worker renders each page once (a worker compiles a
#: template at its first use: a cold start, not month-end traffic).
WARMUP_SECONDS = float(os.environ.get("LOAD_WARMUP", "15"))


def record(kind, **facts):
    with _lock:
        LEDGER.append({"kind": kind, **facts})


@events.init.add_listener
def _keep_environment(environment, **kw):
    _ready["environment"] = environment


def _logged_in():
    """Count a user in; the last one starts the warm-up, after which the figures
    are reset and the window opens. Each user then starts after a pause of the pace."""
    _ready["count"] += 1
    if _ready["count"] >= USERS and not READY.is_set():
        gevent.spawn_later(WARMUP_SECONDS, _open_window)
        READY.set()
    READY.wait()
    gevent.sleep(random.uniform(0, PAUSE[1]))


def _open_window():
    environment = _ready["environment"]
    stats = environment.runner.stats
    for (name, __), entry in stats.entries.items():
        if name.startswith("login"):
            _ready["logins"][name] = {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p95_ms": entry.get_response_time_percentile(0.95),
            }
    stats.reset_all()
    _ready["opened_at"] = time.time()
    # bench/load.py wakes the crons a few seconds into the window
    Path(os.environ["LOAD_WINDOW_FILE"]).write_text(str(_ready["opened_at"]))
    gevent.spawn_later(MEASURED_SECONDS, environment.runner.quit)


@events.quitting.add_listener
def _write_ledger(environment, **kw):
    with open(os.environ["LOAD_LEDGER"], "w", encoding="utf-8") as handle:
        json.dump(
            {
                "writes": LEDGER,
                "logins": _ready["logins"],
                "measured_seconds": time.time() - _ready["opened_at"] if _ready["opened_at"] else 0,
            },
            handle,
        )


# Work items handed out once across all users (one process, greenlets): every
# encoding the load sends is new, so a refusal as "already encoded" is a failure.
_api_items = (
    (code, number, activity)
    for activity in (1, 2, 3, 4)
    for number in FIXTURES["api"]["user_numbers"]
    for code in FIXTURES["api"]["worker_codes"]
)
_logins = {kind: itertools.count() for kind in ("jt", "household", "employer", "volunteer")}
_days = itertools.count(1)


def _next_login(kind, logins):
    return logins[next(_logins[kind]) % len(logins)]


def _one_request_per_connection(client):
    """Odoo's prefork workers serve one request per connection and keep an idle
    keep-alive connection for up to 2 s (ODOO_HTTP_SOCKET_TIMEOUT) before the next
    one: in production a reverse proxy talks to Odoo one request per connection, as
    here."""
    client.headers["Connection"] = "close"


class PortalUser(HttpUser):
    abstract = True
    wait_time = WAIT

    def login(self, login):
        _one_request_per_connection(self.client)
        page = self.client.get("/web/login", name="login page")
        token = CSRF_RE.search(page.text).group(1)
        with self.client.post(
            "/web/login",
            data={"login": login, "password": FIXTURES["password"], "csrf_token": token},
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                response.failure(f"login {login}: {response.status_code}")
        _logged_in()

    def csrf(self, response):
        match = CSRF_RE.search(response.text)
        return match.group(1) if match else ""

    def post_form(self, url, data, name, expect_location, files=None):
        """A form POST that must answer 303 to ``expect_location`` (a regex)."""
        with self.client.post(
            url, data=data, files=files, allow_redirects=False, name=name, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 303 and re.search(expect_location, location):
                response.success()
                return location
            response.failure(f"{response.status_code} {location}")
            return None


class VoiceServer(HttpUser):
    """The voice-server integration: step 5 (summary), then confirm."""

    fixed_count = COUNTS["api"]
    wait_time = WAIT

    def on_start(self):
        _one_request_per_connection(self.client)
        _logged_in()  # a key, no session: ready at once

    def _call(self, body, name):
        with self.client.post(
            "/servicecheque/api/v1/performance",
            json=body,
            headers={"Authorization": f"Bearer {FIXTURES['api_key']}"},
            name=name,
            catch_response=True,
        ) as response:
            try:
                answer = response.json()
            except ValueError:
                answer = {}
            if response.status_code != 200 or not answer.get("ok"):
                response.failure(f"{response.status_code} {str(answer)[:200]}")
                return None
            return answer

    @task
    def encode(self):
        try:
            code, number, activity = next(_api_items)
        except StopIteration:
            self.stop()
            return
        body = {"worker_code": code, "user_number": number, "activity": activity, "hours": 3}
        if not self._call(body, "api: check (summary)"):
            return
        key = uuid.uuid4().hex
        answer = self._call({**body, "confirm": True, "client_key": key}, "api: confirm")
        if not answer or not answer.get("saved"):
            return
        record("api", client_key=key, performance_id=answer["performance_id"])
        if random.random() < 0.2:  # the telephony retries: the same answer, nothing saved
            again = self._call({**body, "confirm": True, "client_key": key}, "api: replay")
            if again and not again.get("replayed"):
                record("api_replay_not_replayed", client_key=key)


class JobTrackerWorker(PortalUser):
    fixed_count = COUNTS["jt"]

    def on_start(self):
        self.login(_next_login("jt", FIXTURES["jobtracker"]["logins"]))
        self.combos = [
            (number, activity)
            for activity in (1, 2, 3, 4)
            for number in FIXTURES["jobtracker"]["user_numbers"]
        ]
        random.shuffle(self.combos)

    @task
    def encode(self):
        if not self.combos:
            self.stop()
            return
        page = self.client.get("/my/jobtracker", name="page: jobtracker")
        if not page.ok:
            return  # counted once: nobody posts a form that did not load
        token = self.csrf(page)
        number, activity = self.combos.pop()
        form = {"csrf_token": token, "user_number": number, "activity": activity, "hours": 4}
        with self.client.post(
            "/my/jobtracker/summary",
            data=form,
            name="post: jobtracker summary",
            catch_response=True,
        ) as summary:
            key = re.search(r'name="client_key"\s+value="([0-9a-f]+)"', summary.text or "")
            if summary.status_code != 200 or not key:
                summary.failure(f"{summary.status_code}: no summary")
                return
        key = key.group(1)
        if self.post_form(
            "/my/jobtracker/confirm",
            {**form, "client_key": key},
            "post: jobtracker confirm",
            r"/my/jobtracker\?message=saved",
        ):
            record("jobtracker", client_key=key)


class Household(PortalUser):
    fixed_count = COUNTS["household"]

    def on_start(self):
        account = _next_login("household", FIXTURES["households"])
        self.login(account["login"])
        self.todo = list(account["performances"])
        random.shuffle(self.todo)

    @task
    def act(self):
        page = self.client.get("/my/prestations", name="page: prestations")
        if not page.ok or not self.todo:
            return
        token = self.csrf(page)
        performance = self.todo.pop()
        # the automatic validation runs meanwhile: a performance the page offered may
        # be validated before the click lands, and the user is told "nothing changed"
        if random.random() < 0.8:
            kind, location = (
                "confirm",
                self.post_form(
                    f"/my/prestations/{performance}/confirm",
                    {"csrf_token": token},
                    "post: prestation confirm",
                    r"message=(confirmed|unchanged)",
                ),
            )
        else:
            kind, location = (
                "contest",
                self.post_form(
                    f"/my/prestations/{performance}/contest",
                    {"csrf_token": token, "reason": f"Not there that day ({performance})"},
                    "post: prestation contest",
                    r"message=(contested|unchanged)",
                ),
            )
        if location:
            record("too_late" if "unchanged" in location else kind, performance_id=performance)


class Employer(PortalUser):
    fixed_count = COUNTS["employer"]

    def on_start(self):
        self.account = _next_login("employer", FIXTURES["employers"]["accounts"])
        self.login(self.account["login"])
        with open(self.account["file"], "rb") as handle:
            self.content = handle.read()

    @task
    def upload(self):
        page = self.client.get("/my/voucher-orders/upload", name="page: order upload")
        if not page.ok:
            return
        reference = f"LOAD-{uuid.uuid4().hex[:12]}"
        location = self.post_form(
            "/my/voucher-orders/upload",
            {
                "csrf_token": self.csrf(page),
                "contract_id": self.account["contract_id"],
                "load_date": FIXTURES["employers"]["load_date"],
                "reference": reference,
            },
            "post: order upload (Excel)",
            r"/my/voucher-orders/\d+/review",
            files={
                "upload": (
                    "order.xlsx",
                    self.content,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            },
        )
        if location:
            record("order", reference=reference)
            self.client.get(location, name="page: order review")


class Volunteer(PortalUser):
    fixed_count = COUNTS["volunteer"]

    def on_start(self):
        self.login(_next_login("volunteer", FIXTURES["volunteers"]["logins"]))

    @task
    def note(self):
        page = self.client.get("/my/expenses/new", name="page: new expense note")
        if not page.ok:
            return
        token = self.csrf(page)
        description = f"Load {uuid.uuid4().hex[:12]}"
        location = self.post_form(
            "/my/expenses/new",
            {
                "csrf_token": token,
                "budget_id": FIXTURES["volunteers"]["budget_id"],
                "regime": "flat",
                "description": description,
            },
            "post: expense note new",
            r"/my/expenses/\d+$",
        )
        if not location:
            return
        note_id = int(location.rsplit("/", 1)[1])
        # one line a day, a different amount each: under the daily cap, no duplicate
        count = next(_days)
        day = max(date.today() - timedelta(days=count % 300), date(date.today().year, 1, 1))
        if not self.post_form(
            f"/my/expenses/{note_id}/lines/add",
            {
                "csrf_token": token,
                "kind": "activity",
                "name": "Visit",
                "date_from": day.isoformat(),
                "unit_amount": f"{1 + (count % 97) / 100:.2f}",
            },
            "post: expense line add",
            rf"/my/expenses/{note_id}#lines",
        ):
            return
        if self.post_form(
            f"/my/expenses/{note_id}/submit",
            {"csrf_token": token},
            "post: expense submit",
            r"message=submitted",
        ):
            record("note", description=description, note_id=note_id)
