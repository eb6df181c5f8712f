# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Voucher rules: caps per product type, validity, loading date.

Every legal or issuer figure comes in through a :class:`VoucherRule` or
:class:`IssuerTerms`; nothing here is a constant. Which figure is in force on a
day (the *load date* for an order) is the dated configuration's answer
(``benefits.dated.mixin`` on ``vo.voucher.rule`` / ``vo.issuer.terms``, the
rules of ``benefits_base.tools.dated``); the functions here get the one picked.

Checks return :class:`~.common.Problem` values (``row`` left empty; the order
upload parser fills it). Severity:

* ``error`` — the order line cannot be placed: a non-positive or over-precise
  amount, a meal voucher face value above the legal maximum (such a meal
  voucher does not exist), a split of the face value outside the legal bounds
  (employer share above its maximum, employee share below its minimum);
* ``warning`` — the client must acknowledge it: an eco / sport-culture yearly
  maximum or the gift yearly total exceeded (the excess loses its
  social-security exemption: taxable pay, a payroll matter).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .common import CENT, ERROR, WARNING, Problem, dated, money, to_decimal

add_months = dated.add_months

MEAL = "meal"
ECO = "eco"
GIFT = "gift"
SPORT_CULTURE = "sport_culture"
PRODUCT_TYPES = (MEAL, ECO, GIFT, SPORT_CULTURE)
# Products whose limit is a total per employee over the calendar year of the load date
YEARLY_TOTAL_TYPES = (ECO, SPORT_CULTURE, GIFT)

# Problem codes
AMOUNT_REQUIRED = "amount_required"
AMOUNT_NOT_POSITIVE = "amount_not_positive"
AMOUNT_PRECISION = "amount_precision"
DAYS_REQUIRED = "days_required"
DAYS_INVALID = "days_invalid"
CHILDREN_INVALID = "children_invalid"
FACE_VALUE_OVER_MAX = "face_value_over_max"
EMPLOYER_SHARE_OVER_MAX = "employer_share_over_max"
EMPLOYER_SHARE_INVALID = "employer_share_invalid"
EMPLOYEE_SHARE_UNDER_MIN = "employee_share_under_min"
YEARLY_MAX_EXCEEDED = "yearly_max_exceeded"
GIFT_MAX_EXCEEDED = "gift_max_exceeded"
LOAD_DATE_TOO_EARLY = "load_date_too_early"


@dataclass(frozen=True)
class VoucherRule:
    """The legal figures of one product type in force on a day.

    Only the figures of the rule's product type are used: meal
    (``max_face_value`` per day, ``max_employer_share``, ``min_employee_share``),
    eco and sport/culture (``max_per_year``), gift (``amount_per_employee``,
    ``amount_per_child``). ``validity_months`` applies to all.
    """

    product_type: str
    validity_months: int
    max_face_value: Decimal | None = None
    max_employer_share: Decimal | None = None
    min_employee_share: Decimal | None = None
    max_per_year: Decimal | None = None
    amount_per_employee: Decimal | None = None
    amount_per_child: Decimal | None = None

    def __post_init__(self):
        if self.product_type not in PRODUCT_TYPES:
            raise ValueError(f"unknown product type {self.product_type!r}")
        if self.validity_months <= 0:
            raise ValueError("validity_months must be positive")


@dataclass(frozen=True)
class IssuerTerms:
    """The issuer's own figures in force on a day: card validity and processing delay."""

    card_validity_years: int
    processing_delay_hours: int


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def validity_end(start, validity_months):
    """The last day vouchers loaded on ``start`` can be spent (inclusive).

    The day before the same day ``validity_months`` later (15 Mar 2026 + 12 →
    14 Mar 2027); when that day does not exist in the target month, the target
    month's last day (31 Jan + 1 → 28/29 Feb).
    """
    if validity_months <= 0:
        raise ValueError("validity_months must be positive")
    target = add_months(start, validity_months)
    if target.day != start.day:
        return target
    return target - timedelta(days=1)


def rule_validity_end(rule, start):
    """:func:`validity_end` with the months of ``rule``."""
    return validity_end(start, rule.validity_months)


