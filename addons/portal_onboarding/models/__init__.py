# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    ir_qweb,
    portal_onboarding_audience,
    portal_onboarding_member,
    portal_onboarding_request,
    portal_onboarding_wave,
    res_partner,
    res_users,
)
