# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dated figures: one meaning (an end date only where a gap follows).

The 2016 meal rule kept an end date (2025-12-31) that only repeats "the day
before the next rule starts": it is cleared, so inserting a rule in between is
not an overlap. Every effective end (``date_end``) is then recomputed.
"""

from odoo import SUPERUSER_ID, api


def dated_one_meaning(env):
    """Clear the redundant end dates and recompute the effective ends."""
    for model in ("vo.voucher.rule", "vo.issuer.terms"):
        env[model]._dated_clear_redundant_ends()
        env[model]._dated_recompute_all()


def migrate(cr, version):
    if version:
        dated_one_meaning(api.Environment(cr, SUPERUSER_ID, {}))
