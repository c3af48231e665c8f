import contextlib
import contextvars
import logging
import re
import secrets
import weakref
from collections import defaultdict
from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import consteq, email_normalize
from odoo.tools.misc import hmac

from . import complaint_data as cd

_logger = logging.getLogger(__name__)

# Set while the workflow's own methods write (see workflow_writes()).
_WORKFLOW = contextvars.ContextVar("chikaya_complaint_workflow", default=False)
# The access codes generated on each cursor: {cursor: {complaint id: plain code}}, the only
# place the plain code exists on the server, for as long as the cursor (the request) lives.
# Not the cursor's own cache, which a rolled-back savepoint empties.
_NEW_CODES = weakref.WeakKeyDictionary()
# HMAC scope of the stored access codes.
ACCESS_CODE_SCOPE = "chikaya.complaint.access_code"


def in_workflow():
    """Whether the running code is inside workflow_writes()."""
    return _WORKFLOW.get()


@contextlib.contextmanager
def workflow_writes():
    """Let the code inside the block write the fields the workflow owns
    (complaint_data.WORKFLOW_FIELDS) and post in a citizen's name.

    A context variable rather than a context key: any RPC caller can send a context key
    (`with_context` travels with the call), while a context variable is set only by Python
    code running in the server. Access rights and record rules still apply to the writes
    made inside the block."""
    token = _WORKFLOW.set(True)
    try:
        yield
    finally:
        _WORKFLOW.reset(token)


