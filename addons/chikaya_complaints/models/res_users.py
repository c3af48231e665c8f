from odoo import api, fields, models
from odoo.tools import email_normalize


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
