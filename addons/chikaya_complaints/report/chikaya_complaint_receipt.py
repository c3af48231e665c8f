import base64

from odoo import api, models
from odoo.exceptions import UserError

# The languages of the receipt, one section each (res.lang codes; a language that is not
# installed prints in English).
RECEIPT_LANGS = ("fr_FR", "ar_001")
# Size of the QR code of the tracking page, in pixels of the PNG drawn.
QR_SIZE = 180


class ReportChikayaComplaintReceipt(models.AbstractModel):
    """What the receipt (récépissé) prints: the complaint, its new access code, the tracking
    page's address and its QR code, in French and in Arabic."""

    _name = "report.chikaya_complaints.report_chikaya_complaint_receipt"
    _description = "Complaint receipt"

    @api.model
    def _get_report_values(self, docids, data=None):
        complaints = self.env["chikaya.complaint"].browse(docids)
        complaints.check_access("write")
        codes = {complaint.id: complaint._receipt_access_code() for complaint in complaints}
        if not all(codes.values()):
            raise UserError(
                self.env._(
                    "A receipt carries a new access code: print it with “Print the receipt” on "
                    "the complaint, which gives the code."
                )
            )
        tracking = {complaint.id: complaint._get_tracking_url() for complaint in complaints}
        return {
            "doc_ids": complaints.ids,
            "doc_model": "chikaya.complaint",
            "docs": complaints,
            "company": self.env.company,
            "codes": codes,
            "tracking_urls": tracking,
            "qr_codes": {
                complaint.id: self._qr_code(complaint, codes[complaint.id], tracking[complaint.id])
                for complaint in complaints
            },
            "receipt_langs": RECEIPT_LANGS,
        }

    @api.model
    def _qr_code(self, complaint, code, tracking_url):
        """A PNG data URI of the QR code that opens the tracking page with the number and
        the code filled in, or False without a tracking page. Drawn here and embedded: a
        /report/barcode URL would put the code in the server's request log."""
        url = tracking_url and complaint._get_tracking_url(code)
        if not url:
            return False
        png = self.env["ir.actions.report"].barcode(
            "QR", url, width=QR_SIZE, height=QR_SIZE, quiet=False
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()
