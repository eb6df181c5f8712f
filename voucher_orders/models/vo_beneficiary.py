# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from contextlib import contextmanager

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.addons.benefits_base.tools.inputs import neutralise_cell
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .. import problems
from ..tools import cards as card_tools
from ..tools import common, identifiers, xlsx
from .access import check_staff
from .vo_card import CARD_STATUSES

NUMBER_KINDS = [
    (identifiers.NISS, "NISS"),
    (identifiers.BIS, "BIS"),
    (identifiers.TEMPORARY, "Temporary"),
]
DELIVERY_PLACES = [(xlsx.WORKPLACE, "Workplace"), (xlsx.HOME, "Home")]


class VoBeneficiary(models.Model):
    """An employee of an employer client who receives vouchers.

    Client contacts add, edit and deactivate their employer's beneficiaries (portal);
    issuer staff do the same for every employer. The national number is personal
    data: it is stored compact, shown masked everywhere but on the beneficiary's own
    form or page, and never written to the chatter or a log. A better number (a NISS
    replacing a BIS or temporary number) updates the same beneficiary.
    """

    _name = "vo.beneficiary"
    _description = "Voucher Beneficiary"
    _inherit = ["mail.thread"]
    _order = "last_name, first_name, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    last_name = fields.Char(required=True, tracking=True)
    first_name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Employer",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', True)]",
    )
    national_number = fields.Char(
        string="NISS / BIS Number",
        required=True,
        copy=False,
        help="NISS, BIS or temporary number, stored without separators.",
    )
    is_temporary_number = fields.Boolean(
        string="Temporary Number", help="A temporary number from the social secretariat."
    )
    number_kind = fields.Selection(NUMBER_KINDS, readonly=True, copy=False)
    national_number_masked = fields.Char(
        string="National Number", compute="_compute_masked", store=True, tracking=True
    )
    birth_date = fields.Date(tracking=True)
    email = fields.Char(tracking=True)
    cost_centre_id = fields.Many2one(
        "vo.cost.centre",
        tracking=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    delivery = fields.Selection(
        DELIVERY_PLACES, string="Card Delivery", required=True, default="workplace", tracking=True
    )
    street = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    country_id = fields.Many2one("res.country")
    meal_face_value = fields.Float(
        string="Default Meal Face Value", digits=(16, 2), help="Per day worked."
    )
    active = fields.Boolean(default=True, tracking=True)
    card_ids = fields.One2many("vo.card", "beneficiary_id", string="Cards")
    card_status = fields.Selection(
        [("none", "No Card"), *CARD_STATUSES], compute="_compute_card_status"
    )

    _number_uniq = models.Constraint(
        "UNIQUE(partner_id, national_number)",
        "This national number is already registered for this employer.",
    )
    _partner_name_idx = models.Index("(partner_id, active, last_name, first_name)")

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("last_name", "first_name")
    def _compute_name(self):
        for beneficiary in self:
            beneficiary.name = " ".join(
                part for part in (beneficiary.last_name, beneficiary.first_name) if part
            )

    @api.depends("national_number")
    def _compute_masked(self):
        for beneficiary in self:
            beneficiary.national_number_masked = identifiers.mask_national_number(
                beneficiary.national_number
            )

    @api.depends("card_ids.status", "card_ids.expiry_date")
    def _compute_card_status(self):
        for beneficiary in self:
            latest = beneficiary.card_ids.sorted("id")[-1:]
            beneficiary.card_status = latest.status or "none"

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("cost_centre_id", "partner_id")
    def _check_cost_centre(self):
        for beneficiary in self:
            centre = beneficiary.cost_centre_id
            if centre and centre.partner_id != beneficiary.partner_id:
                raise ValidationError(
                    self.env._(
                        "The cost centre %(code)s belongs to another employer.", code=centre.code
                    )
                )

    @api.constrains("delivery", "street", "zip", "city")
    def _check_home_address(self):
        for beneficiary in self:
            if beneficiary.delivery == "home" and not (
                beneficiary.street and beneficiary.zip and beneficiary.city
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s: a card delivered at home needs the street, postal code "
                        "and city.",
                        name=beneficiary.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_number_vals(vals)
        self._check_numbers_free(
            [(vals.get("partner_id"), vals.get("national_number")) for vals in vals_list]
        )
        with self._number_guard():
            return super().create(vals_list)

    @contextmanager
    def _number_guard(self):
        """Run an INSERT/UPDATE of numbers so that a lost race never logs a number.

        Two submissions of the same person at once both pass
        :meth:`_check_numbers_free`; the second then meets the unique constraint.
        The failed query (with the number in it) is not logged, the savepoint keeps
        the transaction usable, and the user reads "already registered".
        """
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                yield
        except UniqueViolation:
            raise ValidationError(
                self.env._("This national number is already registered for this employer.")
            ) from None

    def write(self, vals):
        if "number_kind" in vals:
            # derived from the number only (see _write_number), never written from outside
            vals = {k: v for k, v in vals.items() if k != "number_kind"}
        if "partner_id" in vals and any(b.partner_id.id != vals["partner_id"] for b in self):
            raise UserError(
                self.env._("A beneficiary stays with its employer: register the person anew.")
            )
        if "national_number" in vals or "is_temporary_number" in vals:
            for beneficiary in self:
                beneficiary._write_number(
                    vals.get("national_number", beneficiary.national_number),
                    vals.get("is_temporary_number", beneficiary.is_temporary_number),
                )
            vals = {
                k: v for k, v in vals.items() if k not in ("national_number", "is_temporary_number")
            }
            if not vals:
                return True
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_deactivate(self):
        """Staff (or the portal, in sudo after its ownership check) deactivate."""
        check_staff(self)
        self.write({"active": False})
        return True

    def action_reactivate(self):
        check_staff(self)
        self.write({"active": True})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _parse_number(self, value, temporary):
        """The checked number (tools dataclass) or a translated ValidationError."""
        try:
            return identifiers.parse_national_number(value, temporary=bool(temporary))
        except identifiers.NationalNumberError as exc:
            raise ValidationError(
                self.env._("National number: %(problem)s", problem=self._number_error(exc.code))
            )

    @api.model
    def _number_error(self, code):
        return {
            identifiers.REQUIRED: self.env._("the national number is required."),
            identifiers.INVALID_FORMAT: self.env._("only digits are allowed."),
            identifiers.INVALID_LENGTH: self.env._("a NISS or BIS number has 11 digits."),
            identifiers.INVALID_CHECKSUM: self.env._("the check digits are wrong."),
            identifiers.INVALID_DATE: self.env._("the birth date part is not a valid date."),
        }.get(code, code)

    @api.model
    def _check_numbers_free(self, pairs):
        """Refuse numbers already registered for the employer (or twice in the batch).

        Checked before the database constraint so that the number never reaches the
        server log through a failed INSERT.
        """
        seen = set()
        for pair in pairs:
            if pair in seen:
                raise ValidationError(
                    self.env._("The same national number appears twice for this employer.")
                )
            seen.add(pair)
        numbers = [number for __, number in pairs if number]
        if not numbers:
            return
        taken = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("partner_id", "in", list({partner for partner, __ in pairs})),
                    ("national_number", "in", numbers),
                ],
                ["partner_id", "national_number", "national_number_masked"],
            )
        )
        taken = taken.filtered(lambda b: (b.partner_id.id, b.national_number) in seen)
        if taken:
            raise ValidationError(
                self.env._(
                    "The national number %(number)s is already registered for this employer.",
                    number=taken[0].national_number_masked,
                )
            )

    @api.model
    def _prepare_number_vals(self, vals):
        if "national_number" not in vals:
            return vals
        number = self._parse_number(vals["national_number"], vals.get("is_temporary_number"))
        vals["national_number"] = number.number
        vals["number_kind"] = number.kind
        if number.birth_date and not vals.get("birth_date"):
            vals["birth_date"] = number.birth_date
        return vals

    def _write_number(self, value, temporary):
        """Replace this beneficiary's number (a NISS for a BIS...), history in the chatter."""
        self.ensure_one()
        number = self._parse_number(value, temporary)
        if number.number == self.national_number and number.kind == self.number_kind:
            return
        if number.number != self.national_number:
            self._check_numbers_free([(self.partner_id.id, number.number)])
        old_kind, old_masked = self.number_kind, self.national_number_masked
        vals = {
            "national_number": number.number,
            "number_kind": number.kind,
            "is_temporary_number": number.kind == identifiers.TEMPORARY,
        }
        if number.birth_date:
            vals["birth_date"] = number.birth_date
        with self._number_guard():
            super().write(vals)
        kinds = dict(NUMBER_KINDS)
        self.message_post(
            body=self.env._(
                "National number replaced: %(old_kind)s %(old)s → %(new_kind)s %(new)s.",
                old_kind=kinds.get(old_kind, ""),
                old=old_masked,
                new_kind=kinds[number.kind],
                new=identifiers.mask_national_number(number.number),
            )
        )

    def _tools_cards(self):
        """``{beneficiary id: [tools Card]}`` of every card known for each person.

        A person is known by the national number, whichever employer issued the card.
        """
        numbers = set(self.mapped("national_number"))
        cards = (
            self.env["vo.card"]
            .sudo()
            .search_fetch(
                [
                    ("national_number", "in", list(numbers)),
                    ("status", "!=", "ordered"),
                ],
                ["national_number", "number", "issue_date", "expiry_date", "status"],
            )
        )
        by_number = {}
        for card in cards:
            by_number.setdefault(card.national_number, []).append(
                card_tools.Card(
                    number=card.number or "",
                    issue_date=card.issue_date or None,
                    status=card.status,
                    expiry_date=card.expiry_date or None,
                )
            )
        return {b.id: by_number.get(b.national_number, []) for b in self}

    def _pending_card_ids(self):
        """Ids of these beneficiaries with a card ordered and not yet shipped."""
        numbers = set(self.mapped("national_number"))
        pending = (
            self.env["vo.card"]
            .sudo()
            .search_fetch(
                [("national_number", "in", list(numbers)), ("status", "=", "ordered")],
                ["national_number"],
            )
        )
        pending_numbers = set(pending.mapped("national_number"))
        return {b.id for b in self if b.national_number in pending_numbers}

    # ------------------------------------------------------------
    # BUSINESS: Excel
    # ------------------------------------------------------------

    @api.model
    def _xlsx_texts(self):
        """The Excel texts in the user's language, then in every other installed language.

        Files are written in the first; headers, sheet names and choices of any of
        them are read (a template downloaded in Dutch, sent back from a French session).
        """
        langs = [code for code, __ in self.env["res.lang"].get_installed()]
        others = [code for code in ["en_US", *langs] if code != self.env.lang]
        return [
            problems.xlsx_texts(self.env),
            *(
                problems.xlsx_texts(self.with_context(lang=code).env)
                for code in dict.fromkeys(others)
            ),
        ]

    @api.model
    def _export_rows(self, partner):
        beneficiaries = self.search_fetch(
            [("partner_id", "=", partner.id)],
            [
                "national_number",
                "last_name",
                "first_name",
                "number_kind",
                "is_temporary_number",
                "birth_date",
                "email",
                "cost_centre_id",
                "delivery",
                "street",
                "zip",
                "city",
                "country_id",
                "meal_face_value",
                "active",
            ],
        )
        # text typed by clients goes to a spreadsheet: never as a formula
        cell = neutralise_cell
        return [
            xlsx.BeneficiaryRow(
                national_number=b.national_number,
                last_name=cell(b.last_name),
                first_name=cell(b.first_name),
                kind=b.number_kind or identifiers.NISS,
                temporary=b.is_temporary_number,
                birth_date=b.birth_date or None,
                email=cell(b.email) or None,
                cost_centre=cell(b.cost_centre_id.code) or None,
                delivery=b.delivery,
                street=cell(b.street) or None,
                zip=cell(b.zip) or None,
                city=cell(b.city) or None,
                country=b.country_id.code or None,
                meal_face_value=common.money(b.meal_face_value) if b.meal_face_value else None,
                active=b.active,
            )
            for b in beneficiaries.with_context(active_test=False)
        ]

    @api.model
    def _xlsx_template(self, partner, prefilled=False):
        centres = self.env["vo.cost.centre"].search([("partner_id", "=", partner.id)])
        rows = self.with_context(active_test=False)._export_rows(partner) if prefilled else ()
        return xlsx.build_beneficiary_template(
            self._xlsx_texts()[0], cost_centres=centres.mapped("code"), beneficiaries=rows
        )

    @api.model
    def _upload_dry_run(self, partner, data, allow_updates=False):
        """Parse an upload for ``partner`` without writing anything → tools UploadResult."""
        existing = self.with_context(active_test=False).search_fetch(
            [("partner_id", "=", partner.id)],
            ["national_number", "number_kind", "last_name", "first_name", "birth_date"],
        )
        persons = [
            identifiers.PersonRecord(
                key=b.id,
                number=b.national_number,
                kind=b.number_kind or identifiers.NISS,
                last_name=b.last_name,
                first_name=b.first_name,
                birth_date=b.birth_date or None,
            )
            for b in existing
        ]
        centres = self.env["vo.cost.centre"].search([("partner_id", "=", partner.id)])
        return xlsx.parse_beneficiary_upload(
            data,
            existing=persons,
            cost_centres=centres.mapped("code"),
            allow_updates=allow_updates,
            texts=self._xlsx_texts(),
            today=fields.Date.context_today(self),
        )

    @api.model
    def _upload_apply(self, partner, result):
        """Apply a clean dry run: every row or none (one transaction)."""
        if not result.ok:
            raise UserError(self.env._("The file has errors: nothing was imported."))
        centres = {
            c.code: c.id
            for c in self.env["vo.cost.centre"].search([("partner_id", "=", partner.id)])
        }
        codes = {row.country for row in result.rows if row.country}
        countries = (
            {c.code: c.id for c in self.env["res.country"].search([("code", "in", list(codes))])}
            if codes
            else {}
        )
        creates, updates = [], []
        for row in result.rows:
            vals = {
                "last_name": row.last_name,
                "first_name": row.first_name,
                "birth_date": row.birth_date or False,
                "email": row.email or False,
                "cost_centre_id": centres.get(row.cost_centre, False),
                "delivery": row.delivery,
                "street": row.street or False,
                "zip": row.zip or False,
                "city": row.city or False,
                "country_id": countries.get(row.country, False),
                "meal_face_value": float(row.meal_face_value) if row.meal_face_value else 0.0,
                "active": row.active,
            }
            if row.action == xlsx.ACTION_UPDATE:
                updates.append((row, vals))
            else:
                creates.append(
                    {
                        **vals,
                        "partner_id": partner.id,
                        "national_number": row.national_number,
                        "is_temporary_number": row.temporary,
                    }
                )
        created = self.create(creates)
        updated = self.with_context(active_test=False).browse(
            [row.match_key for row, __ in updates]
        )
        for (row, vals), beneficiary in zip(updates, updated, strict=True):
            if row.replaces_number or beneficiary.national_number != row.national_number:
                beneficiary._write_number(row.national_number, row.temporary)
            beneficiary.write(vals)
        return created, updated
