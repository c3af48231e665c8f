from odoo import fields, models


class ChikayaComplaint(models.Model):
    """What a complaint filed through the Open311 API keeps of the request: the application
    that posted it, and the location and link the application sent.

    Every field is readonly, so the core's workflow owns it (chikaya.complaint
    ._workflow_fields): only the API's creation, inside workflow_writes(), writes them."""

    _inherit = "chikaya.complaint"

    open311_api_key_id = fields.Many2one(
        "chikaya.open311.api.key",
        "Filed by the application",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        groups="chikaya_complaints.chikaya_complaints_group_admin",
    )
    open311_media_url = fields.Char(
        "Media link",
        readonly=True,
        copy=False,
        help="The media_url the application sent: a link to a picture or a document hosted "
        "elsewhere, never fetched by the server. Open it with care.",
    )
