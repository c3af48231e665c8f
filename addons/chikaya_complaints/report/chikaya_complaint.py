import time

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request

from ..models import complaint_data as cd

# The receipt's report (report/chikaya_complaint_reports.xml).
RECEIPT_REPORT = "chikaya_complaints.action_report_chikaya_complaint_receipt"
# The new access codes waiting to be printed, in the staff member's server-side session:
# {complaint id: {"code": plain code, "time": epoch seconds}}, each read once by the report.
RECEIPT_SESSION_KEY = "chikaya_receipt_codes"
RECEIPT_CODE_TTL = 10 * 60  # seconds


class ChikayaComplaint(models.Model):
    """The bureau d'ordre's receipt (récépissé) of a paper complaint, with a new access code.

    The access code is kept only as an HMAC, so a receipt cannot print the code given at
    registration: printing one gives the citizen a new code (the old one stops working), as
    “Give a new access code” does. The PDF is rendered by a second request (the browser
    downloads it), where the plain code no longer exists: the code travels from the button's
    request to the report's in the staff member's server-side session, never in a URL, and
    the report takes it out. Rendering the report changes nothing: a link to the report's URL
    cannot replace a citizen's code behind the staff member's back."""

    # Kept with the report it prints rather than with the model's other files (demo/ extends
    # chikaya.complaint too).
    _inherit = "chikaya.complaint"  # pylint: disable=consider-merging-classes-inherited

    def action_print_receipt(self):
        """Give the citizen a new access code and print the receipt with it."""
        self.ensure_one()
        if self.channel != cd.CHANNEL_PAPER:
            raise UserError(
                self.env._("Receipts are printed for complaints received by the bureau d'ordre.")
            )
        self.check_access("write")
        code = self._generate_access_code()
        self._workflow_write({"access_code_hash": self._hash_access_code(code)})
        self._remember_new_access_codes([code])
        self.message_post(
            body=self.env._(
                "A receipt was printed for the citizen with a new access code: the previous "
                "code no longer works."
            )
        )
        if request:
            now = time.time()
            codes = {
                key: entry
                for key, entry in (request.session.get(RECEIPT_SESSION_KEY) or {}).items()
                if now - entry.get("time", 0) < RECEIPT_CODE_TTL
            }
            codes[str(self.id)] = {"code": code, "time": now}
            request.session[RECEIPT_SESSION_KEY] = codes
        # (config=False: no document layout wizard first, the receipt has its own layout)
        return self.env.ref(RECEIPT_REPORT).report_action(self, config=False)

    def _receipt_access_code(self):
        """The access code to print on this complaint's receipt: the one just given, in this
        request (`new_access_code`) or waiting in the session (taken out: printed once), and
        only while it is still the complaint's code; False otherwise."""
        self.ensure_one()
        code = self.new_access_code
        if not code and request:
            codes = dict(request.session.get(RECEIPT_SESSION_KEY) or {})
            entry = codes.pop(str(self.id), None)
            if entry is not None:
                request.session[RECEIPT_SESSION_KEY] = codes
                if time.time() - entry.get("time", 0) < RECEIPT_CODE_TTL:
                    code = entry.get("code")
        return code if code and self._check_access_code(code) else False
