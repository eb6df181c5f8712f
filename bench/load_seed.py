"""Seed of the load test (bench/load.py), run inside ``odoo shell`` on a throw-away database.

Portal users with a known password for every role of the load, the voice-server key,
the Excel order files, and the work of the two crons that run during the load (a
month of approved expense notes to bill, performances due for auto-validation).
Writes what the load needs (logins, ids, files) as JSON to ``$LOAD_FIXTURES``.
"""

import hashlib
import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

from odoo import fields
from odoo.addons.voucher_orders.tools import xlsx

env = globals()["env"]
env = env(
    context=dict(env.context, tracking_disable=True, mail_notrack=True, mail_create_nolog=True)
)
scale = float(os.environ.get("BENCH_SCALE", "1"))
out = Path(os.environ["LOAD_FIXTURES"])
files = out.parent
PASSWORD = os.environ["LOAD_PASSWORD"]
API_KEY = os.environ["LOAD_API_KEY"]
# logins per portal role: at least the users of one kind (bench/locustfile.py's shares)
PER_ROLE = max(4, round(int(os.environ.get("LOAD_USERS", "20")) * 0.35))
CLIENTS = 40  # user numbers every worker serves
API_WORKERS = max(10, int(100 * scale))
DUE_PERFORMANCES = max(100, int(2000 * scale))
BILLED_VOLUNTEERS = max(50, int(1500 * scale))
HOUSEHOLD_PERFORMANCES = 120  # per household login: more than one user confirms in a run

company = env.company
env["ir.config_parameter"].set_param("mail.catchall.domain", "bench.example")
# Mails stay queued (nothing leaves the machine): the mail cron is not part of the load.
env.ref("mail.ir_cron_mail_scheduler_action").active = False
Account = env["account.account"]
if not Account.search_count(Account._check_company_domain(company), limit=1):
    env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)


# one password hash for every seeded login: hashing is meant to be slow (seconds here)
PASSWORD_HASH = env["res.users"]._crypt_context().hash(PASSWORD)


def portal_user(login, name, groups, **values):
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": name,
                "login": login,
                "email": login,
                "group_ids": [(6, 0, [env.ref(g).id for g in ["base.group_portal", *groups]])],
                **values,
            }
        )
    )
    env.flush_all()
    env.cr.execute("UPDATE res_users SET password = %s WHERE id = %s", [PASSWORD_HASH, user.id])
    return user


def niss(birth, counter):
    base = f"{birth:%y%m%d}{counter:03d}"
    value = int(("2" if birth.year >= 2000 else "") + base)
    return f"{base}{97 - value % 97:02d}"


today = env["sc.performance"]._today()
fixtures = {"password": PASSWORD, "api_key": API_KEY}

# ---------------------------------------------------------------- service vouchers
branch = env["sc.branch"].create({"name": "Bench branch"})
client_partners = env["res.partner"].create(
    [{"name": f"Bench client {i}", "zip": "3500"} for i in range(CLIENTS)]
)
clients = env["sc.user.number"].create(
    [{"name": f"71{i:010d}", "partner_id": partner.id} for i, partner in enumerate(client_partners)]
)
api_workers = env["hr.employee"].create(
    [
        {
            "name": f"Bench voice worker {i}",
            "sc_worker_code": f"LV{i:04d}",
            "sc_branch_id": branch.id,
            "sc_client_ids": [(6, 0, clients.ids)],
        }
        for i in range(API_WORKERS)
    ]
)
key = env["sc.api.key"].create({"name": "Bench voice server", "rate_limit": 1_000_000})
key.sudo().write({"key_hash": hashlib.sha256(API_KEY.encode()).hexdigest()})
fixtures["api"] = {
    "worker_codes": api_workers.mapped("sc_worker_code"),
    "user_numbers": clients.mapped("name"),
}
jobtracker = []
for i in range(PER_ROLE):
    user = portal_user(
        f"bench.worker.{i}@bench.example",
        f"Bench worker {i}",
        ["servicecheque_prestations.group_sc_worker"],
    )
    env["hr.employee"].create(
        {
            "name": f"Bench worker {i}",
            "sc_worker_code": f"LJ{i:04d}",
            "sc_branch_id": branch.id,
            "sc_portal_user_id": user.id,
            "sc_client_ids": [(6, 0, clients.ids)],
        }
    )
    jobtracker.append(user.login)
fixtures["jobtracker"] = {"logins": jobtracker, "user_numbers": clients.mapped("name")}

