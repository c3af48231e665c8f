"""The Open311 API's constants, in one place (the core's are in chikaya_complaints'
models/complaint_data.py).

The specification is Open311 GeoReport v2 (frozen): http://wiki.open311.org/GeoReport_v2,
with its service discovery (http://wiki.open311.org/Service_Discovery) and the paging
extension most servers implement (`page`, `page_size`: GeoReport v2 Extensions).
"""

from odoo.addons.chikaya_complaints.models import complaint_data as cd

# Where the API lives; every route is under it, and errors under it answer in Open311's form.
API_ROOT = "/open311/v2"
# The token that names the specification in the discovery document.
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Output formats, by the suffix of the resource (`services.json`, `services.xml`), and their
# content types (the specification's).
FORMAT_JSON = "json"
FORMAT_XML = "xml"
CONTENT_TYPES = {
    FORMAT_JSON: "application/json; charset=utf-8",
    FORMAT_XML: "text/xml; charset=utf-8",
}
# The MIME types the discovery document lists for the endpoint.
DISCOVERY_FORMATS = ("text/xml", "application/json")
# XML is the format the specification requires: errors on a resource without a known suffix
# are answered in it.
DEFAULT_FORMAT = FORMAT_XML
# Every service is "realtime": the tracking number comes back in the answer to the POST (no
# token resource).
SERVICE_TYPE = "realtime"

# ---- Statuses ----------------------------------------------------------------------------
# Open311 knows two: open (reported, not yet resolved) and closed (resolved). A complaint is
# closed once answered, closed or rejected (complaint_data.DONE_STATES).
STATUS_OPEN = "open"
STATUS_CLOSED = "closed"
STATUSES = (STATUS_OPEN, STATUS_CLOSED)
STATUS_STATES = {STATUS_OPEN: cd.OPEN_STATES, STATUS_CLOSED: cd.DONE_STATES}

# ---- What is public ---------------------------------------------------------------------
# The kinds that are public by nature: an observation or a suggestion is about the public
# space and meant for everyone (the core lets citizens file them anonymously, ANONYMOUS_KINDS);
# a réclamation is a citizen's own case, never published. Their description, address and
# position are published only when the complaint came through this API (channel "Mobile /
# API"), whose applications must tell citizens so (readme/USAGE.md): a citizen filing on the
# website or on paper was never told that their text would be published.
PUBLIC_KINDS = ("observation", "suggestion")
PUBLISHED_CHANNELS = (cd.CHANNEL_MOBILE,)
# The kind of a request that does not say (attribute[kind]): Open311 reports are
# observations about the public space; a réclamation needs the citizen's identity anyway.
DEFAULT_KIND = "observation"

# ---- Inputs ------------------------------------------------------------------------------
# Longest accepted input, in characters. The description's is the specification's (4,000);
# the identity's are the website form's (chikaya_portal's MAX_LENGTHS).
MAX_LENGTHS = {
    "description": 4000,
    "subject": 200,
    "citizen_name": 120,
    "citizen_id_number": 20,
    "citizen_email": 254,
    "citizen_phone": 20,
    "address_string": 255,
    "media_url": 2048,
}
# An API key as sent: longer or shorter strings are not looked up.
API_KEY_MAX_LENGTH = 128
# The subject of a complaint filed without attribute[subject]: the description's first line,
# cut to this many characters.
SUBJECT_FROM_DESCRIPTION = 80
# A service code: lower-case ASCII letters, digits, "_" and "-" (no dot: the resource's
# suffix is the format).
SERVICE_CODE_PATTERN = r"[a-z0-9_-]{1,64}"
# A jurisdiction: a commune's HCP code (complaint_data.COLLECTIVITY_CODE_PATTERN, its
# commune form), e.g. 04.441.01.1.
JURISDICTION_PATTERN = r"[0-9]{2}\.[0-9]{3}\.[0-9]{2}\.[0-9]{1,2}"
# The attribute codes of every service (GET services/{code}), posted as attribute[code].
ATTRIBUTE_KIND = "kind"
ATTRIBUTE_IDENTITY = "identity"
ATTRIBUTE_ID_TYPE = "id_type"
ATTRIBUTE_ID_NUMBER = "id_number"
ATTRIBUTE_SUBJECT = "subject"
# Each complaint field the identity rules check, with the request parameter(s) it comes from
# (chikaya.complaint._citizen_errors answers by complaint field).
CITIZEN_PARAMETERS = {
    "citizen_name": "first_name, last_name",
    "citizen_id_type": f"attribute[{ATTRIBUTE_ID_TYPE}]",
    "citizen_id_number": f"attribute[{ATTRIBUTE_ID_NUMBER}]",
    "citizen_email": "email",
    "citizen_phone": "phone",
}
# Uploaded files come under this name (multipart/form-data); media_url is a link.
MEDIA_FIELD = "media"
# media_url is kept as a link for the handler, never fetched by the server (no request to
# an address a client chose): https only.
MEDIA_URL_SCHEMES = ("https",)

