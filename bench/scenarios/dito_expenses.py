"""Volunteer expenses: billing a month, and the data of a volunteer's /my/expenses."""

import time

from harness import Scenario

NOTES_PER_VOLUNTEER = 10 / 3  # 10,000 notes for 3,000 volunteers


class _Rollback(Exception):
    pass


def _ensure_chart(env):
    company = env.company
    Account = env["account.account"]
    if not Account.search_count(Account._check_company_domain(company), limit=1):
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )


def _budget(env, name):
    plan = env["account.analytic.plan"].create({"name": f"Bench {name}"})
    analytic = env["account.analytic.account"].create({"name": name, "plan_id": plan.id})
    return env["dito.budget"].create(
        {"name": name, "analytic_account_id": analytic.id, "holder_id": env.user.id}
    )


def _approved_notes(env, partners, per_partner, budget, batch, day="2026-03-01"):
    """Approved notes straight from their facts (no mail, no checks): data for the bench."""
    Note = env["dito.expense.note"].with_context(tracking_disable=True, mail_notrack=True)
    vals_list = []
    for index in range(int(len(partners) * per_partner)):
        partner = partners[index % len(partners)]
        vals_list.append(
            {
                "partner_id": partner.id,
                "budget_id": budget.id,
                "regime": "flat",
                "line_ids": [
                    (0, 0, {"kind": "activity", "date_from": day, "unit_amount": 5.0 + index % 7})
                ],
            }
        )
    notes = Note.create(vals_list)
    now = "2026-03-02 10:00:00"
    notes.write(
        {
            "submitted_on": now,
            "signed_on": now,
            "approved_on": now,
            "approved_by_id": env.user.id,
            "batch_id": batch.id,
        }
    )
    return notes


def _setup_billing(env, size):
    _ensure_chart(env)
    partners = env["res.partner"].create(
        [{"name": f"Bench volunteer {i}", "dito_is_volunteer": True} for i in range(size)]
    )
    budget = _budget(env, "Bench billing")
    batch = env["dito.expense.batch"].create(
        {"name": "2026-03", "month": "2026-03-01", "closed_on": "2026-03-06 01:00:00"}
    )
    notes = _approved_notes(env, partners, NOTES_PER_VOLUNTEER, budget, batch)
    # Baseline: the same bills with one plain account.move.create, rolled back.
    groups = {}
    for note in notes:
        groups.setdefault(note.partner_id, env["dito.expense.note"])
        groups[note.partner_id] |= note
    accounting = batch._bill_accounting()
    vals_list = [
        batch._bill_values(partner, partner_notes, *accounting)
        for partner, partner_notes in groups.items()
    ]
    for vals in vals_list:
        vals.pop("dito_batch_id")
        for command in vals["invoice_line_ids"]:
            command[2].pop("dito_note_id")
    env.flush_all()
    started = time.perf_counter()
    try:
        with env.cr.savepoint():
            bills = env["account.move"].create(vals_list)
            bills.action_post()
            env.flush_all()
            raise _Rollback
    except _Rollback:
        pass
    baseline = time.perf_counter() - started
    env.invalidate_all()
    return {
        "batch": batch.id,
        "bills": len(vals_list),
        "report": {"baseline_s": round(baseline, 3)},
    }


def _bill(env, context):
    batch = env["dito.expense.batch"].browse(context["batch"])
    started = time.perf_counter()
    bills = batch._do_bill()
    env.flush_all()
    seconds = time.perf_counter() - started
    assert len(bills) == context["bills"], (len(bills), context["bills"])
    report = context["report"]
    report["overhead_ratio"] = (
        round(seconds / report["baseline_s"], 2) if report["baseline_s"] else None
    )
    return len(bills)


def _setup_my_expenses(env, size):
    user = env["res.users"].create(
        {
            "name": "Bench portal volunteer",
            "login": f"bench.volunteer.{size}@example.com",
            "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    user.partner_id.dito_is_volunteer = True
    budget = _budget(env, "Bench portal")
    batch = env["dito.expense.batch"].search([("month", "=", "2026-02-01")], limit=1) or env[
        "dito.expense.batch"
    ].create({"name": "2026-02", "month": "2026-02-01"})
    _approved_notes(env, user.partner_id, size, budget, batch, day="2026-02-01")
    return {"user": user.id}


def _my_expenses(env, context):
    """What /my/expenses computes for the volunteer (search, page, yearly overview)."""
    user = env["res.users"].browse(context["user"])
    Note = env["dito.expense.note"].with_user(user)
    domain = [("partner_id", "=", user.partner_id.id)]
    count = Note.search_count(domain)
    notes = Note.search(domain, limit=40)
    notes.read(
        ["name", "date_first", "date_last", "regime", "amount_total", "state", "payment_state"]
    )
    Note._yearly_overview(user.partner_id, 2026)
    return count


SCENARIOS = [
    Scenario(
        "dito_expenses: bill a month (volunteers; 10 notes per 3)",
        3000,
        _setup_billing,
        _bill,
        "bills",
    ),
    Scenario(
        "dito_expenses: /my/expenses data for one volunteer (notes)",
        500,
        _setup_my_expenses,
        _my_expenses,
        "notes",
    ),
]
