# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The issuer's codes, as data, and the identifier checks that go with them.

These are not yearly figures: they are the codes the issuer (Pluxee, formerly
Sodexo) uses in its voice server, its Job Tracker app and its exports, so the
addon's exports and the issuer's agree. Figures that change per year or region
(auto-validation days, validity, maxima, reimbursement values) are *not* here:
they come from dated configuration records through function arguments.

Sources: the issuer's (Pluxee) help pages for workers on the voice server and
the Job Tracker app (activity types 1-4, hours 1-9), and its information session
on the companies' secure zone (dienstencheques.vlaanderen.be, "status
functionaliteiten": status codes 11, 15, 16, 17, 18, 19).
"""

import re

# ---------------------------------------------------------------------------
# Activity types (voice server step 4)
# ---------------------------------------------------------------------------

#: activity code -> (Dutch, French, English) label
ACTIVITY_TYPES = {
    1: ("Huishoudhulp", "Aide ménagère", "Household help"),
    2: ("Huishoudelijke boodschappen", "Courses ménagères", "Household shopping"),
    3: ("Strijken buitenshuis", "Repassage hors domicile", "Ironing outside the home"),
    4: (
        "Vervoer van mindervalide personen",
        "Transport de personnes à mobilité réduite",
        "Transport of persons with reduced mobility",
    ),
}

# ---------------------------------------------------------------------------
# Official status codes (the "Statuscode" column of the issuer's exports)
# ---------------------------------------------------------------------------

#: status code -> (Dutch name, English meaning). Code 15 was 11 before the
#: "simultaneous validation" change; 16-19 came with "split work payment".
OFFICIAL_STATUS_CODES = {
    15: ("Bevestigd", "Confirmed by the user, awaiting the company's validation"),
    11: (
        "Klaar voor de toekenning van dienstencheques",
        "Validated by the company and confirmed by the user: ready for voucher allocation",
    ),
    16: (
        "Gedeeltelijk toegekend (1ste gedeeltelijke toekenning)",
        "The wallet had enough for part of the vouchers due (first partial allocation)",
    ),
    17: (
        "Gedeeltelijk terugbetaald",
        "The company asked reimbursement of the partly allocated vouchers",
    ),
    18: (
        "Gedeeltelijk toegekend (2de gedeeltelijke toekenning)",
        "More vouchers allocated, the performance is still not fully paid",
    ),
    19: (
        "Gedeeltelijk toegekend (laatste gedeeltelijke toekenning)",
        "The last voucher was allocated: the performance is fully paid",
    ),
}

#: Status shown in Flanders for a performance unpaid for more than 12 months;
#: the issuer's pages give the label, not a numeric code.
OUTSIDE_VOUCHERS_LABEL = "Te betalen buiten dienstencheques"

# ---------------------------------------------------------------------------
# Voice-server input rules
# ---------------------------------------------------------------------------

USER_NUMBER_LENGTH = 12
MIN_HOURS = 1
MAX_HOURS = 9

_USER_NUMBER_SEPARATORS = re.compile(r"[\s./-]")


def normalize_user_number(value):
    """A user number as 12 digits, separators (spaces, dots, slashes, dashes) removed.

    Returns ``None`` when the result is not exactly 12 digits.
    """
    if value is None:
        return None
    text = _USER_NUMBER_SEPARATORS.sub("", str(value))
    if len(text) == USER_NUMBER_LENGTH and text.isdigit() and text.isascii():
        return text
    return None


def is_activity_code(value):
    """Whether ``value`` (an int) is one of the issuer's activity types."""
    return isinstance(value, int) and not isinstance(value, bool) and value in ACTIVITY_TYPES


def is_valid_hours(value):
    """Whether ``value`` (an int) is a whole number of hours the voice server accepts."""
    return (
        isinstance(value, int) and not isinstance(value, bool) and MIN_HOURS <= value <= MAX_HOURS
    )


# ---------------------------------------------------------------------------
# Region from a Belgian postal code
# ---------------------------------------------------------------------------

#: (first, last, region key) ranges of Belgian postal codes (bpost numbering):
#: 1000-1299 Brussels-Capital, 1300-1499 Walloon Brabant, 1500-3999 Flanders
#: (Flemish Brabant, Antwerp, Limburg), 4000-7999 Wallonia (Liège, Namur,
#: Luxembourg, Hainaut), 8000-9999 Flanders (West and East Flanders).
POSTAL_CODE_REGIONS = (
    (1000, 1299, "brussels"),
    (1300, 1499, "wallonia"),
    (1500, 3999, "flanders"),
    (4000, 7999, "wallonia"),
    (8000, 9999, "flanders"),
)


def region_from_zip(zip_code):
    """The region key (``flanders``, ``brussels``, ``wallonia``) of a Belgian postal code.

    Returns ``None`` when ``zip_code`` is not a 4-digit Belgian postal code.
    """
    text = str(zip_code or "").strip().upper().removeprefix("B-").removeprefix("B")
    if len(text) != 4 or not text.isdigit() or not text.isascii():
        return None
    number = int(text)
    for first, last, region in POSTAL_CODE_REGIONS:
        if first <= number <= last:
            return region
    return None
