from odoo.addons.chikaya_complaints.tools import log_redaction

from . import models, tools, controllers
from .hooks import post_init_hook

# Open311 clients may send their API key in the query string (older ones do, even on POST).
log_redaction.install("api_key")
