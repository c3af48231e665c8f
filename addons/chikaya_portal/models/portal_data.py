"""The portal's constants, in one place (the core's are in chikaya_complaints'
models/complaint_data.py)."""

from odoo.addons.chikaya_complaints.tools import uploads

# Seconds a public page stays rendered for visitors without an account when nothing clears
# it before (chikaya.public.page; Odoo keeps its own website pages as long).
PAGE_CACHE_SECONDS = 3600

# The portal's pages of a complaint: tracking without an account, and the citizen's list.
TRACK_URL = "/complaints/track"
MY_URL = "/my/complaints"

# ---- Abuse limits (ir.config_parameter keys and their defaults; 0 disables a limit) -------
# Every limit counts rows of chikaya.portal.attempt: (kind, key, time). The key is the
# client's address, or the address and a tracking number, or an email address.
#
# Posts to the filing form, accepted or refused (a robot sending garbage meets this one);
# accepted filings (a citizen correcting mistakes in the form is not locked out by it).
PARAM_POST_LIMIT = "chikaya_portal.post_limit"
PARAM_POST_WINDOW = "chikaya_portal.post_window_minutes"
PARAM_SUBMIT_LIMIT = "chikaya_portal.submit_limit"
PARAM_SUBMIT_WINDOW = "chikaya_portal.submit_window_minutes"
DEFAULT_POST_LIMIT = 30
DEFAULT_POST_WINDOW = 60
DEFAULT_SUBMIT_LIMIT = 5
DEFAULT_SUBMIT_WINDOW = 60
# Wrong tracking pairs: per address and tracking number (one visitor's mistakes lock only
# that number, from that address), and per address with a higher limit (many visitors share
# one address behind a carrier's NAT; past it the address can guess no number at all).
PARAM_TRACK_PAIR_LIMIT = "chikaya_portal.track_pair_limit"
PARAM_TRACK_PAIR_WINDOW = "chikaya_portal.track_pair_window_minutes"
PARAM_TRACK_LIMIT = "chikaya_portal.track_address_limit"
PARAM_TRACK_WINDOW = "chikaya_portal.track_window_minutes"
DEFAULT_TRACK_PAIR_LIMIT = 5
DEFAULT_TRACK_PAIR_WINDOW = 15
DEFAULT_TRACK_LIMIT = 100
DEFAULT_TRACK_WINDOW = 15
# Acknowledgement emails sent to one recipient address per 24 hours by website filings
# (beyond it the complaint is filed and the confirmation page shows its references, but no
# email goes out: the form is not a way to send mail to anyone).
PARAM_ACK_DAILY_LIMIT = "chikaya_portal.ack_daily_limit"
DEFAULT_ACK_DAILY_LIMIT = 3
ACK_WINDOW = 24 * 60
# Links proving an account's email address (/my/complaints), per account and 24 hours.
PARAM_EMAIL_PROOF_DAILY_LIMIT = "chikaya_portal.email_proof_daily_limit"
DEFAULT_EMAIL_PROOF_DAILY_LIMIT = 3

