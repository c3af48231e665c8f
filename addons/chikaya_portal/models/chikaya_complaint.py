import secrets

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.misc import limited_field_access_token

from odoo.addons.chikaya_complaints.models import complaint_data as cd

from . import portal_data as pd


class ChikayaComplaint(models.Model):
    """What the citizens' website needs of a complaint: finding it by its tracking pair,
    the messages a citizen may read, and the citizen's follow-up (reply, rate, reopen).

    The controllers call these on a record they have already authorized (tracking pair, or
    portal record rules / access token) and in sudo (`complaint_sudo`): citizens may only read
    complaints, so their follow-up goes through these narrow methods, which go through the
    core's workflow actions (and their state checks)."""

    _inherit = "chikaya.complaint"

    # Law 09-08: the citizen's consent to the processing of their personal data, given on
    # the filing form (the core has no such field: paper letters carry their own).
    privacy_consent_date = fields.Datetime(
        "Consent to data processing",
        readonly=True,
        copy=False,
        help="When the citizen agreed, on the website's filing form, to the processing of "
        "their personal data (Law 09-08).",
    )

    # ---- The portal's addresses of a complaint -------------------------------------------

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"{pd.MY_URL}/{complaint.id}"
        return result

    def _get_tracking_url(self, code=None):
        """The tracking page, with the access code only when it is given (the
        acknowledgement's link)."""
        self.ensure_one()
        query = url_encode({"number": self.name, **({"code": code} if code else {})})
        return f"{self.get_base_url()}{pd.TRACK_URL}?{query}"

    # ---- Finding a complaint by its tracking pair ----------------------------------------

    @api.model
    def _portal_find_by_tracking(self, number, code):
        """The complaint whose tracking number is `number` and access code is `code`, in
        sudo, or an empty recordset. `code` must have been cleaned (the code's alphabet and
        length, upper case).

        The code's HMAC is computed and compared in constant time even when the number is
        unknown (against a random value), so that neither the answer nor its timing tells
        whether a number exists."""
        number = (number or "").strip().upper()
        complaint_sudo = self.sudo().browse()
        if number and len(number) <= pd.TRACK_MAX_INPUT:
            complaint_sudo = self.sudo().search([("name", "=", number)], limit=1)
        expected = complaint_sudo.access_code_hash or secrets.token_hex(32)
        if code and consteq(expected, self._hash_access_code(code)) and complaint_sudo:
            return complaint_sudo
        return self.sudo().browse()

    # ---- What the citizen reads --------------------------------------------------------

    def _portal_public_messages(self):
        """The messages of the complaint a citizen may read, oldest first: comments and
        emails with a public subtype. Internal notes, tracking values and system
        notifications never leave the back office."""
        self.ensure_one()
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "in", ("comment", "email")),
                    ("subtype_id", "!=", False),
                    ("subtype_id.internal", "=", False),
                    ("is_internal", "=", False),
                ],
                order="date asc, id asc",
            )
        )

    def _portal_citizen_files(self):
        """The files the citizen sent with their request (the filing form's): on the
        complaint itself, uploaded by a citizen (a portal or public user), in sudo. Never
        a binary field's file (the paper scan) nor a file of a message."""
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("res_field", "=", False),
                    ("create_uid.share", "=", True),
                ],
                order="id",
            )
        )

    def _portal_attachment_links(self, attachments_sudo):
        """{attachment id: download URL} for `attachments_sudo`: each link carries a token
        of its own for that file (citizens have no other access to attachments), signed and
        expiring (odoo.tools.misc.limited_field_access_token, which /web/content checks), so
        that showing the page writes nothing (it may be served by a read-only replica)."""
        return {
            attachment.id: (
                f"/web/content/{attachment.id}?access_token="
                f"{limited_field_access_token(attachment, 'raw', scope='binary')}&download=true"
            )
            for attachment in attachments_sudo
        }

    def _portal_can_reopen(self):
        """(may be reopened today, last day of the reopening window or False)."""
        self.ensure_one()
        if self.state not in cd.TRANSITIONS["reopen"][0]:
            return False, False
        return self._within_reopen_window(), self._reopen_deadline()

    def _portal_detail_values(self):
        """What the shared detail template (tracking page and /my/complaints/<id>) shows."""
        self.ensure_one()
        messages = self._portal_public_messages()
        citizen_files = self._portal_citizen_files() - messages.sudo().attachment_ids
        can_reopen, reopen_deadline = self._portal_can_reopen()
        return {
            "complaint": self,
            "public_messages": messages,
            "citizen_files": citizen_files,
            "attachment_links": self._portal_attachment_links(
                messages.sudo().attachment_ids | citizen_files
            ),
            "can_reply": self.state in cd.TRANSITIONS["provide_info"][0],
            "can_rate": self.state in cd.ANSWERED_STATES,
            "can_reopen": can_reopen,
            "reopen_deadline": reopen_deadline,
            "reply_max_files": pd.MAX_FILES,
            "reply_max_size_mb": pd.MAX_FILE_SIZE // (1024 * 1024),
            "reply_accept": ",".join(
                f"{mimetype},.{ext}" for mimetype, (_sig, ext) in pd.FILE_SIGNATURES.items()
            ),
        }

    # ---- The citizen's follow-up --------------------------------------------------------

    @api.model
    def _portal_check_files(self, files):
        """The reply's files, refused as the filing form refuses them (the filing form's
        validator, chikaya.complaint.submission._check_files: count, size, and type recognised
        from the first bytes). `files` are werkzeug FileStorage objects; returns the
        attachment values (name, raw, mimetype) of the non-empty ones, or raises a UserError
        with the filing form's message."""
        Submission = self.env["chikaya.complaint.submission"]
        pairs = [(name, content) for name, content in Submission._read_uploads(files) if content]
        errors = {}
        attachments = Submission._check_files(pairs, errors)
        if errors:
            raise UserError(errors.get("attachments") or next(iter(errors.values())))
        return attachments

    def _portal_reply(self, message, files=None):
        """The citizen answers a request for information (text and/or files): the core's
        `_provide_info_from_citizen` posts it as the citizen and puts the complaint back in
        progress. The text is passed as a plain string, so that mail escapes it."""
        self.ensure_one()
        self._check_transition("provide_info")
        message = (message or "").strip()
        if len(message) > pd.REPLY_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "Your reply is too long: at most %(count)s characters.",
                    count=pd.REPLY_MAX_LENGTH,
                )
            )
        attachment_vals = self._portal_check_files(files)
        if not message and not attachment_vals:
            raise UserError(self.env._("Please write your reply or attach a file."))
        # Pending attachments created by the current user: message_post moves them onto the
        # complaint (and, for a portal or public user, accepts only such attachments).
        attachments_sudo = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {**vals, "res_model": "mail.compose.message", "res_id": 0}
                    for vals in attachment_vals
                ]
            )
        )
        return self._provide_info_from_citizen(message=message, attachment_ids=attachments_sudo.ids)

    def _portal_rate(self, satisfaction, comment=None):
        self.ensure_one()
        comment = (comment or "").strip()[: pd.REPLY_MAX_LENGTH]
        return self._rate_answer(satisfaction, comment or None)

    def _portal_reopen(self):
        self.ensure_one()
        return self.action_reopen()

    def _portal_followup(self, action, message=None, satisfaction=None, comment=None, files=None):
        """One entry point for the follow-up forms of the tracking page and of
        /my/complaints/<id>: `action` is the last part of the form's URL."""
        self.ensure_one()
        if action == "reply":
            return self._portal_reply(message, files)
        if action == "rate":
            return self._portal_rate(satisfaction, comment)
        if action == "reopen":
            return self._portal_reopen()
        raise UserError(self.env._("This action does not exist."))
