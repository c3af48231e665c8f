from odoo import api, fields, models


class ChikayaComplaintMerge(models.TransientModel):
    """Merge a complaint into the one kept (chikaya.complaint.action_merge_into does and
    checks the work): the kept one is proposed among the suspected duplicates."""

    _name = "chikaya.complaint.merge"
    _description = "Merge a duplicate complaint"

    duplicate_id = fields.Many2one(
        "chikaya.complaint", "Duplicate complaint", required=True, ondelete="cascade"
    )
    target_id = fields.Many2one(
        "chikaya.complaint",
        "Complaint to keep",
        required=True,
        ondelete="cascade",
        domain="[('id', '!=', duplicate_id), ('state', '!=', 'rejected')]",
    )
    similar_complaint_ids = fields.Many2many(
        "chikaya.complaint", compute="_compute_similar_complaint_ids"
    )

    @api.depends("duplicate_id")
    def _compute_similar_complaint_ids(self):
        for wizard in self:
            wizard.similar_complaint_ids = wizard.duplicate_id.similar_complaint_ids

    def action_confirm(self):
        self.ensure_one()
        self.duplicate_id.action_merge_into(self.target_id)
        return {"type": "ir.actions.act_window_close"}
