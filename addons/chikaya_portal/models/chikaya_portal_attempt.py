from datetime import timedelta

from odoo import api, fields, models

from . import portal_data as pd


class ChikayaPortalAttempt(models.Model):
    """One submission, or one wrong tracking pair, from one address: what the per-address
    limits count. Public visitors never read these rows; the controllers go through
    `_is_limited` / `_record`, which use sudo() on this model only (`attempt_sudo`).

    Why a table rather than memory: Odoo runs several workers, each with its own memory;
    the database is what they share."""

    _name = "chikaya.portal.attempt"
    _description = "Public form attempt (rate limit)"
    _order = "id desc"
    _log_access = False

    kind = fields.Selection(pd.ATTEMPT_KINDS, required=True)
    ip = fields.Char("Address", required=True)
    attempt_date = fields.Datetime(required=True, default=fields.Datetime.now)

    _kind_ip_date_idx = models.Index("(kind, ip, attempt_date)")

    @api.model
    def _limit(self, kind):
        """(maximum attempts, window in minutes) for `kind`, from the settings."""
        limit_key, limit_default, window_key, window_default = pd.ATTEMPT_LIMITS[kind]
        params = self.env["ir.config_parameter"].sudo()
        try:
            limit = int(params.get_param(limit_key, limit_default))
            window = int(params.get_param(window_key, window_default))
        except ValueError:
            limit, window = limit_default, window_default
        return limit, window

    @api.model
    def _is_limited(self, kind, ip):
        """True when `ip` has reached the limit of `kind` within the window: the caller then
        refuses the request (HTTP 429) without looking further."""
        limit, window = self._limit(kind)
        if limit <= 0:
            return False
        since = fields.Datetime.now() - timedelta(minutes=window)
        attempt_sudo = self.sudo()
        count = attempt_sudo.search_count(
            [("kind", "=", kind), ("ip", "=", ip or "?"), ("attempt_date", ">=", since)],
            limit=limit,
        )
        return count >= limit

    @api.model
    def _record(self, kind, ip):
        attempt_sudo = self.sudo()
        attempt_sudo.create({"kind": kind, "ip": ip or "?"})

    @api.autovacuum
    def _gc_attempts(self):
        cutoff = fields.Datetime.now() - timedelta(hours=pd.ATTEMPT_RETENTION_HOURS)
        self.sudo().search([("attempt_date", "<", cutoff)]).unlink()
