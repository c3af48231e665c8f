"""The portal's constants, in one place (the core's are in chikaya_complaints'
models/complaint_data.py)."""

# ---- Abuse limits (ir.config_parameter keys and their defaults) ----------------------------
# Accepted submissions per address and window; wrong tracking pairs per address and window.
PARAM_SUBMIT_LIMIT = "chikaya_portal.submit_limit"
PARAM_SUBMIT_WINDOW = "chikaya_portal.submit_window_minutes"
PARAM_TRACK_LIMIT = "chikaya_portal.track_failure_limit"
PARAM_TRACK_WINDOW = "chikaya_portal.track_window_minutes"
DEFAULT_SUBMIT_LIMIT = 5
DEFAULT_SUBMIT_WINDOW = 60
DEFAULT_TRACK_LIMIT = 10
DEFAULT_TRACK_WINDOW = 15
ATTEMPT_SUBMIT = "submit"
ATTEMPT_TRACK_FAILURE = "track_failure"
ATTEMPT_KINDS = [(ATTEMPT_SUBMIT, "Submission"), (ATTEMPT_TRACK_FAILURE, "Wrong tracking pair")]
ATTEMPT_LIMITS = {
    # kind: (limit key, default limit, window key, default window)
    ATTEMPT_SUBMIT: (
        PARAM_SUBMIT_LIMIT,
        DEFAULT_SUBMIT_LIMIT,
        PARAM_SUBMIT_WINDOW,
        DEFAULT_SUBMIT_WINDOW,
    ),
    ATTEMPT_TRACK_FAILURE: (
        PARAM_TRACK_LIMIT,
        DEFAULT_TRACK_LIMIT,
        PARAM_TRACK_WINDOW,
        DEFAULT_TRACK_WINDOW,
    ),
}
# Attempts older than this are deleted by the daily autovacuum.
ATTEMPT_RETENTION_HOURS = 24

# ---- Filing (public form: controllers/main.py, models/chikaya_complaint_submission.py) ------
# Longest accepted input, in characters (the database would take more; people and bots
# should not).
MAX_LENGTHS = {
    "subject": 200,
    "description": 10000,
    "citizen_name": 120,
    "citizen_id_number": 20,
    "citizen_email": 254,
    "citizen_phone": 20,
}
MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes, per file
# The types accepted, recognised from the first bytes of the file (never from its name or
# the type the browser declares): mimetype -> (signatures, extension).
FILE_SIGNATURES = {
    "application/pdf": ((b"%PDF-",), "pdf"),
    "image/jpeg": ((b"\xff\xd8\xff",), "jpg"),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), "png"),
}
# Form field names (the template and the parser agree on these).
HONEYPOT_FIELD = "website_url"
FORM_FIELDS = (
    "kind",
    "region_id",
    "province_id",
    "commune_id",
    "theme_id",
    "subject",
    "description",
    "citizen_name",
    "citizen_id_type",
    "citizen_id_number",
    "citizen_email",
    "citizen_phone",
    "consent",
)
# Session key holding the id of the complaint just filed, read once by the confirmation.
SESSION_CONFIRMATION_KEY = "chikaya_portal_filed_complaint"
# The confirmation page is shown only this long after the filing.
CONFIRMATION_TTL_SECONDS = 30 * 60

# ---- Follow-up (tracking page and /my/complaints: reply, rate, reopen) ---------------------
# Longest tracking number or access code accepted as input (longer is "not found" at once).
TRACK_MAX_INPUT = 64
# The citizen's reply to a request for information and the comment of a rating, in
# characters; the reply's files follow the filing form's rules (MAX_FILES, MAX_FILE_SIZE,
# FILE_SIGNATURES above).
REPLY_MAX_LENGTH = 5000
# /my/complaints: complaints per page.
MY_COMPLAINTS_PER_PAGE = 20
