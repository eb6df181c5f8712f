# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Voucher rules and issuer terms become dated figures (``benefits.dated.mixin``).

Their start date becomes required: the records kept without one (eco, gift,
sport/culture rules, the issuer terms) get the start the data file now gives
them, with that assumption written in their source.
"""

from odoo.tools import SQL

START = "2016-01-01"
NOTE = (
    " Start date: an assumption, set by the 19.0.1.1.0 update (the figure was in "
    "force before 2016-01-01, the first day of the figures this module ships)."
)


def set_missing_starts(cr):
    """Give every rule and terms record without a start date the assumed start."""
    for table in ("vo_voucher_rule", "vo_issuer_terms"):
        cr.execute(
            SQL(
                "UPDATE %s SET date_from = %s, source = COALESCE(source, '') || %s "
                "WHERE date_from IS NULL",
                SQL.identifier(table),
                START,
                NOTE,
            )
        )


def migrate(cr, version):
    if version:
        set_missing_starts(cr)
