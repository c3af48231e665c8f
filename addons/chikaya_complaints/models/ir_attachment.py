from odoo import models
from odoo.exceptions import AccessError

from ..tools.access import allowed_by, refuse

COMPLAINT = "chikaya.complaint"


class IrAttachment(models.Model):
    """The files of a complaint are part of its record: nobody rewrites or deletes them,
    except as superuser (mail moves a message's pending files onto the complaint so); a wrong
    file is corrected by posting the right one.

    Reading follows Odoo's rules: staff as the complaint's record rules say; citizens (portal
    and public users, who have no access to ir.attachment) only through the per-file links
    the portal's pages give for the files of the complaint's public messages."""

    _inherit = "ir.attachment"

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su or operation not in ("write", "unlink"):
            return result
        on_complaints = allowed_by(result, self).sudo().filtered(lambda a: a.res_model == COMPLAINT)
        return refuse(
            result,
            on_complaints.sudo(False),
            lambda: AccessError(
                self.env._(
                    "The files of a complaint are part of its record: they cannot be changed "
                    "or deleted. Post the right file instead."
                )
            ),
        )
