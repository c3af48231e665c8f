from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.workflow import workflow_writes
from . import complaint_data as cd


class ChikayaComplaintWorkflowMixin(models.AbstractModel):
    """The workflow of a complaint: its transitions (complaint_data.TRANSITIONS) and the
    actions that take them, the only code that writes the fields the workflow owns."""

    _name = "chikaya.complaint.workflow.mixin"
    _description = "Complaint: workflow"

    def _transition_labels(self):
        return {
            "start": self.env._("Start processing"),
            "request_info": self.env._("Request information"),
            "provide_info": self.env._("Provide the information"),
            "answer": self.env._("Send the answer"),
            "close": self.env._("Close the complaint"),
            "reject": self.env._("Reject"),
            "reorient": self.env._("Reorient"),
            "reopen": self.env._("Reopen"),
        }

    def _check_transition(self, action):
        """Raise a UserError unless every complaint of self may take `action`; return the
        state it leads to."""
        allowed, target = cd.TRANSITIONS[action]
        states = dict(self._fields["state"]._description_selection(self.env))
        for complaint in self:
            if complaint.state not in allowed:
                raise UserError(
                    self.env._(
                        "“%(action)s” is not possible for complaint %(number)s, which is "
                        "“%(state)s”. It is possible only when the complaint is: %(allowed)s.",
                        action=self._transition_labels()[action],
                        number=complaint.name,
                        state=states[complaint.state],
                        allowed=", ".join(states[s] for s in allowed),
                    )
                )
        return target

    def action_start(self):
        target = self._check_transition("start")
        now = fields.Datetime.now()
        is_handler = self.env.user.has_group("chikaya_complaints.chikaya_complaints_group_handler")
        for complaint in self:
            vals = {"state": target}
            if not complaint.handler_id and is_handler:
                vals["handler_id"] = self.env.uid
            if not complaint.acknowledged_date:
                vals["acknowledged_date"] = now
            complaint._workflow_write(vals)
        return True

    def action_request_info(self, message):
        """Ask the citizen for information; the question is emailed to them."""
        target = self._check_transition("request_info")
        if not (message or "").strip():
            raise UserError(self.env._("Please write the question to send to the citizen."))
        self._workflow_write({"state": target, "info_request": message.strip()})
        for complaint in self:
            complaint.message_post(
                body=message.strip(),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=complaint.partner_id.ids,
            )
        return True

    def action_provide_info(self, note=None):
        """The handler received the information outside the portal (a letter, a call): back
        to in progress. The handler's note is posted in the handler's own name; only the
        citizen's own portal reply (_provide_info_from_citizen) speaks for the citizen."""
        target = self._check_transition("provide_info")
        self._workflow_write({"state": target})
        for complaint in self:
            complaint.message_post(
                body=(note or "").strip()
                or self.env._("The information was received outside the portal."),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _provide_info_from_citizen(self, message=None, attachment_ids=None):
        """The citizen's reply to a request for information, posted in their name: called by
        the portal only, once it has authorized the citizen (their account, or the tracking
        number and access code) and checked their files. Back to in progress."""
        self.ensure_one()
        target = self._check_transition("provide_info")
        with workflow_writes():
            self.write({"state": target})
            if message or attachment_ids:
                self.message_post(
                    body=message or "",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    author_id=self.partner_id.id or self.env.user.partner_id.id,
                    attachment_ids=attachment_ids or [],
                )
        return True

    def action_answer(self):
        """Send the response to the citizen; it needs a response text."""
        target = self._check_transition("answer")
        for complaint in self:
            if not (complaint.response or "").strip():
                raise UserError(
                    self.env._(
                        "Write the response to the citizen before answering complaint %(number)s.",
                        number=complaint.name,
                    )
                )
        self._workflow_write({"state": target, "answered_date": fields.Datetime.now()})
        template = self.env.ref("chikaya_complaints.mail_template_complaint_answer")
        self.filtered("partner_id").message_post_with_source(
            template, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        return True

    def action_close(self):
        target = self._check_transition("close")
        self._workflow_write({"state": target, "closed_date": fields.Datetime.now()})
        return True

    def _as_record(self, model, value):
        """`value` as a record of `model`: the wizard passes records, RPC callers ids."""
        if isinstance(value, models.BaseModel):
            return value
        return self.env[model].browse(value if isinstance(value, int) else ()).exists()

    def action_reject(self, reason, note=None):
        """Reject as inadmissible, with a reason from the administrators' list."""
        target = self._check_transition("reject")
        reason = self._as_record("chikaya.rejection.reason", reason)
        if not reason:
            raise UserError(self.env._("Choose the reason why the complaint is rejected."))
        self._workflow_write(
            {
                "state": target,
                "closed_date": fields.Datetime.now(),
                "rejection_reason_id": reason.id,
                "rejection_note": note or False,
            }
        )
        for complaint in self:
            body = self.env._(
                "Your complaint was found inadmissible: %(reason)s.",
                reason=reason.with_context(lang=complaint.partner_id.lang).name,
            )
            if note:
                body = f"{body}\n{note}"
            complaint.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=complaint.partner_id.ids,
            )
        return True

    def action_reorient(self, collectivity, reason):
        """Hand the complaint to another collectivity, whose handlers receive it as new.

        The received date is kept: the legal age counts from the first receipt. The line
        and the note are written before the change of collectivity, since the current
        handler may lose access to the complaint once it has moved.
        """
        target = self._check_transition("reorient")
        collectivity = self._as_record("chikaya.collectivity", collectivity)
        if not collectivity:
            raise UserError(self.env._("Choose the collectivity to reorient the complaint to."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the reorientation."))
        for complaint in self:
            if complaint.collectivity_id == collectivity:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s is already with %(collectivity)s.",
                        number=complaint.name,
                        collectivity=collectivity.display_name,
                    )
                )
        # Lines exist only through this action (users may not create them): written as
        # superuser once the user's right to write the complaints is checked.
        self.check_access("write")
        reorientation_sudo = self.env["chikaya.complaint.reorientation"].sudo()
        reorientation_sudo.create(
            [
                {
                    "complaint_id": complaint.id,
                    "from_collectivity_id": complaint.collectivity_id.id,
                    "to_collectivity_id": collectivity.id,
                    "reason": reason.strip(),
                    "user_id": self.env.uid,
                }
                for complaint in self
            ]
        )
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "Reoriented from %(origin)s to %(target)s: %(reason)s",
                    origin=complaint.collectivity_id.display_name,
                    target=collectivity.display_name,
                    reason=reason.strip(),
                )
            )
        self._workflow_write(
            {"state": target, "collectivity_id": collectivity.id, "handler_id": False}
        )
        return True

    def _reopen_deadline(self):
        days = self._reopen_window_days()
        self.ensure_one()
        return self.answered_date and (self.answered_date.date() + timedelta(days=days))

    def _within_reopen_window(self):
        """Whether the answer is recent enough for the citizen to reopen the complaint (the
        state is checked by the transition; the portal asks before offering the button)."""
        self.ensure_one()
        deadline = self._reopen_deadline()
        return bool(deadline) and fields.Date.context_today(self) <= deadline

    def action_reopen(self):
        """The citizen is not satisfied: back to in progress, within the reopening window."""
        target = self._check_transition("reopen")
        for complaint in self:
            if not complaint._within_reopen_window():
                raise UserError(
                    self.env._(
                        "Complaint %(number)s can no longer be reopened: the answer is more than "
                        "%(days)s days old. Please file a new complaint.",
                        number=complaint.name,
                        days=self._reopen_window_days(),
                    )
                )
        for complaint in self:
            complaint._workflow_write(
                {
                    "state": target,
                    "reopen_count": complaint.reopen_count + 1,
                    "answered_date": False,
                    "closed_date": False,
                    "satisfaction": False,
                    "satisfaction_comment": False,
                }
            )
        return True

    def _rate_answer(self, satisfaction, comment=None):
        """The citizen's opinion of the answer: called by the portal only, for the citizen it
        has authorized (a handler cannot rate in the citizen's name)."""
        if satisfaction not in dict(cd.SATISFACTION):
            raise UserError(self.env._("Say whether you are satisfied with the answer."))
        for complaint in self:
            if complaint.state not in cd.ANSWERED_STATES:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s has not been answered yet: it cannot be rated.",
                        number=complaint.name,
                    )
                )
        self._workflow_write(
            {"satisfaction": satisfaction, "satisfaction_comment": comment or False}
        )
        return True

    def _open_transition_wizard(self, transition):
        self.ensure_one()
        self._check_transition(transition)
        return {
            "type": "ir.actions.act_window",
            "name": self._transition_labels()[transition],
            "res_model": "chikaya.complaint.transition",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id, "default_transition": transition},
        }

    def action_open_request_info(self):
        return self._open_transition_wizard("request_info")

    def action_open_reject(self):
        return self._open_transition_wizard("reject")

    def action_open_reorient(self):
        return self._open_transition_wizard("reorient")

    def action_open_correct_received_date(self):
        self.ensure_one()
        self._check_can_correct_received_date()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct the date of receipt"),
            "res_model": "chikaya.complaint.transition",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_complaint_id": self.id,
                "default_transition": "received_date",
                "default_received_date": self.received_date,
            },
        }

    def _check_can_correct_received_date(self):
        if not self.env.user.has_group("chikaya_complaints.chikaya_complaints_group_supervisor"):
            raise AccessError(
                self.env._("Only a supervisor corrects the date of receipt of a complaint.")
            )
        self.check_access("write")

    def action_correct_received_date(self, received_date, reason):
        """A supervisor corrects the date of receipt (a letter registered with the wrong
        date): every deadline counts from it, so the old and new dates and the reason stay
        in the chatter. Record rules apply: only complaints of the supervisor's scope."""
        self._check_can_correct_received_date()
        received_date = fields.Date.to_date(received_date)
        if not received_date:
            raise UserError(self.env._("Give the correct date of receipt."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the correction."))
        for complaint in self:
            old = complaint.received_date
            complaint._workflow_write({"received_date": received_date})
            complaint.message_post(
                body=self.env._(
                    "Date of receipt corrected from %(old)s to %(new)s: %(reason)s",
                    old=fields.Date.to_string(old),
                    new=fields.Date.to_string(received_date),
                    reason=reason.strip(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
