# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class PortalOnboardingWave(models.Model):
    """A group of people of one audience invited together at a planned date.

    Officers fill a wave and schedule it; the cron sends it in committed batches
    once its date has come. The state is derived from the wave's flags and from
    its members' invitations, never written by hand.
    """

    _name = "portal.onboarding.wave"
    _description = "Portal Onboarding Wave"
    _inherit = ["mail.thread"]
    _order = "planned_date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    audience_id = fields.Many2one(
        "portal.onboarding.audience", required=True, index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(related="audience_id.company_id", store=True, index=True)
    planned_date = fields.Datetime(
        required=True,
        tracking=True,
        default=fields.Datetime.now,
        help="The invitations go out with the first run of the sending job after this moment.",
    )
    is_scheduled = fields.Boolean(string="Scheduled", readonly=True, copy=False, tracking=True)
    is_cancelled = fields.Boolean(string="Cancelled", readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("sending", "Sending"),
            ("done", "Sent"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    member_ids = fields.One2many("portal.onboarding.member", "wave_id", string="Members")
    member_count = fields.Integer(compute="_compute_counts", string="People")
    to_invite_count = fields.Integer(compute="_compute_counts", string="To Invite")
    invited_count = fields.Integer(compute="_compute_counts", string="Invited")
    active_count = fields.Integer(compute="_compute_counts", string="Active")
    expired_count = fields.Integer(compute="_compute_counts", string="Link Expired")
    error_count = fields.Integer(compute="_compute_counts", string="In Error")
    progress = fields.Float(compute="_compute_counts", string="Sent (%)")

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("is_scheduled", "is_cancelled", "member_ids.invited_on", "member_ids.last_error")
    def _compute_state(self):
        pending = self._pending_counts()
        for wave in self:
            if wave.is_cancelled:
                wave.state = "cancelled"
            elif not wave.is_scheduled:
                wave.state = "draft"
            elif not wave.id or pending.get(wave.id, 0):
                has_sent = any(wave.member_ids.mapped("invited_on"))
                wave.state = "sending" if has_sent else "scheduled"
            else:
                wave.state = "done"

    def _pending_counts(self):
        """Members of each wave still waiting for their invitation (errors excluded)."""
        if not self.ids:
            return {}
        groups = self.env["portal.onboarding.member"]._read_group(
            [
                ("wave_id", "in", self.ids),
                ("invited_on", "=", False),
                ("last_error", "=", False),
            ],
            ["wave_id"],
            ["__count"],
        )
        return {wave.id: count for wave, count in groups}

    def _compute_counts(self):
        groups = self.env["portal.onboarding.member"]._read_group(
            [("wave_id", "in", self.ids)], ["wave_id", "state"], ["__count"]
        )
        counts = {}
        for wave, state, count in groups:
            counts.setdefault(wave.id, {})[state] = count
        errors = dict(
            self.env["portal.onboarding.member"]._read_group(
                [("wave_id", "in", self.ids), ("last_error", "!=", False)],
                ["wave_id"],
                ["__count"],
            )
        )
        for wave in self:
            by_state = counts.get(wave.id, {})
            total = sum(by_state.values())
            wave.member_count = total
            wave.to_invite_count = by_state.get("queued", 0)
            wave.invited_count = by_state.get("invited", 0)
            wave.active_count = by_state.get("active", 0)
            wave.expired_count = by_state.get("expired", 0)
            wave.error_count = errors.get(wave, 0)
            sent = wave.invited_count + wave.active_count + wave.expired_count
            wave.progress = 100.0 * sent / total if total else 0.0

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(wave.member_ids.filtered("invited_on") for wave in self):
            raise UserError(
                self.env._("A wave that has sent invitations cannot be deleted; cancel it instead.")
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_schedule(self):
        self.check_access("write")
        for wave in self:
            if wave.is_cancelled:
                raise UserError(self.env._("The wave %(wave)s is cancelled.", wave=wave.name))
            if not wave.member_ids:
                raise UserError(
                    self.env._(
                        "Add people to the wave %(wave)s before scheduling it.", wave=wave.name
                    )
                )
        self.write({"is_scheduled": True})
        self.env.ref("portal_onboarding.ir_cron_send_waves")._trigger(
            min(self.mapped("planned_date"))
        )
        return True

    def action_unschedule(self):
        self.check_access("write")
        if self.filtered(lambda w: w.state in ("sending", "done")):
            raise UserError(self.env._("Invitations of this wave are already going out."))
        self.write({"is_scheduled": False})
        return True

    def action_cancel(self):
        self.check_access("write")
        self.write({"is_cancelled": True})
        return True

    def action_send_now(self):
        """Schedule the wave for now and wake the sending job."""
        self.check_access("write")
        self.write({"planned_date": fields.Datetime.now()})
        return self.action_schedule()

    def action_view_members(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("People of %(wave)s", wave=self.name),
            "res_model": "portal.onboarding.member",
            "view_mode": "list,form",
            "domain": [("wave_id", "=", self.id)],
            "context": {"default_wave_id": self.id, "default_audience_id": self.audience_id.id},
        }

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_send_due_waves(self):
        """Send the invitations of every due wave, one committed batch at a time.

        Safe to re-run at any moment: only members without an invitation (and
        without a recorded error) are picked, and each batch is committed with
        its invitations, so nobody is invited twice.
        """
        Member = self.env["portal.onboarding.member"]
        waves = self.search(
            [
                ("state", "in", ("scheduled", "sending")),
                ("planned_date", "<=", fields.Datetime.now()),
            ]
        )
        remaining = sum(waves._pending_counts().values())
        self.env["ir.cron"]._commit_progress(remaining=remaining)
        for wave in waves:
            while True:
                members = Member.search(
                    [
                        ("wave_id", "=", wave.id),
                        ("invited_on", "=", False),
                        ("last_error", "=", False),
                    ],
                    limit=wave.audience_id.batch_size,
                    order="id",
                )
                if not members:
                    break
                members._send_invitation()
                _logger.info(
                    "Onboarding waves: %s invitations sent (wave %s).", len(members), wave.id
                )
                if not self.env["ir.cron"]._commit_progress(len(members)):
                    _logger.info("Onboarding waves: time budget used, the next run goes on.")
                    return
