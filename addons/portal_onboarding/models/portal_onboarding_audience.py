# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PortalOnboardingAudience(models.Model):
    """A group of people who get the same portal, invitation and request form.

    Each business addon ships its audiences (volunteers, service-voucher clients,
    employers...). Officers plan waves for an audience; managers configure it.
    """

    _name = "portal.onboarding.audience"
    _description = "Portal Onboarding Audience"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short technical name used in the public request address: /onboarding/<code>",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    description = fields.Html(
        translate=True,
        sanitize_attributes=False,
        help="Shown on the public access request form.",
    )
    portal_url = fields.Char(
        string="Landing Page",
        default="/my",
        required=True,
        help="Where invited people land after choosing their password.",
    )
    link_validity_days = fields.Integer(
        string="Link Validity (days)",
        default=5,
        required=True,
        help="How long an invitation link can be used to choose a password.",
    )
    video_url = fields.Char(
        string="Instruction Video", help="Link to a video that explains the portal."
    )
    help_email = fields.Char(string="Help E-mail")
    help_phone = fields.Char()
    help_hours = fields.Char(
        string="Office Hours",
        translate=True,
        help="When the help desk can be reached or call back.",
    )
    request_form_enabled = fields.Boolean(
        string="Public Request Form",
        default=True,
        help="Anyone can ask for access on /onboarding/<code>; "
        "requests are queued for a later wave.",
    )
    request_cooldown_hours = fields.Integer(
        string="Hours Between Requests per Address",
        default=24,
        help="A second request from the same e-mail address within this delay is refused.",
    )
    request_limit_per_ip = fields.Integer(
        string="Requests per Hour per IP",
        default=20,
        help="Maximum number of access requests accepted from one IP address in one hour.",
    )
    batch_size = fields.Integer(
        default=200,
        help="Invitations sent per committed batch when a wave goes out.",
    )
    invitation_template_id = fields.Many2one(
        "mail.template",
        required=True,
        domain="[('model', '=', 'portal.onboarding.member')]",
        default=lambda self: self.env.ref(
            "portal_onboarding.mail_template_onboarding_invitation", raise_if_not_found=False
        ),
    )
    request_template_id = fields.Many2one(
        "mail.template",
        string="Request Confirmation Template",
        domain="[('model', '=', 'portal.onboarding.request')]",
        default=lambda self: self.env.ref(
            "portal_onboarding.mail_template_onboarding_request_received",
            raise_if_not_found=False,
        ),
    )
    wave_ids = fields.One2many("portal.onboarding.wave", "audience_id", string="Waves")
    member_ids = fields.One2many("portal.onboarding.member", "audience_id", string="Members")
    member_count = fields.Integer(compute="_compute_counts")
    pending_request_count = fields.Integer(compute="_compute_counts")
    wave_count = fields.Integer(compute="_compute_counts")
    request_url = fields.Char(compute="_compute_request_url", string="Request Form Address")

    _code_uniq = models.Constraint("UNIQUE(code)", "An audience code must be unique.")
    _link_validity_positive = models.Constraint(
        "CHECK(link_validity_days > 0)", "An invitation link must be valid at least one day."
    )
    _batch_size_positive = models.Constraint(
        "CHECK(batch_size > 0)", "The batch size must be positive."
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    def _compute_counts(self):
        Member = self.env["portal.onboarding.member"]
        members = dict(
            Member._read_group([("audience_id", "in", self.ids)], ["audience_id"], ["__count"])
        )
        requested = dict(
            Member._read_group(
                [("audience_id", "in", self.ids), ("state", "=", "requested")],
                ["audience_id"],
                ["__count"],
            )
        )
        waves = dict(
            self.env["portal.onboarding.wave"]._read_group(
                [("audience_id", "in", self.ids)], ["audience_id"], ["__count"]
            )
        )
        for audience in self:
            audience.member_count = members.get(audience, 0)
            audience.pending_request_count = requested.get(audience, 0)
            audience.wave_count = waves.get(audience, 0)

    @api.depends("code")
    def _compute_request_url(self):
        for audience in self:
            audience.request_url = f"{audience.get_base_url()}/onboarding/{audience.code}"

    @api.constrains("code")
    def _check_code(self):
        for audience in self:
            if not audience.code.replace("-", "").replace("_", "").isalnum():
                raise ValidationError(
                    self.env._(
                        "The code %(code)s may hold only letters, digits, '-' and '_'.",
                        code=audience.code,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _action_open(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("audience_id", "=", self.id)],
            "context": {"default_audience_id": self.id},
        }

    def action_view_members(self):
        self.check_access("read")
        return self._action_open("portal.onboarding.member", self.env._("Members"))

    def action_view_waves(self):
        self.check_access("read")
        return self._action_open("portal.onboarding.wave", self.env._("Waves"))

    def action_open_request_form(self):
        self.ensure_one()
        self.check_access("read")
        return {"type": "ir.actions.act_url", "url": self.request_url, "target": "new"}