# ---- GET requests ------------------------------------------------------------------------
# Without start_date and end_date, the most recent 90 days; a given range may not span more.
MAX_SPAN_DAYS = 90
# Paging (the extension most servers implement): page from 1, page_size up to the
# specification's default volume.
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 1000
# service_request_id may list this many tracking numbers at most.
MAX_REQUEST_IDS = 100

# ---- Languages ---------------------------------------------------------------------------
# `locale` picks the language of names and messages (en, fr, ar; fr_FR, ar-MA…); without it,
# English, the specification's.
DEFAULT_LANG = "en_US"

# ---- API keys ----------------------------------------------------------------------------
# HMAC scope of the stored keys (odoo.tools.misc.hmac, keyed with the database secret).
API_KEY_SCOPE = "chikaya_open311.api_key"
# Random bytes of a key (secrets.token_urlsafe): 256 bits.
API_KEY_BYTES = 32
# Characters of the key kept in plain, so that administrators tell keys apart.
API_KEY_PREFIX_LENGTH = 6

# ---- Limits (ir.config_parameter keys and their defaults; 0 disables a limit) -------------
# Requests with an API key, reads and posts alike, per key (a key's own rate_limit, when set,
# replaces the setting); reads without a key, per client address; acknowledgement emails to
# one address per 24 hours (the API is no mail relay, as the website's form is not).
PARAM_KEY_LIMIT = "chikaya_open311.key_limit"
PARAM_KEY_WINDOW = "chikaya_open311.key_window_minutes"
PARAM_READ_LIMIT = "chikaya_open311.read_limit"
PARAM_READ_WINDOW = "chikaya_open311.read_window_minutes"
PARAM_ACK_DAILY_LIMIT = "chikaya_open311.ack_daily_limit"
DEFAULT_KEY_LIMIT = 1000
DEFAULT_KEY_WINDOW = 60
DEFAULT_READ_LIMIT = 300
DEFAULT_READ_WINDOW = 10
DEFAULT_ACK_DAILY_LIMIT = 3
ACK_WINDOW = 24 * 60
# Discovery: who to contact, and how to get a key (free text set by administrators).
PARAM_CONTACT = "chikaya_open311.contact"
PARAM_KEY_SERVICE = "chikaya_open311.key_service"

ATTEMPT_KEY = "key"
ATTEMPT_READ = "read"
ATTEMPT_ACK = "ack"
ATTEMPT_KINDS = [
    (ATTEMPT_KEY, "Request with an API key"),
    (ATTEMPT_READ, "Read without an API key"),
    (ATTEMPT_ACK, "Acknowledgement email"),
]
ATTEMPT_LIMITS = {
    # kind: (limit key, default limit, window key or None, default window in minutes)
    ATTEMPT_KEY: (PARAM_KEY_LIMIT, DEFAULT_KEY_LIMIT, PARAM_KEY_WINDOW, DEFAULT_KEY_WINDOW),
    ATTEMPT_READ: (PARAM_READ_LIMIT, DEFAULT_READ_LIMIT, PARAM_READ_WINDOW, DEFAULT_READ_WINDOW),
    ATTEMPT_ACK: (PARAM_ACK_DAILY_LIMIT, DEFAULT_ACK_DAILY_LIMIT, None, ACK_WINDOW),
}
# Attempts older than this are deleted by the daily autovacuum (longer than every window).
ATTEMPT_RETENTION_HOURS = 24
# First key of the PostgreSQL advisory locks of the limits (the portal's is 0x43484B).
ATTEMPT_LOCK_NAMESPACE = 0x4F333131  # "O311"
