from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The complaints this contact filed (as their citizen): what makes a contact a citizen,
    # whom the record rules show only to the staff of those complaints (see
    # security/chikaya_complaints_security.xml).
    chikaya_complaint_ids = fields.One2many(
        "chikaya.complaint",
        "partner_id",
        string="Complaints filed",
        context={"active_test": False},  # an archived complaint's citizen is still one
    )
