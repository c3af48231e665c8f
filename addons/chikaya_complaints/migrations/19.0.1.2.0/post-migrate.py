"""The complaints' email templates name their recipient (partner_to: the complaint's
citizen; email_to: the supporter's address) and now say so with `use_default_to` off:
Odoo's default (on) ignored both and computed the record's default recipients instead, the
same person at a higher cost on every filing. The templates are noupdate: set here once."""

from odoo import SUPERUSER_ID, api

TEMPLATES = [
    "chikaya_complaints.mail_template_complaint_ack",
    "chikaya_complaints.mail_template_complaint_answer",
    "chikaya_complaints.mail_template_sla_digest",
    "chikaya_complaints.mail_template_complaint_supporter_answer",
]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in TEMPLATES:
        template = env.ref(xmlid, raise_if_not_found=False)
        if template:
            template.use_default_to = False
