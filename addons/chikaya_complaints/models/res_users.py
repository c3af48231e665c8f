from odoo import api, fields, models
from odoo.tools import email_normalize

# The home action of Chikaya's staff (data/ir_actions_server_data.xml): it runs
# res.users._chikaya_home_action, which other modules extend.
HOME_ACTION = "chikaya_complaints.chikaya_home_action"
# Role groups, most senior first: a user who holds several lands where the first one does.
ROLE_GROUPS = (
    ("manager", "chikaya_complaints.chikaya_complaints_group_manager"),
    ("supervisor", "chikaya_complaints.chikaya_complaints_group_supervisor"),
    ("handler", "chikaya_complaints.chikaya_complaints_group_handler"),
)


class ResUsers(models.Model):
    """Chikaya's staff: their scope (the record rules read it) and where they land when they
    sign in; citizens: the email address they proved (see chikaya_portal)."""

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

    # The address this user proved to own (a link sent to it and followed, chikaya_portal):
    # only then do complaints registered with that address reach the user's account. Odoo's
    # sign-up does not check addresses. Written by the proof only (not self-writeable).
    chikaya_verified_email = fields.Char(
        "Proven email address", readonly=True, copy=False, groups="base.group_system"
    )

    def _chikaya_confirm_email(self, email):
        """The user followed the link sent to `email`: record the proof and bring into the
        account the complaints registered with that address whose contact no account holds
        (see chikaya.complaint._find_or_create_citizens for the same rule at registration).
        Returns those complaints."""
        self.ensure_one()
        email = email_normalize(email or "")
        if not email or email != self.partner_id.email_normalized:
            return self.env["chikaya.complaint"]
        self.sudo().chikaya_verified_email = email
        # sudo: the proof is the authorization; only complaints of account-less contacts
        # with exactly this address are moved.
        complaint_sudo = (
            self.env["chikaya.complaint"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id.email_normalized", "=", email),
                    ("partner_id.user_ids", "=", False),
                ]
            )
        )
        complaint_sudo._link_to_account(self, self.env._("proven email address"))
        return complaint_sudo

    # ---- Where staff land --------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._chikaya_sync_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "group_ids" in vals:
            self._chikaya_sync_home_action()
        return result

    def _chikaya_role(self):
        """'manager', 'supervisor' or 'handler' (the most senior of the user's Chikaya
        groups), or False for anyone else."""
        self.ensure_one()
        return next((role for role, group in ROLE_GROUPS if self.has_group(group)), False)

    def _chikaya_sync_home_action(self):
        """Staff land on their work when they sign in, not on Discuss: a user who gets a
        Chikaya role gets the Chikaya home action, unless an administrator chose another
        home action for them; a user who loses every role loses it (the action is for staff
        only)."""
        home = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not home:  # (while the module's own data is being loaded)
            return
        home = self.env["ir.actions.actions"].browse(home.id)  # what action_id holds
        # Whoever may give the role (an administrator of the assignments) sets where its
        # holder lands: the home action is the only field written.
        for user_sudo in self.sudo():
            if user_sudo._chikaya_role():
                if not user_sudo.action_id:
                    user_sudo.action_id = home
            elif user_sudo.action_id == home:
                user_sudo.action_id = False

    def _chikaya_home_action(self):
        """The action this staff member lands on (run by the home action): the complaints'
        kanban. chikaya_dashboard overrides it: supervisors land on the warnings, managers
        on the Tableau de Bord."""
        self.ensure_one()
        return self.env["ir.actions.actions"]._for_xml_id(
            "chikaya_complaints.chikaya_complaint_action"
        )
