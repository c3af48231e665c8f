"""The acknowledgement's text moved from the mail template's body to a view
(data/mail_body_templates.xml, which says why): the template's body now calls it. The
template is noupdate, so its body is set here, in every language, unless an administrator
edited it (the shipped sentence missing in one language): then it is left as it is, and
works as before."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

BODY = '<div><t t-call="chikaya_complaints.mail_body_complaint_ack"/></div>'
# A sentence of the shipped body, per language (a body without it was edited).
SHIPPED = {
    "en_US": "they let you follow your request without an account",
    "fr_FR": "sans créer de compte",
    "ar_001": "دون الحاجة إلى إنشاء حساب",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("chikaya_complaints.mail_template_complaint_ack", raise_if_not_found=False)
    if not template:
        return
    langs = [code for code, _name in env["res.lang"].get_installed()]
    edited = [
        lang
        for lang in langs
        if lang in SHIPPED
        and SHIPPED[lang] not in (template.with_context(lang=lang).body_html or "")
    ]
    if edited:
        _logger.warning(
            "The acknowledgement's body was edited (%s): left as it is; its shipped text is "
            "now the view chikaya_complaints.mail_body_complaint_ack",
            ", ".join(edited),
        )
        return
    template.with_context(lang="en_US").body_html = BODY
    template.update_field_translations("body_html", dict.fromkeys(langs, BODY))
