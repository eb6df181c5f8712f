# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Regional rules and user price tranches become dated figures of the shared mixin.

Rules: their meaning does not change ("the latest start wins", no end dates),
so no data moves; ``date_end`` is computed from the start dates.

Price tranches: each tranche of a price list now has its number (1st, 2nd,
3rd...), the group of its dated figure. The column arrives with its default
(1); number the tranches of each region and start date by their first voucher
(unpublished bounds last, then in creation order), then compute the ends.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def number_tranches(cr):
    cr.execute(
        SQL(
            """
            UPDATE sc_region_price p
               SET tranche = numbered.n
              FROM (SELECT id,
                           row_number() OVER (
                               PARTITION BY region_id, date_from
                               ORDER BY first_voucher NULLS LAST, id
                           ) AS n
                      FROM sc_region_price) numbered
             WHERE p.id = numbered.id
            """
        )
    )


def migrate(cr, version):
    if not version:
        return
    number_tranches(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    env.invalidate_all()
    env["sc.region.price"]._dated_recompute_all()
    env["sc.region.rule"]._dated_recompute_all()
