"""What the public sends (query strings and forms), cleaned before it reaches the ORM.

Every public route of the Chikaya modules (chikaya_portal, chikaya_dashboard, a future API)
goes through these small pure functions, so that hostile input is refused or cleaned in one
place instead of surfacing as a server error deep in the code:

- PostgreSQL refuses any string holding a NUL character (psycopg2 raises before the query
  runs), so a NUL typed in any field would otherwise end as an HTTP 500;
- `str.isdigit()` accepts digits that `int()` refuses ("²", "①") and `int()` accepts digits
  of other scripts ("٣"): ids and years are read as ASCII digits only;
- the constant-time comparison of secrets (`consteq`, `hmac.compare_digest`) raises a
  TypeError on a non-ASCII string: an access code is compared only when it is made of the
  code's own alphabet and has its length.

Free text (a subject, a search box) is cleaned and used; identifiers that do not have their
form come back as 0 / None, and the caller answers with a 4xx page.
"""

import functools
import re

from ..models import complaint_data as cd

# C0 controls (NUL included) and DEL and C1 controls, except tab, line feed and carriage
# return, which a multi-line text field legitimately holds.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# `[0-9]` rather than `\d`: `\d` also matches the digits of other scripts.
_ID = re.compile(r"[0-9]{1,9}")
_YEAR = re.compile(r"[0-9]{4}")
# A tracking number as the sequence chikaya.complaint writes it (data/ir_sequence_data.xml:
# CHK-<year>-<counter padded to 6 digits>); up to 9 digits, should a year ever pass a
# million complaints.
TRACKING_NUMBER_PATTERN = r"CHK-[0-9]{4}-[0-9]{6,9}"
_TRACKING_NUMBER = re.compile(TRACKING_NUMBER_PATTERN)


def clean_text(value, max_length=None):
    """`value` without control characters (tab, line feed and carriage return are kept) and
    without surrounding whitespace, cut to `max_length` characters when given; "" for
    anything that is not a string (a missing field, or a file posted under a text field's
    name)."""
    if not isinstance(value, str):
        return ""
    value = _CONTROL_CHARACTERS.sub("", value).strip()
    return value[:max_length] if max_length is not None else value


def clean_params(mapping):
    """A copy of `mapping` (query string or form parameters) whose string values went
    through `clean_text`; other values (uploaded files, converted URL parts) are kept."""
    return {
        key: clean_text(value) if isinstance(value, str) else value
        for key, value in mapping.items()
    }


def parse_id(value):
    """A record id typed or posted as text: an int of 1 to 9 ASCII digits (always within
    PostgreSQL's integer), else 0, which matches no record."""
    value = clean_text(value)
    return int(value) if _ID.fullmatch(value) else 0


def parse_year(value):
    """A year given as text: an int of 4 ASCII digits, else None (the caller checks the
    range it offers)."""
    value = clean_text(value)
    return int(value) if _YEAR.fullmatch(value) else None


def clean_access_code(value):
    """The access code as stored (upper-case), when `value` can be one: exactly
    ACCESS_CODE_LENGTH characters of ACCESS_CODE_ALPHABET once stripped and upper-cased;
    else None, and the caller compares nothing.

    The check comes before the upper-casing of non-ASCII text ("ß".upper() is "SS"), so that
    only what the citizen could have read on the acknowledgement is accepted."""
    value = clean_text(value)
    if not value.isascii():
        return None
    value = value.upper()
    if len(value) != cd.ACCESS_CODE_LENGTH or not set(value) <= set(cd.ACCESS_CODE_ALPHABET):
        return None
    return value


def clean_tracking_number(value):
    """The tracking number upper-cased (`CHK-2026-000123`), when `value` has the form of
    one; else None."""
    value = clean_text(value)
    if not value.isascii():
        return None
    value = value.upper()
    return value if _TRACKING_NUMBER.fullmatch(value) else None


def clean_route_params(endpoint):
    """Decorator of an http route's method: every str keyword argument (query string, form
    fields, URL parts) goes through `clean_text` before the method runs. Put it under
    `@http.route` (functools.wraps keeps the signature Odoo filters the parameters with).

    It removes control characters only; ids, years and codes are still parsed by the
    method with the functions above."""

    @functools.wraps(endpoint)
    def wrapper(self, *args, **kwargs):
        return endpoint(self, *args, **clean_params(kwargs))

    return wrapper
