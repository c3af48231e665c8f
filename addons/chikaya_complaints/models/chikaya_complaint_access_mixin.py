import secrets
import weakref

from odoo import api, fields, models
from odoo.tools import consteq
from odoo.tools.misc import hmac

from . import complaint_data as cd

# The access codes generated on each cursor: {cursor: {complaint id: plain code}}, the only
# place the plain code exists on the server, for as long as the cursor (the request) lives.
# Not the cursor's own cache, which a rolled-back savepoint empties.
_NEW_CODES = weakref.WeakKeyDictionary()
# HMAC scope of the stored access codes.
ACCESS_CODE_SCOPE = "chikaya.complaint.access_code"


class ChikayaComplaintAccessMixin(models.AbstractModel):
    """A complaint's access code: generated at registration, kept only as an HMAC, shown
    once (to the staff who register it, on the citizen's confirmation page and in the
    acknowledgement, which is sent here), replaced on request; and the public page where
    it is used (none in the core, chikaya_portal's tracking page)."""

    _name = "chikaya.complaint.access.mixin"
    _description = "Complaint: access code"

    # The access code is kept only as an HMAC (keyed with the database secret): staff see it
    # once, when they register the complaint, and the citizen once, on the confirmation page
    # and in the acknowledgement; nobody can read it afterwards. portal.mixin's
    # `access_token` stays empty, so Odoo's generic token routes never open a complaint.
    # (readable like any field: without the database secret, the HMAC says nothing about
    # the code, one of 31^12)
    access_code_hash = fields.Char(readonly=True, copy=False, prefetch=False)
    new_access_code = fields.Char(
        "Access code",
        compute="_compute_new_access_code",
        help="Shown once, right after registration: give it to the citizen with the tracking "
        "number. It is not stored and cannot be shown again; “Give a new access code” "
        "replaces it.",
    )

    @api.depends_context("uid")
    def _compute_new_access_code(self):
        codes = _NEW_CODES.get(self.env.cr, {})
        for complaint in self:
            complaint.new_access_code = codes.get(complaint.id, False)

    @api.model
    def _generate_access_code(self):
        return "".join(
            secrets.choice(cd.ACCESS_CODE_ALPHABET) for _i in range(cd.ACCESS_CODE_LENGTH)
        )

    @api.model
    def _hash_access_code(self, code):
        """The stored form of an access code: an HMAC keyed with the database secret, so
        that a copy of the table (a backup, a replica, a curious administrator) does not
        give the codes."""
        return hmac(self.env(su=True), ACCESS_CODE_SCOPE, code)

    def _check_access_code(self, code):
        """Whether `code` (already cleaned: upper-case, of the code's alphabet and length)
        is this complaint's access code; compared in constant time."""
        self.ensure_one()
        stored = self.sudo().access_code_hash
        return bool(code and stored) and consteq(stored, self._hash_access_code(code))

    def _remember_new_access_codes(self, codes):
        """Keep the plain access codes of `self` (in order) for as long as the cursor lives
        (the request that registers them): what `new_access_code` and the acknowledgement
        read."""
        _NEW_CODES.setdefault(self.env.cr, {}).update(zip(self.ids, codes, strict=True))
        self.invalidate_recordset(["new_access_code"])

    def action_new_access_code(self):
        """Replace the access code of a complaint whose citizen lost it, and show the new one
        once, in a notification (it is not stored in plain anywhere). The old code stops
        working at once."""
        self.ensure_one()
        self.check_access("write")
        code = self._generate_access_code()
        self._workflow_write({"access_code_hash": self._hash_access_code(code)})
        self._remember_new_access_codes([code])
        self.message_post(body=self.env._("A new access code was given to the citizen."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("New access code of %(number)s", number=self.name),
                "message": self.env._(
                    "%(code)s — give it to the citizen now: it will not be shown again.",
                    code=code,
                ),
                "sticky": True,
                "type": "warning",
            },
        }

    # ---- Notifications --------------------------------------------------------------------

    def _send_acknowledgement(self):
        """Email the tracking number, the access code and the tracking link to every citizen
        with an email, right after registration (the only moment the plain code exists).

        Sent as an email that is deleted once sent, not posted in the chatter nor tied to
        the complaint: the code must not stay readable by staff. The chatter keeps a note
        without it. The email carries nothing the visitor typed (no name, no subject), so
        that the filing form cannot be used to send a text of one's choice to any address."""
        to_notify = self.filtered(lambda c: c.partner_id.email and c.new_access_code)
        if not to_notify:
            return
        template = self.env.ref("chikaya_complaints.mail_template_complaint_ack")
        template_sudo = template.sudo()  # staff and visitors may not read mail templates
        # Not tied to the complaint (model, res_id): a queued email's message would otherwise
        # be readable by the complaint's staff until it is sent (forever without a mail server).
        template_sudo.send_mail_batch(
            to_notify.ids, email_values={"auto_delete": True, "model": False, "res_id": False}
        )
        to_notify._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "Acknowledgement of receipt sent to %(email)s.",
                    email=complaint.partner_id.email,
                )
                for complaint in to_notify
            }
        )
        to_notify._workflow_write({"acknowledged_date": fields.Datetime.now()})

    def _get_tracking_url(self, code=None):
        """The public page where the citizen follows the complaint (with the access code
        only in the acknowledgement, where the plain code is at hand), or False when there
        is none: the core has no public pages, chikaya_portal gives its tracking page. The
        emails say how to follow up without a link."""
        self.ensure_one()
        return False
