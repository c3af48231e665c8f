import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from . import complaint_data as cd

_logger = logging.getLogger(__name__)


class ChikayaComplaintSlaMixin(models.AbstractModel):
    """The hourly deadline job of the complaints: warnings at 30 days, escalations at 60,
    each recipient emailed once per run (a digest), and the tracking numbers' yearly ranges
    created ahead of time."""

    _name = "chikaya.complaint.sla.mixin"
    _description = "Complaint: deadline job"

    # The warning recorded and not emailed yet (NULL once emailed: the partial index holds
    # the pending ones only, a few among a million complaints).
    sla_digest_level = fields.Selection(
        [(cd.SLA_PAST_30, "Past 30 days"), (cd.SLA_PAST_60, "Past 60 days")],
        "SLA warning to email",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set by the deadline job with the warning level; cleared when the email of its "
        "run (one per recipient) is queued.",
    )

    # What the job searches: the open complaints not escalated yet, in order of receipt.
    # Without it, PostgreSQL walks the index on received_date through every complaint
    # older than 30 or 60 days looking for the few not warned yet (6 s at a million
    # complaints, for a run with nothing to do); with it, the job reads only them. The
    # condition is written as the ORM writes the job's domains (states of
    # complaint_data.OPEN_STATES, level other than complaint_data.SLA_PAST_60), so that
    # PostgreSQL sees that the index covers them.
    _sla_job_idx = models.Index(
        "(received_date, id) WHERE state IN ('new', 'in_progress', 'info_requested')"
        " AND (sla_warning_level != 'past_60' OR sla_warning_level IS NULL)"
    )

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
        """Warn handlers at 30 days and supervisors at 60, once each, in batches; then email
        each recipient one digest of the complaints this run warned them of.

        Only open complaints that crossed a threshold without the matching warning are
        read, through the index on state (open complaints are a small share of the table;
        measured: 7 ms for a batch of 500 among 200,000 complaints, 2% open), so the job
        stays quick however many complaints there are. Each batch writes, in one
        transaction, the warning level, the activities and the email still to send
        (`sla_digest_level`); the digests are queued at the end of the run, in the
        transaction that clears `sla_digest_level`. So a rerun, or a run cut short, never
        warns twice and never loses an email: what a cut run warned is emailed by the next
        run, with its own.
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
                batch._sla_warn(level)
                remaining = self.search_count(domain)
                if Cron._commit_progress(len(batch), remaining=remaining) <= 0:
                    # Out of time: the job runs again at once and emails these with its own.
                    return
        self._sla_send_digests()

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

    def _sla_warn(self, level):
        """Record warning `level` on these complaints: one activity per complaint and
        recipient, in the recipient's language, the warning level, and the email still to
        send (`sla_digest_level`, see _sla_send_digests), in the same transaction.

        Runs in the SLA cron, as the superuser (its user_id), which may read every
        assignment and write activities on any complaint.
        """
        recipients = self._sla_recipients(level)
        activity_type = self.env.ref("chikaya_complaints.mail_activity_type_sla")
        model_id = self.env["ir.model"]._get_id(self._name)
        summaries = {}
        activities = []
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
        # The digest email is the notification: the activity's own assignment email is muted.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)
        self._workflow_write({"sla_warning_level": level, "sla_digest_level": level})

    @api.model
    def _sla_send_digests(self):
        """Queue one email per recipient listing every complaint warned and not emailed yet
        (this run's, and those of a run cut short before), escalations first, each line
        with the number (a link to the complaint), the collectivity, the date of receipt,
        the age and, for escalations, the assigned handler; in the recipient's language.
        Then clear `sla_digest_level`, in the same transaction.

        The recipients are the warning's (`_sla_recipients`), computed again for the whole
        set at once: a supervisor of a region with 500 late complaints gets one email, not
        500. Archived complaints are cleared too (their warning was given).
        """
        pending = self.with_context(active_test=False).search(
            [("sla_digest_level", "!=", False)], order="received_date, id"
        )
        if not pending:
            return
        by_user = defaultdict(lambda: defaultdict(list))  # user -> level -> complaints
        for level, complaints in pending.grouped("sla_digest_level").items():
            for complaint, users in complaints._sla_recipients(level).items():
                for user in users:
                    by_user[user][level].append(complaint)
        digests = {
            user.id: self.with_context(lang=user.lang)._sla_digest(user_levels)
            for user, user_levels in by_user.items()
        }
        if digests:
            template = self.env.ref("chikaya_complaints.mail_template_sla_digest")
            template.with_context(chikaya_sla_digests=digests).send_mail_batch(
                list(digests),
                # the email is the recipient's, tied to no complaint (it lists many)
                email_values={"model": False, "res_id": False},
            )
        pending._workflow_write({"sla_digest_level": False})

    @api.model
    def _sla_digest(self, complaints_by_level):
        """The lines of one recipient's digest, in the context's language:
        {count, past_60: [line], past_30: [line]}, a line being {number, url, collectivity,
        received, age, handler}, oldest first."""
        today = fields.Date.context_today(self)
        arabic = (self.env.lang or "").startswith("ar")
        digest = {"count": 0}
        for level in (cd.SLA_PAST_60, cd.SLA_PAST_30):
            complaints = complaints_by_level.get(level) or []
            digest["count"] += len(complaints)
            digest[level] = [
                {
                    "number": complaint.name,
                    "url": f"{complaint.get_base_url()}/odoo/{complaint._name}/{complaint.id}",
                    "collectivity": (arabic and complaint.collectivity_id.name_ar)
                    or complaint.collectivity_id.name,
                    "received": complaint.received_date,
                    "age": (today - complaint.received_date).days,
                    "handler": complaint.handler_id.name or "",
                }
                for complaint in sorted(complaints, key=lambda c: (c.received_date, c.id))
            ]
        return digest

    def _sla_summary(self, level):
        if level == cd.SLA_PAST_30:
            return self.env._("Complaint past 30 days")
        return self.env._("Complaint past 60 days: escalated")
