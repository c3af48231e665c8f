"""Open311 GeoReport v2 on the wire: the error the API answers with, the documents in XML and
in JSON, and the parsing of the specification's own value formats (w3 dates, coordinates,
comma-delimited lists). Plain Python, independent of the ORM, so that it is tested alone.

The JSON of every resource is the Spark convention's mapping of its XML
(http://wiki.open311.org/JSON_and_XML_Conversion): a container element whose children all
have one name (<services><service/>…</services>) becomes an array, even of one element or
none; other elements become object keys; an empty element is null.
"""

import json
import math
import re
from datetime import UTC, datetime, timedelta

from lxml import etree

from odoo.http import Response

from ..models import open311_data as od

# The containers of the specification's documents and the name of their children.
CONTAINER_ITEMS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# A w3 date (http://www.w3.org/TR/NOTE-datetime) as the specification uses them: a day, or a
# day and a time with its zone (Z or ±hh:mm), seconds and fractions optional.
_W3_DATETIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:T(?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2}))?"
)
# A coordinate in decimal degrees, ASCII digits only (float() accepts "١٢", "nan", "1e5").
_COORDINATE = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{1,15})?")


class Open311Error(Exception):
    """A refusal, as the specification writes it: an HTTP status and one or more
    descriptions (each an <error> of the answer, with the status as its code)."""

    def __init__(self, status, *descriptions, headers=None):
        super().__init__(status, descriptions)
        self.status = status
        self.descriptions = descriptions
        self.headers = headers or {}

    def document(self):
        """The errors document: [{"code": status, "description": …}, …]."""
        return [
            {"code": self.status, "description": description} for description in self.descriptions
        ]


# ---- Documents ----------------------------------------------------------------------------


def _xml_text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _xml_fill(element, value):
    if isinstance(value, dict):
        for key, child in value.items():
            _xml_fill(etree.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        item_name = CONTAINER_ITEMS[element.tag]
        for item in value:
            _xml_fill(etree.SubElement(element, item_name), item)
    else:
        element.text = _xml_text(value)


def render_xml(root, document):
    """`document` (dicts, lists and scalars) as the UTF-8 bytes of an XML document whose root
    element is `root`; the children of a list take their name from CONTAINER_ITEMS."""
    element = etree.Element(root)
    _xml_fill(element, document)
    # The declaration as the specification writes it (lxml's own uses single quotes).
    return XML_DECLARATION + etree.tostring(element, encoding="UTF-8", pretty_print=True)


def render_json(document):
    """`document` as the UTF-8 bytes of its JSON (the Spark convention: the root element is
    dropped, lists are arrays)."""
    return json.dumps(document, ensure_ascii=False).encode()


def open311_response(fmt, root, document, status=200, headers=None):
    """The HTTP response carrying `document` in `fmt` (json or xml; `root` names the XML
    root element), with the specification's content type."""
    body = render_json(document) if fmt == od.FORMAT_JSON else render_xml(root, document)
    response = Response(body, status=status, headers={"Content-Type": od.CONTENT_TYPES[fmt]})
    response.headers["X-Content-Type-Options"] = "nosniff"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def error_response(fmt, error):
    """The response refusing a request with `error` (an Open311Error): its status, the
    errors document, and never a copy in a cache."""
    headers = {"Cache-Control": "no-store", **error.headers}
    return open311_response(fmt, "errors", error.document(), error.status, headers)


# ---- Values -------------------------------------------------------------------------------


def format_datetime(value):
    """A naive UTC datetime (the ORM's) in the specification's w3 form, 2010-01-01T00:00:00Z;
    None for none."""
    if not value:
        return None
    return value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value):
    """A w3 date or date and time (2010-01-01, 2010-01-01T00:00:00Z, …+01:00) as a naive UTC
    datetime; None when `value` is not of that form or not a real date.

    A "+" that reached the server as a space (a client that did not encode the query
    string) is read as "+"."""
    value = (value or "").strip()
    if re.fullmatch(r".*T.* [0-9]{2}:[0-9]{2}", value):
        value = value[:-6] + "+" + value[-5:]
    match = _W3_DATETIME.fullmatch(value)
    if not match:
        return None
    try:
        day = datetime.strptime(match["date"], "%Y-%m-%d")
        if not match["time"]:
            return day
        parts = [int(float(part)) for part in match["time"].split(":")]
        hours, minutes, seconds = (parts + [0])[:3]
        moment = day.replace(hour=hours, minute=minutes, second=seconds)
        zone = match["zone"]
        if zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            moment = (moment - sign * offset).replace(tzinfo=None)
        return moment
    except (ValueError, OverflowError):
        return None


def utc_now():
    """Now, as a naive UTC datetime (the ORM's form)."""
    return datetime.now(UTC).replace(tzinfo=None)


def parse_coordinate(value, bound):
    """A latitude (`bound` 90) or longitude (`bound` 180) in decimal degrees, as a float
    within ±bound; None when `value` is not one."""
    value = (value or "").strip()
    if not _COORDINATE.fullmatch(value):
        return None
    number = float(value)
    return number if math.isfinite(number) and -bound <= number <= bound else None


def split_list(value):
    """The items of a comma-delimited parameter (`status=open,closed`), stripped, without
    empty ones, in order and without repeats."""
    items = [item.strip() for item in (value or "").split(",")]
    return list(dict.fromkeys(item for item in items if item))
