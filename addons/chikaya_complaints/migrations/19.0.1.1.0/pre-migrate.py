"""Before the data files load: let the acknowledgement template be reloaded from its file
(its body now takes the access code from `new_access_code`, the plain code being no longer
stored). The record is `noupdate`; clearing the flag once lets the update rewrite it, and the
file sets it back."""


def migrate(cr, version):
    cr.execute(
        """UPDATE ir_model_data SET noupdate = FALSE
            WHERE module = 'chikaya_complaints' AND name = 'mail_template_complaint_ack'"""
    )
