# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models

from .sc_access import MANAGER, check_group


class ScApiKey(models.Model):
    """A key of the voice server (telephony / app integration) for one company.

    Only the SHA-256 of the key is stored; the key itself is shown once when it is
    generated. A key only sees its company's workers and user numbers, and is
    limited to a number of calls per minute.
    """

    _name = "sc.api.key"
    _description = "Service-Voucher Voice-Server Key"
    _order = "company_id, name"
    _check_company_auto = True

    name = fields.Char(required=True, help="Who uses the key, e.g. the telephony provider.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    key_hash = fields.Char(readonly=True, copy=False, index=True, groups="base.group_system")
    key_hint = fields.Char(
        string="Key Starts With",
        readonly=True,
        copy=False,
        groups="servicecheque_prestations.group_access_manager",
        help="The first characters only.",
    )
    rate_limit = fields.Integer(string="Calls per Minute", default=60, required=True)
    call_ids = fields.One2many("sc.api.call", "key_id", string="Calls")

    _key_hash_uniq = models.Constraint("UNIQUE(key_hash)", "This key already exists.")

    @api.model
    def _hash(self, key):
        return hashlib.sha256((key or "").encode()).hexdigest()

    def action_generate(self):
        """Make a new key, store its hash and show it once (access managers of the
        key's company only: the new key replaces the current one)."""
        check_group(self, MANAGER)
        self.ensure_one()
        key = "sck_" + secrets.token_urlsafe(32)
        self.sudo().write({"key_hash": self._hash(key), "key_hint": key[:10]})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Copy the key now: it is not shown again"),
                "message": key,
                "sticky": True,
                "type": "warning",
            },
        }

    @api.model
    def _authenticate(self, key):
        """The active key matching ``key`` (sudo'd), or an empty recordset."""
        if not key or len(key) > 200:
            return self.sudo().browse()
        return self.sudo().search([("key_hash", "=", self._hash(key))], limit=1)

    def _rate_limited(self):
        """Whether this key made more calls in the last minute than it may."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(minutes=1)
        count = (
            self.env["sc.api.call"]
            .sudo()
            .search_count(
                [("key_id", "=", self.id), ("create_date", ">=", since)], limit=self.rate_limit
            )
        )
        return count >= self.rate_limit


class ScApiCall(models.Model):
    """One call of the voice server: counted for the rate limit, and remembered
    with its answer when it carries a client key, so that a repeated call gets the
    same answer and creates nothing twice."""

    _name = "sc.api.call"
    _description = "Service-Voucher Voice-Server Call"
    _order = "id desc"

    key_id = fields.Many2one("sc.api.key", required=True, ondelete="cascade", index=True)
    client_key = fields.Char(index=True)
    response = fields.Json()
    performance_id = fields.Many2one("sc.performance", ondelete="set null")

    _key_client_key_uniq = models.Constraint(
        "UNIQUE(key_id, client_key)", "This call was already received."
    )
    _key_date_idx = models.Index("(key_id, create_date)")

    @api.autovacuum
    def _gc_calls(self):
        """Forget calls without a client key after a day, the others after 90 days."""
        now = fields.Datetime.now()
        self.search(
            [("client_key", "=", False), ("create_date", "<", now - timedelta(days=1))]
        ).unlink()
        self.search([("create_date", "<", now - timedelta(days=90))]).unlink()
