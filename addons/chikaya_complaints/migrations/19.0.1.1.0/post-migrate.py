"""Databases made before the trust boundaries:

1. The access codes were stored in plain in portal.mixin's `access_token`, which Odoo's
   generic routes accept: keep only their HMAC (`access_code_hash`) and empty the token; the
   codes stay valid (the citizens have them), but their copies in the chatter (the old
   acknowledgements) are masked.
2. A complaint registered by staff was linked to the oldest contact with the citizen's
   email, possibly an account opened by someone else with that address. Complaints of the
   staff's channels (paper, phone) that sit in an account move to a contact of their own;
   what citizens filed on the portal while signed in stays in their account.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_complaints.tools.workflow import workflow_writes


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    Complaint = env["chikaya.complaint"]
    cr.execute(
        SQL(
            "SELECT id, access_token FROM chikaya_complaint "
            "WHERE access_token IS NOT NULL AND access_code_hash IS NULL"
        )
    )
    rows = cr.fetchall()
    if rows:
        # The old acknowledgements were posted in the chatter with the code in plain: mask
        # it there (the citizen's email keeps it), so that staff no longer read it.
        cr.execute(
            SQL(
                "UPDATE mail_message m SET body = replace(m.body, c.access_token, %s) "
                "FROM chikaya_complaint c WHERE m.model = 'chikaya.complaint' "
                "AND m.res_id = c.id AND c.access_token IS NOT NULL "
                "AND c.access_code_hash IS NULL AND strpos(m.body, c.access_token) > 0",
                "•" * 12,
            )
        )
        values = SQL(", ").join(
            SQL("(%s, %s)", complaint_id, Complaint._hash_access_code(token.upper()))
            for complaint_id, token in rows
        )
        cr.execute(
            SQL(
                "UPDATE chikaya_complaint c SET access_code_hash = v.hash, access_token = NULL "
                "FROM (VALUES %s) AS v(id, hash) WHERE c.id = v.id",
                values,
            )
        )
    Complaint.invalidate_model(["access_token", "access_code_hash"])

    in_accounts = Complaint.search(
        [("channel", "in", cd.STAFF_CHANNELS), ("partner_id.user_ids", "!=", False)]
    )
    if not in_accounts:
        return
    by_partner = in_accounts.grouped("partner_id")
    contacts = env["res.partner"].create(
        [
            {
                "name": partner.name,
                "email": partner.email,
                "phone": partner.phone,
                "lang": partner.lang,
            }
            for partner in by_partner
        ]
    )
    with workflow_writes():
        for (partner, complaints), contact in zip(by_partner.items(), contacts, strict=True):
            complaints.write({"partner_id": contact.id})
            complaints.message_subscribe(partner_ids=contact.ids)
            complaints.message_unsubscribe(partner_ids=partner.ids)
