# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may call which action: one check at the top of every public ``action_*``.

Every public model method is a JSON-RPC endpoint (``/web/dataset/call_kw``) for
anyone who can name a record id, whether or not they may read it. Each action
therefore starts with :func:`check_group` (back office) or
:func:`check_household` (portal user, own performances only), before any
``sudo()``. A superuser environment (scheduled jobs, the portal routes once their
own gate passed) skips the group test but not the record check.
"""

from odoo.exceptions import AccessError

STAFF = "servicecheque_prestations.group_branch_staff"
MANAGER = "servicecheque_prestations.group_access_manager"
HOUSEHOLD = "servicecheque_prestations.group_sc_user"
WORKER = "servicecheque_prestations.group_sc_worker"


def check_group(records, group, operation="write"):
    """Raise :class:`AccessError` unless the user is in ``group`` and may
    ``operation`` every record of ``records`` (access rights and record rules)."""
    env = records.env
    if env.su:
        return
    if not env.user.has_group(group):
        raise AccessError(
            env._(
                "You are not allowed to do this on %(model)s.",
                model=records._description,
            )
        )
    records.check_access(operation)


def check_household(performances):
    """Raise :class:`AccessError` unless every record (performances, voucher lots)
    belongs to the household of the current portal user (group *Service Vouchers:
    User*)."""
    env = performances.env
    if env.su:
        return
    partner = env.user.partner_id.commercial_partner_id
    if not env.user.has_group(HOUSEHOLD) or any(
        performance.sudo().partner_id.commercial_partner_id != partner
        for performance in performances
    ):
        raise AccessError(env._("These performances are not yours."))
