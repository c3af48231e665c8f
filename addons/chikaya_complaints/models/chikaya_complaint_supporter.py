from odoo import api, fields, models

from . import complaint_data as cd


class ChikayaComplaintSupporter(models.Model):
    """A citizen who supports a complaint already filed instead of filing the same one again
    (the portal's filing form proposes the look-alikes), or the citizen of a duplicate merged
    into it. They are told by email when it is answered.

    Why not the complaint's followers: followers receive every message of the complaint,
    including the questions to its citizen and their replies; a supporter is told of the
    answer only. Rows are created by chikaya.complaint._add_supporter only (as superuser,
    after the portal's checks or the merge's): no user creates, edits or deletes them."""

    _name = "chikaya.complaint.supporter"
    _description = "Complaint supporter"
    _order = "id"

    complaint_id = fields.Many2one(
        "chikaya.complaint", required=True, index=True, ondelete="cascade", readonly=True
    )
    email = fields.Char(required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", "Contact", readonly=True, help="The supporter's account, if signed in."
    )
    lang = fields.Char(readonly=True)
    origin = fields.Selection(cd.SUPPORTER_ORIGINS, required=True, default="portal", readonly=True)
    privacy_consent_date = fields.Datetime("Consent given on", readonly=True)
    show_answer = fields.Boolean(
        compute="_compute_show_answer",
        help="Whether the email telling the supporter of the answer carries its text: for "
        "observations and suggestions (public by nature) and for the citizens of merged "
        "duplicates (the handler judged it their matter); a réclamation's answer speaks to "
        "its citizen, and a supporter from the portal is only told that it was answered.",
    )

    _complaint_email_uniq = models.Constraint(
        "UNIQUE(complaint_id, email)", "This address already supports this complaint."
    )

    @api.depends("origin", "complaint_id.kind")
    def _compute_show_answer(self):
        for supporter in self:
            supporter.show_answer = (
                supporter.origin == "merge" or supporter.complaint_id.kind in cd.PUBLIC_KINDS
            )
