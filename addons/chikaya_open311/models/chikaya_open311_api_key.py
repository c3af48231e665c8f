import contextlib
import contextvars
import secrets
import weakref

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import hmac

from odoo.addons.chikaya_complaints.tools.public_input import clean_text

from . import open311_data as od

# The keys generated on each cursor: {cursor: {key id: plain key}}, the only place the plain
# key exists on the server, for as long as the cursor (the request that created it) lives.
_NEW_KEYS = weakref.WeakKeyDictionary()
# Set while action_revoke writes (a context variable: RPC callers cannot set it, as they could
# a context key).
_REVOKING = contextvars.ContextVar("chikaya_open311_revoking", default=False)
# The fields only creation and revocation write.
PROTECTED_FIELDS = {"key_hash", "key_prefix", "active", "revoked_date", "revoked_by_id"}


@contextlib.contextmanager
def _revoking():
    token = _REVOKING.set(True)
    try:
        yield
    finally:
        _REVOKING.reset(token)


class ChikayaOpen311ApiKey(models.Model):
    """The key of one client application of the Open311 API (the city's mobile app, a call
    centre's tool, FixMyStreet…), created by an administrator.

    Why a model of its own rather than Odoo's res.users.apikeys: those belong to a user and
    act as that user over RPC, while an Open311 key acts as nobody; it only says which
    application posts (so that its requests can be counted, traced to it and cut off).

    Kept only as an HMAC keyed with the database secret, like the complaints' access codes:
    the plain key is shown once, in the form's answer to the save, and nowhere afterwards.
    A revoked key stays revoked: the application gets a new one."""

    _name = "chikaya.open311.api.key"
    _description = "Open311 API key"
    _order = "active desc, name, id"

    name = fields.Char(
        "Client application",
        required=True,
        help="The application that uses the key, e.g. “Chikaya mobile app (Android)”.",
    )
    note = fields.Text(help="Who develops the application and how to reach them.")
    key_prefix = fields.Char(
        "Key starts with",
        readonly=True,
        copy=False,
        help="The first characters of the key, to tell keys apart; the key itself is not kept.",
    )
    # (readable like any field: without the database secret, the HMAC says nothing of the key)
    key_hash = fields.Char(readonly=True, copy=False, prefetch=False)
    new_key = fields.Char(
        "API key",
        compute="_compute_new_key",
        help="Shown once, right after the key is created: give it to the application's "
        "developers now. It is not stored and cannot be shown again.",
    )
    rate_limit = fields.Integer(
        "Requests per window",
        help="How many requests the application may send with this key in the window of the "
        "setting chikaya_open311.key_window_minutes; 0: the setting chikaya_open311.key_limit.",
    )
    usage_count = fields.Integer("Requests in the current window", compute="_compute_usage_count")
    active = fields.Boolean(default=True, readonly=True)
    revoked_date = fields.Datetime(readonly=True, copy=False)
    revoked_by_id = fields.Many2one("res.users", "Revoked by", readonly=True, copy=False)
    complaint_count = fields.Integer("Complaints filed", compute="_compute_complaint_count")

    _key_hash_uniq = models.UniqueIndex(
        "(key_hash) WHERE key_hash IS NOT NULL", "An API key must be unique."
    )
    _rate_limit_positive = models.Constraint(
        "CHECK(rate_limit >= 0)", "The number of requests per window cannot be negative."
    )

    @api.depends_context("uid")
    def _compute_new_key(self):
        keys = _NEW_KEYS.get(self.env.cr, {})
        for api_key in self:
            api_key.new_key = keys.get(api_key.id, False)

    def _compute_usage_count(self):
        """Read from the limiter's table at each read (no field to depend on): what the
        rate limit counts now."""
        Attempt = self.env["chikaya.open311.attempt"]
        for api_key in self:
            api_key.usage_count = Attempt._count(od.ATTEMPT_KEY, api_key._attempt_key())

    def _compute_complaint_count(self):
        # (administrators read every complaint; archived ones count too)
        complaints = self.env["chikaya.complaint"].with_context(active_test=False)
        counts = {
            api_key.id: count
            for api_key, count in complaints._read_group(
                [("open311_api_key_id", "in", self.ids)], ["open311_api_key_id"], ["__count"]
            )
        }
        for api_key in self:
            api_key.complaint_count = counts.get(api_key.id, 0)

    # ---- CRUD -----------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        plain_keys = [secrets.token_urlsafe(od.API_KEY_BYTES) for _vals in vals_list]
        for vals, plain in zip(vals_list, plain_keys, strict=True):
            vals.update(
                key_hash=self._hash_key(plain),
                key_prefix=plain[: od.API_KEY_PREFIX_LENGTH],
                active=True,
                revoked_date=False,
                revoked_by_id=False,
            )
        api_keys = super().create(vals_list)
        _NEW_KEYS.setdefault(self.env.cr, {}).update(zip(api_keys.ids, plain_keys, strict=True))
        api_keys.invalidate_recordset(["new_key"])
        return api_keys

    def write(self, vals):
        if PROTECTED_FIELDS & vals.keys() and not _REVOKING.get():
            raise UserError(
                self.env._(
                    "An API key is not changed: revoke it with “Revoke”, and create a new one "
                    "for the application."
                )
            )
        return super().write(vals)

    def action_archive(self):
        return self.action_revoke()

    def action_unarchive(self):
        raise UserError(
            self.env._("A revoked key stays revoked: create a new key for the application.")
        )

    @api.constrains("active", "revoked_date")
    def _check_revoked(self):
        for api_key in self:
            if api_key.active == bool(api_key.revoked_date):
                raise ValidationError(self.env._("A key is either in use or revoked."))

    # ---- Actions --------------------------------------------------------------------------

    def action_revoke(self):
        """Revoke the keys: the next request made with one of them is refused (HTTP 403)."""
        to_revoke = self.filtered("active")
        with _revoking():
            to_revoke.write(
                {
                    "active": False,
                    "revoked_date": fields.Datetime.now(),
                    "revoked_by_id": self.env.uid,
                }
            )
        return True

    # ---- Business methods -----------------------------------------------------------------

    @api.model
    def _hash_key(self, plain):
        """The stored form of a key: an HMAC keyed with the database secret, so that a copy of
        the table (a backup, a replica) does not give the keys."""
        return hmac(self.env(su=True), od.API_KEY_SCOPE, plain)

    @api.model
    def _authenticate(self, plain):
        """The key in use whose plain value is `plain` (as sent by a client: cleaned here), as
        superuser; an empty recordset for anything else (unknown, revoked, not a string, too
        long). Looked up by its HMAC, which the client cannot choose: no timing tells
        anything about the stored keys."""
        plain = clean_text(plain)
        if not plain or len(plain) > od.API_KEY_MAX_LENGTH:
            return self.browse()
        # Applications are not users: their requests run as the public user, who may not
        # read keys; the lookup by HMAC is the only thing done as superuser.
        keys_sudo = self.sudo()
        return keys_sudo.search([("key_hash", "=", self._hash_key(plain))], limit=1)

    def _attempt_key(self):
        """What the limiter counts this key's requests under (its id, never the secret)."""
        self.ensure_one()
        return f"key-{self.id}"
