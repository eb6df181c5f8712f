# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import portal_onboarding_audience
from . import portal_onboarding_wave
from . import portal_onboarding_member
from . import portal_onboarding_request
from . import res_partner
from . import res_users
