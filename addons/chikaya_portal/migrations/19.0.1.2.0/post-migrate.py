"""The email proof's template names its recipient (partner_to) and now says so with
`use_default_to` off (see chikaya_complaints' migration 19.0.1.2.0). Noupdate: set once."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("chikaya_portal.mail_template_email_proof", raise_if_not_found=False)
    if template:
        template.use_default_to = False
