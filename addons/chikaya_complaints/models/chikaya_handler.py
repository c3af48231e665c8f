from odoo import api, fields, models

from .complaint_data import HANDLER_ROLES

ROLE_GROUPS = {
    "handler": "chikaya_complaints.chikaya_complaints_group_handler",
    "supervisor": "chikaya_complaints.chikaya_complaints_group_supervisor",
}


class ChikayaHandler(models.Model):
    """A user's assignment to collectivities (the network of gestionnaires).

    A handler works on the complaints of their collectivities; a supervisor on the whole
    subtree under theirs (a province's supervisor sees every commune of the province).
    Record rules read these assignments through res.users (see res_users.py), so saving
    one clears the rule cache and gives the user the matching group.
    """

    _name = "chikaya.handler"
    _description = "Complaint handler"
    _order = "user_id"
    _rec_name = "user_id"

    user_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
    )
    collectivity_ids = fields.Many2many(
        "chikaya.collectivity", string="Collectivities", required=True
    )
    role = fields.Selection(HANDLER_ROLES, required=True, default="handler")
    active = fields.Boolean(default=True)

    _user_uniq = models.Constraint(
        "UNIQUE(user_id)", "A user has one handler assignment; add collectivities to it."
    )

    @api.model_create_multi
    def create(self, vals_list):
        handlers = super().create(vals_list)
        handlers._sync_access()
        return handlers

    def write(self, vals):
        res = super().write(vals)
        self._sync_access()
        return res

    def unlink(self):
        users = self.user_id
        res = super().unlink()
        self.env.registry.clear_cache()
        users._chikaya_sync_home_action()
        return res

    def _get_scope_units(self):
        """The units whose complaints these handlers work on: their collectivities, and
        the arrondissements of those that are communes (an arrondissement belongs to its
        commune's council, so a complaint filed on it is the commune's to handle)."""
        units = self.collectivity_ids
        return units | units.child_ids.filtered(lambda u: u.type == "arrondissement")

    def _sync_access(self):
        """Give each user the group of their role, take the supervisor group back from a
        supervisor made a handler, drop the cached record rules, and let them land on their
        work when they sign in (res.users._chikaya_sync_home_action)."""
        # Only administrators edit assignments (ACL); granting the group is part of it.
        groups_sudo = {role: self.env.ref(xmlid).sudo() for role, xmlid in ROLE_GROUPS.items()}
        active = self.filtered("active")
        for role, group_sudo in groups_sudo.items():
            users = active.filtered(lambda h, r=role: h.role == r).user_id
            if users:
                group_sudo.write({"user_ids": [fields.Command.link(u.id) for u in users]})
        demoted = active.filtered(lambda h: h.role == "handler").user_id
        if demoted:
            groups_sudo["supervisor"].write(
                {"user_ids": [fields.Command.unlink(u.id) for u in demoted]}
            )
        self.env.registry.clear_cache()
        self.user_id._chikaya_sync_home_action()
