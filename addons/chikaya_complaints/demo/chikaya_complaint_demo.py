"""Loading of the demo complaints, called only from demo/chikaya_demo.xml (e.g. by `make run`).

As Odoo's account/demo/ does, the loader is a method of the model it fills, kept out of
models/; what it creates is drawn by generator.py from the texts of texts/*.csv.
"""

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.workflow import workflow_writes
from .generator import (
    CODE_RABAT,
    CODE_REGION,
    CODE_SALE,
    CODES_ELSEWHERE,
    REJECTION_REASONS,
    DemoGenerator,
    DemoTexts,
)

_logger = logging.getLogger(__name__)

# Context of the direct writes of the demo: no tracking, no assignment notification.
DEMO_QUIET = {"mail_notrack": True, "mail_auto_subscribe_no_notify": True}


class ChikayaComplaint(models.Model):
    _inherit = "chikaya.complaint"

    @api.model
    def _demo_load(self):
        """Create the demo assignments and complaints, unless they are there: a module
        update skips the <function> of a demo file, but a second run in 'init' mode does not.

        The demo users come from demo/chikaya_demo.xml; the collectivities, which have no xml
        ids, are found here by their HCP code. The complaints are created in one batch, then
        brought to their state with direct writes grouped by value (untracked, so the chatter
        keeps only what really happened); a few go through the real actions (reorientation,
        reopening, answer, information request) so that their chatter looks real.
        """
        handler = self.env.ref("chikaya_complaints.user_handler_demo")
        if handler.chikaya_handler_ids:
            _logger.info("Chikaya demo: already loaded, skipped")
            return False
        texts = DemoTexts()
        required = texts.unit_codes()
        units = {
            u.code: u
            for u in self.env["chikaya.collectivity"].search(
                [("code", "in", sorted(required | set(CODES_ELSEWHERE)))]
            )
        }
        missing = required - set(units)
        if missing:
            _logger.warning(
                "Chikaya demo: collectivities %s not found, no demo complaints",
                ", ".join(sorted(missing)),
            )
            return False
        handler_of = self._demo_assign_handlers(units)
        gen = DemoGenerator(self.env, texts, units, handler_of)
        specs = gen.specs(self.env.ref("chikaya_complaints.user_citizen_demo"))
        # Demo data is set as the data of years of use would be: the fields the workflow
        # owns are written directly, the rest goes through the real actions.
        with workflow_writes():
            complaints = self._demo_create(gen, specs)
            self._demo_set_states(gen, complaints, specs)
        self._demo_real_actions(gen, complaints, specs)
        _logger.info("Chikaya demo: %s complaints created", len(complaints))
        return True

    @api.model
    def _demo_assign_handlers(self, units):
        """handler on Rabat, handler2 on Salé, supervisor on region 04; returns
        {commune: its handler's user}."""
        ref = self.env.ref
        handler = ref("chikaya_complaints.user_handler_demo")
        handler2 = ref("chikaya_complaints.user_handler2_demo")
        supervisor = ref("chikaya_complaints.user_supervisor_demo")
        rabat, sale = units[CODE_RABAT], units[CODE_SALE]
        self.env["chikaya.handler"].create(
            [
                {
                    "user_id": handler.id,
                    "role": "handler",
                    "collectivity_ids": [fields.Command.set(rabat.ids)],
                },
                {
                    "user_id": handler2.id,
                    "role": "handler",
                    "collectivity_ids": [fields.Command.set(sale.ids)],
                },
                {
                    "user_id": supervisor.id,
                    "role": "supervisor",
                    "collectivity_ids": [fields.Command.set(units[CODE_REGION].ids)],
                },
            ]
        )
        return {rabat: handler, sale: handler2}

    @api.model
    def _demo_create(self, gen, specs):
        """The citizens' partners, each with their language (French or Arabic, the language
        of their emails; French when Arabic is not installed), then the complaints, each in
        one batch."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        french = "fr_FR" if "fr_FR" in installed else False
        morocco = self.env.ref("base.ma")
        partners = self.env["res.partner"].create(
            [
                {
                    "name": p["name"],
                    "phone": p["phone"],
                    "email": p["email"] or False,
                    "city": p["city"],
                    "country_id": morocco.id,
                    "lang": p["lang"] if p["lang"] in installed else french,
                }
                for p in gen.citizens
            ]
        )
        for vals, plan in specs:
            person = plan["person"]
            if person:
                partner = person.get("partner") or partners[person["index"]]
                vals["partner_id"] = partner.id
        # Tracking numbers of the year of receipt, in the order of receipt.
        sequence = self.env["ir.sequence"].sudo()
        for vals, _plan in specs:
            vals["name"] = sequence.with_context(
                ir_sequence_date=vals["received_date"]
            ).next_by_code("chikaya.complaint")
        # Acknowledgements (citizens with an email only) are queued, not sent during install.
        complaints = self.with_context(mail_notify_force_send=False).create(
            [vals for vals, _plan in specs]
        )
        # The creation notes and acknowledgements are dated the day of receipt.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE mail_message m
                  SET date = LEAST(c.received_date + interval '9 hours'
                                   + (c.id %% 7) * interval '1 hour', %s)
                 FROM chikaya_complaint c
                WHERE m.model = 'chikaya.complaint' AND m.res_id = c.id AND c.id IN %s""",
                gen.now,
                tuple(complaints.ids),
            )
        )
        self.env["mail.message"].invalidate_model(["date"])
        return complaints

    @api.model
    def _demo_set_states(self, gen, complaints, specs):
        """Bring each complaint to its state: one untracked write per distinct set of values."""
        reasons = [
            (self.env.ref(f"chikaya_complaints.{xmlid}"), weight)
            for xmlid, weight in REJECTION_REASONS
        ]
        writes = defaultdict(lambda: self.browse())
        for complaint, (_vals, plan) in zip(complaints, specs, strict=True):
            vals = gen.final_values(complaint, plan, reasons)
            writes[tuple(sorted(vals.items()))] |= complaint
        for vals, records in writes.items():
            records.with_context(**DEMO_QUIET).write(dict(vals))

    @api.model
    def _demo_real_actions(self, gen, complaints, specs):
        """A few complaints go through the real actions, for a true chatter.

        Fields are not tracked on records created in the same transaction, and the tracking
        messages of a transaction are all signed by the first user who tracked: flushing the
        cursor (which runs the tracking hooks) before each actor's actions fixes both.
        """
        ref = self.env.ref
        texts = gen.texts
        handler = ref("chikaya_complaints.user_handler_demo")
        citizen_complaints = {
            plan["citizen_action"]: complaint
            for complaint, (_vals, plan) in zip(complaints, specs, strict=True)
            if plan.get("citizen_action")
        }
        to_reopen = citizen_complaints["reopen"]
        to_reopen.with_context(**DEMO_QUIET)._workflow_write(
            {
                "state": "answered",
                "handler_id": handler.id,
                "answered_date": gen.at(gen.ago(12)),
                "response": texts.responses["potholes"][0],
            }
        )
        self.env.cr.flush()
        units = gen.units
        for move in texts.reorientations:
            complaint = complaints.filtered(lambda c, s=move["subject"]: c.subject == s)
            complaint.with_user(ref(f"chikaya_complaints.{move['by']}")).action_reorient(
                units[move["to_code"]], move["reason"]
            )
            self.env.cr.flush()
        as_handler = self.with_user(handler).with_context(mail_notify_force_send=False)
        to_answer = as_handler.browse(citizen_complaints["answer"].id)
        to_answer.response = texts.responses["collection"][0]
        to_answer.action_answer()
        as_handler.browse(citizen_complaints["request_info"].id).action_request_info(
            texts.info_requests[2]
        )
        self.env.cr.flush()
        # The citizen reopens from the portal (which acts as superuser on their behalf).
        to_reopen.with_user(ref("chikaya_complaints.user_citizen_demo")).sudo().action_reopen()
        self.env.cr.flush()
        # Two more citizens unhappy with a recent answer.
        complaints.filtered(
            lambda c: (
                c.state == "answered"
                and c.partner_id
                and c.answered_date.date() >= gen.ago(20)
                and c not in citizen_complaints.values()
            )
        )[:2].action_reopen()
