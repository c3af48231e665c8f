from odoo import api, fields, models

from . import portal_data as pd


class ChikayaPortalAttempt(models.Model):
    """One attempt counted by a limit of the website: a post of the filing form, an accepted
    filing, a wrong tracking pair, an acknowledgement email (see portal_data.ATTEMPT_LIMITS),
    with the key it is counted for (the client's address, the address and a tracking number,
    or an email address). How they are counted: the core's chikaya.attempt.mixin."""

    _name = "chikaya.portal.attempt"
    _inherit = ["chikaya.attempt.mixin"]
    _description = "Public form attempt (rate limit)"

    kind = fields.Selection(pd.ATTEMPT_KINDS, required=True)

    _kind_key_date_idx = models.Index("(kind, key, attempt_date)")

    @api.model
    def _attempt_limits(self):
        return pd.ATTEMPT_LIMITS

    @api.model
    def _attempt_lock_namespace(self):
        return pd.ATTEMPT_LOCK_NAMESPACE

    @api.model
    def _attempt_retention_hours(self):
        return pd.ATTEMPT_RETENTION_HOURS
