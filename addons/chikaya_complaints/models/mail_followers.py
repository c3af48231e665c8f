from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from ..tools.access import allowed_by, refuse

COMPLAINT = "chikaya.complaint"


class MailFollowers(models.Model):
    """The followers of a complaint are its citizen and its staff: readable only by who may
    read the complaint. Mail lets every internal user read every follower row, which would map
    each complaint of the country to its citizen for any handler. mail.message does the same
    document check for messages (its _search / _check_access)."""

    _inherit = "mail.followers"

    @api.model
    def _complaint_followers_domain(self):
        """Follower rows of other models, or of the complaints the user may read."""
        complaints = self.env[COMPLAINT].with_context(active_test=False)._search([])
        return Domain("res_model", "!=", COMPLAINT) | Domain("res_id", "in", complaints)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not (self.env.su or kwargs.get("bypass_access")):
            domain = Domain(domain) & self._complaint_followers_domain()
        return super()._search(domain, offset, limit, order, **kwargs)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su:
            return result
        rows_sudo = allowed_by(result, self).sudo().filtered(lambda f: f.res_model == COMPLAINT)
        if not rows_sudo:
            return result
        complaints = (
            self.env[COMPLAINT]
            .with_context(active_test=False)
            .browse(set(rows_sudo.mapped("res_id")))
        )
        readable = complaints.exists()._filtered_access("read")
        return refuse(
            result,
            rows_sudo.filtered(lambda f: f.res_id not in readable._ids).sudo(False),
            lambda: AccessError(
                self.env._("You may not see the followers of a complaint outside your scope.")
            ),
        )
