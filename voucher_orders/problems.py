# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Translated sentences for the problem codes of ``tools`` (rules, identifiers, xlsx).

A message catalogue, not a model: the Odoo layer (models, portal) turns each
problem code into a sentence in the user's language here. A new wording of an
upload or order-check message is changed here (and in ``i18n/``)."""

from .tools import cards, identifiers, rules, xlsx

#: codes the Odoo layer adds to those of the tools
BENEFICIARY_INACTIVE = xlsx.BENEFICIARY_INACTIVE
NUMBER_NOT_NISS = "number_not_niss"
CARD_NEEDED = "card_needed"
NO_RULE = "no_rule"


def column_label(env, key):
    labels = {
        "national_number": env._("National number"),
        "temporary": env._("Temporary number"),
        "last_name": env._("Last name"),
        "first_name": env._("First name"),
        "birth_date": env._("Birth date"),
        "email": env._("E-mail"),
        "cost_centre": env._("Cost centre"),
        "delivery": env._("Card delivery"),
        "street": env._("Street and number"),
        "zip": env._("Postal code"),
        "city": env._("City"),
        "country": env._("Country code"),
        "meal_face_value": env._("Meal face value per day"),
        "active": env._("Active"),
        "face_value": env._("Face value per day"),
        "days": env._("Days worked"),
        "amount": env._("Amount"),
        "children": env._("Dependent children"),
        "employer_share": env._("Employer share"),
        "load_date": env._("Load date"),
    }
    return labels.get(key, key or "")


def card_reason_label(env, reason):
    return {
        cards.FIRST_ORDER: env._("first order"),
        cards.NEW_BENEFICIARY: env._("new beneficiary without a card"),
        cards.CARD_EXPIRED: env._("card expired or expiring before the load date"),
        cards.REPORTED[cards.LOST]: env._("card reported lost"),
        cards.REPORTED[cards.STOLEN]: env._("card reported stolen"),
        cards.REPORTED[cards.DAMAGED]: env._("card reported damaged"),
        cards.REPORTED[cards.BLOCKED]: env._("card blocked"),
    }.get(reason, reason or "")


def problem_message(env, problem, messages=None):
    """One translated sentence for a :class:`~..tools.common.Problem`.

    The value shown is the one the tools put in the problem: a national number
    is always masked there. ``messages``: :func:`problem_messages` computed once by a
    caller that translates many problems.
    """
    messages = messages if messages is not None else problem_messages(env)
    params = dict(problem.params or {})
    value = problem.value or ""
    column = column_label(env, problem.column)
    template = messages.get(problem.code)
    if template is None:
        return env._("%(column)s: %(value)s is not valid.", column=column, value=value)
    values = {"column": column, "value": value, "limit": "", "already": "", "earliest": ""}
    values["first_row"] = values["max_rows"] = ""
    values["kind"] = ""
    values["reason"] = ""
    values.update({k: str(v) for k, v in params.items()})
    if problem.code == CARD_NEEDED:
        values["reason"] = card_reason_label(env, params.get("reason"))
    return template % values


def problem_messages(env):
    """``{problem code: translated sentence with %(...)s placeholders}``."""
    return {
        # identifiers
        identifiers.REQUIRED: env._("The national number is required."),
        identifiers.INVALID_FORMAT: env._("%(value)s: only digits are allowed."),
        identifiers.INVALID_LENGTH: env._("%(value)s: a NISS or BIS number has 11 digits."),
        identifiers.INVALID_CHECKSUM: env._("%(value)s: the check digits are wrong."),
        identifiers.INVALID_DATE: env._("%(value)s: the birth date part is not a valid date."),
        # rules
        rules.AMOUNT_REQUIRED: env._("%(column)s is required."),
        rules.AMOUNT_NOT_POSITIVE: env._("%(column)s must be a positive amount (%(value)s)."),
        rules.AMOUNT_PRECISION: env._("%(column)s has more than two decimals (%(value)s)."),
        rules.DAYS_REQUIRED: env._("The number of days worked is required."),
        rules.DAYS_INVALID: env._(
            "The number of days worked must be a whole number of at least 1."
        ),
        rules.CHILDREN_INVALID: env._("The number of children must be a whole number."),
        rules.FACE_VALUE_OVER_MAX: env._(
            "The face value %(value)s is above the legal maximum of %(limit)s per day."
        ),
        rules.EMPLOYER_SHARE_OVER_MAX: env._(
            "The employer share %(value)s is above the maximum of %(limit)s."
        ),
        rules.EMPLOYER_SHARE_INVALID: env._("The employer share is not valid."),
        rules.EMPLOYEE_SHARE_UNDER_MIN: env._(
            "The employee share %(value)s is below the minimum of %(limit)s."
        ),
        rules.YEARLY_MAX_EXCEEDED: env._(
            "%(value)s exceeds the yearly maximum of %(limit)s (already ordered this year: "
            "%(already)s); the excess is not exempt."
        ),
        rules.GIFT_MAX_EXCEEDED: env._(
            "%(value)s exceeds the yearly gift total of %(limit)s per employee (already "
            "ordered this year: %(already)s); the excess is taxable pay."
        ),
        rules.LOAD_DATE_TOO_EARLY: env._(
            "The load date %(value)s is too early: the earliest possible date is %(earliest)s."
        ),
        # xlsx
        xlsx.NOT_XLSX: env._("The file is not an Excel (.xlsx) file."),
        xlsx.MISSING_SHEET: env._("The file is not our template: a sheet is missing."),
        xlsx.MISSING_HEADER: env._("The file is not our template: the header row is missing."),
        xlsx.MISSING_COLUMN: env._("The column %(column)s is missing."),
        xlsx.DUPLICATE_COLUMN: env._("The column %(column)s appears twice."),
        xlsx.EXTRA_COLUMN: env._("The column %(value)s is not part of the template."),
        xlsx.TOO_MANY_ROWS: env._("The file has too many rows (at most %(max_rows)s)."),
        xlsx.NO_ROWS: env._("The file holds no row to import."),
        xlsx.FORMULA: env._("%(column)s holds a formula: enter the value itself."),
        xlsx.MERGED_CELLS: env._("Merged cells are not allowed (%(value)s)."),
        xlsx.REQUIRED: env._("%(column)s is required."),
        xlsx.INVALID_DATE: env._("%(column)s: %(value)s is not a valid date."),
        xlsx.INVALID_NUMBER: env._("%(column)s: %(value)s is not a whole number."),
        xlsx.INVALID_AMOUNT: env._("%(column)s: %(value)s is not a valid amount."),
        xlsx.INVALID_CHOICE: env._("%(column)s: %(value)s is not one of the choices."),
        xlsx.INVALID_FLAG: env._("%(column)s: answer Yes or No (not %(value)s)."),
        xlsx.INVALID_EMAIL: env._("%(value)s is not a valid e-mail address."),
        xlsx.TOO_LONG: env._("%(column)s is too long."),
        xlsx.INVALID_TEXT: env._("%(column)s contains a character that is not allowed."),
        xlsx.OUT_OF_RANGE: env._("%(column)s: %(value)s must be between %(min)s and %(max)s."),
        xlsx.BIRTH_DATE_MISMATCH: env._(
            "The birth date does not match the national number's birth date."
        ),
        xlsx.DUPLICATE_IN_FILE: env._("%(value)s appears already on row %(first_row)s."),
        xlsx.DUPLICATE_EXISTING: env._(
            "%(value)s is already registered; send the pre-filled export to update it."
        ),
        xlsx.IDENTITY_CONFLICT: env._(
            "%(value)s: a beneficiary with the same name is registered with another number; "
            "contact us to update it."
        ),
        xlsx.UNKNOWN_COST_CENTRE: env._("The cost centre %(value)s does not exist."),
        xlsx.UNKNOWN_BENEFICIARY: env._("%(value)s is not one of your beneficiaries."),
        BENEFICIARY_INACTIVE: env._("The beneficiary is deactivated: no vouchers are loaded."),
        # Odoo layer
        NUMBER_NOT_NISS: env._(
            "The beneficiary has a %(kind)s number: replace it by the NISS as soon as known."
        ),
        CARD_NEEDED: env._("A card is ordered: %(reason)s."),
        NO_RULE: env._("No voucher rule is valid at the load date."),
    }


def xlsx_texts(env):
    """The texts of the Excel files (tools.xlsx.DEFAULT_TEXTS keys), translated."""
    return {
        "sheet_beneficiaries": env._("Beneficiaries"),
        "sheet_order": env._("Order"),
        "sheet_guide": env._("Guide"),
        "sheet_lists": env._("Lists"),
        "yes": env._("Yes"),
        "no": env._("No"),
        "delivery_workplace": env._("Workplace"),
        "delivery_home": env._("Home"),
        "column_national_number": env._("National number"),
        "column_temporary": env._("Temporary number"),
        "column_last_name": env._("Last name"),
        "column_first_name": env._("First name"),
        "column_birth_date": env._("Birth date"),
        "column_email": env._("E-mail"),
        "column_cost_centre": env._("Cost centre"),
        "column_delivery": env._("Card delivery"),
        "column_street": env._("Street and number"),
        "column_zip": env._("Postal code"),
        "column_city": env._("City"),
        "column_country": env._("Country code"),
        "column_meal_face_value": env._("Meal face value per day"),
        "column_active": env._("Active"),
        "column_face_value": env._("Face value per day"),
        "column_days": env._("Days worked"),
        "column_amount": env._("Amount"),
        "column_children": env._("Dependent children"),
        "guide_title": env._("How to fill in this file"),
        "guide_beneficiaries": env._(
            "One row per beneficiary, from the second row of the first sheet on.\n"
            "Do not rename the sheets or the headers, do not add formulas or merge "
            "cells.\n"
            "Columns marked * are required.\n"
            "Without a national number (NISS), enter the BIS number, or the "
            "temporary number from your social secretariat and mark it as temporary. "
            "When the person gets a NISS, enter it on the same row: the beneficiary "
            "is updated.\n"
            "To deactivate a beneficiary who left, set Active to No."
        ),
        "guide_order": env._(
            "One row per beneficiary, from the second row of the first sheet on.\n"
            "Do not rename the sheets or the headers, do not add formulas or merge "
            "cells.\n"
            "Columns marked * are required. Only registered, active beneficiaries "
            "can be ordered for."
        ),
        "guide_column": env._("Column"),
        "guide_required": env._("Required"),
        "guide_help": env._("What to enter"),
        "help_national_number": env._("11 digits (NISS or BIS), or the temporary number"),
        "help_temporary": env._("Yes for a temporary number"),
        "help_last_name": env._("As on the identity card"),
        "help_first_name": env._("As on the identity card"),
        "help_birth_date": env._("DD/MM/YYYY; required for a temporary number"),
        "help_email": env._("The beneficiary's e-mail address"),
        "help_cost_centre": env._("One of your cost centres"),
        "help_delivery": env._("Where the card is delivered"),
        "help_street": env._("Required for delivery at home"),
        "help_zip": env._("Required for delivery at home"),
        "help_city": env._("Required for delivery at home"),
        "help_country": env._("Two letters, BE when empty"),
        "help_meal_face_value": env._("Default meal voucher face value per day, e.g. 8.00"),
        "help_active": env._("No to deactivate the beneficiary"),
        "help_face_value": env._("Face value per day; empty = the beneficiary's default"),
        "help_days": env._("Number of days worked in the period = number of meal vouchers"),
        "help_amount": env._("Amount for this beneficiary, e.g. 250.00"),
        "help_children": env._("Number of dependent children (gift vouchers)"),
    }
