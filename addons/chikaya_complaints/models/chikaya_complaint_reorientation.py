from odoo import fields, models


class ChikayaComplaintReorientation(models.Model):
    """One hand-over of a complaint to another collectivity, kept as a line so the path of
    a complaint through the administration stays visible after the fact."""

    _name = "chikaya.complaint.reorientation"
    _description = "Complaint reorientation"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "chikaya.complaint", required=True, index=True, ondelete="cascade"
    )
    from_collectivity_id = fields.Many2one("chikaya.collectivity", "From", required=True)
    to_collectivity_id = fields.Many2one("chikaya.collectivity", "To", required=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one("res.users", "By", required=True, default=lambda self: self.env.user)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