ATTEMPT_POST = "post"
ATTEMPT_SUBMIT = "submit"
ATTEMPT_TRACK_FAILURE = "track_failure"
ATTEMPT_TRACK_PAIR = "track_pair"
ATTEMPT_ACK = "ack"
ATTEMPT_EMAIL_PROOF = "email_proof"
ATTEMPT_SIMILAR = "similar"
ATTEMPT_SUPPORT = "support"
ATTEMPT_KINDS = [
    (ATTEMPT_POST, "Post of the filing form"),
    (ATTEMPT_SUBMIT, "Submission"),
    (ATTEMPT_TRACK_FAILURE, "Wrong tracking pair"),
    (ATTEMPT_TRACK_PAIR, "Wrong code for one tracking number"),
    (ATTEMPT_ACK, "Acknowledgement email"),
    (ATTEMPT_EMAIL_PROOF, "Email address proof link"),
    (ATTEMPT_SIMILAR, "Search for look-alike complaints"),
    (ATTEMPT_SUPPORT, "Support of a complaint"),
]
ATTEMPT_LIMITS = {
    # kind: (limit key, default limit, window key or None, default window in minutes)
    ATTEMPT_POST: (PARAM_POST_LIMIT, DEFAULT_POST_LIMIT, PARAM_POST_WINDOW, DEFAULT_POST_WINDOW),
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
    ATTEMPT_TRACK_PAIR: (
        PARAM_TRACK_PAIR_LIMIT,
        DEFAULT_TRACK_PAIR_LIMIT,
        PARAM_TRACK_PAIR_WINDOW,
        DEFAULT_TRACK_PAIR_WINDOW,
    ),
    ATTEMPT_ACK: (PARAM_ACK_DAILY_LIMIT, DEFAULT_ACK_DAILY_LIMIT, None, ACK_WINDOW),
    ATTEMPT_EMAIL_PROOF: (
        PARAM_EMAIL_PROOF_DAILY_LIMIT,
        DEFAULT_EMAIL_PROOF_DAILY_LIMIT,
        None,
        ACK_WINDOW,
    ),
}
# The filing form's search for complaints that look like the one typed (/complaints/similar:
# the browser asks as the citizen types, at most once a second) and the support of one
# (/complaints/support: every post counted, refused ones included), per address.
PARAM_SIMILAR_LIMIT = "chikaya_portal.similar_limit"
PARAM_SIMILAR_WINDOW = "chikaya_portal.similar_window_minutes"
DEFAULT_SIMILAR_LIMIT = 120
DEFAULT_SIMILAR_WINDOW = 15
PARAM_SUPPORT_LIMIT = "chikaya_portal.support_limit"
PARAM_SUPPORT_WINDOW = "chikaya_portal.support_window_minutes"
DEFAULT_SUPPORT_LIMIT = 10
DEFAULT_SUPPORT_WINDOW = 60
ATTEMPT_LIMITS.update(
    {
        ATTEMPT_SIMILAR: (
            PARAM_SIMILAR_LIMIT,
            DEFAULT_SIMILAR_LIMIT,
            PARAM_SIMILAR_WINDOW,
            DEFAULT_SIMILAR_WINDOW,
        ),
        ATTEMPT_SUPPORT: (
            PARAM_SUPPORT_LIMIT,
            DEFAULT_SUPPORT_LIMIT,
            PARAM_SUPPORT_WINDOW,
            DEFAULT_SUPPORT_WINDOW,
        ),
    }
)
# Attempts older than this are deleted by the daily autovacuum (longer than every window).
ATTEMPT_RETENTION_HOURS = 24
# First key of the PostgreSQL advisory locks that make a limit's count-and-record atomic
# (the second is a hash of the attempt's kind and key); any constant no other code uses.
ATTEMPT_LOCK_NAMESPACE = 0x43484B  # "CHK"
# Routing key of the routes whose every POST is counted, before the body is read (see
# models/ir_http.py): @http.route(..., chikaya_post_limit=ATTEMPT_POST).
ROUTING_POST_LIMIT = "chikaya_post_limit"