Performance = env["sc.performance"]
households = []
encoder = api_workers[0]
for i in range(PER_ROLE):
    partner = env["res.partner"].create({"name": f"Bench household {i}", "zip": "3500"})
    user = portal_user(
        f"bench.household.{i}@bench.example",
        f"Bench household {i}",
        ["servicecheque_prestations.group_sc_user"],
        partner_id=partner.id,
    )
    number = env["sc.user.number"].create({"name": f"72{i:010d}", "partner_id": partner.id})
    encoder.sc_client_ids = [(4, number.id)]
    vals = []
    for index in range(HOUSEHOLD_PERFORMANCES):
        day = today - timedelta(days=1 + index // 4)
        moment = datetime(day.year, day.month, day.day, 17, 0)
        vals.append(
            {
                "user_number_id": number.id,
                "employee_id": api_workers[index % len(api_workers)].id,
                "date": day,
                "hours": 3,
                "activity": str(1 + index % 4),
                "encoded_on": moment,
                "channel": "backoffice",
            }
        )
    performances = Performance.create(vals)
    households.append(
        {
            "login": user.login,
            "performances": performances.filtered("can_confirm").ids,
        }
    )
fixtures["households"] = households

# performances whose auto-validation delay is over: the auto-validation cron's work
due_partners = env["res.partner"].create(
    [{"name": f"Bench due client {i}", "zip": "3500"} for i in range(20)]
)
due_numbers = env["sc.user.number"].create(
    [{"name": f"73{i:010d}", "partner_id": p.id} for i, p in enumerate(due_partners)]
)
for worker in api_workers:
    worker.sc_client_ids = [(4, n.id) for n in due_numbers]
vals = []
index = 0
while len(vals) < DUE_PERFORMANCES:
    number = due_numbers[index % len(due_numbers)]
    worker = api_workers[(index // len(due_numbers)) % len(api_workers)]
    rest = index // (len(due_numbers) * len(api_workers))
    day = today - timedelta(days=45 + rest // 4)
    vals.append(
        {
            "user_number_id": number.id,
            "employee_id": worker.id,
            "date": day,
            "hours": 2,
            "activity": str(1 + rest % 4),
            "encoded_on": datetime(day.year, day.month, day.day, 18, 0),
            "channel": "backoffice",
        }
    )
    index += 1
for start in range(0, len(vals), 1000):
    Performance.create(vals[start : start + 1000])
    env.cr.commit()
env.flush_all()
fixtures["auto_validation_due"] = Performance.search_count([("auto_validation_due", "<=", today)])

# ---------------------------------------------------------------- volunteer expenses
plan = env["account.analytic.plan"].create({"name": "Bench budgets"})
analytic = env["account.analytic.account"].create({"name": "Bench care", "plan_id": plan.id})
holder = portal_user(
    "bench.holder@bench.example", "Bench holder", ["dito_expenses.group_budget_holder"]
)
budget = env["dito.budget"].create(
    {"name": "Bench care", "analytic_account_id": analytic.id, "holder_id": holder.id}
)
volunteers = []
for i in range(PER_ROLE):
    user = portal_user(
        f"bench.volunteer.{i}@bench.example",
        f"Bench volunteer {i}",
        ["dito_expenses.group_volunteer"],
    )
    user.partner_id.dito_is_volunteer = True
    volunteers.append(user.login)
fixtures["volunteers"] = {"logins": volunteers, "budget_id": budget.id}

# a month of approved notes the billing cron closes and bills during the load
billable = company._dito_calendar().last_billable_batch(fields.Datetime.now())
batch = env["dito.expense.batch"]._get_or_create(company, billable)
billed_partners = env["res.partner"].create(
    [
        {"name": f"Bench billed volunteer {i}", "dito_is_volunteer": True}
        for i in range(BILLED_VOLUNTEERS)
    ]
)
first_day = batch.month
Note = env["dito.expense.note"]
note_vals = []
for index in range(int(len(billed_partners) * 10 / 3)):
    note_vals.append(
        {
            "partner_id": billed_partners[index % len(billed_partners)].id,
            "budget_id": budget.id,
            "regime": "flat",
            "line_ids": [
                (
                    0,
                    0,
                    {
                        "kind": "activity",
                        "date_from": first_day + timedelta(days=index // len(billed_partners)),
                        "unit_amount": 5.0 + index % 7,
                    },
                )
            ],
        }
    )
notes = Note.create(note_vals)
# approved in time: before the batch's billing moment (the end of the 6th)
moment = datetime.combine(first_day, datetime.min.time()) + timedelta(days=1, hours=8)
notes.write(
    {
        "submitted_on": moment,
        "signed_on": moment,
        "approved_on": moment,
        "approved_by_id": holder.id,
        "batch_id": batch.id,
    }
)
fixtures["billing"] = {
    "batch_id": batch.id,
    "notes": len(notes),
    "volunteers": len(billed_partners),
}

# ---------------------------------------------------------------- voucher orders
meal = env.ref("voucher_orders.product_meal_electronic")
load_date = env["vo.order"]._earliest_load_date() + timedelta(days=7)
employers = []
for i in range(PER_ROLE):
    employer = env["res.partner"].create(
        {"name": f"Bench employer {i}", "is_company": True, "email": f"employer{i}@bench.example"}
    )
    user = portal_user(f"bench.employer.{i}@bench.example", f"Bench employer contact {i}", [])
    user.partner_id.parent_id = employer
    contract = env["vo.contract"].create(
        {
            "name": f"BENCH-{i}-MEAL",
            "partner_id": employer.id,
            "product_id": meal.id,
            "date_start": date(2025, 1, 1),
            "meal_employee_share": 1.09,
            "per_voucher_fee": 0.10,
            "service_fee_fixed": 15.0,
            "loading_cost_per_beneficiary": 0.50,
            "card_price": 5.0,
        }
    )
    beneficiaries = env["vo.beneficiary"].create(
        [
            {
                "partner_id": employer.id,
                "last_name": f"Bench{i}",
                "first_name": f"Person{b}",
                "national_number": niss(date(1980 + b % 20, 1 + b % 12, 1 + i), b),
                "meal_face_value": 8.0,
            }
            for b in range(20)
        ]
    )
    content = xlsx.build_order_template(
        "meal",
        None,
        [xlsx.OrderTemplateRow(national_number=b.national_number, days=20) for b in beneficiaries],
    )
    path = files / f"order-{i}.xlsx"
    path.write_bytes(content)
    employers.append({"login": user.login, "contract_id": contract.id, "file": str(path)})
fixtures["employers"] = {"accounts": employers, "load_date": str(load_date)}

env.cr.commit()
out.write_text(json.dumps(fixtures, indent=1))
print("SEEDED", out)
