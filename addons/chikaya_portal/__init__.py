from odoo.addons.chikaya_complaints.tools import log_redaction

from . import controllers, models
from .hooks import post_init_hook

# The query parameters of the portal's secrets: the access code (the tracking page's `code`,
# `/my/complaints/<id>?access_token=`) and the email proof's signed link (`token`).
log_redaction.install("code", "access_token", "token")