def earliest_load_date(moment, processing_delay_hours):
    """The first date vouchers can be loaded after ``moment`` (a payment, or now)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, datetime.min.time())
    return (moment + timedelta(hours=processing_delay_hours)).date()


def scheduled_load_date(chosen_load_date, paid_at, processing_delay_hours):
    """When a paid order is loaded: the later of the chosen date and payment + delay."""
    return max(chosen_load_date, earliest_load_date(paid_at, processing_delay_hours))


def check_load_date(load_date, now, processing_delay_hours):
    """Problems of a load date chosen at ordering time (not before now + processing delay)."""
    earliest = earliest_load_date(now, processing_delay_hours)
    if load_date < earliest:
        return [
            Problem(
                LOAD_DATE_TOO_EARLY,
                column="load_date",
                value=load_date.isoformat(),
                params={"earliest": earliest.isoformat()},
            )
        ]
    return []


def year_bounds(day):
    """The first and last day of ``day``'s calendar year (for "already ordered this year")."""
    return date(day.year, 1, 1), date(day.year, 12, 31)


# ---------------------------------------------------------------------------
# Amount checks
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AmountCheck:
    """The outcome of an amount check: the beneficiary's amount, voucher count, problems."""

    amount: Decimal
    vouchers: int
    problems: tuple

    @property
    def has_errors(self):
        return any(problem.severity == ERROR for problem in self.problems)


def _amount_problems(value, column):
    """Parse a money input; returns (Decimal or None, problems)."""
    if value is None or value == "":
        return None, [Problem(AMOUNT_REQUIRED, column=column)]
    try:
        amount = to_decimal(value)
    except ValueError:
        return None, [Problem(AMOUNT_NOT_POSITIVE, column=column, value=str(value))]
    if amount <= 0:
        return None, [Problem(AMOUNT_NOT_POSITIVE, column=column, value=str(amount))]
    try:
        precise = amount == amount.quantize(CENT)
    except InvalidOperation:  # 1e308: too large to have cents
        precise = False
    if not precise:
        return None, [Problem(AMOUNT_PRECISION, column=column, value=str(amount))]
    return amount, []


def _count(value, column, code, *, minimum):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        return None, [Problem(code, column=column, value=str(value))]
    return value, []


def _over(code, column, value, limit, severity, **params):
    return Problem(
        code,
        column=column,
        value=str(money(value)),
        severity=severity,
        params={"limit": str(money(limit)), **params},
    )


def check_meal(rule, face_value, days, employer_share=None, employee_share=None):
    """Meal vouchers: ``days`` worked × ``face_value`` per day.

    The face value must not exceed the maximum at the load date (error). The
    split of the face value is given by the ``employee_share`` (the employee's
    own contribution, from the contract; the employer pays the rest) or by the
    ``employer_share``: the employer share must not exceed its maximum and the
    employee share must reach its minimum at the load date (errors: such a
    voucher is not exempt).
    """
    face, problems = _amount_problems(face_value, "face_value")
    if days is None:
        count, day_problems = None, [Problem(DAYS_REQUIRED, column="days")]
    else:
        count, day_problems = _count(days, "days", DAYS_INVALID, minimum=1)
    problems += day_problems
    if face is not None:
        if rule.max_face_value is not None and face > rule.max_face_value:
            problems.append(
                _over(FACE_VALUE_OVER_MAX, "face_value", face, rule.max_face_value, ERROR)
            )
        if employee_share is not None and employer_share is None:
            problems += _check_employee_share(rule, face, employee_share)
        elif employer_share is not None:
            problems += _check_shares(rule, face, employer_share)
    if face is None or count is None:
        return AmountCheck(Decimal("0.00"), 0, tuple(problems))
    return AmountCheck(money(face * count), count, tuple(problems))


def _check_employee_share(rule, face, employee_share):
    try:
        share = to_decimal(employee_share)
    except ValueError:
        share = None
    if share is None or share < 0 or share > face or share != share.quantize(CENT):
        value = "" if employee_share is None else str(employee_share)
        return [Problem(EMPLOYER_SHARE_INVALID, column="employee_share", value=value)]
    return _check_shares(rule, face, face - share)


