# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
from datetime import datetime, timedelta, timezone

from werkzeug.urls import url_encode

from odoo import Command, api, fields, models
from odoo.exceptions import MissingError, UserError
from odoo.tools import email_normalize

from .res_partner import SKIP_UNCHANGED_KEY, SKIPPABLE_FIELDS


class PortalOnboardingMember(models.Model):
    """One person's way into one audience's portal.

    The state is derived from facts: a wave (queued), an invitation with its link
    expiry (invited / link expired) and a first login (active). Officers add people
    to waves and resend links; the sending job and the login write the facts.
    """

    _name = "portal.onboarding.member"
    _description = "Portal Invitation"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade", tracking=True
    )
    email = fields.Char(related="partner_id.email", readonly=False)
    lang = fields.Selection(related="partner_id.lang")
    audience_id = fields.Many2one(
        "portal.onboarding.audience", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="audience_id.company_id", store=True, index=True)
    wave_id = fields.Many2one(
        "portal.onboarding.wave",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('audience_id', '=', audience_id), ('state', 'not in', ('done', 'cancelled'))]",
    )
    request_ids = fields.One2many("portal.onboarding.request", "member_id", string="Requests")
    requested_on = fields.Datetime(readonly=True)
    invited_on = fields.Datetime(
        string="Last Invitation", readonly=True, copy=False, tracking=True, index=True
    )
    invitation_count = fields.Integer(readonly=True, copy=False)
    link_expires_on = fields.Datetime(readonly=True, copy=False, index=True)
    activated_on = fields.Datetime(string="First Login", readonly=True, copy=False)
    last_error = fields.Char(readonly=True, copy=False, tracking=True)
    user_id = fields.Many2one("res.users", readonly=True, copy=False)
    state = fields.Selection(
        selection=[
            ("requested", "Requested"),
            ("queued", "Queued"),
            ("invited", "Invited"),
            ("expired", "Link Expired"),
            ("active", "Active"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )

    _partner_audience_uniq = models.Constraint(
        "UNIQUE(partner_id, audience_id)", "A person is onboarded only once per audience."
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("wave_id", "invited_on", "link_expires_on", "activated_on")
    def _compute_state(self):
        """Derive the state from the facts; time-bound expiry is refreshed by a cron."""
        now = fields.Datetime.now()
        for member in self:
            if member.activated_on:
                member.state = "active"
            elif member.invited_on:
                expired = member.link_expires_on and member.link_expires_on <= now
                member.state = "expired" if expired else "invited"
            elif member.wave_id:
                member.state = "queued"
            else:
                member.state = "requested"

    # ------------------------------------------------------------
    # TRACKING
    # ------------------------------------------------------------

    def _message_track(self, fields_iter, initial_values_dict):
        """Log the tracked changes of many people in one batch.

        ``mail.thread`` logs each record's changes with a message of its own, one
        ``create`` (message and tracking values) per person: when a wave goes out,
        two queries and a full message creation per invitation. The same notes
        (one per person, with Odoo's own tracking values) are created here in one
        batch of messages and one of tracking values. Records whose change calls
        for a subtype or a log text, and any change logged with a custom text or
        author, go through Odoo's way.
        """
        precommit = self.env.cr.precommit.data
        if (
            len(self) < 2
            or not fields_iter
            or precommit.get(f"mail.tracking.message.{self._name}")
            or precommit.get(f"mail.tracking.author.{self._name}")
        ):
            return super()._message_track(fields_iter, initial_values_dict)
        tracked_fields = self.fields_get(
            fields_iter, attributes=("string", "type", "selection", "currency_field")
        )
        tracking, to_log, special = {}, [], self.browse()
        for record in self:
            try:
                changes, values = record._mail_track(tracked_fields, initial_values_dict[record.id])
            except MissingError:
                continue
            tracking[record.id] = (changes, values)
            if not changes:
                continue
            initial = {fname: initial_values_dict[record.id][fname] for fname in changes}
            if record._track_subtype(initial) or record._track_get_default_log_message(changes):
                special |= record
            elif values:
                to_log.append((record, values))
        if special:
            tracking.update(
                super(PortalOnboardingMember, special)._message_track(
                    fields_iter, initial_values_dict
                )
            )
        if to_log:
            logged = self.browse([record.id for record, _values in to_log])
            messages = logged._message_log_batch({})
            self.env["mail.tracking.value"].sudo().create(
                [
                    dict(command[2], mail_message_id=message.id)
                    for message, (_record, values) in zip(messages, to_log, strict=True)
                    for command in values
                ]
            )
        return tracking

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_resend(self):
        """Send a fresh link to people already invited whose access is not yet active."""
        self.check_access("write")
        if self.filtered(lambda m: m.state == "active"):
            raise UserError(self.env._("Active people already log in with their password."))
        not_invited = self.filtered(lambda m: not m.invited_on)
        if not_invited:
            raise UserError(
                self.env._(
                    "%(names)s were never invited: add them to a wave or invite them now.",
                    names=", ".join(not_invited.mapped("partner_id.display_name")),
                )
            )
        self._send_invitation()
        return True

    def action_invite_now(self):
        """Invite people at once, outside of their wave."""
        self.check_access("write")
        members = self.filtered(lambda m: m.state != "active")
        members.write({"last_error": False})
        members._send_invitation()
        return True

    def action_retry(self):
        self.check_access("write")
        self.write({"last_error": False})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _send_invitation(self):
        """Give portal access, then queue one invitation e-mail per person.

        Works on a batch: users are created in one call and the e-mails are
        rendered and queued in one call per template. People who cannot be
        invited get ``last_error`` and are left for an officer.
        """
        now = fields.Datetime.now()
        ready = self._ensure_portal_users()
        for audience, members in ready.grouped("audience_id").items():
            members.write(
                {
                    "invited_on": now,
                    "link_expires_on": now + timedelta(days=audience.link_validity_days),
                    "last_error": False,
                }
            )
            # One write per distinct count (usually one for the whole batch).
            for count, same in members.grouped("invitation_count").items():
                same.invitation_count = count + 1
            members._queue_invitation_mails(audience.invitation_template_id)
        return ready

    def _queue_invitation_mails(self, template):
        """Queue the invitation e-mail of each member, as ``send_mail_batch`` does.

        The e-mails are Odoo's own (same rendering, layout and values as
        ``mail.template.send_mail_batch``), rendered for the whole batch and created
        in one call. Unlike there, the message of each e-mail keeps no copy of the
        body: the recipient gets ``body_html``, and a copy on the message would be
        sanitised again per person (a quarter of a wave's Python work) and would show
        the person's sign-up link on the member's chatter, where officers could use it.
        """
        template._send_check_access(self.ids)
        layout_xmlid = "mail.mail_notification_light"
        values_by_id = template._generate_template(
            self.ids,
            (
                "attachment_ids",
                "auto_delete",
                "body_html",
                "email_cc",
                "email_from",
                "email_to",
                "mail_server_id",
                "model",
                "partner_to",
                "reply_to",
                "report_template_ids",
                "res_id",
                "scheduled_date",
                "subject",
            ),
        )
        langs = template._render_lang(self.ids) if template.lang else {}
        companies = self._mail_get_companies(default=self.env.company)
        ir_model = self.env["ir.model"]._get(self._name)
        values_list, attachments_list = [], []
        for member in self:
            values = values_by_id[member.id]
            values["recipient_ids"] = [Command.link(pid) for pid in values.get("partner_ids") or []]
            values["attachment_ids"] = [
                Command.link(aid) for aid in values.get("attachment_ids") or []
            ]
            attachments_list.append(values.pop("attachments", []))
            if "email_from" in values and not values["email_from"]:
                values.pop("email_from")
            lang = langs.get(member.id) or self.env.lang
            values["body_html"] = template.with_context(lang=lang)._render_encapsulate(
                layout_xmlid,
                values["body_html"],
                add_context={
                    "company": companies.get(member.id) or self.env.company,
                    "model_description": ir_model.with_context(lang=lang).display_name,
                },
                context_record=member.with_context(lang=lang),
            )
            values_list.append(values)
        mails = self.env["mail.mail"].sudo().create(values_list)
        for mail, attachments in zip(mails, attachments_list, strict=True):
            if attachments:
                mail.with_context(default_type=None).write(
                    {
                        "attachment_ids": [
                            Command.create(
                                {
                                    "name": name,
                                    "datas": datas,
                                    "type": "binary",
                                    "res_model": "mail.message",
                                    "res_id": mail.mail_message_id.id,
                                }
                            )
                            for name, datas in attachments
                        ]
                    }
                )
        return mails

    def _ensure_portal_users(self):
        """Create or reactivate the portal user of each member; return those ready to invite."""
        group_portal = self.env.ref("base.group_portal")
        group_public = self.env.ref("base.group_public")
        # No portal-access note on each person's chatter (one message_post per user):
        # the member record keeps the invitation's history.
        Users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False, no_reset_password=True, mail_create_nolog=True)
        )
        logins = {m: email_normalize(m.partner_id.email or "") for m in self}
        # the logins of other accounts, and those given to the accounts of this batch
        taken = set(
            Users.search([("login", "in", [login for login in logins.values() if login])]).mapped(
                "login"
            )
        )
        ready = self.browse()
        to_create, creating = [], self.browse()
        linked = {}
        for member in self:
            partner = member.partner_id
            login = logins[member]
            user = partner.with_context(active_test=False).user_ids[:1]
            if not login:
                member.last_error = self.env._("No valid e-mail address.")
            elif user and not user.share:
                member.last_error = self.env._("Already an internal user.")
            elif user:
                if not user.active or not user._is_portal():
                    user.sudo().write(
                        {
                            "active": True,
                            "group_ids": [(4, group_portal.id), (3, group_public.id)],
                        }
                    )
                linked[member] = user
                ready |= member
            elif login in taken:
                member.last_error = self.env._(
                    "The e-mail address %(email)s is the login of another account.", email=login
                )
            else:
                company = member.company_id
                to_create.append(
                    {
                        "login": login,
                        "email": login,
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "company_ids": [(6, 0, company.ids)],
                        "group_ids": [(6, 0, group_portal.ids)],
                        # A technical field of the user form, not stored: giving it
                        # spares computing its default (the whole group tree) per user.
                        "view_group_hierarchy": {},
                    }
                )
                taken.add(login)
                creating |= member
        if to_create:
            # Creating a user writes its partner back once per person; with the
            # partners' values loaded here, ``res.partner.write`` skips those that
            # change nothing (see there).
            creating.partner_id.fetch(sorted(SKIPPABLE_FIELDS) + ["child_ids"])
            users = Users.with_context(**{SKIP_UNCHANGED_KEY: True}).create(to_create)
            linked.update(zip(creating, users, strict=True))
            ready |= creating
        # ``user_id`` is not tracked: its writes (one per person) skip the tracking
        # machinery; the tracked fields of the batch are written together afterwards.
        untracked = self.with_context(tracking_disable=True).env
        for member, user in linked.items():
            if member.user_id != user:
                member.with_env(untracked).user_id = user
        ready.partner_id.sudo().signup_prepare()
        return ready

    def _get_invitation_url(self):
        """The signup link of this member, valid for the audience's number of days."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        hours = self.audience_id.link_validity_days * 24
        query = {
            "db": self.env.cr.dbname,
            "token": partner._generate_signup_token(expiration=hours),
            "redirect": self.audience_id.portal_url,
            "onboarding": self.audience_id.code,
        }
        return f"{self.get_base_url()}/web/signup?{url_encode(query)}"

    @api.model
    def _is_superseded_token(self, token):
        """True when ``token`` is an invitation link older than the person's last one.

        A signup token carries its expiry (``odoo.tools.hash_sign``); each invitation
        sets ``link_expires_on`` just before its link is made, so a token expiring
        more than a minute before the latest ``link_expires_on`` of the person's
        invitations belongs to an earlier e-mail.
        """
        try:
            raw = base64.urlsafe_b64decode(token.encode() + b"===")
            expiry = datetime.fromtimestamp(int.from_bytes(raw[1:9], "little"), tz=timezone.utc)
            partner = self.env["res.partner"].sudo()._get_partner_from_token(token)
        except (ValueError, TypeError, OverflowError, UnicodeError):
            return False
        if not partner or raw[:1] != b"\x01":
            return False
        members = self.sudo().search(
            [("partner_id", "=", partner.id), ("link_expires_on", "!=", False)]
        )
        if not members:
            return False
        latest = max(members.mapped("link_expires_on"))
        return expiry.replace(tzinfo=None) < latest - timedelta(minutes=1)

    def _mark_active(self, partners):
        """First login of these partners: their onboarding is complete."""
        members = self.sudo().search(
            [("partner_id", "in", partners.ids), ("activated_on", "=", False)]
        )
        members.write({"activated_on": fields.Datetime.now()})

    def _resend_on_request(self):
        """A person asks a new link from the expired-link page (no officer involved).

        At most one new link per hour per person, so the page cannot be used to
        flood someone's mailbox.
        """
        cooldown = fields.Datetime.now() - timedelta(hours=1)
        members = self.filtered(
            lambda m: m.invited_on and m.state != "active" and m.invited_on < cooldown
        )
        members._send_invitation()
        return members

    @api.model
    def _cron_expire_links(self):
        """Refresh the state of invitations whose link has just expired."""
        members = self.search(
            [("state", "=", "invited"), ("link_expires_on", "<=", fields.Datetime.now())]
        )
        self.env.add_to_compute(self._fields["state"], members)
        members._recompute_recordset(["state"])
        return members
