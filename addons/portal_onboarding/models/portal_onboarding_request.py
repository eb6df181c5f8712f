# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import email_normalize


class PortalOnboardingRequest(models.Model):
    """Someone asked for portal access on the public form.

    One request per e-mail address and audience: a repeated submission updates the
    request instead of creating another. The requester is queued (as a member
    without a wave) and officers assign them to a later wave: nobody chooses
    when they start.
    """

    _name = "portal.onboarding.request"
    _description = "Portal Access Request"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True)
    email = fields.Char(required=True, index=True)
    phone = fields.Char()
    call_time = fields.Selection(
        selection=[
            ("morning", "Morning"),
            ("afternoon", "Afternoon"),
            ("any", "Any time during office hours"),
        ],
        string="When to Call",
    )
    lang = fields.Selection(selection="_get_lang_selection", string="Language")
    audience_id = fields.Many2one(
        "portal.onboarding.audience", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="audience_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", index=True, readonly=True)
    member_id = fields.Many2one("portal.onboarding.member", readonly=True, index=True)
    state = fields.Selection(related="member_id.state", string="Onboarding State", store=True)
    wave_id = fields.Many2one(related="member_id.wave_id", readonly=False)
    ip_address = fields.Char(
        string="IP Address",
        readonly=True,
        index=True,
        groups="portal_onboarding.group_onboarding_officer",
    )
    last_submitted_on = fields.Datetime(readonly=True, index=True)
    submission_count = fields.Integer(readonly=True, default=1)

    _email_audience_uniq = models.Constraint(
        "UNIQUE(email, audience_id)", "One request per e-mail address and audience."
    )

    @api.model
    def _get_lang_selection(self):
        return self.env["res.lang"].get_installed()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _submit(self, audience, values, ip_address):
        """Record a request coming from the public form.

        ``values`` holds the cleaned form fields. Returns ``(request, outcome)``
        where outcome is ``created``, ``updated`` or ``too_soon`` (rate-limited,
        nothing written); raises nothing for expected situations so that the
        controller answers in the same way whether the address is known or not.
        """
        now = fields.Datetime.now()
        email = email_normalize(values["email"])
        request = self.search([("email", "=", email), ("audience_id", "=", audience.id)], limit=1)
        if request:
            cooldown = now - timedelta(hours=audience.request_cooldown_hours)
            if request.last_submitted_on and request.last_submitted_on > cooldown:
                return request, "too_soon"
            request.write(
                {
                    "name": values["name"],
                    "phone": values.get("phone") or request.phone,
                    "call_time": values.get("call_time") or request.call_time,
                    "last_submitted_on": now,
                    "submission_count": request.submission_count + 1,
                    "ip_address": ip_address,
                }
            )
            return request, "updated"
        partner = self._find_or_create_partner(email, values)
        Member = self.env["portal.onboarding.member"]
        member = Member.search(
            [("partner_id", "=", partner.id), ("audience_id", "=", audience.id)], limit=1
        ) or Member.create(
            {"partner_id": partner.id, "audience_id": audience.id, "requested_on": now}
        )
        request = self.create(
            {
                "name": values["name"],
                "email": email,
                "phone": values.get("phone"),
                "call_time": values.get("call_time"),
                "lang": values.get("lang"),
                "audience_id": audience.id,
                "partner_id": partner.id,
                "member_id": member.id,
                "ip_address": ip_address,
                "last_submitted_on": now,
            }
        )
        if audience.request_template_id:
            audience.request_template_id.send_mail(
                request.id, email_layout_xmlid="mail.mail_notification_light"
            )
        return request, "created"

    @api.model
    def _find_or_create_partner(self, email, values):
        Partner = self.env["res.partner"]
        partner = Partner.search([("email_normalized", "=", email)], order="id", limit=1).filtered(
            lambda p: not p.user_ids or p.user_ids.share
        )
        return partner or Partner.create(
            {
                "name": values["name"],
                "email": email,
                "phone": values.get("phone"),
                "lang": values.get("lang"),
            }
        )

    @api.model
    def _too_many_from_ip(self, audience, ip_address):
        """More requests from this address to this form in the last hour than the audience
        allows (each form counts apart, so that one busy office network asking for
        one portal does not lock its people out of another)."""
        if not ip_address:
            return False
        since = fields.Datetime.now() - timedelta(hours=1)
        count = self.search_count(
            [
                ("audience_id", "=", audience.id),
                ("ip_address", "=", ip_address),
                ("last_submitted_on", ">", since),
            ],
            limit=audience.request_limit_per_ip,
        )
        return count >= audience.request_limit_per_ip
