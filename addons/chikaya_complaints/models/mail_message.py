from odoo import api, models
from odoo.exceptions import AccessError

from ..tools.access import allowed_by, refuse
from ..tools.workflow import in_workflow

COMPLAINT = "chikaya.complaint"


class MailMessage(models.Model):
    """The messages of a complaint are part of its record.

    - Posted only by whoever may write the complaint (its staff), in their own name: the
      citizen's words enter the chatter only through the workflow (their own portal request,
      chikaya.complaint._provide_info_from_citizen). Mail would let any follower (the
      citizen's account) or any author (`author_id`, `email_from`) create one directly over
      RPC, bypassing message_post's callers.
    - Never written or deleted, except as superuser (mail's own bookkeeping runs so).
    """

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or in_workflow()):
            for vals in vals_list:
                if vals.get("model") == COMPLAINT:
                    self._chikaya_check_post(vals)
        return super().create(vals_list)

    @api.model
    def _chikaya_check_post(self, vals):
        user = self.env.user
        author_id = vals.get("author_id", user.partner_id.id)
        if not user._is_internal() or author_id != user.partner_id.id:
            raise AccessError(self.env._("You can post on a complaint in your own name only."))
        self.env[COMPLAINT].browse(vals.get("res_id")).check_access("write")

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation not in ("write", "unlink") or self.env.su:
            return result
        on_complaints = allowed_by(result, self).sudo().filtered(lambda m: m.model == COMPLAINT)
        return refuse(
            result,
            on_complaints.sudo(False),
            lambda: AccessError(
                self.env._(
                    "The messages of a complaint are part of its record: they cannot be "
                    "edited or deleted."
                )
            ),
        )
