# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import hashlib
import json
import uuid
from datetime import date, timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq, format_date, formatLang

from ..tools import caps, choices, duplicates, lines
from ..tools.lines import dated

# Notes that count for the caps and the duplicate check: claimed, not withdrawn.
LIVE_STATES = choices.values(choices.LIVE_STATES)
# Fields whose change voids a signature (what the volunteer signed).
SIGNED_FIELDS = ("partner_id", "regime", "budget_id", "description", "line_ids")
LOCKED_STATES = choices.values(choices.LOCKED_STATES)


class DitoExpenseNote(models.Model):
    """An expense note of a volunteer, from any channel (portal, paper, e-mail).

    Who does what:

    - the **volunteer** (portal) fills in the note, submits it, then signs it
      from the link e-mailed to them; a refused note can be corrected and
      submitted again;
    - the **budget holder** of the note's budget approves or refuses a signed
      note, from the e-mailed review link or the back office;
    - the **volunteer service** encodes paper and e-mail notes and clears
      duplicate warnings with a reason;
    - the **expense manager** closes the monthly batch and bills approved notes.

    The state is derived from dated facts (submitted, signed, approved, refused,
    billed and the bill's payment state), never written directly.
    """

    _name = "dito.expense.note"
    _description = "Volunteer Expense Note"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Volunteer",
        required=True,
        index=True,
        tracking=True,
        domain="[('dito_is_volunteer', '=', True)]",
    )
    budget_id = fields.Many2one(
        "dito.budget", required=True, index=True, tracking=True, check_company=True
    )
    holder_id = fields.Many2one(related="budget_id.holder_id", string="Budget Holder")
    regime = fields.Selection(
        choices.selection(lines.Regime), required=True, default="flat", tracking=True
    )
    channel = fields.Selection(
        choices.selection(choices.Channel),
        required=True,
        default="portal",
        tracking=True,
    )
    description = fields.Char()
    line_ids = fields.One2many("dito.expense.note.line", "note_id", string="Lines", copy=True)
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True, string="Total")
    date_first = fields.Date(compute="_compute_dates", store=True, string="From")
    date_last = fields.Date(compute="_compute_dates", store=True, string="To")
    year = fields.Integer(compute="_compute_dates", store=True, index=True)

    # facts of the workflow
    submitted_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    signed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    signed_by = fields.Char(readonly=True, copy=False)
    signature = fields.Image(
        readonly=True, copy=False, attachment=True, max_width=1024, max_height=1024
    )
    signed_ip = fields.Char(
        string="Signed from IP",
        readonly=True,
        copy=False,
        groups="dito_expenses.group_volunteer_service",
    )
    sign_hash = fields.Char(
        string="Signed Content Hash",
        readonly=True,
        copy=False,
        help="SHA-256 of what was signed; any later change voids the signature.",
    )
    approved_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    refused_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    refused_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    refuse_reason = fields.Text(readonly=True, copy=False, tracking=True)
    batch_id = fields.Many2one(
        "dito.expense.batch", readonly=True, copy=False, index=True, tracking=True
    )
    bill_id = fields.Many2one("account.move", readonly=True, copy=False, index=True)
    payment_state = fields.Selection(related="bill_id.payment_state", string="Payment")
    # The volunteer's sign link (portal.mixin) and the holder's review link: secrets,
    # readable by the system only (the portal reads them through sudo'd records).
    access_token = fields.Char(groups="base.group_system")
    review_token = fields.Char(copy=False, groups="base.group_system")
    last_reminder_on = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        choices.selection(choices.NoteState),
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )

    # duplicates across channels
    duplicate_note_ids = fields.Many2many(
        "dito.expense.note",
        "dito_expense_note_duplicate_rel",
        "note_id",
        "other_id",
        string="Possible Duplicates",
        copy=False,
        readonly=True,
    )
    duplicate_cleared = fields.Boolean(string="Not a Duplicate", copy=False, tracking=True)
    duplicate_reason = fields.Text(string="Why Not a Duplicate", copy=False, tracking=True)
    is_duplicate_blocked = fields.Boolean(compute="_compute_is_duplicate_blocked")

    cap_status = fields.Char(
        compute="_compute_cap_status",
        help="Where the volunteer stands in the note's year: flat-rate allowance and km "
        "against the legal caps, over all their live notes.",
    )

    # rights, shared by views and server
    can_approve = fields.Boolean(compute="_compute_can_approve")
    cannot_approve_reason = fields.Char(compute="_compute_can_approve")
    can_edit = fields.Boolean(compute="_compute_can_edit")

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for note in self:
            note.amount_total = sum(note.line_ids.mapped("amount"))

    @api.depends("line_ids.date_from", "line_ids.date_to")
    def _compute_dates(self):
        for note in self:
            starts = [d for d in note.line_ids.mapped("date_from") if d]
            ends = [line.date_to or line.date_from for line in note.line_ids if line.date_from]
            note.date_first = min(starts) if starts else False
            note.date_last = max(ends) if ends else False
            note.year = note.date_first.year if note.date_first else 0

    @api.depends("submitted_on", "signed_on", "approved_on", "refused_on", "bill_id.payment_state")
    def _compute_state(self):
        for note in self:
            if note.bill_id:
                paid = note.bill_id.payment_state in ("paid", "in_payment")
                note.state = "paid" if paid else "billed"
            elif note.approved_on:
                note.state = "approved"
            elif note.refused_on:
                note.state = "refused"
            elif note.signed_on:
                note.state = "signed"
            elif note.submitted_on:
                note.state = "submitted"
            else:
                note.state = "draft"

    @api.depends("partner_id", "year", "state")
    def _compute_cap_status(self):
        overviews = {}
        for note in self:
            key = (note.partner_id, note.year)
            if key not in overviews:
                overviews[key] = (
                    self._yearly_overview(note.partner_id, note.year)
                    if note.partner_id and note.year
                    else None
                )
            overview = overviews[key]
            if not overview:
                note.cap_status = False
                continue
            status = self.env._(
                "%(year)s: allowance %(used)s of %(cap)s",
                year=overview.year,
                used=formatLang(
                    self.env, float(overview.allowance_total), currency_obj=note.currency_id
                ),
                cap=formatLang(self.env, float(overview.year_cap), currency_obj=note.currency_id),
            )
            if overview.km_limit is not None:
                status += self.env._(
                    "; km %(km)s of %(limit)s",
                    km=f"{overview.km_total:.0f}",
                    limit=f"{overview.km_limit:.0f}",
                )
            if overview.mixed_regimes:
                status += self.env._("; flat rate and real costs mixed")
            note.cap_status = status

    @api.depends("duplicate_note_ids", "duplicate_cleared")
    def _compute_is_duplicate_blocked(self):
        for note in self:
            note.is_duplicate_blocked = bool(note.duplicate_note_ids) and not note.duplicate_cleared

    @api.depends("state", "budget_id.holder_id", "is_duplicate_blocked")
    @api.depends_context("uid")
    def _compute_can_approve(self):
        is_manager = self.env.user.has_group("dito_expenses.group_expense_manager")
        for note in self:
            reason = note._get_cannot_approve_reason(self.env.user, is_manager)
            note.can_approve = not reason
            note.cannot_approve_reason = reason

    def _get_cannot_approve_reason(self, user, is_manager=False):
        self.ensure_one()
        if self.state != "signed":
            return self.env._("Only signed notes waiting for approval can be approved.")
        if not is_manager and self.budget_id.holder_id != user:
            return self.env._(
                "Only %(holder)s, the holder of the budget %(budget)s, can approve this note.",
                holder=self.budget_id.holder_id.name,
                budget=self.budget_id.name,
            )
        if self.is_duplicate_blocked:
            return self.env._(
                "This note may duplicate %(notes)s: the volunteer service must first mark it "
                "as not a duplicate, with a reason.",
                notes=", ".join(self.duplicate_note_ids.mapped("name")),
            )
        return False

    @api.depends("state", "partner_id")
    @api.depends_context("uid")
    def _compute_can_edit(self):
        is_staff = self.env.user.has_group("dito_expenses.group_volunteer_service")
        for note in self:
            own = note.partner_id == self.env.user.partner_id
            note.can_edit = note.state not in LOCKED_STATES and (own or is_staff)

    def _compute_access_url(self):
        super()._compute_access_url()
        for note in self:
            note.access_url = f"/my/expenses/{note.id}"
        return None

    # ------------------------------------------------------------
    # PORTAL: the sign token belongs to the volunteer
    # ------------------------------------------------------------

    def _dito_may_see_sign_token(self):
        """Whether the current visitor may get the volunteer's sign token of this note.

        The volunteer, or the visitor who is not logged in and opened the note
        with its token (the only way such a visitor reaches a note); never the
        holder nor the staff, who open the note with their own login. Portal
        pages work on notes switched to the superuser: the visitor is then the
        request's user. Without a request (crons, server code) the superuser may.
        """
        self.ensure_one()
        user = self.env.user
        if self.env.uid == SUPERUSER_ID:
            if not (request and request.env):
                return True
            user = request.env.user
        return user._is_public() or self.sudo().partner_id == user.partner_id

    def _dito_volunteer_url(self, suffix=None):
        """The volunteer's portal link, sign token included: for their mails only."""
        self.ensure_one()
        return super(DitoExpenseNote, self.sudo()).get_portal_url(suffix=suffix)

    def _portal_ensure_token(self):
        return super(DitoExpenseNote, self.sudo())._portal_ensure_token()

    def get_portal_url(
        self, suffix=None, report_type=None, download=None, query_string=None, anchor=None
    ):
        """The note's portal URL, with the sign token only for the volunteer."""
        self.ensure_one()
        self.check_access("read")
        if self._dito_may_see_sign_token():
            return super().get_portal_url(
                suffix=suffix,
                report_type=report_type,
                download=download,
                query_string=query_string,
                anchor=anchor,
            )
        params = []
        if report_type:
            params.append(f"report_type={report_type}")
        if download:
            params.append("download=true")
        query = "&".join(params) + (query_string or "")
        return "{}{}{}{}".format(
            self.access_url,
            suffix or "",
            f"?{query.lstrip('&')}" if query else "",
            f"#{anchor}" if anchor else "",
        )

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        # links of notifications and of the share wizard: never the sign token
        return super()._get_share_url(
            redirect=redirect, signup_partner=signup_partner, pid=pid, share_token=False
        )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dito.expense.note") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if any(field in vals for field in SIGNED_FIELDS):
            self._check_editable()
            self._void_signature()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_claimed(self):
        if any(note.state in ("signed", *LOCKED_STATES) for note in self):
            raise UserError(self.env._("Signed, approved or billed notes cannot be deleted."))

    def _check_editable(self):
        locked = self.filtered(lambda n: n.state in LOCKED_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "The note %(note)s is approved or billed and can no longer be changed.",
                    note=locked[0].name,
                )
            )

    def _void_signature(self):
        """Any change after submission sends the note back to draft.

        The signature (and a refusal) is void, and the note must be submitted
        again, so the caps and duplicate checks run on what is signed.
        """
        submitted = self.filtered("submitted_on")
        if not submitted:
            return
        signed = submitted.filtered("signed_on")
        models.Model.write(
            submitted,
            {
                "submitted_on": False,
                "signed_on": False,
                "signed_by": False,
                "signature": False,
                "signed_ip": False,
                "sign_hash": False,
                "refused_on": False,
            },
        )
        submitted._activity_update()
        for note in signed:
            note.message_post(
                body=self.env._("The note was changed: its signature is void; submit it again.")
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_submit(self):
        for note in self:
            if not note.can_edit:
                raise AccessError(
                    self.env._("You cannot submit the note %(note)s.", note=note.name)
                )
        self._do_submit()
        return True

    def action_register_paper(self):
        """Staff encode a note received on paper or by e-mail, signed by hand."""
        self._check_volunteer_service()
        if self.filtered(lambda n: n.channel == "portal"):
            raise UserError(self.env._("Portal notes are signed by the volunteer online."))
        self._do_submit(send_mail=False)
        self._do_sign(self.partner_id.name, False, False)
        return True

    def action_approve(self):
        self._check_reviewer()
        for note in self:
            if not note.can_approve:
                raise UserError(note.cannot_approve_reason)
        self.sudo()._do_approve(self.env.user)
        return True

    def action_refuse(self):
        self.ensure_one()
        self._check_reviewer()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dito.expense.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_note_id": self.id},
        }

    def action_mark_not_duplicate(self):
        self.ensure_one()
        self._check_volunteer_service()
        if not (self.duplicate_reason or "").strip():
            raise UserError(
                self.env._(
                    "Say why this note is not a duplicate in the field 'Why Not a Duplicate'."
                )
            )
        self.duplicate_cleared = True
        return True

    def action_send_sign_request(self):
        """Staff send the sign link again to the volunteer (the mail is not posted)."""
        self._check_volunteer_service()
        if self.filtered(lambda n: n.state != "submitted"):
            raise UserError(self.env._("Only notes waiting for the signature can be sent to sign."))
        self._send_mail("dito_expenses.mail_template_sign_request")
        return True

    # ------------------------------------------------------------
    # RIGHTS
    # ------------------------------------------------------------

    def _check_volunteer_service(self):
        """AccessError unless the user is staff of the volunteer service."""
        if not self.env.user.has_group("dito_expenses.group_volunteer_service"):
            raise AccessError(self.env._("Only the volunteer service can do this."))

    def _check_reviewer(self):
        """AccessError unless the user holds the budget of every note (or is a manager)."""
        if self.env.user.has_group("dito_expenses.group_expense_manager"):
            return
        if self.sudo().filtered(lambda n: n.budget_id.holder_id != self.env.user):
            raise AccessError(
                self.env._("Only the holder of the note's budget can approve or refuse it.")
            )

    # ------------------------------------------------------------
    # BUSINESS: submit and sign
    # ------------------------------------------------------------

    def _do_submit(self, send_mail=True):
        for note in self:
            note._check_submittable()
        now = fields.Datetime.now()
        models.Model.write(
            self,
            {
                "submitted_on": now,
                "refused_on": False,
                "refused_by_id": False,
                "approved_on": False,
            },
        )
        self._detect_duplicates()
        for note in self:
            note._portal_ensure_token()
        if send_mail:
            self._send_mail("dito_expenses.mail_template_sign_request")

    def _check_submittable(self):
        """Lines complete, rates known and the legal caps respected (all notes)."""
        self.ensure_one()
        if self.state not in ("draft", "refused"):
            raise UserError(self.env._("The note %(note)s is already submitted.", note=self.name))
        self._check_entry_open()
        if not self.line_ids:
            raise UserError(
                self.env._("Add at least one line to the note %(note)s.", note=self.name)
            )
        self.line_ids._check_complete()
        self._check_caps()

    def _check_entry_open(self):
        """Nothing is submitted or signed on the closed day(s) of the month."""
        for company in self.company_id:
            if not company._dito_calendar().is_open(fields.Datetime.now()):
                raise UserError(
                    self.env._(
                        "Entry is closed today while the monthly batch is prepared; "
                        "it reopens on day %(day)s.",
                        day=company.dito_reopen_day,
                    )
                )

    def _dito_cap_warnings(self):
        """Messages of the caps this draft note would exceed (shown when a line is added)."""
        self.ensure_one()
        try:
            self._check_caps()
        except ValidationError as exc:
            return exc.args[0].split("\n")
        except (UserError, ValueError, TypeError, ArithmeticError) as exc:
            return [str(exc.args[0]) if exc.args else ""]
        return []

    def _check_caps(self):
        self.ensure_one()
        allowance = self.env["dito.allowance.rate"]._all_rates()
        others = self.sudo().search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("state", "in", LIVE_STATES),
                ("id", "!=", self.id),
            ]
        )
        existing = lines.occurrences_of(others._to_tool_notes())
        candidate = self._to_tool_notes()[0].occurrences()
        try:
            violations = caps.check_caps(
                existing, candidate, allowance, self.partner_id._dito_profile()
            )
        except dated.NoFigureInForce as error:
            raise UserError(self.env["dito.allowance.rate"]._missing_message(error)) from None
        if violations:
            raise ValidationError(
                "\n".join(self._cap_message(violation) for violation in violations)
            )

    def _cap_message(self, violation):
        def money(value):
            return formatLang(self.env, float(value), currency_obj=self.currency_id)

        code = violation.code
        if code is caps.CapCode.FLAT_RATE_PER_DAY:
            return self.env._(
                "Daily cap of the flat-rate allowance exceeded on %(day)s: the cap is "
                "%(cap)s, this note exceeds it by %(excess)s; still available that day: "
                "%(available)s.",
                day=format_date(self.env, violation.day),
                cap=money(violation.cap),
                excess=money(violation.excess),
                available=money(violation.available),
            )
        if code is caps.CapCode.FLAT_RATE_PER_YEAR:
            return self.env._(
                "Yearly cap of the flat-rate allowance exceeded in %(year)s: the cap is "
                "%(cap)s, this note exceeds it by %(excess)s; still available this year: "
                "%(available)s.",
                year=violation.year,
                cap=money(violation.cap),
                excess=money(violation.excess),
                available=money(violation.available),
            )
        if code is caps.CapCode.KM_PER_YEAR:
            return self.env._(
                "Yearly limit of %(cap)s km of travel on top of the flat rate exceeded in "
                "%(year)s by %(excess)s km; still available: %(available)s km.",
                year=violation.year,
                cap=f"{violation.cap:.0f}",
                excess=f"{violation.excess:.1f}",
                available=f"{violation.available:.1f}",
            )
        return self.env._(
            "Flat-rate allowance and real costs cannot be combined in %(year)s (only travel "
            "costs may come on top of the flat rate): %(amount)s conflicts with your other "
            "notes of that year; nothing of it is available.",
            year=violation.year,
            amount=money(violation.requested),
        )

    def _sign_content(self):
        """Canonical text of what the volunteer signs (for the hash)."""
        self.ensure_one()
        content = {
            "note": self.name,
            "volunteer": self.partner_id.id,
            "regime": self.regime,
            "budget": self.budget_id.id,
            "description": self.description or "",
            "total": f"{self.amount_total:.2f}",
            "lines": [
                [
                    line.kind,
                    line.name or "",
                    str(line.date_from),
                    str(line.date_to or ""),
                    line.count,
                    f"{line.unit_amount:.2f}",
                    f"{line.km:.2f}",
                    line.mode or "",
                    line.origin or "",
                    line.destination or "",
                    f"{line.amount:.2f}",
                ]
                for line in self.line_ids.sorted("id")
            ],
        }
        return json.dumps(content, sort_keys=True)

    def _compute_sign_hash(self):
        self.ensure_one()
        return hashlib.sha256(self._sign_content().encode()).hexdigest()

    def _has_to_be_signed(self):
        self.ensure_one()
        return self.state == "submitted"

    def _do_sign(self, name, signature, ip_address):
        """Record the signature facts, the batch of the moment and tell the holder."""
        self._check_entry_open()
        now = fields.Datetime.now()
        for note in self:
            calendar = note.company_id._dito_calendar()
            batch = self.env["dito.expense.batch"]._get_or_create(
                note.company_id, calendar.batch_of(now)
            )
            models.Model.write(
                note,
                {
                    "signed_on": now,
                    "signed_by": name,
                    "signature": signature,
                    "signed_ip": ip_address,
                    "sign_hash": note._compute_sign_hash(),
                    "batch_id": batch.id,
                    "last_reminder_on": False,
                },
            )
            note.sudo().review_token = str(uuid.uuid4())
        self._send_mail("dito_expenses.mail_template_signed")
        self._activity_update()

    def _check_signature(self):
        """Whether the signed hash still matches the content."""
        self.ensure_one()
        return bool(self.sign_hash) and self.sign_hash == self._compute_sign_hash()

    # ------------------------------------------------------------
    # BUSINESS: approval
    # ------------------------------------------------------------

    def _do_approve(self, user):
        for note in self:
            if not note._check_signature():
                raise UserError(
                    self.env._(
                        "The content of %(note)s changed after it was signed.", note=note.name
                    )
                )
        self.write({"approved_on": fields.Datetime.now(), "approved_by_id": user.id})
        self._send_mail("dito_expenses.mail_template_approved")
        self._activity_update()

    def _do_refuse(self, user, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the refusal."))
        self.write(
            {"refused_on": fields.Datetime.now(), "refused_by_id": user.id, "refuse_reason": reason}
        )
        self._send_mail("dito_expenses.mail_template_refused")
        self._activity_update()

    def _check_review_token(self, token):
        """Whether ``token`` is this note's review token (never the sign token)."""
        self.ensure_one()
        stored = self.sudo().review_token
        if not (isinstance(token, str) and token and stored):
            return False
        return consteq(token.encode(), stored.encode())

    def _get_review_url(self):
        self.ensure_one()
        return f"/my/expenses/{self.id}/review?review_token={self.sudo().review_token}"

    # ------------------------------------------------------------
    # BUSINESS: mail and activities
    # ------------------------------------------------------------

    def _send_mail(self, template_xmlid):
        """Queue the template's mail to its recipient, never posted on the note's thread.

        These mails carry the volunteer's sign link or the holder's review link,
        token included: on the thread, every reader of the note (the holder reads
        the volunteer's notes and conversely) would get the other's token. As
        Odoo's password-reset mail, each one is a ``user_notification`` (hidden
        from the thread and from everyone but its recipient), created by the
        superuser and authored by the company; the thread gets a line without the
        link.
        """
        template = self.env.ref(template_xmlid).with_user(SUPERUSER_ID).sudo()
        for note in self:
            mail_id = template.send_mail(
                note.id,
                force_send=False,
                email_values={
                    "message_type": "user_notification",
                    "author_id": note.company_id.partner_id.id,
                    "subtype_id": False,
                    "auto_delete": True,
                },
            )
            mail = self.env["mail.mail"].sudo().browse(mail_id)
            note.sudo().message_post(
                body=self.env._(
                    "E-mail sent to %(recipients)s: %(subject)s",
                    recipients=", ".join(mail.recipient_ids.mapped("name")) or mail.email_to,
                    subject=mail.subject,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    def _activity_update(self):
        """One place that keeps the holder's "approve" activity in line with the state."""
        to_approve = self.filtered(lambda n: n.state == "signed")
        done = self - to_approve
        if done:
            done.sudo().activity_unlink(["dito_expenses.mail_activity_note_approve"])
        for note in to_approve:
            holder = note.budget_id.holder_id
            if holder and not holder.share:
                note.sudo().activity_schedule(
                    "dito_expenses.mail_activity_note_approve", user_id=holder.id
                )

    @api.model
    def _cron_remind_holders(self):
        """Remind budget holders of notes waiting for their approval.

        - every note waiting longer than the company's delay, again after each delay;
        - on the cut-off day and the closed day(s) (the 5th and the 6th), every
          waiting note, once a day: the batch is billed at the end of the 6th.
        """
        now = fields.Datetime.now()
        waiting = self.search([("state", "=", "signed")])
        to_remind = self.browse()
        for company in waiting.company_id:
            calendar = company._dito_calendar()
            delay = timedelta(days=company.dito_reminder_days or 3)
            today = calendar.local_date(now)
            last_days = calendar.is_holder_reminder_day(now)
            for note in waiting.filtered(lambda n, company=company: n.company_id == company):
                last = note.last_reminder_on
                overdue = note.signed_on <= now - delay and (not last or last <= now - delay)
                not_today = not last or calendar.local_date(last) != today
                if overdue or (last_days and not_today):
                    to_remind |= note
        to_remind._send_mail("dito_expenses.mail_template_reminder")
        to_remind.write({"last_reminder_on": now})
        return len(to_remind)

    @api.model
    def _cron_remind_unsigned(self):
        """In the last days before the cut-off, remind volunteers of unsigned notes.

        Once a day at most per note; returns how many reminders went out.
        """
        now = fields.Datetime.now()
        notes = self.search([("state", "=", "submitted")])
        to_remind = self.browse()
        for company in notes.company_id:
            calendar = company._dito_calendar()
            today = calendar.local_date(now)
            if not calendar.cutoff_day - 2 <= today.day <= calendar.cutoff_day:
                continue
            to_remind |= notes.filtered(
                lambda n, company=company, calendar=calendar, today=today: (
                    n.company_id == company
                    and (not n.last_reminder_on or calendar.local_date(n.last_reminder_on) != today)
                )
            )
        to_remind._send_mail("dito_expenses.mail_template_sign_reminder")
        to_remind.write({"last_reminder_on": now})
        return len(to_remind)

    # ------------------------------------------------------------
    # BUSINESS: duplicates
    # ------------------------------------------------------------

    def _detect_duplicates(self):
        """Flag this note and every live note of the volunteer that claims the same."""
        for note in self:
            others = self.sudo().search(
                [
                    ("partner_id", "=", note.partner_id.id),
                    ("state", "in", LIVE_STATES),
                    ("id", "!=", note.id),
                ]
            )
            candidates = note._to_tool_notes() + others._to_tool_notes()
            clashing_ids = set()
            for clash in duplicates.clashes_of(note.id, candidates):
                clashing_ids.update(clash.note_ids)
            clashing_ids.discard(note.id)
            if not clashing_ids:
                continue
            clashing = self.browse(sorted(clashing_ids)).sudo()
            new = clashing - note.duplicate_note_ids
            if not new:
                continue
            note.sudo().write(
                {
                    "duplicate_note_ids": [fields.Command.link(o.id) for o in new],
                    "duplicate_cleared": False,
                }
            )
            for other in new:
                other.write(
                    {
                        "duplicate_note_ids": [fields.Command.link(note.id)],
                        "duplicate_cleared": False,
                    }
                )
                other.message_post(
                    body=self.env._(
                        "Possible duplicate of %(note)s (%(channel)s).",
                        note=note.name,
                        channel=note._get_channel_label(),
                    )
                )
            note.sudo().message_post(
                body=self.env._(
                    "Possible duplicate of %(notes)s: approval is blocked until the volunteer "
                    "service marks it as not a duplicate.",
                    notes=", ".join(new.mapped("name")),
                )
            )

    def _get_channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env))[self.channel]

    # ------------------------------------------------------------
    # BUSINESS: conversion to the pure rules of tools/
    # ------------------------------------------------------------

    def _to_tool_notes(self):
        """These notes as :class:`tools.lines.Note` values (one query for all lines)."""
        return [
            lines.Note(
                note_id=note.id,
                volunteer_id=note.partner_id.id,
                regime=lines.Regime(note.regime),
                lines=note.line_ids._to_tool_lines(),
            )
            for note in self
        ]

    @api.model
    def _yearly_overview(self, partner, year):
        """The volunteer's standing in ``year`` (tools.caps), from all live notes."""
        try:
            notes = self.sudo().search(
                [
                    ("partner_id", "=", partner.id),
                    ("state", "in", LIVE_STATES),
                    ("date_first", "<=", date(year, 12, 31)),
                    ("date_last", ">=", date(year, 1, 1)),
                ]
            )
            occurrences = lines.occurrences_of(notes._to_tool_notes())
            return caps.yearly_overview(
                occurrences,
                year,
                self.env["dito.allowance.rate"]._all_rates(),
                partner._dito_profile(),
            )
        except (dated.NoFigureInForce, ValueError, TypeError, ArithmeticError, OverflowError):
            # odd stored data (a date out of range, an import) never breaks a page or a list
            return None

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Expense note %(name)s", name=self.name)

    def _amount_in_words(self):
        """The total in words in the volunteer's language (num2words, via the currency)."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang or "en_US"
        return self.currency_id.with_context(lang=lang).amount_to_text(self.amount_total)
