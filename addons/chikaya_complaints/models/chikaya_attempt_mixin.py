from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.settings import get_int_param


class ChikayaAttemptMixin(models.AbstractModel):
    """Rows counted by the limits of a public entry point (the website's forms:
    chikaya_portal's `chikaya.portal.attempt`; the Open311 API: chikaya_open311's
    `chikaya.open311.attempt`), and the one atomic way to count them: `_reserve`.

    A model inheriting it declares `kind` (its selection of what is counted) and the index
    `(kind, key, attempt_date)`, and returns its limits (`_attempt_limits`), the namespace of
    its advisory locks (`_attempt_lock_namespace`) and how long rows are kept
    (`_attempt_retention_hours`). Public visitors never read these rows: the routes go
    through `_reserve` / `_release`, which work in cursors of their own.

    Why a table rather than memory: Odoo runs several workers, each with its own memory; the
    database is what they share."""

    _name = "chikaya.attempt.mixin"
    _description = "Rate-limited attempt"
    _order = "id desc"
    _log_access = False

    key = fields.Char(
        required=True,
        help="What the attempt is counted for: the client's address (and a tracking number), "
        "an API key, or an email address.",
    )
    attempt_date = fields.Datetime(required=True, default=fields.Datetime.now)

    @api.model
    def _attempt_limits(self):
        """{kind: (limit setting, default, window setting or None, default window in
        minutes)}: the inheriting module's constants."""
        raise NotImplementedError

    @api.model
    def _attempt_lock_namespace(self):
        """The first key of the advisory locks (an int4 of the module's own)."""
        raise NotImplementedError

    @api.model
    def _attempt_retention_hours(self):
        raise NotImplementedError

    @api.model
    def _limit(self, kind):
        """(maximum attempts, window in minutes) for `kind`, from the settings."""
        limit_key, limit_default, window_key, window_default = self._attempt_limits()[kind]
        limit = get_int_param(self.env, limit_key, limit_default)
        window = (
            get_int_param(self.env, window_key, window_default) if window_key else window_default
        )
        return limit, window

    @api.model
    def _count(self, kind, key):
        """Attempts of `kind` for `key` within the window (as the limit counts them)."""
        _limit, window = self._limit(kind)
        since = fields.Datetime.now() - timedelta(minutes=window)
        attempt_sudo = self.sudo()
        return attempt_sudo.search_count(
            [("kind", "=", kind), ("key", "=", key or "?"), ("attempt_date", ">=", since)]
        )

    @api.model
    def _reserve(self, kind, key, limit=None):
        """Count the attempts of `kind` for `key` within the window and, when the limit
        (`limit` when given and positive, else the setting's; 0: disabled) is not reached,
        record one: return its id, and the caller goes on; at the limit return False, record
        nothing, and the caller refuses (HTTP 429).

        Atomic across workers and threads, and committed at once, whatever becomes of the
        request (a refused post still counts). Why a cursor of its own, a session-level
        advisory lock and two transactions: the request runs in REPEATABLE READ, so a count
        made in its transaction sees the database as it was when the request began, and any
        number of parallel requests would all count the same rows and all pass. Here the
        lock is taken and committed first; the count then runs in a new transaction on the
        same connection, whose snapshot is taken after the lock was granted, so it sees every
        attempt recorded by the previous holder; the attempt is committed before the lock is
        released. (A transaction-level lock taken by the counting transaction itself would
        not do: its snapshot would date from before the wait.) The lock is per kind and key,
        so unrelated limits never wait for each other."""
        setting, _window = self._limit(kind)
        limit = limit if limit and limit > 0 else setting
        key = key or "?"
        lock_args = (self._attempt_lock_namespace(), f"{kind} {key}")
        self._end_readonly_transaction()
        # The commits below are those of this cursor of its own, never the request's: they
        # are the point of the method (see above).
        with self.env.registry.cursor() as cr:
            cr.execute(SQL("SELECT pg_advisory_lock(%s, hashtext(%s))", *lock_args))
            cr.commit()  # pylint: disable=invalid-commit
            try:
                attempt_sudo = self.env(cr=cr, su=True)[self._name]
                allowed = limit <= 0 or attempt_sudo._count(kind, key) < limit
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
        """In a read-only request (readonly=True routes, served by the database replica), end
        its transaction before opening the limiter's read/write cursor on the primary, as
        Odoo does for the asset bundles (web/controllers/binary.py, content_assets): it wrote
        nothing, so nothing is lost, and Odoo's test cursors refuse a read/write cursor
        opened from a read-only one that has started ("Opening a read/write test cursor from
        a readonly one")."""
        if self.env.cr.readonly:
            self.env.cr.rollback()

    @api.model
    def _release(self, attempt_id):
        """Forget an attempt `_reserve` recorded for something that did not happen after all
        (a filing the core still refused, a tracking pair that was right), in a cursor of its
        own like the reservation."""
        if not attempt_id:
            return
        self._end_readonly_transaction()
        with self.env.registry.cursor() as cr:
            self.env(cr=cr, su=True)[self._name].browse(attempt_id).exists().unlink()

    @api.model
    def _record(self, kind, key):
        """Record an attempt in the current transaction, without any limit (tests set up a
        limit's state with it)."""
        attempt_sudo = self.sudo()
        return attempt_sudo.create({"kind": kind, "key": key or "?"})

    @api.autovacuum
    def _gc_attempts(self):
        if self._abstract:
            return
        cutoff = fields.Datetime.now() - timedelta(hours=self._attempt_retention_hours())
        self.sudo().search([("attempt_date", "<", cutoff)]).unlink()
