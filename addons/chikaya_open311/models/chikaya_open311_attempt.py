from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.chikaya_complaints.tools.settings import get_int_param

from . import open311_data as od


class ChikayaOpen311Attempt(models.Model):
    """One request counted by a limit of the Open311 API (open311_data.ATTEMPT_LIMITS): a
    request made with an API key (counted for the key), a read without a key (counted for
    the client's address), an acknowledgement email (counted for its recipient). The routes
    go through `_reserve` / `_release`, which work in cursors of their own.

    The same mechanism as chikaya_portal's chikaya.portal.attempt (this module depends on
    the core only): a table, because Odoo's workers share no memory; an advisory lock and a
    transaction of its own, so that the count is atomic."""

    _name = "chikaya.open311.attempt"
    _description = "Open311 API request (rate limit)"
    _order = "id desc"
    _log_access = False

    kind = fields.Selection(od.ATTEMPT_KINDS, required=True)
    key = fields.Char(
        required=True,
        help="What the request is counted for: an API key (its id), the client's address, or "
        "an email address.",
    )
    attempt_date = fields.Datetime(required=True, default=fields.Datetime.now)

    _kind_key_date_idx = models.Index("(kind, key, attempt_date)")

    @api.model
    def _limit(self, kind):
        """(maximum requests, window in minutes) for `kind`, from the settings."""
        limit_key, limit_default, window_key, window_default = od.ATTEMPT_LIMITS[kind]
        limit = get_int_param(self.env, limit_key, limit_default)
        window = (
            get_int_param(self.env, window_key, window_default) if window_key else window_default
        )
        return limit, window

    @api.model
    def _count(self, kind, key):
        """Requests of `kind` for `key` within the window (as the limit counts them)."""
        _limit, window = self._limit(kind)
        since = fields.Datetime.now() - timedelta(minutes=window)
        attempt_sudo = self.sudo()
        return attempt_sudo.search_count(
            [("kind", "=", kind), ("key", "=", key or "?"), ("attempt_date", ">=", since)]
        )

    @api.model
    def _reserve(self, kind, key, limit=None):
        """Count the requests of `kind` for `key` within the window and, when the limit
        (`limit` when given and positive, else the setting's; 0: disabled) is not reached,
        record one: return its id, and the caller goes on; at the limit return False, record
        nothing, and the caller refuses (HTTP 429).

        Atomic across workers and threads, and committed at once whatever becomes of the
        request (a refused request still counts). The request's own transaction cannot count:
        it runs in REPEATABLE READ, so parallel requests would all see the same rows and all
        pass. A cursor of its own takes a session-level advisory lock (per kind and key) and
        commits; the count then runs in a new transaction whose snapshot follows the lock, and
        the new row is committed before the lock is released."""
        setting, window = self._limit(kind)
        limit = limit if limit and limit > 0 else setting
        key = key or "?"
        lock_args = (od.ATTEMPT_LOCK_NAMESPACE, f"{kind} {key}")
        self._end_readonly_transaction()
        # The commits below are those of this cursor of its own, never the request's: they
        # are the point of the method (see above).
        with self.env.registry.cursor() as cr:
            cr.execute(SQL("SELECT pg_advisory_lock(%s, hashtext(%s))", *lock_args))
            cr.commit()  # pylint: disable=invalid-commit
            try:
                attempt_sudo = self.env(cr=cr, su=True)[self._name]
                since = fields.Datetime.now() - timedelta(minutes=window)
                count = attempt_sudo.search_count(
                    [("kind", "=", kind), ("key", "=", key), ("attempt_date", ">=", since)]
                )
                allowed = limit <= 0 or count < limit
                attempt_id = allowed and attempt_sudo.create({"kind": kind, "key": key}).id
                cr.commit()  # pylint: disable=invalid-commit
            finally:
                # Whatever happened, the lock is given back before the connection returns to
                # the pool (a session-level lock outlives transactions).
                cr.rollback()
                cr.execute(SQL("SELECT pg_advisory_unlock(%s, hashtext(%s))", *lock_args))
                cr.commit()  # pylint: disable=invalid-commit
        return attempt_id

    @api.model
    def _end_readonly_transaction(self):
        """In a read-only request (the API's reads, served by the database replica when there
        is one), end its transaction before opening the limiter's read/write cursor on the
        primary: it wrote nothing, so nothing is lost, and Odoo's test cursors refuse a
        read/write cursor opened from a read-only one that has started."""
        if self.env.cr.readonly:
            self.env.cr.rollback()

    @api.model
    def _release(self, attempt_id):
        """Forget a request `_reserve` recorded for something that did not happen after all
        (an acknowledgement the complaint's creation did not send), in a cursor of its own."""
        if not attempt_id:
            return
        self._end_readonly_transaction()
        with self.env.registry.cursor() as cr:
            self.env(cr=cr, su=True)[self._name].browse(attempt_id).exists().unlink()

    @api.autovacuum
    def _gc_attempts(self):
        cutoff = fields.Datetime.now() - timedelta(hours=od.ATTEMPT_RETENTION_HOURS)
        self.sudo().search([("attempt_date", "<", cutoff)]).unlink()
