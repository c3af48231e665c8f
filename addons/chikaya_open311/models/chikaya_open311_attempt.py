from odoo import api, fields, models

from . import open311_data as od


class ChikayaOpen311Attempt(models.Model):
    """One request counted by a limit of the Open311 API (open311_data.ATTEMPT_LIMITS): a
    request made with an API key (counted for the key), a read without a key (counted for
    the client's address), an acknowledgement email (counted for its recipient). How they
    are counted, atomically across workers: the core's chikaya.attempt.mixin, as the
    website's limits (this module depends on the core only)."""

    _name = "chikaya.open311.attempt"
    _inherit = ["chikaya.attempt.mixin"]
    _description = "Open311 API request (rate limit)"

    kind = fields.Selection(od.ATTEMPT_KINDS, required=True)

    _kind_key_date_idx = models.Index("(kind, key, attempt_date)")

    @api.model
    def _attempt_limits(self):
        return od.ATTEMPT_LIMITS

    @api.model
    def _attempt_lock_namespace(self):
        return od.ATTEMPT_LOCK_NAMESPACE

    @api.model
    def _attempt_retention_hours(self):
        return od.ATTEMPT_RETENTION_HOURS