def _check_shares(rule, face, employer_share):
    try:
        share = to_decimal(employer_share)
    except ValueError:
        share = None
    if share is None or share < 0 or share > face or share != share.quantize(CENT):
        value = "" if employer_share is None else str(employer_share)
        return [Problem(EMPLOYER_SHARE_INVALID, column="employer_share", value=value)]
    problems = []
    if rule.max_employer_share is not None and share > rule.max_employer_share:
        problems.append(
            _over(EMPLOYER_SHARE_OVER_MAX, "employer_share", share, rule.max_employer_share, ERROR)
        )
    employee = face - share
    if rule.min_employee_share is not None and employee < rule.min_employee_share:
        problems.append(
            Problem(
                EMPLOYEE_SHARE_UNDER_MIN,
                column="employer_share",
                value=str(money(employee)),
                severity=ERROR,
                params={"limit": str(money(rule.min_employee_share))},
            )
        )
    return problems


def _check_yearly(rule, amount, already_ordered):
    face, problems = _amount_problems(amount, "amount")
    if face is None:
        return AmountCheck(Decimal("0.00"), 0, tuple(problems))
    already = money(already_ordered or 0)
    if rule.max_per_year is not None and already + face > rule.max_per_year:
        remaining = max(rule.max_per_year - already, Decimal(0))
        problems.append(
            _over(
                YEARLY_MAX_EXCEEDED,
                "amount",
                face,
                rule.max_per_year,
                WARNING,
                already=str(already),
                remaining=str(money(remaining)),
            )
        )
    return AmountCheck(money(face), 1, tuple(problems))


def check_eco(rule, amount, already_ordered=Decimal(0)):
    """Eco vouchers: ``amount`` plus what was ordered this calendar year ≤ the yearly max."""
    return _check_yearly(rule, amount, already_ordered)


def check_sport_culture(rule, amount, already_ordered=Decimal(0)):
    """Sport/culture vouchers: like eco, against their own yearly maximum."""
    return _check_yearly(rule, amount, already_ordered)


def gift_limit(rule, children=0):
    """The gift maximum for a beneficiary: per employee + per child × dependent children."""
    per_employee = rule.amount_per_employee or Decimal(0)
    per_child = rule.amount_per_child or Decimal(0)
    return money(per_employee + per_child * children)


def check_gift(rule, amount, children=0, already_ordered=Decimal(0)):
    """Gift vouchers: a yearly total per employee across all gift orders of the year.

    ``amount`` plus what was ``already_ordered`` for the employee in the load
    date's calendar year must not exceed per employee + per child × ``children``
    (warning: the excess is taxable pay).
    """
    face, problems = _amount_problems(amount, "amount")
    count, child_problems = _count(children or 0, "children", CHILDREN_INVALID, minimum=0)
    problems += child_problems
    if face is None:
        return AmountCheck(Decimal("0.00"), 0, tuple(problems))
    already = money(already_ordered or 0)
    if count is not None and rule.amount_per_employee is not None:
        limit = gift_limit(rule, count)
        if already + face > limit:
            problems.append(
                _over(
                    GIFT_MAX_EXCEEDED,
                    "amount",
                    face,
                    limit,
                    WARNING,
                    children=str(count),
                    already=str(already),
                    remaining=str(money(max(limit - already, Decimal(0)))),
                )
            )
    return AmountCheck(money(face), 1, tuple(problems))


@dataclass(frozen=True)
class AmountRequest:
    """What a client asks for one beneficiary, whatever the product type.

    Meal: ``face_value`` per day, ``days`` worked, the ``employee_share`` (or the
    ``employer_share``) of the face value.
    Eco, sport/culture: ``amount`` and ``already_ordered`` this calendar year.
    Gift: ``amount``, dependent ``children`` and ``already_ordered`` this calendar year.
    """

    product_type: str
    amount: object = None
    face_value: object = None
    days: object = None
    employer_share: object = None
    employee_share: object = None
    children: int = 0
    already_ordered: Decimal = Decimal(0)


def check_amount(rule, request):
    """Dispatch ``request`` to the check of its product type with ``rule``."""
    if rule.product_type != request.product_type:
        raise ValueError(
            f"a {rule.product_type} rule cannot check a {request.product_type} request"
        )
    if request.product_type == MEAL:
        return check_meal(
            rule,
            request.face_value,
            request.days,
            request.employer_share,
            employee_share=request.employee_share,
        )
    if request.product_type == ECO:
        return check_eco(rule, request.amount, request.already_ordered)
    if request.product_type == SPORT_CULTURE:
        return check_sport_culture(rule, request.amount, request.already_ordered)
    return check_gift(rule, request.amount, request.children, request.already_ordered)
