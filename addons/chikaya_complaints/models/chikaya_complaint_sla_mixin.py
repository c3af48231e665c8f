import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command

from . import complaint_data as cd

_logger = logging.getLogger(__name__)


class ChikayaComplaintSlaMixin(models.AbstractModel):
    """The hourly deadline job of the complaints: warnings at 30 days, escalations at 60,
    and the tracking numbers' yearly ranges created ahead of time."""

    _name = "chikaya.complaint.sla.mixin"
    _description = "Complaint: deadline job"

    @api.model
    def _ensure_sequence_ranges(self):
        """Create the tracking numbers' yearly ranges of this year and the next ahead of
        time: the sequence would otherwise create a year's range on its first number, and
        the first filings of a year made in parallel would collide on it (one gets an
        error). Run at installation and by the hourly job."""
        sequence = self.env.ref("chikaya_complaints.seq_chikaya_complaint", False)
        if not sequence:
            return
        year = fields.Date.context_today(self).year
        ranges = sequence.sudo().date_range_ids
        missing = [
            y
            for y in (year, year + 1)
            if not ranges.filtered(lambda r, y=y: r.date_from.year <= y <= r.date_to.year)
        ]
        self.env["ir.sequence.date_range"].sudo().create(
            [
                {
                    "sequence_id": sequence.id,
                    "date_from": fields.Date.to_date(f"{y}-01-01"),
                    "date_to": fields.Date.to_date(f"{y}-12-31"),
                }
                for y in missing
            ]
        )

    @api.model
    def _cron_sla_warning(self):
        """Warn handlers at 30 days and supervisors at 60, once each, in batches.

        Only open complaints that crossed a threshold without the matching warning are
        read, through the index on state (open complaints are a small share of the table;
        measured: 7 ms for a batch of 500 among 200,000 complaints, 2% open), so the job
        stays quick however many complaints there are. The warning level is written with
        each batch, so a rerun (or a run cut short) never warns twice.
        """
        self._ensure_sequence_ranges()
        today = fields.Date.context_today(self)
        jobs = [
            # (level, domain of the complaints to warn)
            (
                cd.SLA_PAST_60,
                [
                    ("state", "in", cd.OPEN_STATES),
                    ("received_date", "<", today - timedelta(days=cd.SLA_ESCALATE_DAYS)),
                    ("sla_warning_level", "!=", cd.SLA_PAST_60),
                ],
            ),
            (
                cd.SLA_PAST_30,
                [
                    ("state", "in", cd.OPEN_STATES),
                    ("received_date", "<", today - timedelta(days=cd.SLA_WARN_DAYS)),
                    ("sla_warning_level", "=", False),
                ],
            ),
        ]
        Cron = self.env["ir.cron"]
        for level, domain in jobs:
            while True:
                batch = self.search(domain, limit=cd.SLA_BATCH_SIZE, order="received_date, id")
                if not batch:
                    break
                batch._sla_notify(level)
                batch._workflow_write({"sla_warning_level": level})
                remaining = self.search_count(domain)
                if Cron._commit_progress(len(batch), remaining=remaining) <= 0:
                    return

    def _sla_recipients(self, level):
        """Users to warn for each complaint: {complaint: users}.

        Past 60 days: the supervisors of the collectivity or of any unit above it. Past 30
        days: the assigned handler; when nobody is assigned, the handlers of the
        collectivity; when it has none, its supervisors, so that no warning is lost.
        Each is read with one search of the assignments for the whole batch.
        """
        supervisors = self._sla_supervisors()
        if level == cd.SLA_PAST_60:
            return supervisors
        handlers = self.filtered(lambda c: not c.handler_id)._sla_collectivity_handlers()
        return {c: c.handler_id or handlers.get(c) or supervisors[c] for c in self}

    def _sla_collectivity_handlers(self):
        """{complaint: the handlers whose scope holds its collectivity}."""
        units = self.collectivity_id
        by_unit = defaultdict(lambda: self.env["res.users"])
        for handler in self.env["chikaya.handler"].search(
            [("collectivity_ids", "in", (units | units.parent_id).ids)]
        ):
            for unit in handler._get_scope_units():
                by_unit[unit.id] |= handler.user_id
        return {c: by_unit[c.collectivity_id.id] for c in self}

    def _sla_supervisors(self):
        """{complaint: the supervisors of its collectivity or of a unit above it}."""
        ancestor_ids = {
            complaint: [int(i) for i in complaint.collectivity_id.parent_path.split("/") if i]
            for complaint in self
        }
        by_unit = defaultdict(lambda: self.env["res.users"])
        for handler in self.env["chikaya.handler"].search(
            [
                ("role", "=", "supervisor"),
                ("collectivity_ids", "in", list({i for ids in ancestor_ids.values() for i in ids})),
            ]
        ):
            for unit in handler.collectivity_ids:
                by_unit[unit.id] |= handler.user_id
        return {
            complaint: self.env["res.users"].union(*(by_unit[i] for i in ids))
            for complaint, ids in ancestor_ids.items()
        }

    def _sla_notify(self, level):
        """One activity per complaint and recipient, and one email per complaint and
        language, each in its recipients' language.

        Runs in the SLA cron, as the superuser (its user_id), which may read every
        assignment and write activities on any complaint.
        """
        recipients = self._sla_recipients(level)
        activity_type = self.env.ref("chikaya_complaints.mail_activity_type_sla")
        model_id = self.env["ir.model"]._get_id(self._name)
        summaries = {}
        activities = []
        by_recipients = defaultdict(list)  # (lang, partners) -> complaint ids
        for complaint, users in recipients.items():
            if not users:
                _logger.warning("SLA %s: nobody to warn for complaint %s", level, complaint.name)
                continue
            for lang, lang_users in users.grouped("lang").items():
                if lang not in summaries:
                    summaries[lang] = self.with_context(lang=lang)._sla_summary(level)
                activities += [
                    {
                        "res_model_id": model_id,
                        "res_id": complaint.id,
                        "activity_type_id": activity_type.id,
                        "summary": summaries[lang],
                        "user_id": user.id,
                        "date_deadline": complaint.deadline_date,
                    }
                    for user in lang_users
                ]
                by_recipients[lang, lang_users.partner_id].append(complaint.id)
        # The email below is the notification: the activity's own assignment email is muted.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)
        template = self.env.ref(
            "chikaya_complaints.mail_template_sla_warning"
            if level == cd.SLA_PAST_30
            else "chikaya_complaints.mail_template_sla_escalation"
        )
        for (lang, partners), complaint_ids in by_recipients.items():
            template.with_context(chikaya_recipient_lang=lang).send_mail_batch(
                complaint_ids,
                email_values={"recipient_ids": [Command.link(p.id) for p in partners]},
            )

    def _sla_summary(self, level):
        if level == cd.SLA_PAST_30:
            return self.env._("Complaint past 30 days")
        return self.env._("Complaint past 60 days: escalated")
