# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dated figures take the shared meaning of ``benefits.dated.mixin``.

A figure without an end date now runs until the next one of its group starts.
The figures installed before carried both dates: clear the ends that only
repeat "the day before the next one starts" (nothing changes on any day), and
the end of the 2026 allowance caps, so that 2026's caps stay in force until
2027's are added (the caps are indexed upwards: the lower caps never let a
volunteer exceed the legal one). The last car quarter and bike year keep their
end: a trip in a gap is refused rather than paid at an unpublished rate.
"""

from datetime import date

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dito.allowance.rate"]._dated_recompute_all()
    env["dito.km.rate"]._dated_recompute_all()
    env["dito.allowance.rate"]._dated_clear_redundant_ends()
    env["dito.km.rate"]._dated_clear_redundant_ends()
    last = env.ref("dito_expenses.allowance_rate_2026", raise_if_not_found=False)
    if last and last.date_to == date(2026, 12, 31):
        last.date_to = False
