"""Volunteer expenses: billing a month, and the data of a volunteer's /my/expenses."""

import os
import time
from unittest.mock import patch

from harness import Scenario

from odoo import sql_db

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


LANGS = ("nl_BE", "fr_BE", "de_DE")


class _Meter:
    """CPU time, wall time and queries of the calls of one method, summed."""

    def __init__(self):
        self.cpu = self.wall = 0.0
        self.queries = 0

    def __call__(self, function):
        def measured(*args, **kwargs):
            cpu, wall, queries = time.process_time(), time.perf_counter(), sql_db.sql_counter
            try:
                return function(*args, **kwargs)
            finally:
                args[0].env.flush_all()
                self.cpu += time.process_time() - cpu
                self.wall += time.perf_counter() - wall
                self.queries += sql_db.sql_counter - queries

        return measured

    def per(self, count, prefix):
        return {
            f"{prefix}_cpu_ms_per_bill": round(1000 * self.cpu / count, 1),
            f"{prefix}_wall_ms_per_bill": round(1000 * self.wall / count, 1),
            f"{prefix}_queries_per_bill": round(self.queries / count, 1),
        }


def _setup_cron(env, size):
    """A closed month of ``size`` volunteers speaking nl, fr and de, to bill and announce."""
    _ensure_chart(env)
    for lang in LANGS:
        env["res.lang"]._activate_lang(lang)
    env["ir.module.module"]._load_module_terms(["mail", "dito_expenses"], list(LANGS))
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench cron volunteer {i}",
                "email": f"bench.cron.{i}@example.com",
                "lang": LANGS[i % len(LANGS)],
                "dito_is_volunteer": True,
            }
            for i in range(size)
        ]
    )
    budget = _budget(env, "Bench cron")
    batch = env["dito.expense.batch"].create(
        {"name": "2026-01", "month": "2026-01-01", "closed_on": "2026-02-06 01:00:00"}
    )
    _approved_notes(env, partners, NOTES_PER_VOLUNTEER, budget, batch, day="2026-01-05")
    return {"batch": batch.id, "volunteers": size, "report": {}}


def _cron(env, context):
    """The monthly cron end to end (billing, then the notices), each part metered; then
    the notices of the same bills posted again, rolled back: the old loop (one
    ``message_post_with_source`` per bill, on bills without portal token as the old
    billing made them) against the chunk's one composer."""
    Batch = env.registry["dito.expense.batch"]
    Move = env.registry["account.move"]
    billing, notices = _Meter(), _Meter()
    with (
        patch.object(Batch, "_do_bill", billing(Batch._do_bill)),
        patch.object(
            Move, "_dito_notify_billed_and_paid", notices(Move._dito_notify_billed_and_paid)
        ),
    ):
        env["dito.expense.batch"]._cron_close_and_bill()
    env.invalidate_all()
    bills = env["dito.expense.batch"].browse(context["batch"]).bill_ids
    assert len(bills) == context["volunteers"], (len(bills), context["volunteers"])
    assert all(bills.mapped("dito_billed_notified")), "every bill announced"
    report = context["report"]
    report.update(billing.per(len(bills), "cron_billing"))
    report.update(notices.per(len(bills), "cron_notices"))
    template = env.ref("dito_expenses.mail_template_billed")

    def old_loop(bills):
        for bill in bills:
            bill.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def new_chunks(bills):
        for start in range(0, len(bills), 200):
            bills[start : start + 200]._dito_notify("dito_expenses.mail_template_billed")

    Mail = env.registry["mail.mail"]
    for name, post in (("old_loop", old_loop), ("new_chunks", new_chunks)):
        meter = _Meter()
        sent_at_commit = []
        env.invalidate_all()
        try:
            # the mails to be sent at commit, one by one (not queued): counted, not sent
            with (
                patch.object(
                    Mail, "send_after_commit", lambda mails, sent=sent_at_commit: sent.extend(mails)
                ),
                env.cr.savepoint(),
            ):
                if name == "old_loop":  # as the old billing left them: no portal token
                    bills.write({"access_token": False})
                    env.flush_all()
                    env.invalidate_all()
                meter(post)(bills)
                raise _Rollback
        except _Rollback:
            pass
        report.update(meter.per(len(bills), name))
        report[f"{name}_mails_sent_at_commit"] = len(sent_at_commit)
    report["load_average"] = " ".join(f"{load:.2f}" for load in os.getloadavg())
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
    # first: the cron bills every closed batch and announces every bill of the database
    Scenario(
        "dito_expenses: monthly cron, bill and announce (volunteers; nl/fr/de)",
        500,
        _setup_cron,
        _cron,
        "bills",
    ),
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
