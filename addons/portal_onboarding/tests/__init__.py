# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import test_onboarding_links, test_onboarding_request_form, test_onboarding_waves
