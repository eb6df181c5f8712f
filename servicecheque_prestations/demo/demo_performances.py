# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo performances in every status and the demo reimbursement request.

Demo data only: ``demo/servicecheque_prestations_demo.xml`` creates the households,
workers, user numbers and voucher lots, then calls
``sc.performance._demo_create_performances``, which runs
:func:`create_demo_performances`. The statuses are reached through the business
methods (validate, confirm, contest, delete, allocate, request reimbursement), which
refuse a performance already past that step: the function builds them once and does
nothing when the demo performances exist (a module update, a re-initialisation).
"""

from datetime import timedelta

from odoo import fields

MODULE = "servicecheque_prestations"

#: (key, user number, worker, days ago, activity, hours, channel)
PERFORMANCES = [
    ("encoded", "dubois_1", "fatima", 1, "1", 4, "portal"),
    ("validated", "dubois_1", "fatima", 2, "1", 3, "api"),
    ("confirmed", "peeters", "fatima", 2, "3", 2, None),
    ("contested", "dubois_1", "fatima", 3, "2", 2, None),
    ("paid", "dubois_1", "fatima", 10, "1", 4, None),
    ("partial", "dubois_2", "fatima", 9, "1", 5, None),
    ("ready", "peeters", "fatima", 8, "1", 3, None),
    ("outside", "peeters", "fatima", 400, "1", 3, None),
    ("lambert", "lambert", "jan", 6, "4", 2, "import"),
    ("deleted", "dubois_1", "fatima", 4, "1", 9, None),
]
VALIDATED_BY_COMPANY = ["validated", "paid", "partial", "ready", "outside", "lambert"]
CONFIRMED_BY_USER = ["confirmed", "paid", "partial", "ready", "outside", "lambert"]


def create_demo_performances(env):
    """Create the demo performances (with their XML ids) and the reimbursement request."""
    ref = env.ref
    if ref(f"{MODULE}.sc_performance_encoded_demo", raise_if_not_found=False):
        return True  # already built
    Performance = env["sc.performance"]
    today = fields.Date.context_today(Performance)
    values = []
    for _key, number, worker, days, activity, hours, channel in PERFORMANCES:
        vals = {
            "user_number_id": ref(f"{MODULE}.sc_user_number_{number}_demo").id,
            "employee_id": ref(f"{MODULE}.hr_employee_{worker}_demo").id,
            "date": today - timedelta(days=days),
            "activity": activity,
            "hours": hours,
        }
        if channel:
            vals["channel"] = channel
        values.append(vals)
    created = Performance.create(values)
    perf = dict(zip([p[0] for p in PERFORMANCES], created, strict=True))
    env["ir.model.data"]._update_xmlids(
        [
            {"xml_id": f"{MODULE}.sc_performance_{key}_demo", "record": record, "noupdate": True}
            for key, record in perf.items()
        ]
    )

    def pick(keys):
        return Performance.browse([perf[key].id for key in keys])

    pick(VALIDATED_BY_COMPANY).action_validate()
    pick(CONFIRMED_BY_USER).action_confirm_as_user()
    perf["contested"].action_contest("Fatima was ill that day: nobody came.")
    perf["deleted"].action_delete()
    perf["outside"].action_mark_outside_vouchers()

    # A reimbursement request for the vouchers allocated so far in Flanders
    request = env["sc.reimbursement"].create(
        {
            "name": "RB-DEMO-0001",
            "issuer_id": ref(f"{MODULE}.partner_sv_issuer_demo").id,
            "region_id": ref(f"{MODULE}.sc_region_flanders").id,
            "branch_id": ref(f"{MODULE}.sc_branch_hasselt_demo").id,
        }
    )
    env["ir.model.data"]._update_xmlids(
        [{"xml_id": f"{MODULE}.sc_reimbursement_demo", "record": request, "noupdate": True}]
    )
    request.action_collect()
    request.action_request()
    return True