# ---- Security headers of the website's pages (models/ir_http.py) ---------------------------
# Script only from this site. 'unsafe-inline' because Odoo's own layouts (web.layout,
# website.layout: the session info, the cookie bar, the analytics snippets, the website's
# custom code) write inline <script> elements that no template can give a per-request nonce
# (Odoo 19's QWeb has none, and the website's custom code is HTML typed by administrators).
# 'unsafe-eval' because Owl compiles its templates with `new Function`: the frontend's
# dialogs and notifications, the website editor (which edits these pages in a frame) and the
# tours are Owl; without it Chromium blocks them ("script-src blocked eval",
# tests/test_security_headers.py). Framing only by this site (the website editor), no
# plugins, no <base> elsewhere, forms posting only here.
FRONTEND_CSP = "; ".join(
    [
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

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
    "address": 200,
}
# The files' rules are the core's (tools/uploads.py: the API applies them too): how many, how
# large, which types (recognised from the first bytes). The routes that read files refuse a
# larger body than MAX_REQUEST_SIZE (HTTP 413) before reading it.
MAX_FILES = uploads.MAX_FILES
MAX_FILE_SIZE = uploads.MAX_FILE_SIZE
MAX_REQUEST_SIZE = uploads.MAX_REQUEST_SIZE
FILE_SIGNATURES = uploads.FILE_SIGNATURES
# Form field names (the template and the parser agree on these).
HONEYPOT_FIELD = "website_url"
# The value the consent checkbox sends when ticked: the only value that is consent.
CONSENT_VALUE = "1"
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
# The optional location of the filing form (all three may be left empty).
LOCATION_FIELDS = ("address", "latitude", "longitude")
# The error key chikaya.complaint.submission._submit answers with when the address has
# reached the limit of accepted filings (the controller then sends the 429 page, not the form).
SUBMIT_LIMITED = "_limited"
# The look-alike search reads at most this many characters of subject and description.
SIMILAR_MAX_TEXT = 2000
# The support form's fields (/complaints/support).
SUPPORT_FIELDS = ("number", "email", "consent")
# Session key holding the id of the complaint just filed, read once by the confirmation.
SESSION_CONFIRMATION_KEY = "chikaya_portal_filed_complaint"
# The confirmation page is shown only this long after the filing.
CONFIRMATION_TTL_SECONDS = 30 * 60

# The FAQ's search box: longest search, in characters.
FAQ_SEARCH_MAX_LENGTH = 100

# ---- Follow-up (tracking page and /my/complaints: reply, rate, reopen) ---------------------
# Longest tracking number or access code accepted as input (longer is "not found" at once).
TRACK_MAX_INPUT = 64
# The citizen's reply to a request for information and the comment of a rating, in
# characters; the reply's files follow the filing form's rules (MAX_FILES, MAX_FILE_SIZE,
# FILE_SIGNATURES above).
REPLY_MAX_LENGTH = 5000
# /my/complaints: complaints per page.
MY_COMPLAINTS_PER_PAGE = 20

# ---- The public site (hooks.py, models/res_company.py, the header, footer and home page) ---
# What `/` serves (website.homepage_url: the landing page's controller, without a redirect).
HOMEPAGE_URL = "/complaints"
FILING_URL = "/complaints/new"
FAQ_URL = "/complaints/faq"
# Questions of the FAQ shown on the home page (the first ones in the FAQ's order).
HOME_FAQ_COUNT = 3
# The institution's name until an administrator gives it (Settings > Complaints > Institution):
# French, Arabic. Data in both languages, not interface text.
DEFAULT_INSTITUTION_NAME = ("Collectivité territoriale", "الجماعة الترابية")
# Names Odoo gives a new database's company and website: the set-up replaces them.
ODOO_PLACEHOLDER_NAMES = ("YourCompany", "My Company", "My Website")
# A neutral emblem, in place of Odoo's "Your logo" image until the institution's is uploaded.
DEFAULT_LOGO_PATH = "chikaya_portal/static/src/img/institution_logo.png"
# The website's colours at installation (the website builder's custom palette, which a
# designer changes in the builder): the emblem's blue as primary (10.4:1 on white) and the
# Moroccan flag's green as secondary (7.5:1 on white).
SITE_PALETTE_SCSS = "/website/static/src/scss/options/colors/user_color_palette.scss"
SITE_COLORS = {"o-color-1": "#0b3d91", "o-color-2": "#006233"}
# The website builder's option that puts a search box in the header (switched off at
# installation, see hooks.py).
HEADER_SEARCH_BOX_VIEW = "website.header_search_box"
# Languages whose value comes from the institution's Arabic fields (res.company).
ARABIC_PREFIX = "ar"
