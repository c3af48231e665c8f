from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The institution block of Settings > Complaints: what the public site, the receipts
    and the company show (stored on the company, see res_company.py)."""

    _inherit = "res.config.settings"

    chikaya_institution_name = fields.Char(
        related="company_id.chikaya_institution_name", readonly=False
    )
    chikaya_institution_name_ar = fields.Char(
        related="company_id.chikaya_institution_name_ar", readonly=False
    )
    chikaya_logo = fields.Binary("Logo", related="company_id.logo", readonly=False)
    chikaya_office_address = fields.Text(
        related="company_id.chikaya_office_address", readonly=False
    )
    chikaya_office_address_ar = fields.Text(
        related="company_id.chikaya_office_address_ar", readonly=False
    )
    chikaya_office_phone = fields.Char(related="company_id.chikaya_office_phone", readonly=False)
    chikaya_office_hours = fields.Char(related="company_id.chikaya_office_hours", readonly=False)
    chikaya_office_hours_ar = fields.Char(
        related="company_id.chikaya_office_hours_ar", readonly=False
    )
    chikaya_cndp_number = fields.Char(related="company_id.chikaya_cndp_number", readonly=False)
