from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    chikaya_handler_ids = fields.One2many(
        "chikaya.handler", "user_id", string="Complaint handler assignments"
    )
    chikaya_collectivity_ids = fields.Many2many(
        "chikaya.collectivity",
        string="Handled collectivities",
        compute="_compute_chikaya_scope",
        compute_sudo=True,
        help="Collectivities whose complaints this user handles (record rules use it).",
    )
    chikaya_supervised_collectivity_ids = fields.Many2many(
        "chikaya.collectivity",
        string="Supervised collectivities",
        compute="_compute_chikaya_scope",
        compute_sudo=True,
        help="Collectivities whose whole subtree this user supervises.",
    )

    @api.depends(
        "chikaya_handler_ids.collectivity_ids.child_ids",
        "chikaya_handler_ids.role",
        "chikaya_handler_ids.active",
    )
    def _compute_chikaya_scope(self):
        for user in self:
            assignments = user.chikaya_handler_ids.filtered("active")
            user.chikaya_collectivity_ids = assignments._get_scope_units()
            user.chikaya_supervised_collectivity_ids = assignments.filtered(
                lambda h: h.role == "supervisor"
            ).collectivity_ids
