"""Voucher orders: an Excel order for 5,000 beneficiaries from upload to invoices, and the
employer's beneficiary list with 10,000 beneficiaries (queries must not grow with the size)."""

from datetime import date, timedelta

from harness import Scenario

from odoo import fields, sql_db
from odoo.addons.voucher_orders.tools import xlsx


def _niss(index):
    """A valid NISS per index (birth dates spread over the years 1950-1999)."""
    birth = date(1950 + index % 50, 1 + index // 50 % 12, 1 + index // 600 % 28)
    base = f"{birth:%y%m%d}{index // 16800 % 999 + 1:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


def _employer(env, name, size):
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
            for i in range(size)
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
]
