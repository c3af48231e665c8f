from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import models
from odoo.tools import email_normalize
from odoo.tools.misc import hash_sign, verify_hash_signed

from . import portal_data as pd

# HMAC scope of the links that prove an email address (tools.misc.hash_sign).
EMAIL_PROOF_SCOPE = "chikaya_portal.email_proof"
EMAIL_PROOF_VALIDITY = timedelta(hours=24)
EMAIL_PROOF_URL = f"{pd.MY_URL}/prove-email"


class ResUsers(models.Model):
    """A citizen proves they own their account's email address by following a link sent to
    it: then the complaints registered with that address (at the bureau d'ordre, by phone)
    join their account (chikaya_complaints' res.users._chikaya_confirm_email)."""

    _inherit = "res.users"

    def _chikaya_email_proven(self):
        """Whether the account's current address is the proven one."""
        self.ensure_one()
        email = self.partner_id.email_normalized
        return bool(email) and self.sudo().chikaya_verified_email == email

    def _chikaya_email_proof_url(self):
        """The signed link for the account's current address, valid for a day: it names the
        user and the address, so it proves nothing for another account or once the address
        has changed."""
        self.ensure_one()
        token = hash_sign(
            self.env(su=True),
            EMAIL_PROOF_SCOPE,
            {"uid": self.id, "email": self.partner_id.email_normalized},
            expiration=EMAIL_PROOF_VALIDITY,
        )
        return f"{self.get_base_url()}{EMAIL_PROOF_URL}?{url_encode({'token': token})}"

    def _chikaya_send_email_proof(self):
        """Email the proof link to the account's address."""
        self.ensure_one()
        template_sudo = self.env.ref("chikaya_portal.mail_template_email_proof").sudo()
        template_sudo.with_context(proof_url=self._chikaya_email_proof_url()).send_mail(
            self.id, email_values={"auto_delete": True}
        )

    def _chikaya_check_email_proof(self, token):
        """The address the link `token` proves for this user, or False (forged, expired, for
        another user, or for an address the account no longer has)."""
        self.ensure_one()
        try:
            values = verify_hash_signed(self.env(su=True), EMAIL_PROOF_SCOPE, token or "")
        except (ValueError, TypeError, UnicodeError):
            return False
        if not isinstance(values, dict) or values.get("uid") != self.id:
            return False
        email = email_normalize(values.get("email") or "")
        return email if email and email == self.partner_id.email_normalized else False