def _compact(value):
    """An identifier or phone number as typed, without spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", value or "")


class ChikayaComplaint(models.Model):
    """A citizen's réclamation, observation or suggestion, from receipt to closure.

    The states are the legal ones and change only through the `action_*` methods, which
    check the transition against complaint_data.TRANSITIONS. The age counts calendar days
    from the first receipt, whatever happens after (reorientation, reopening).
    """

    _name = "chikaya.complaint"
    _description = "Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
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

    # The access code is kept only as an HMAC (keyed with the database secret): staff see it
    # once, when they register the complaint, and the citizen once, on the confirmation page
    # and in the acknowledgement; nobody can read it afterwards. portal.mixin's
    # `access_token` stays empty, so Odoo's generic token routes never open a complaint.
    # (readable like any field: without the database secret, the HMAC says nothing about
    # the code, one of 31^12)
    access_code_hash = fields.Char(readonly=True, copy=False, prefetch=False)
    new_access_code = fields.Char(
        "Access code",
        compute="_compute_new_access_code",
        help="Shown once, right after registration: give it to the citizen with the tracking "
        "number. It is not stored and cannot be shown again; “Give a new access code” "
        "replaces it.",
    )

    _name_uniq = models.Constraint("UNIQUE(name)", "The tracking number must be unique.")
    _access_code_hash_uniq = models.UniqueIndex(
        "(access_code_hash) WHERE access_code_hash IS NOT NULL", "The access code must be unique."
    )

    # ---- Computes ---------------------------------------------------------------------------

    def _get_param_days(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value else default
        except ValueError:
            return default

    @api.depends_context("uid")
    def _compute_new_access_code(self):
        codes = _NEW_CODES.get(self.env.cr, {})
        for complaint in self:
            complaint.new_access_code = codes.get(complaint.id, False)

    @api.depends("received_date")
    def _compute_deadline_date(self):
        days = self._get_param_days(cd.PARAM_DEADLINE_DAYS, cd.DEFAULT_DEADLINE_DAYS)
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
        _ = self.env._
        for complaint in self:
            if complaint.kind not in cd.ANONYMOUS_KINDS:
                missing = [
                    label
                    for label, field in (
                        (_("your name"), "citizen_name"),
                        (_("the type of your ID document"), "citizen_id_type"),
                        (_("your ID number"), "citizen_id_number"),
                    )
                    if not (complaint[field] or "").strip()
                ]
                if missing:
                    raise ValidationError(
                        _(
                            "A complaint (réclamation) needs the citizen's identity: please give "
                            "%(missing)s. Observations and suggestions may be anonymous.",
                            missing=", ".join(missing),
                        )
                    )
                if not complaint.citizen_email and not complaint.citizen_phone:
                    raise ValidationError(
                        _(
                            "A complaint (réclamation) needs a way to send you the answer: "
                            "please give an email address or a phone number."
                        )
                    )
            if complaint.citizen_id_number:
                id_type = complaint.citizen_id_type
                if not id_type:
                    raise ValidationError(_("Please choose the type of your ID document."))
                number = _compact(complaint.citizen_id_number).upper()
                if not re.match(cd.ID_PATTERNS[id_type], number):
                    examples = {
                        "cin": _("one or two letters followed by up to 6 digits, e.g. AB123456"),
                        "passport": _("6 to 9 letters or digits, e.g. AB1234567"),
                        "residence": _(
                            "one or two letters followed by 5 to 8 digits, e.g. E123456"
                        ),
                    }
                    raise ValidationError(
                        _(
                            "The ID number %(number)s is not valid: expected %(example)s.",
                            number=complaint.citizen_id_number,
                            example=examples[id_type],
                        )
                    )
            if complaint.citizen_email and not (
                email_normalize(complaint.citizen_email)
                and re.match(cd.EMAIL_PATTERN, complaint.citizen_email.strip())
            ):
                raise ValidationError(
                    _(
                        "The email address %(email)s is not valid: expected an address such as "
                        "name@example.ma.",
                        email=complaint.citizen_email,
                    )
                )
            if complaint.citizen_phone and not re.match(
                cd.PHONE_PATTERN, _compact(complaint.citizen_phone)
            ):
                raise ValidationError(
                    _(
                        "The phone number %(phone)s is not a Moroccan number: expected 10 digits "
                        "starting with 05, 06, 07 or 08 (or +212 followed by 9 digits).",
                        phone=complaint.citizen_phone,
                    )
                )

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

    @api.model
    def _generate_access_code(self):
        return "".join(
            secrets.choice(cd.ACCESS_CODE_ALPHABET) for _i in range(cd.ACCESS_CODE_LENGTH)
        )

    @api.model
    def _hash_access_code(self, code):
        """The stored form of an access code: an HMAC keyed with the database secret, so
        that a copy of the table (a backup, a replica, a curious administrator) does not
        give the codes."""
        return hmac(self.env(su=True), ACCESS_CODE_SCOPE, code)

    def _check_access_code(self, code):
        """Whether `code` (already cleaned: upper-case, of the code's alphabet and length)
        is this complaint's access code; compared in constant time."""
        self.ensure_one()
        stored = self.sudo().access_code_hash
        return bool(code and stored) and consteq(stored, self._hash_access_code(code))

    def _remember_new_access_codes(self, codes):
        """Keep the plain access codes of `self` (in order) for as long as the cursor lives
        (the request that registers them): what `new_access_code` and the acknowledgement
        read."""
        _NEW_CODES.setdefault(self.env.cr, {}).update(zip(self.ids, codes, strict=True))
        self.invalidate_recordset(["new_access_code"])

    def action_new_access_code(self):
        """Replace the access code of a complaint whose citizen lost it, and show the new one
        once, in a notification (it is not stored in plain anywhere). The old code stops
        working at once."""
        self.ensure_one()
        self.check_access("write")
        code = self._generate_access_code()
        self._workflow_write({"access_code_hash": self._hash_access_code(code)})
        self._remember_new_access_codes([code])
        self.message_post(body=self.env._("A new access code was given to the citizen."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("New access code of %(number)s", number=self.name),
                "message": self.env._(
                    "%(code)s — give it to the citizen now: it will not be shown again.",
                    code=code,
                ),
                "sticky": True,
                "type": "warning",
            },
        }

    @api.model
    def _normalize_citizen_vals(self, vals):
        """Store identifiers in one canonical form, so that searches and checks agree."""
        if vals.get("citizen_id_number"):
            vals["citizen_id_number"] = _compact(vals["citizen_id_number"]).upper()
        if vals.get("citizen_phone"):
            vals["citizen_phone"] = _compact(vals["citizen_phone"])
        if vals.get("citizen_email"):
            vals["citizen_email"] = vals["citizen_email"].strip()
        for key in ("citizen_name", "subject"):
            if vals.get(key):
                vals[key] = vals[key].strip()
        return vals

    @api.model
    def _find_or_create_citizens(self, vals_list):
        """Link each new complaint to a contact: one with the same email that no account
        could have claimed without proof, else a new one.

        A contact qualifies when no user account holds it, or when its account proved that
        it owns the address (res.users.chikaya_verified_email): Odoo's sign-up does not check
        addresses, so an account opened with someone else's email must never receive that
        person's complaints. Whoever owns the address receives the acknowledgement (and its
        access code) anyway, so a proven account learns nothing more from the link.
        Done for the whole batch with one search and one create, whatever its size.
        """
        # Citizens filing from the portal may not read partners: the lookup by email and
        # the creation of their own contact are the only things done as superuser.
        partners_sudo = self.env["res.partner"].sudo().with_context(active_test=False)
        wanted = [
            vals
            for vals in vals_list
            if not vals.get("partner_id")
            and (vals.get("citizen_email") or vals.get("citizen_name"))
        ]
        emails = {email_normalize(v["citizen_email"]) for v in wanted if v.get("citizen_email")}
        emails.discard(False)
        known = {}
        if emails:
            candidates = partners_sudo.search(
                [("email_normalized", "in", list(emails)), ("active", "=", True)], order="id"
            )
            for partner in candidates:
                email = partner.email_normalized
                accounts = partner.user_ids
                if not accounts:
                    known.setdefault(email, partner)
                elif any(u.chikaya_verified_email == email for u in accounts):
                    known[email] = partner  # a proven account comes before a plain contact
        to_create = []
        for vals in wanted:
            email = email_normalize(vals.get("citizen_email") or "")
            if email and email in known:
                vals["partner_id"] = known[email].id
            else:
                to_create.append(vals)
        partners = partners_sudo.create([self._citizen_partner_vals(v) for v in to_create])
        for vals, partner in zip(to_create, partners, strict=True):
            vals["partner_id"] = partner.id

    @api.model
    def _citizen_partner_vals(self, vals):
        """The contact of a citizen who has none yet, from a complaint's values."""
        return {
            "name": vals.get("citizen_name") or vals.get("citizen_email"),
            "email": vals.get("citizen_email") or False,
            "phone": vals.get("citizen_phone") or False,
            "lang": self.env.lang or False,
        }

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
        _ = self.env._
        return {
            "registration": _("it is set when the complaint is registered"),
            "transitions": _(
                "use the complaint's actions (Start processing, Request information, "
                "Information received, Send the answer, Close, Reject, Reorient, Reopen)"
            ),
            "reorient": _("use “Reorient”, which keeps the complaint's path"),
            "received_date": _(
                "a supervisor corrects it with “Correct the date of receipt”, giving a reason"
            ),
            "account": _(
                "the citizen adds the complaint to their account with its tracking number and "
                "access code, or by proving their email address"
            ),
            "rating": _("only the citizen rates the answer, on the portal"),
            "archive": _("administrators use “Archive”"),
            "sla_job": _("the deadline job records the warnings it sends"),
            "new_code": _("use “Give a new access code”"),
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
        if not _WORKFLOW.get():
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
        for complaint in complaints.filtered("partner_id"):
            complaint.message_subscribe(partner_ids=complaint.partner_id.ids)
        if not self.env.context.get("chikaya_skip_acknowledgement"):
            complaints._send_acknowledgement()
        return complaints

    def write(self, vals):
        in_workflow = _WORKFLOW.get()
        if not in_workflow:
            forced = self._workflow_fields() & vals.keys()
            if forced:
                raise self._refuse_workflow_fields(forced)
        self._check_required_input([vals])
        if any(k.startswith("citizen_") for k in vals):
            vals = self._normalize_citizen_vals(dict(vals))
        result = super().write(vals)
        if not in_workflow and not self.env.su:
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
        body = self.env._("Complaint archived.") if not active else self.env._("Complaint restored.")
        for complaint in self:
            complaint.message_post(body=body)
        return True

    def _compute_access_url(self):
        super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    def _link_to_account(self, user, proof):
        """Bring these complaints into `user`'s account (their /my/complaints): the citizen
        proved they hold them (`proof`, said in the chatter). Called by the portal after the
        proof only; their previous contact stops following them. Complaints already in an
        account stay there."""
        partner = user.partner_id
        todo = self.filtered(lambda c: c.partner_id != partner and not c.partner_id.user_ids)
        if not todo:
            return todo
        previous = todo.partner_id
        todo._workflow_write({"partner_id": partner.id})
        todo.message_subscribe(partner_ids=partner.ids)
        todo.message_unsubscribe(partner_ids=previous.ids)
        todo._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "Added to the citizen account of %(name)s (proof: %(proof)s).",
                    name=partner.display_name,
                    proof=proof,
                )
                for complaint in todo
            }
        )
        return todo

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

    # ---- Workflow -------------------------------------------------------------------------

    def _transition_labels(self):
        _ = self.env._
        return {
            "start": _("Start processing"),
            "request_info": _("Request information"),
            "provide_info": _("Provide the information"),
            "answer": _("Send the answer"),
            "close": _("Close the complaint"),
            "reject": _("Reject"),
            "reorient": _("Reorient"),
            "reopen": _("Reopen"),
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
        days = self._get_param_days(cd.PARAM_REOPEN_DAYS, cd.DEFAULT_REOPEN_DAYS)
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
                        days=self._get_param_days(cd.PARAM_REOPEN_DAYS, cd.DEFAULT_REOPEN_DAYS),
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

    # ---- Notifications --------------------------------------------------------------------

    def _send_acknowledgement(self):
        """Email the tracking number, the access code and the tracking link to every citizen
        with an email, right after registration (the only moment the plain code exists).

        Sent as an email that is deleted once sent, not posted in the chatter nor tied to the
        complaint: the code must not stay readable by staff. The chatter keeps a note without it. The email carries
        nothing the visitor typed (no name, no subject), so that the filing form cannot be
        used to send a text of one's choice to any address."""
        to_notify = self.filtered(lambda c: c.partner_id.email and c.new_access_code)
        if not to_notify:
            return
        template = self.env.ref("chikaya_complaints.mail_template_complaint_ack")
        template_sudo = template.sudo()  # staff and visitors may not read mail templates
        # Not tied to the complaint (model, res_id): a queued email's message would otherwise
        # be readable by the complaint's staff until it is sent (forever without a mail server).
        template_sudo.send_mail_batch(
            to_notify.ids, email_values={"auto_delete": True, "model": False, "res_id": False}
        )
        to_notify._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "Acknowledgement of receipt sent to %(email)s.",
                    email=complaint.partner_id.email,
                )
                for complaint in to_notify
            }
        )
        to_notify._workflow_write({"acknowledged_date": fields.Datetime.now()})

    def _get_tracking_url(self, code=None):
        """The public link to the complaint's tracking page (chikaya_portal); with the access
        code only in the acknowledgement, where the plain code is at hand."""
        self.ensure_one()
        query = url_encode({"number": self.name, **({"code": code} if code else {})})
        return f"{self.get_base_url()}/complaints/track?{query}"

    # ---- SLA job --------------------------------------------------------------------------

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
