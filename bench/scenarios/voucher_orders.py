"""Voucher orders: an Excel order for 5,000 beneficiaries from upload to invoices, the
employer's beneficiary list with 10,000 beneficiaries (queries must not grow with the size),
and the confirmation of many small orders, whose invoices get their PDF (and UBL) from the job
that runs right after it."""

import os
import time
from datetime import date, timedelta

from harness import Scenario

from odoo import fields, sql_db
from odoo.addons.voucher_orders.tools import xlsx


def _niss(index):
    """A valid NISS per index (birth dates spread over the years 1950-1999)."""
    birth = date(1950 + index % 50, 1 + index // 50 % 12, 1 + index // 600 % 28)
    base = f"{birth:%y%m%d}{index // 16800 % 999 + 1:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


def _employer(env, name, size, first=0):
    employer = env["res.partner"].create({"name": name, "is_company": True})
    contract = env["vo.contract"].create(
        {
            "name": f"{name}-MEAL",
            "partner_id": employer.id,
            "product_id": env.ref("voucher_orders.product_meal_electronic").id,
            "date_start": date(2020, 1, 1),
            "per_voucher_fee": 0.10,
            "service_fee_fixed": 15.0,
            "loading_cost_per_beneficiary": 0.5,
            "card_price": 5.0,
        }
    )
    env["vo.beneficiary"].create(
        [
            {
                "partner_id": employer.id,
                "last_name": f"Person {i:05d}",
                "first_name": "Bench",
                "national_number": _niss(i),
                "meal_face_value": 8.0,
            }
            for i in range(first, first + size)
        ]
    )
    return employer, contract


def _setup_excel_order(env, size):
    employer, contract = _employer(env, f"Bench Excel {size}", size)
    numbers = (
        env["vo.beneficiary"].search([("partner_id", "=", employer.id)]).mapped("national_number")
    )
    data = xlsx.build_order_template(
        "meal", None, [xlsx.OrderTemplateRow(national_number=n, days=20) for n in numbers]
    )
    return {"contract": contract.id, "file": data}


def _excel_order(env, context):
    Order = env["vo.order"]
    contract = env["vo.contract"].browse(context["contract"])
    load_date = fields.Date.today() + timedelta(days=7)
    result = Order._order_upload_dry_run(contract, load_date, context.pop("file"))
    assert result.ok, result.problems[:5]
    order = Order._create_from_upload(contract, load_date, "Bench", result)
    order.action_refresh_checks()
    order.warnings_acknowledged = True
    order.action_confirm()
    assert order.state == "awaiting_payment", order.state
    assert order.product_invoice_id.payment_reference
    return len(order.line_ids)


def _page_queries(env, user):
    """The ORM work of /my/beneficiaries (first page) for ``user``'s employer."""
    Beneficiary = env["vo.beneficiary"].with_user(user).with_context(active_test=False)
    employer = user.partner_id.commercial_partner_id
    domain = [("partner_id", "=", employer.id), ("active", "=", True)]
    before = sql_db.sql_counter
    Beneficiary.search_count(domain)
    page = Beneficiary.search_fetch(
        domain,
        ["name", "national_number_masked", "cost_centre_id", "delivery", "active", "number_kind"],
        limit=50,
    )
    shown = [(b.name, b.card_status, b.cost_centre_id.code) for b in page]
    assert len(shown) == len(page)
    env.invalidate_all()
    return sql_db.sql_counter - before


def _portal_user(env, employer, login):
    user = env["res.users"].create(
        {
            "name": login,
            "login": login,
            "group_ids": [(6, 0, env.ref("base.group_portal").ids)],
        }
    )
    user.partner_id.parent_id = employer
    return user


def _setup_beneficiaries_page(env, size):
    small, __ = _employer(env, "Bench small employer", 60)
    big, __ = _employer(env, f"Bench big employer {size}", size)
    small_user = _portal_user(env, small, f"bench-small-{size}")
    big_user = _portal_user(env, big, f"bench-big-{size}")
    env.flush_all()
    small_queries = _page_queries(env, small_user)
    return {"user": big_user.id, "report": {"queries_with_60_beneficiaries": small_queries}}


def _beneficiaries_page(env, context):
    user = env["res.users"].browse(context["user"])
    context["report"]["queries_with_all"] = _page_queries(env, user)
    return 50


def _small_orders(env, name, size, first):
    """``size`` orders of one beneficiary each (a product and a card invoice each), ready.

    ``first``: the first person's index (people of their own: a card follows the person)."""
    employer, contract = _employer(env, name, size, first=first)
    # B2B: each invoice gets its Peppol UBL next to its PDF (VAT numbers and addresses)
    belgium = env.ref("base.be").id
    employer.write(
        {
            "vat": "BE0403170701",
            "country_id": belgium,
            "street": "Gospertstraße 1",
            "zip": "4700",
            "city": "Eupen",
        }
    )
    if not env.company.vat:
        env.company.write(
            {
                "vat": "BE0477472701",
                "country_id": belgium,
                "street": "Kunstlaan 21",
                "zip": "1000",
                "city": "Brussel",
            }
        )
    load_date = fields.Date.today() + timedelta(days=7)
    Order = env["vo.order"]
    orders = Order.browse()
    for beneficiary in env["vo.beneficiary"].search([("partner_id", "=", employer.id)]):
        order = Order._create_for_beneficiaries(
            contract, beneficiary, "Bench", load_date, face_value=8.0, days=20
        )
        order.warnings_acknowledged = True
        orders |= order
    return orders


def _confirm(orders):
    for order in orders:
        order.action_confirm()
        assert order.state == "awaiting_payment", order.state
    return len(orders.invoice_ids)


class _Meter:
    """CPU time (this process, and its children: wkhtmltopdf), wall time and queries."""

    def __enter__(self):
        self.cpu, self.children, self.wall = time.process_time(), _children(), time.perf_counter()
        self.queries = sql_db.sql_counter
        return self

    def __exit__(self, *exc):
        self.cpu = round(time.process_time() - self.cpu, 3)
        self.children = round(_children() - self.children, 3)
        self.wall = round(time.perf_counter() - self.wall, 3)
        self.queries = sql_db.sql_counter - self.queries


def _children():
    times = os.times()
    return times.children_user + times.children_system


def _setup_confirm_orders(env, size):
    """Small B2B orders to confirm; their invoices' documents are made by the job.

    wkhtmltopdf loads the report's assets from ``report.url`` (or ``web.base.url``): under
    ``odoo shell`` (scripts/bench.sh) no server answers there and each PDF is made without
    them, cheaper than in production. Point ``report.url`` at a server of the bench
    database to measure the real cost (CONFIGURE.md of voucher_orders gives both figures).
    """
    orders = _small_orders(env, f"Bench confirm {size}", size, first=30000)
    # the job renders what is scheduled: only this scenario's invoices
    env["account.move"].search([("benefits_peppol_documents_due", "=", True)]).write(
        {"benefits_peppol_documents_due": False}
    )
    return {"orders": orders.ids, "report": {}}


def _confirm_orders(env, context):
    """The confirmation (what the client waits for), then the documents job, measured
    apart in the same run."""
    orders = env["vo.order"].browse(context["orders"])
    with _Meter() as confirm:
        invoices = _confirm(orders)
        env.flush_all()
    env.cr.commit()
    with _Meter() as job:
        env["account.move"]._cron_benefits_peppol_generate_documents()
    env.invalidate_all()
    invoices_sudo = orders.invoice_ids.sudo()
    done = invoices_sudo.filtered("invoice_pdf_report_id")
    with_job_cpu = confirm.cpu + job.cpu + job.children
    context["report"].update(
        {
            "invoices": invoices,
            "confirm_cpu_s": confirm.cpu,
            "confirm_wall_s": confirm.wall,
            "confirm_queries": confirm.queries,
            "confirm_cpu_ms_per_order": round(1000 * confirm.cpu / len(orders), 1),
            "job_cpu_s": job.cpu,
            "job_wkhtmltopdf_cpu_s": job.children,
            "job_wall_s": job.wall,
            "job_queries": job.queries,
            "job_cpu_ms_per_invoice": round(1000 * (job.cpu + job.children) / invoices, 1),
            "confirm_and_job_cpu_to_confirm_cpu": round(with_job_cpu / confirm.cpu, 1),
            "confirm_and_job_wall_to_confirm_wall": round(
                (confirm.wall + job.wall) / confirm.wall, 1
            ),
            "invoices_with_pdf": len(done),
            "invoices_with_ubl": len(done.filtered("ubl_cii_xml_id")),
            "invoices_still_scheduled": len(
                invoices_sudo.filtered("benefits_peppol_documents_due")
            ),
        }
    )
    print(f"voucher_orders confirmation of {len(orders)} orders: {context['report']}")
    return len(orders)


SCENARIOS = [
    Scenario(
        "voucher_orders: Excel order upload to invoices",
        5000,
        _setup_excel_order,
        _excel_order,
        unit="beneficiaries",
    ),
    Scenario(
        "voucher_orders: /my/beneficiaries first page",
        10000,
        _setup_beneficiaries_page,
        _beneficiaries_page,
        unit="rows shown",
    ),
    Scenario(
        "voucher_orders: confirm small orders, then the job's invoice PDF + UBL",
        100,
        _setup_confirm_orders,
        _confirm_orders,
        unit="orders",
    ),
]
