#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Remake the README's screenshots from a running demo (``make run``).

Logs in as each demo role, opens the page in headless Chromium (Debian's
``chromium``) through the DevTools protocol and saves a PNG in
``docs/screenshots/``. Needs ``requests`` and ``websocket-client`` (both are in
Odoo's own python) and a demo database made by ``make run``.

    python3 scripts/screenshots.py --url http://127.0.0.1:8069 --db benefits_demo

Each shot: (file name, login, password, path, width, height, language).
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
SHOTS = [
    (
        "volunteer_notes_nl.png",
        "volunteer@dito.example",
        "volunteer",
        "/my/expenses",
        1280,
        800,
        "nl_BE",
    ),
    (
        "volunteer_notes_phone_fr.png",
        "volunteer@dito.example",
        "volunteer",
        "/my/expenses",
        390,
        844,
        "fr_BE",
    ),
    ("holder_review_nl.png", "holder@dito.example", "holder", "/my/expenses", 1280, 800, "nl_BE"),
    (
        "worker_jobtracker_phone_nl.png",
        "worker@household.example",
        "worker",
        "/my/jobtracker",
        390,
        844,
        "nl_BE",
    ),
    (
        "client_performances_fr.png",
        "client@household.example",
        "client",
        "/my/prestations",
        1280,
        800,
        "fr_BE",
    ),
    (
        "employer_orders_nl.png",
        "employer@acme.example",
        "employer",
        "/my/voucher-orders",
        1280,
        800,
        "nl_BE",
    ),
    (
        "employer_new_order_phone_nl.png",
        "employer@acme.example",
        "employer",
        "/my/voucher-orders/new",
        390,
        844,
        "nl_BE",
    ),
    (
        "service_batches.png",
        "service@dito.example",
        "service",
        "/odoo/action-dito_expenses.dito_expense_batch_action",
        1280,
        800,
        "en_US",
    ),
    (
        "staff_performances.png",
        "staff@household.example",
        "staff",
        "/odoo/action-servicecheque_prestations.sc_performance_action",
        1280,
        800,
        "en_US",
    ),
]


def login(base, db, user, password, lang):
    session = requests.Session()
    response = session.post(
        f"{base}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": password}},
        timeout=30,
    )
    response.raise_for_status()
    if "error" in response.json():
        raise SystemExit(f"cannot log in as {user}: {response.json()['error']['data']['message']}")
    session.post(
        f"{base}/web/dataset/call_kw/res.users/write",
        json={
            "jsonrpc": "2.0",
            "params": {
                "model": "res.users",
                "method": "write",
                "args": [[response.json()["result"]["uid"]], {"lang": lang}],
                "kwargs": {},
            },
        },
        timeout=30,
    )
    # Log in again: the session's context takes the language at login.
    session = requests.Session()
    session.post(
        f"{base}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": password}},
        timeout=30,
    ).raise_for_status()
    return session.cookies.get("session_id")


class Chromium:
    """A headless Chromium driven through the DevTools protocol."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="bb-shots-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _ in range(100):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        tabs = requests.get(f"http://127.0.0.1:{port}/json", timeout=10).json()
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def shot(self, url, cookie, base, width, height, target):
        self.call("Network.enable")
        self.call("Network.clearBrowserCookies")
        host = base.split("://", 1)[1].split(":")[0].split("/")[0]
        self.call("Network.setCookie", name="session_id", value=cookie, domain=host, path="/")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.call("Page.enable")
        self.call("Page.navigate", url=url)
        # Wait for the page's content: a portal page's main block, or a view of the
        # back office's web client (which renders after its assets have loaded).
        selector = ".o_view_controller" if "/odoo" in url else "#wrap, main"
        for _ in range(60):
            time.sleep(0.5)
            found = self.call(
                "Runtime.evaluate",
                expression=f"!!document.querySelector({json.dumps(selector)})",
                returnByValue=True,
            )
            if found.get("result", {}).get("value"):
                break
        time.sleep(1)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        target.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="benefits_demo")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", default="", help="comma-separated words of file names")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    browser = Chromium(binary)
    try:
        for name, user, password, path, width, height, lang in SHOTS:
            if args.only and not any(word in name for word in args.only.split(",")):
                continue
            cookie = login(args.url, args.db, user, password, lang)
            browser.shot(f"{args.url}{path}", cookie, args.url, width, height, out / name)
            print(f"{out / name}: {user} {path} {width}x{height} {lang}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
