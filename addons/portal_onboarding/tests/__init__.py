# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import test_onboarding_waves
from . import test_onboarding_links
from . import test_onboarding_request_form
