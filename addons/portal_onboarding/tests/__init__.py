from . import (
    test_onboarding_links,
    test_onboarding_request_form,
    test_onboarding_security,
    test_onboarding_waves,
)
