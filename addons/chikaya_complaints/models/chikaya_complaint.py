import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..tools.settings import get_int_param
from ..tools.workflow import in_workflow, workflow_writes
from . import complaint_data as cd

_logger = logging.getLogger(__name__)


class ChikayaComplaint(models.Model):
    """A citizen's réclamation, observation or suggestion, from receipt to closure.

    The states are the legal ones and change only through the `action_*` methods, which
    check the transition against complaint_data.TRANSITIONS. The age counts calendar days
    from the first receipt, whatever happens after (reorientation, reopening).
    """

    _name = "chikaya.complaint"
    _description = "Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "chikaya.complaint.citizen.mixin",
        "chikaya.complaint.access.mixin",
        # before the workflow: it adds to the workflow's action_answer (the first parent
        # listed comes first in the method resolution order)
        "chikaya.complaint.duplicate.mixin",
        "chikaya.complaint.workflow.mixin",
        "chikaya.complaint.sla.mixin",
        "chikaya.complaint.location.mixin",
    ]
    _order = "received_date desc, id desc"
    # Posting on a complaint is writing on it: handlers in scope may; managers, who only
    # read, may not; citizens reply through the portal's own routes, which check their
    # files and the state (see message_post below).
    _mail_post_access = "write"

    # ---- Identification -------------------------------------------------------------------
    name = fields.Char(
        "Tracking number",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(default=True, tracking=True)
    kind = fields.Selection(cd.KINDS, required=True, default=cd.KIND_RECLAMATION, tracking=True)
    # Staff register paper letters and phone calls; the portal and the API set their own.
    channel = fields.Selection(cd.CHANNELS, required=True, default=cd.CHANNEL_PAPER, tracking=True)
    collectivity_id = fields.Many2one(
        "chikaya.collectivity",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    province_id = fields.Many2one(
        related="collectivity_id.province_id",
        store=True,
        index=True,
        string="Prefecture / province",
    )
    region_id = fields.Many2one(
        related="collectivity_id.region_id", store=True, index=True, string="Region"
    )
    theme_id = fields.Many2one(
        "chikaya.theme", required=True, index=True, tracking=True, ondelete="restrict"
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Text(required=True)
    attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Attachments",
        domain=[("res_model", "=", "chikaya.complaint")],
    )
    # Paper complaints (bureau d'ordre): their registration number and their scan.
    paper_reference = fields.Char("Bureau d'ordre number")
    paper_scan = fields.Binary("Scan of the letter", attachment=True)
    paper_scan_filename = fields.Char()

    # ---- Citizen (as submitted: the legal record of who complained) ----------------------
    partner_id = fields.Many2one("res.partner", "Citizen", index=True, tracking=True)
    citizen_name = fields.Char("Name")
    citizen_id_type = fields.Selection(cd.ID_TYPES, "ID type")
    citizen_id_number = fields.Char("ID number")
    citizen_email = fields.Char("Email")
    citizen_phone = fields.Char("Phone")

    # ---- Handling -------------------------------------------------------------------------
    handler_id = fields.Many2one(
        "res.users",
        "Assigned handler",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        cd.STATES,
        required=True,
        default="new",
        index=True,
        tracking=True,
        group_expand=True,
        copy=False,
    )
    received_date = fields.Date(
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default=fields.Date.context_today,
        help="The day the administration received the complaint; a paper complaint keeps "
        "the date of its letter. Every deadline counts from it.",
    )
    acknowledged_date = fields.Datetime(readonly=True, copy=False)
    answered_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    deadline_date = fields.Date("Legal deadline", compute="_compute_deadline_date")
    age_days = fields.Integer(
        "Age (days)",
        compute="_compute_age_days",
        help="Calendar days since receipt; frozen once the complaint is answered or rejected.",
    )
    processing_days = fields.Integer(
        "Processing time (days)",
        compute="_compute_processing_days",
        store=True,
        aggregator="avg",
        help="Calendar days from receipt to the answer (or the rejection).",
    )
    sla_level = fields.Selection(
        cd.SLA_LEVELS, "SLA level", compute="_compute_sla_level", search="_search_sla_level"
    )
    sla_color = fields.Integer(
        "SLA colour",
        compute="_compute_sla_level",
        help="Kanban colour of an open complaint: green on time, orange past 30 days, "
        "red past 60 days.",
    )
    sla_warning_level = fields.Selection(
        [(cd.SLA_PAST_30, "Past 30 days warned"), (cd.SLA_PAST_60, "Past 60 days escalated")],
        "SLA warning sent",
        readonly=True,
        copy=False,
    )
    response = fields.Text(help="The answer sent to the citizen.")
    info_request = fields.Text("Information requested", readonly=True, copy=False)
    rejection_reason_id = fields.Many2one(
        "chikaya.rejection.reason", readonly=True, copy=False, tracking=True
    )
    rejection_note = fields.Text(readonly=True, copy=False)
    reorientation_ids = fields.One2many(
        "chikaya.complaint.reorientation", "complaint_id", "Reorientations", readonly=True
    )
    reopen_count = fields.Integer(readonly=True, copy=False, tracking=True)
    satisfaction = fields.Selection(cd.SATISFACTION, readonly=True, copy=False, tracking=True)
    satisfaction_comment = fields.Text(readonly=True, copy=False)

    _name_uniq = models.Constraint("UNIQUE(name)", "The tracking number must be unique.")
    _access_code_hash_uniq = models.UniqueIndex(
        "(access_code_hash) WHERE access_code_hash IS NOT NULL", "The access code must be unique."
    )

    # ---- Computes ---------------------------------------------------------------------------

    @api.model
    def _legal_deadline_days(self):
        """The legal answer deadline in days (setting; the decree's 60 by default)."""
        return get_int_param(self.env, cd.PARAM_DEADLINE_DAYS, cd.DEFAULT_DEADLINE_DAYS)

    @api.model
    def _reopen_window_days(self):
        """How many days after the answer the citizen may reopen (setting; 30 by default)."""
        return get_int_param(self.env, cd.PARAM_REOPEN_DAYS, cd.DEFAULT_REOPEN_DAYS)

    @api.depends("received_date")
    def _compute_deadline_date(self):
        days = self._legal_deadline_days()
        for complaint in self:
            complaint.deadline_date = (
                complaint.received_date and complaint.received_date + timedelta(days=days)
            )

    @api.depends("received_date", "state", "processing_days")
    def _compute_age_days(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            if complaint.state in cd.DONE_STATES:
                complaint.age_days = complaint.processing_days
            elif complaint.received_date:
                complaint.age_days = max((today - complaint.received_date).days, 0)
            else:
                complaint.age_days = 0

    @api.depends("received_date", "answered_date", "closed_date", "state")
    def _compute_processing_days(self):
        for complaint in self:
            end = complaint.answered_date or (
                complaint.state == "rejected" and complaint.closed_date
            )
            if end and complaint.received_date:
                complaint.processing_days = max((end.date() - complaint.received_date).days, 0)
            else:
                complaint.processing_days = 0

    @api.depends("age_days", "state")
    def _compute_sla_level(self):
        for complaint in self:
            complaint.sla_level = cd.sla_level_of(complaint.age_days)
            complaint.sla_color = (
                cd.SLA_COLORS[complaint.sla_level] if complaint.state in cd.OPEN_STATES else 0
            )

    def _search_sla_level(self, operator, value):
        """Open complaints by their age today, done ones by their frozen processing time."""
        if operator not in ("in", "not in"):
            return NotImplemented
        levels = [v for v in value if v in cd.SLA_BOUNDS]
        today = fields.Date.context_today(self)
        domains = []
        for level in levels:
            low, high = cd.SLA_BOUNDS[level]
            open_dom = Domain("state", "in", cd.OPEN_STATES) & Domain(
                "received_date", "<=", today - timedelta(days=low)
            )
            done_dom = Domain("state", "in", cd.DONE_STATES) & Domain("processing_days", ">=", low)
            if high is not None:
                open_dom &= Domain("received_date", ">=", today - timedelta(days=high))
                done_dom &= Domain("processing_days", "<=", high)
            domains.append(open_dom | done_dom)
        domain = Domain.OR(domains) if domains else Domain.FALSE
        return ~domain if operator == "not in" else domain

    # ---- Constraints ----------------------------------------------------------------------

    @api.constrains(
        "kind",
        "citizen_name",
        "citizen_id_type",
        "citizen_id_number",
        "citizen_email",
        "citizen_phone",
    )
    def _check_citizen(self):
        fields_read = (
            "kind",
            "citizen_name",
            "citizen_id_type",
            "citizen_id_number",
            "citizen_email",
            "citizen_phone",
        )
        for complaint in self:
            errors = self._citizen_errors({name: complaint[name] for name in fields_read})
            if errors:
                raise ValidationError("\n".join(errors.values()))

    @api.constrains("received_date")
    def _check_received_date(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            if complaint.received_date and complaint.received_date > today:
                raise ValidationError(
                    self.env._(
                        "The date of receipt of %(number)s cannot be in the future.",
                        number=complaint.name,
                    )
                )

    # ---- CRUD -----------------------------------------------------------------------------

    def _check_required_input(self, vals_list):
        """Refuse empty required values with a message that names them, before the
        database refuses them with a NOT NULL error nobody can read."""

        def empty(value):
            return not value or (isinstance(value, str) and not value.strip())

        for vals in vals_list:
            missing = [
                self._fields[name]._description_string(self.env)
                for name in cd.REQUIRED_INPUT
                if name in vals and empty(vals[name])
            ]
            if missing:
                raise ValidationError(
                    self.env._("Please fill in: %(fields)s.", fields=", ".join(missing))
                )

    # ---- Fields the workflow owns -----------------------------------------------------------

    @api.model
    def _workflow_fields(self):
        """The fields only the workflow writes: complaint_data.WORKFLOW_FIELDS, and every
        field declared readonly on the model (a readonly field is not a field the views
        forgot to lock: no entry point may write it)."""
        declared = {
            name
            for name, field in self._fields.items()
            if field.readonly and name not in (*models.MAGIC_COLUMNS, "display_name")
        }
        return set(cd.WORKFLOW_FIELDS) | declared

    @api.model
    def _workflow_action_labels(self):
        return {
            "registration": self.env._("it is set when the complaint is registered"),
            "transitions": self.env._(
                "use the complaint's actions (Start processing, Request information, "
                "Information received, Send the answer, Close, Reject, Reorient, Reopen)"
            ),
            "reorient": self.env._("use “Reorient”, which keeps the complaint's path"),
            "received_date": self.env._(
                "a supervisor corrects it with “Correct the date of receipt”, giving a reason"
            ),
            "account": self.env._(
                "the citizen adds the complaint to their account with its tracking number and "
                "access code, or by proving their email address"
            ),
            "rating": self.env._("only the citizen rates the answer, on the portal"),
            "archive": self.env._("administrators use “Archive”"),
            "sla_job": self.env._("the deadline job records the warnings it sends"),
            "new_code": self.env._("use “Give a new access code”"),
        }

    def _refuse_workflow_fields(self, names):
        """The UserError for a direct write of workflow fields `names`."""
        labels = self._workflow_action_labels()
        how = sorted({labels[cd.WORKFLOW_FIELDS.get(name, "registration")] for name in names})
        return UserError(
            self.env._(
                "These fields of a complaint are not changed directly: %(fields)s. Instead, "
                "%(how)s.",
                fields=", ".join(
                    sorted(self._fields[n]._description_string(self.env) for n in names)
                ),
                how="; ".join(how),
            )
        )

    @api.model
    def _check_registration_vals(self, vals_list):
        """What staff (and any caller outside the workflow) may give when registering: the
        registration fields, and the other workflow fields only at their defaults."""
        defaults = {"state": "new", "active": True, "reopen_count": 0, "name": self.env._("New")}
        protected = self._workflow_fields() - set(cd.REGISTRATION_FIELDS)
        for vals in vals_list:
            forced = [
                name
                for name in protected & vals.keys()
                if vals[name] not in (False, None, "", defaults.get(name, False))
            ]
            if forced:
                raise self._refuse_workflow_fields(forced)
            if vals.get("channel") not in cd.STAFF_CHANNELS:
                channels = dict(self._fields["channel"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Staff register complaints received on paper or by phone (%(channels)s); "
                        "citizens file the others themselves.",
                        channels=", ".join(channels[c] for c in cd.STAFF_CHANNELS),
                    )
                )

    def _workflow_write(self, vals):
        """write() for the workflow's own methods."""
        with workflow_writes():
            return self.write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [
            self._normalize_citizen_vals(self._add_missing_default_values(dict(vals)))
            for vals in vals_list
        ]
        if not in_workflow():
            # (after the defaults: a `default_state` in the context is a value like any other)
            self._check_registration_vals(vals_list)
        self._check_required_input(
            [{name: vals.get(name) for name in cd.REQUIRED_INPUT} for vals in vals_list]
        )
        sequence_sudo = self.env["ir.sequence"].sudo()  # citizens may not read sequences
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = sequence_sudo.next_by_code("chikaya.complaint") or "/"
        codes = [self._generate_access_code() for _vals in vals_list]
        for vals, code in zip(vals_list, codes, strict=True):
            vals["access_code_hash"] = self._hash_access_code(code)
        self._find_or_create_citizens(vals_list)
        with workflow_writes():
            complaints = super().create(vals_list)
        complaints._remember_new_access_codes(codes)
        # the citizen follows their complaints: one call per citizen, not per complaint
        for partner, records in complaints.filtered("partner_id").grouped("partner_id").items():
            records.message_subscribe(partner_ids=partner.ids)
        if not self.env.context.get("chikaya_skip_acknowledgement"):
            complaints._send_acknowledgement()
        return complaints

    @api.model
    def _create_public(self, vals, attachments=()):
        """Create a complaint filed by the public (the website's form, the Open311 API) from
        values its entry point checked, with its files (ir.attachment values: name, raw,
        mimetype), in a savepoint: a refusal of the core (ValidationError) leaves nothing
        behind. As superuser inside workflow_writes(): visitors and applications are not
        users who may create complaints; the files stay private (the portal gives its own
        links). Return complaint_sudo; the context (e.g. chikaya_skip_acknowledgement) is
        kept."""
        complaint_sudo = self.sudo()
        with self.env.cr.savepoint(), workflow_writes():
            complaint_sudo = complaint_sudo.create(vals)
            if attachments:
                self.env["ir.attachment"].sudo().create(
                    [
                        {
                            **attachment,
                            "res_model": self._name,
                            "res_id": complaint_sudo.id,
                            "public": False,
                        }
                        for attachment in attachments
                    ]
                )
        return complaint_sudo

    def write(self, vals):
        workflow = in_workflow()
        if not workflow:
            forced = self._workflow_fields() & vals.keys()
            if forced:
                raise self._refuse_workflow_fields(forced)
        self._check_required_input([vals])
        if any(k.startswith("citizen_") for k in vals):
            vals = self._normalize_citizen_vals(dict(vals))
        result = super().write(vals)
        if not workflow and not self.env.su:
            # Record rules hold after the write too: nothing moves out of the writer's scope.
            self.check_access("write")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Complaints are never deleted: they are a legal record. Archive them instead."
            )
        )

    def action_archive(self):
        return self._set_active(False)

    def action_unarchive(self):
        return self._set_active(True)

    def _set_active(self, active):
        """Archiving hides a complaint from every list and figure: administrators only,
        and the chatter says who did it."""
        if not self.env.user.has_group("chikaya_complaints.chikaya_complaints_group_admin"):
            raise AccessError(self.env._("Only administrators archive or restore complaints."))
        self._workflow_write({"active": active})
        body = (
            self.env._("Complaint archived.") if not active else self.env._("Complaint restored.")
        )
        for complaint in self:
            complaint.message_post(body=body)
        return True

    # ---- Generic portal access: refused -------------------------------------------------

    def _portal_ensure_token(self):
        """No portal.mixin token: a complaint opens with its tracking number and access code,
        on the portal's own pages only (chikaya_portal), never through Odoo's generic routes
        (/mail/message/post, /mail/attachment/upload, /web/content…), which would accept
        any file, size or state."""
        return False

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        """Odoo's mail routes open a complaint by the access rights and record rules only:
        the token, hash and pid parameters that portal.mixin accepts are ignored."""
        for param in ("token", "hash", "pid"):
            kwargs.pop(param, None)
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=False):
        """No "View" button with a token for the citizen's contact in notification emails
        (the portal's templates give the tracking page instead)."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        return [group for group in groups if group[0] != "portal_customer"]

    def _message_update_content(self, message, /, *, body, **kwargs):
        """The messages of a complaint are part of its record (the question sent to the
        citizen, their reply, the answer): they are not edited or emptied afterwards, by
        anyone. Mail's edit route calls this as superuser, after its own checks."""
        raise UserError(
            self.env._(
                "The messages of a complaint are part of its record: they cannot be edited or "
                "deleted. Post a new message to correct one."
            )
        )
