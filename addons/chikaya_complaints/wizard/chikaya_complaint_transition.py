from odoo import fields, models


class ChikayaComplaintTransition(models.TransientModel):
    """The dialog behind the transitions that need more than a click: a question for the
    citizen, a rejection reason, a receiving collectivity, a corrected date of receipt. It
    only collects the input; the complaint's action_* methods do and check the work."""

    _name = "chikaya.complaint.transition"
    _description = "Complaint transition"

    complaint_id = fields.Many2one("chikaya.complaint", required=True, ondelete="cascade")
    transition = fields.Selection(
        [
            ("request_info", "Request information"),
            ("reject", "Reject"),
            ("reorient", "Reorient"),
            ("received_date", "Correct the date of receipt"),
        ],
        required=True,
    )
    message = fields.Text(help="The question sent to the citizen, or the reason given.")
    received_date = fields.Date("Correct date of receipt")
    rejection_reason_id = fields.Many2one("chikaya.rejection.reason")
    collectivity_id = fields.Many2one(
        "chikaya.collectivity",
        "Reorient to",
        domain=[("type", "not in", ("region",))],
    )

    def action_confirm(self):
        self.ensure_one()
        complaint = self.complaint_id
        if self.transition == "request_info":
            complaint.action_request_info(self.message)
        elif self.transition == "reject":
            complaint.action_reject(self.rejection_reason_id, self.message)
        elif self.transition == "reorient":
            complaint.action_reorient(self.collectivity_id, self.message)
        elif self.transition == "received_date":
            complaint.action_correct_received_date(self.received_date, self.message)
        return {"type": "ir.actions.act_window_close"}
