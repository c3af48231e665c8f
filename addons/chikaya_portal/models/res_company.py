import base64

from odoo import api, fields, models
from odoo.tools import file_open

from . import portal_data as pd


class ResCompany(models.Model):
    """The institution that runs the citizens' site: its name in French and in Arabic, the
    bureau d'ordre's address, phone and opening hours, and its CNDP declaration number (Law
    09-08), set in Settings > Complaints > Institution and shown in the site's header,
    footer and contact page.

    Why on the company: the company is what Odoo shows everywhere (the backend, the emails'
    signature, the copyright line, the reports), so its name and logo follow the
    institution's; and each website belongs to one company. The French and Arabic values are
    two fields rather than one translated field: an administrator types both in one settings
    form, and the pages pick the one of their language (`chikaya_public_*`)."""

    _inherit = "res.company"

    chikaya_institution_name = fields.Char(
        "Institution name (French)",
        help="The name of the administration that receives the requests, as citizens know "
        "it, e.g. “Commune de Rabat”. The company and the website take this name.",
    )
    chikaya_institution_name_ar = fields.Char(
        "Institution name (Arabic)", help="The same name in Arabic, e.g. “جماعة الرباط”."
    )
    chikaya_office_address = fields.Text("Bureau d'ordre address (French)")
    chikaya_office_address_ar = fields.Text("Bureau d'ordre address (Arabic)")
    chikaya_office_phone = fields.Char("Bureau d'ordre phone")
    chikaya_office_hours = fields.Char(
        "Opening hours (French)", help="E.g. “Du lundi au vendredi, de 8 h 30 à 16 h 30”."
    )
    chikaya_office_hours_ar = fields.Char("Opening hours (Arabic)")
    chikaya_cndp_number = fields.Char(
        "CNDP declaration number",
        help="The number of the declaration of this processing of personal data to the "
        "Commission nationale de contrôle de la protection des données à caractère personnel "
        "(Law 09-08), shown in the personal data notice.",
    )
    # The values in the reader's language (the page's, the email's): Arabic when the
    # language is Arabic and the Arabic value is given, French otherwise.
    chikaya_public_name = fields.Char("Institution", compute="_compute_chikaya_public")
    chikaya_public_address = fields.Text(
        "Bureau d'ordre address", compute="_compute_chikaya_public"
    )
    chikaya_public_hours = fields.Char("Opening hours", compute="_compute_chikaya_public")

    @api.depends_context("lang")
    @api.depends(
        "name",
        "chikaya_institution_name",
        "chikaya_institution_name_ar",
        "chikaya_office_address",
        "chikaya_office_address_ar",
        "chikaya_office_hours",
        "chikaya_office_hours_ar",
    )
    def _compute_chikaya_public(self):
        arabic = (self.env.lang or "").startswith(pd.ARABIC_PREFIX)
        for company in self:
            if arabic:
                company.chikaya_public_name = (
                    company.chikaya_institution_name_ar
                    or company.chikaya_institution_name
                    or company.name
                )
                company.chikaya_public_address = (
                    company.chikaya_office_address_ar or company.chikaya_office_address
                )
                company.chikaya_public_hours = (
                    company.chikaya_office_hours_ar or company.chikaya_office_hours
                )
            else:
                company.chikaya_public_name = company.chikaya_institution_name or company.name
                company.chikaya_public_address = company.chikaya_office_address
                company.chikaya_public_hours = company.chikaya_office_hours

    def cache_invalidation_fields(self):
        """The institution's values are on every public page (header, footer, contact
        page), which Odoo and chikaya.public.page keep rendered for visitors: changing one
        clears them."""
        return super().cache_invalidation_fields() | {
            "logo",
            "chikaya_institution_name",
            "chikaya_institution_name_ar",
            "chikaya_office_address",
            "chikaya_office_address_ar",
            "chikaya_office_phone",
            "chikaya_office_hours",
            "chikaya_office_hours_ar",
            "chikaya_cndp_number",
        }

    def write(self, vals):
        """The company and its websites follow the institution: its French name becomes the
        company's and the websites' name (the administrations' working language, and what
        the backend, the copyright line and the page titles show), its logo the websites'
        logo (the header's)."""
        if vals.get("chikaya_institution_name"):
            vals = dict(vals, name=vals["chikaya_institution_name"])
        result = super().write(vals)
        if "chikaya_institution_name" in vals or "logo" in vals:
            self._chikaya_sync_websites()
        return result

    def _chikaya_sync_websites(self):
        """Give the companies' websites their name and logo."""
        # Administrators of the settings may not write websites (website designers do):
        # the name and the logo are the only values written.
        websites_sudo = self.env["website"].sudo().search([("company_id", "in", self.ids)])
        for website_sudo in websites_sudo:
            company = website_sudo.company_id
            website_sudo.write(
                {
                    "name": company.chikaya_institution_name or company.name,
                    "logo": company.logo,
                }
            )

    def _chikaya_set_up_institution(self):
        """Replace what Odoo puts in a new database: a placeholder name (“YourCompany”) by
        the default institution name, and the “Your logo” image by a neutral emblem; a name
        already given is kept. Then the websites follow."""
        for company in self:
            vals = {}
            if not company.chikaya_institution_name:
                french, arabic = pd.DEFAULT_INSTITUTION_NAME
                if company.name and company.name not in pd.ODOO_PLACEHOLDER_NAMES:
                    french = company.name
                vals.update(chikaya_institution_name=french, chikaya_institution_name_ar=arabic)
            if company.uses_default_logo:
                with file_open(pd.DEFAULT_LOGO_PATH, "rb") as logo:
                    vals["logo"] = base64.b64encode(logo.read())
            if vals:
                company.write(vals)
        self._chikaya_sync_websites()
