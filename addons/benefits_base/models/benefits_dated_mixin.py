# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date
from odoo.tools.translate import LazyTranslate, get_translation

from ..tools import dated

_lt = LazyTranslate(__name__)
MODULE = "benefits_base"


class BenefitsDatedMixin(models.AbstractModel):
    """A legal or issuer figure in force from a date, within a group.

    One meaning for every dated figure (the one of ``res.currency.rate``): a
    record applies from ``date_from``; without an explicit end (``date_to``) it
    ends the day before the next record of its group starts, so next period's
    figure is a pure insert (in the back office and in a module update of a
    ``noupdate`` data file alike); an explicit end leaves a gap, and a date in
    a gap is refused with a message saying what is missing and who can add it.
    ``date_end`` stores the effective end of each record (for lists, filters
    and SQL) and is recomputed for the whole group whenever a record of it is
    created, changed or deleted.

    Configured by class attributes on the concrete model:

    - ``_dated_group_fields``: the fields whose values group the records (one
      figure in force per group and day), e.g. ``("mode",)`` or
      ``("region_id", "product_type")``; empty: one group;
    - ``_dated_figure_label``: what the figure is called in messages
      (``_lt("per-km rate")``);
    - ``_dated_manager_hint``: a sentence saying who can add a figure and where
      (``_lt("An expense manager can add it in Expenses > Configuration >
      Per-km Rates.")``).

    Lookups go through :meth:`_dated_find` (one group, one day) and
    :meth:`_dated_find_many` (many (group, day) pairs in one query). The
    ``_dated_*`` methods are the override hooks (extra domain, group key and
    label, message). Access: the mixin reads only what the caller's environment
    can read; the recomputation of ``date_end`` and the overlap check read the
    whole group as superuser, because they must see every record of it.
    """

    _name = "benefits.dated.mixin"
    _description = "Dated Figure Mixin"
    _order = "date_from desc, id desc"

    _dated_group_fields = ()
    _dated_figure_label = _lt("figure")
    _dated_manager_hint = _lt("An administrator can add it in its configuration menu.")

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    date_from = fields.Date(string="Valid From", required=True, index=True)
    date_to = fields.Date(
        string="Valid To",
        help="Leave empty: the figure ends the day before the next one of its group "
        "starts. Set it only when no figure applies after that day (a gap).",
    )
    date_end = fields.Date(
        string="Ends On",
        compute="_compute_date_end",
        store=True,
        index=True,
        help="The last day the figure is in force: its end date, else the day before "
        "the next figure of its group starts; empty while it is the latest one.",
    )
    source = fields.Char(
        help="Where the figure was published (the public page's address); for an "
        "assumption, say so and why."
    )

    _check_dated_bounds = models.Constraint(
        "CHECK(date_to IS NULL OR date_to >= date_from)",
        "The end date of a dated figure cannot be before its start date.",
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends(lambda self: ("date_from", "date_to", *self._dated_group_fields))
    def _compute_date_end(self):
        groups = {self._dated_group_key(record) for record in self}
        # superuser: the end of a record depends on records of its group the
        # current user may not read; only the dates are used.
        siblings = self.sudo()._dated_search(groups)
        # in a form, a record being edited replaces its stored version
        taking_part = self.filtered(self._dated_takes_part)
        current = (siblings - self._origin.sudo()) | taking_part.sudo()
        ends = dated.effective_ends(self._dated_periods(current))
        for record in self:
            if record not in taking_part:  # archived: as if alone with the others
                alone = current | record.sudo()
                ends[record.id] = dated.effective_ends(self._dated_periods(alone))[record.id]
            record.date_end = ends.get(record.id) or False

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(
        lambda self: (
            "date_from",
            "date_to",
            *self._dated_group_fields,
            *([self._active_name] if self._active_name else []),
        )
    )
    def _check_dated_overlap(self):
        for period in dated.bad_bounds(self._dated_periods(self)):
            error = dated.bounds_error(period, figure=self._dated_figure_name(period.group))
            raise ValidationError(self._dated_error_message(error))
        groups = {self._dated_group_key(record) for record in self}
        siblings = self.sudo()._dated_search(groups)
        for earlier, later in dated.overlaps(self._dated_periods(siblings)):
            if earlier.key in self.ids or later.key in self.ids:
                error = dated.overlap_error(
                    earlier, later, figure=self._dated_figure_name(earlier.group)
                )
                raise ValidationError(self._dated_error_message(error))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._dated_recompute_groups()
        return records

    def write(self, vals):
        if not self._dated_touches(vals):
            return super().write(vals)
        before = self._dated_siblings()
        result = super().write(vals)
        self._dated_recompute_groups(before)
        return result

    def unlink(self):
        before = self._dated_siblings() - self.sudo()
        result = super().unlink()
        self.env.add_to_compute(self._fields["date_end"], before.exists())
        return result

    # ------------------------------------------------------------
    # HOOKS
    # ------------------------------------------------------------

    def _dated_touches(self, vals):
        """Whether writing ``vals`` may change the effective end of records of the groups."""
        names = {"date_from", "date_to", *self._dated_group_fields}
        if self._active_name:
            names.add(self._active_name)
        return not names.isdisjoint(vals)

    def _dated_takes_part(self, record):
        """Whether ``record`` counts among the figures of its group (not archived)."""
        return not self._active_name or bool(record[self._active_name])

    def _dated_domain(self):
        """Extra domain of the records taking part (override: company, state...)."""
        return []

    def _dated_group_key(self, record):
        """The group of ``record``: the tuple of its grouping fields' values (ids for relations)."""
        key = []
        for name in self._dated_group_fields:
            value = record[name]
            key.append(value.id if isinstance(value, models.BaseModel) else value)
        return tuple(key)

    def _dated_key_from_values(self, group_values):
        """The group key of ``{field name: value}`` (records, ids or selection values)."""
        if isinstance(group_values, tuple):
            return group_values
        unknown = set(group_values) - set(self._dated_group_fields)
        if unknown:
            raise ValueError(f"{self._name} is not grouped by {sorted(unknown)}")
        key = []
        for name in self._dated_group_fields:
            value = group_values.get(name, False)
            key.append(value.id if isinstance(value, models.BaseModel) else value)
        return tuple(key)

    def _dated_group_domain(self, groups):
        """A domain of the records of ``groups`` (a superset; keys are checked in Python)."""
        domain = [("date_from", "!=", False)]
        for index, name in enumerate(self._dated_group_fields):
            domain.append((name, "in", list({key[index] for key in groups})))
        return domain + self._dated_domain()

    def _dated_search(self, groups):
        """The records of ``groups`` (in this environment), in one query.

        Archived records (on a model with ``active``) never take part.
        """
        if not groups:
            return self.browse()
        records = self.with_context(active_test=True).search_fetch(
            self._dated_group_domain(groups),
            ["date_from", "date_to", *self._dated_group_fields],
            order="date_from, id",
        )
        records = records.with_env(self.env)
        return records.filtered(lambda record: self._dated_group_key(record) in groups)

    def _dated_siblings(self):
        """Every record (superuser) of the groups of these records."""
        return self.sudo()._dated_search({self._dated_group_key(record) for record in self})

    def _dated_recompute_groups(self, extra=None):
        """Mark ``date_end`` to recompute on the groups of these records (and ``extra``)."""
        siblings = self._dated_siblings()
        if extra is not None:
            siblings |= extra.exists()
        self.env.add_to_compute(self._fields["date_end"], siblings)

    def _dated_periods(self, records):
        """``records`` as :class:`~benefits_base.tools.dated.Period` values keyed by id."""
        return [
            dated.Period(
                date_from=record.date_from,
                date_to=record.date_to or None,
                group=self._dated_group_key(record),
                key=record.id,
            )
            for record in records
            if record.date_from
        ]

    def _dated_group_label(self, key):
        """The group ``key`` as users read it ("Car", "Flanders, Service voucher")."""
        labels = []
        for name, value in zip(self._dated_group_fields, key, strict=True):
            field = self._fields[name]
            if value is False or value is None:
                continue
            if field.type == "many2one":
                labels.append(self.env[field.comodel_name].browse(value).display_name)
            elif field.type == "selection":
                labels.append(dict(field._description_selection(self.env)).get(value, value))
            else:
                labels.append(str(value))
        return ", ".join(labels)

    def _dated_figure_name(self, key):
        """What is missing, in the user's language: "per-km rate (Car)"."""
        return dated.figure_name(str(self._dated_figure_label), self._dated_group_label(key))

    def _dated_hint(self):
        """Who can add the missing figure and where, in the user's language."""
        return str(self._dated_manager_hint)

    def _dated_error_message(self, error):
        """The message of a :class:`~benefits_base.tools.dated.DatedError`, translated."""
        params = {
            name: format_date(self.env, value) if hasattr(value, "isoformat") else value
            for name, value in error.params.items()
        }
        return get_translation(MODULE, self.env.lang or "en_US", error.template, params).strip()

    # ------------------------------------------------------------
    # MIGRATIONS
    # ------------------------------------------------------------

    @api.model
    def _dated_recompute_all(self):
        """Recompute every effective end (after dates were changed in SQL by a migration)."""
        records = self.sudo().with_context(active_test=False).search([("date_from", "!=", False)])
        self.env.add_to_compute(self._fields["date_end"], records)
        records.flush_recordset(["date_end"])

    @api.model
    def _dated_clear_redundant_ends(self):
        """Empty the end dates that only repeat "the day before the next one starts".

        For the migration of figures kept under the old "both dates" convention:
        once cleared, inserting a figure in between is not an overlap. Returns
        the records changed.
        """
        records = self.sudo().search([("date_to", "!=", False)])
        siblings = records._dated_siblings()
        keys = [period.key for period in dated.redundant_ends(self._dated_periods(siblings))]
        redundant = siblings.browse(keys)
        redundant.write({"date_to": False})
        return redundant

    # ------------------------------------------------------------
    # LOOKUPS
    # ------------------------------------------------------------

    @api.model
    def _dated_find(self, day, **group_values):
        """The record in force on ``day`` for the group ``group_values``.

        Raises a translated :class:`~odoo.exceptions.UserError` naming the
        figure, the date, the gap and who can add the figure when none is.
        """
        key = self._dated_key_from_values(group_values)
        return self._dated_find_many([(key, day)])[key, day]

    @api.model
    def _dated_find_many(self, requests, raise_if_missing=True):
        """The records in force for many ``(group, day)`` pairs, in one query.

        ``group`` is a ``{field name: value}`` dict or a group key tuple (see
        :meth:`_dated_group_key`). Returns ``{(group key, day): record}``; a pair
        without a figure raises a :class:`~odoo.exceptions.UserError`, or maps
        to an empty recordset when ``raise_if_missing`` is false.
        """
        pairs = [(self._dated_key_from_values(group), day) for group, day in requests]
        records = self._dated_search({key for key, __ in pairs})
        periods = dated.by_group(self._dated_periods(records))
        found = {}
        for key, day in pairs:
            if (key, day) in found:
                continue
            try:
                period = dated.in_force(periods.get(key, []), day)
            except dated.DatedError as error:
                if raise_if_missing:
                    error.params.update(
                        figure=self._dated_figure_name(key), hint=self._dated_hint()
                    )
                    raise UserError(self._dated_error_message(error)) from error
                found[key, day] = self.browse()
            else:
                found[key, day] = records.browse(period.key)
        return found

    @api.model
    def _dated_in_force_domain(self, day):
        """A domain of the records in force on ``day`` (search filters, reports)."""
        return [
            ("date_from", "<=", day),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", day),
        ]
