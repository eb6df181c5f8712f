# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one check at the top of every public ``action_*`` of the vo models.

Every public model method is a JSON-RPC endpoint for anyone who can read the
record: client contacts (portal) can read their employer's records, so each
action checks that the caller is the issuer's staff, or runs in ``sudo()``
after an explicit check of the portal controller.
"""

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError

STAFF_GROUP = "voucher_orders.group_voucher_user"
MANAGER_GROUP = "voucher_orders.group_voucher_manager"


def check_staff(records, group=STAFF_GROUP):
    """Raise :class:`AccessError` unless the caller is staff of ``group`` (or superuser)."""
    env = records.env
    if env.su or env.uid == SUPERUSER_ID or env.user.has_group(group):
        return
    raise AccessError(
        env._(
            "Only the issuer's staff may do this (%(model)s).",
            model=records._description,
        )
    )
