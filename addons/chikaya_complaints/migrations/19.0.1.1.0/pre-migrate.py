"""Before the data files load: let the acknowledgement and answer templates be reloaded from
their file (the acknowledgement now takes the access code from `new_access_code`, the plain
code being no longer stored, and carries nothing the visitor typed; both say how to follow
up without the portal). The records are `noupdate`; clearing the flag once lets the update
rewrite them, and the file sets it back."""


def migrate(cr, version):
    cr.execute(
        """UPDATE ir_model_data SET noupdate = FALSE
            WHERE module = 'chikaya_complaints'
              AND name IN ('mail_template_complaint_ack', 'mail_template_complaint_answer')"""
    )
