# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import re

from odoo import http
from odoo.addons.auth_signup.controllers.main import AuthSignupHome
from odoo.addons.benefits_base.inputs import InputError, input_error_message
from odoo.addons.benefits_base.tools import inputs
from odoo.http import request
from odoo.tools import email_normalize

MAX_NAME = 128
MAX_PHONE = 32
PHONE_RE = re.compile(r"^\+?[0-9 ./()-]{6,32}$")
CALL_TIMES = ("morning", "afternoon", "any")


class PortalOnboarding(http.Controller):
    """Public pages of the phased onboarding: the access request form and the
    "new link" request from an expired invitation.

    Everything here runs for anonymous visitors: the audience is checked to exist,
    to be active and to accept requests before any ``sudo()``.
    """

    def _get_audience_sudo(self, code):
        audience_sudo = (
            request.env["portal.onboarding.audience"]
            .sudo()
            .search([("code", "=", code or ""), ("active", "=", True)], limit=1)
        )
        return audience_sudo

    def _client_ip(self):
        return request.httprequest.remote_addr or ""

    def _validate_request_form(self, post):
        """Clean the form; return ``(values, errors)`` with errors keyed by field."""
        env = request.env
        errors = {}

        def clean(field, label, **options):
            try:
                return inputs.clean_text(post.get(field), label, **options)
            except InputError as error:
                errors[field] = input_error_message(env, error)
                return ""

        name = clean("name", env._("Name"), max_length=MAX_NAME)
        email = clean("email", env._("E-mail"), max_length=MAX_NAME)
        phone = clean("phone", env._("Phone"), max_length=MAX_PHONE)
        try:
            call_time = inputs.parse_choice(
                post.get("call_time"), env._("When to call"), CALL_TIMES, required=False
            )
        except InputError:
            call_time = None
            errors["call_time"] = env._("Please choose when we may call you.")
        if not name and "name" not in errors:
            errors["name"] = env._("Please give your name.")
        if not email and "email" not in errors:
            errors["email"] = env._("Please give your e-mail address.")
        elif email and not email_normalize(email):
            errors["email"] = env._("%(email)s is not a valid e-mail address.", email=email)
        if phone and not PHONE_RE.match(phone):
            errors["phone"] = env._(
                "A phone number holds digits, spaces and an optional leading +."
            )
        if call_time and not phone and "phone" not in errors:
            errors["phone"] = env._("Please give the phone number we may call.")
        values = {
            "name": name,
            "email": email,
            "phone": phone,
            "call_time": call_time or False,
            "lang": env.lang,
        }
        return values, errors

    @http.route(
        "/onboarding/<string:code>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def onboarding_request(self, code, **post):
        audience_sudo = self._get_audience_sudo(code)
        if not audience_sudo or not audience_sudo.request_form_enabled:
            raise request.not_found()
        qcontext = {"audience": audience_sudo, "values": post, "errors": {}}
        if request.httprequest.method == "POST":
            if post.get("website_url"):
                # Honeypot filled in: a robot. Answer as for a person, write nothing.
                return request.render("portal_onboarding.request_received", qcontext)
            values, errors = self._validate_request_form(post)
            if errors:
                qcontext["errors"] = errors
                return request.render("portal_onboarding.request_form", qcontext, status=400)
            Request = request.env["portal.onboarding.request"].sudo()
            if Request._too_many_from_ip(audience_sudo, self._client_ip()):
                qcontext["errors"] = {
                    "global": request.env._(
                        "We received many requests from your network. Please try again later."
                    )
                }
                return request.render("portal_onboarding.request_form", qcontext, status=429)
            __, outcome = Request._submit(audience_sudo, values, self._client_ip())
            qcontext["outcome"] = outcome
            return request.render("portal_onboarding.request_received", qcontext)
        return request.render("portal_onboarding.request_form", qcontext)

    @http.route(
        "/onboarding/<string:code>/new-link",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def onboarding_new_link(self, code, email=None, **post):
        """Send a fresh invitation to an invited person who asks for it.

        The answer is the same whether or not the address is known, so that the
        page tells nobody who was invited.
        """
        audience_sudo = self._get_audience_sudo(code)
        if not audience_sudo:
            raise request.not_found()
        try:
            email = inputs.clean_text(email, request.env._("E-mail"), max_length=MAX_NAME)
        except InputError:
            email = ""
        normalized = email_normalize(email)
        if normalized:
            members_sudo = (
                request.env["portal.onboarding.member"]
                .sudo()
                .search(
                    [
                        ("audience_id", "=", audience_sudo.id),
                        ("partner_id.email_normalized", "=", normalized),
                    ]
                )
            )
            members_sudo._resend_on_request()
        return request.render(
            "portal_onboarding.link_expired",
            {"audience": audience_sudo, "link_requested": True, "email": email},
        )


class OnboardingAuthSignupHome(AuthSignupHome):
    def get_auth_signup_qcontext(self):
        """A link replaced by a newer invitation no longer opens the password form."""
        qcontext = super().get_auth_signup_qcontext()
        token = qcontext.get("token")
        if (
            token
            and not qcontext.get("invalid_token")
            and request.env["portal.onboarding.member"].sudo()._is_superseded_token(token)
        ):
            qcontext["invalid_token"] = True
            qcontext["error"] = request.env._(
                "This link was replaced by a newer one: use the link of the last e-mail."
            )
        return qcontext

    @http.route()
    def web_auth_signup(self, *args, **kw):
        """An expired or used invitation link gets a page saying how to get a new one."""
        qcontext = self.get_auth_signup_qcontext()
        if qcontext.get("invalid_token"):
            audience_sudo = PortalOnboarding()._get_audience_sudo(kw.get("onboarding"))
            return request.render(
                "portal_onboarding.link_expired",
                {"audience": audience_sudo, "link_requested": False},
            )
        return super().web_auth_signup(*args, **kw)
