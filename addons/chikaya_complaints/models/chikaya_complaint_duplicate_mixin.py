import logging
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.modules.db import has_trigram
from odoo.tools import SQL, email_normalize

from ..tools import geo
from . import complaint_data as cd

_logger = logging.getLogger(__name__)

# The text two complaints are compared on; the trigram index is built on the same expression
# (PostgreSQL uses an expression index only for the very same expression).
TEXT_EXPRESSION = "(COALESCE(subject, '') || ' ' || COALESCE(description, ''))"
TEXT_INDEX = "chikaya_complaint_text_trgm_idx"
# Who reads the supporters and the suspected duplicates of a complaint (citizens do not).
STAFF_GROUPS = (
    "chikaya_complaints.chikaya_complaints_group_handler,"
    "chikaya_complaints.chikaya_complaints_group_manager"
)


class ChikayaComplaintDuplicateMixin(models.AbstractModel):
    """Complaints that look alike: the same commune and theme and a similar text (PostgreSQL's
    trigram similarity, pg_trgm, on subject and description). Citizens who find theirs
    already filed support it instead of filing again (chikaya.complaint.supporter: they are
    told when it is answered); handlers merge a duplicate into the complaint they keep: the
    duplicate is rejected as "Duplicate", its citizen supports the kept one, nothing is
    deleted."""

    _name = "chikaya.complaint.duplicate.mixin"
    _description = "Complaint: duplicates and supporters"

    supporter_ids = fields.One2many(
        "chikaya.complaint.supporter",
        "complaint_id",
        "Supporting citizens",
        readonly=True,
        groups=STAFF_GROUPS,
    )
    supporter_count = fields.Integer(
        "Supporters",
        compute="_compute_supporter_count",
        store=True,
        aggregator="sum",
        help="Citizens who support this complaint instead of filing the same one again, and "
        "the citizens of the duplicates merged into it.",
    )
    duplicate_of_id = fields.Many2one(
        "chikaya.complaint",
        "Duplicate of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The complaint this one was merged into.",
    )
    similar_complaint_ids = fields.Many2many(
        "chikaya.complaint",
        string="Suspected duplicates",
        compute="_compute_similar_complaint_ids",
        groups=STAFF_GROUPS,
        help="Complaints of the same commune and theme, open or done in the last 30 "
        "days, whose subject and description look like this one's.",
    )

    # ---- Set-up -------------------------------------------------------------------------------

    def init(self):
        """pg_trgm and the trigram index on the compared text. pg_trgm is a trusted extension
        since PostgreSQL 13: the database's owner (the role Odoo connects with) may create it
        without being a superuser. Odoo itself creates it in the databases it creates."""
        super().init()
        if self._abstract or not self._auto:
            return
        cr = self.env.cr
        if not has_trigram(cr):
            try:
                with cr.savepoint():
                    cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            except Exception as error:  # noqa: BLE001 (any refusal: reported, not fatal)
                _logger.warning(
                    "pg_trgm could not be created (%s): complaints that look alike will not "
                    "be found. Create it as a superuser: CREATE EXTENSION pg_trgm;",
                    error,
                )
                return
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s USING gin (%s gin_trgm_ops)",
                SQL.identifier(TEXT_INDEX),
                SQL.identifier(self._table),
                SQL(TEXT_EXPRESSION),
            )
        )

    # ---- Computes -----------------------------------------------------------------------------

    @api.depends("supporter_ids")
    def _compute_supporter_count(self):
        counts = dict(
            self.env["chikaya.complaint.supporter"]
            .sudo()
            ._read_group([("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"])
        )
        for complaint in self:
            complaint.supporter_count = counts.get(complaint._origin, 0)

    @api.depends("subject", "description", "collectivity_id", "theme_id")
    def _compute_similar_complaint_ids(self):
        """One query per complaint: shown on the form of one complaint at a time (the field
        is in no list view)."""
        since = fields.Datetime.now() - timedelta(days=cd.DUPLICATE_RECENT_DAYS)
        for complaint in self:
            if not complaint.id or not complaint.collectivity_id or not complaint.theme_id:
                complaint.similar_complaint_ids = False
                continue
            found = self._similar_complaint_ids(
                complaint.collectivity_id.id,
                complaint.theme_id.id,
                f"{complaint.subject or ''} {complaint.description or ''}",
                exclude_ids=[complaint.id],
                recent_since=since,
            )
            # what the reader may read of them (record rules), in the order found
            readable = set(self.browse([row[0] for row in found])._filtered_access("read").ids)
            complaint.similar_complaint_ids = [row[0] for row in found if row[0] in readable]

    # ---- Search -------------------------------------------------------------------------------

    @api.model
    def _duplicate_threshold(self):
        """The similarity threshold setting, between 0.05 and 1; its default when it is unset
        or not a number (read as superuser: visitors may not read settings)."""
        param_sudo = self.env["ir.config_parameter"].sudo()
        try:
            value = float(param_sudo.get_param(cd.PARAM_DUPLICATE_THRESHOLD) or "")
        except ValueError:
            return cd.DEFAULT_DUPLICATE_THRESHOLD
        if not math.isfinite(value):
            return cd.DEFAULT_DUPLICATE_THRESHOLD
        return min(max(value, 0.05), 1.0)

    @api.model
    def _similar_complaint_ids(
        self, collectivity_id, theme_id, text, exclude_ids=(), recent_since=None, limit=None
    ):
        """[(id, similarity)] of the active complaints of the commune and theme whose subject
        and description look like `text`, the most alike first: open ones, and when
        `recent_since` is given those answered, closed or rejected since then too. Read in
        SQL, whatever the caller may read: the callers filter or reduce what they show."""
        text = (text or "").strip()
        if not text or not collectivity_id or not theme_id or not has_trigram(self.env.cr):
            return []
        self.env["chikaya.complaint"].flush_model(
            [
                "subject",
                "description",
                "collectivity_id",
                "theme_id",
                "state",
                "active",
                "answered_date",
                "closed_date",
            ]
        )
        states = SQL("state IN %s", tuple(cd.OPEN_STATES))
        if recent_since:
            states = SQL(
                "(%s OR (state IN %s AND COALESCE(closed_date, answered_date) >= %s))",
                states,
                tuple(cd.DONE_STATES),
                recent_since,
            )
        # `%%` (pg_trgm's similarity operator) uses the trigram index, with the threshold of
        # this transaction (set_config(..., true): local to it).
        self.env.cr.execute(
            SQL(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                str(self._duplicate_threshold()),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT id, similarity(%(text)s, %(query)s) AS score
                  FROM chikaya_complaint
                 WHERE collectivity_id = %(commune)s
                   AND theme_id = %(theme)s
                   AND active
                   AND %(states)s
                   AND id != ALL(%(exclude)s)
                   AND %(text)s %% %(query)s
              ORDER BY score DESC, id DESC
                 LIMIT %(limit)s
                """,
                text=SQL(TEXT_EXPRESSION),
                query=text,
                commune=collectivity_id,
                theme=theme_id,
                states=states,
                exclude=list(exclude_ids),
                limit=limit or cd.DUPLICATE_LIMIT,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _public_look_alikes(self, collectivity_id, theme_id, text, latitude=None, longitude=None):
        """What the filing form may show a visitor of the open complaints that look like the
        one they are writing: number, kind, date, supporters, distance when both are located,
        and the subject only when the kind is public by nature (an observation, a
        suggestion). Never a citizen's identity, a réclamation's subject or description, or
        files. Read as superuser (`complaint_sudo`): the visitor reads no complaint."""
        found = self._similar_complaint_ids(collectivity_id, theme_id, text)
        complaint_sudo = self.env["chikaya.complaint"].sudo().browse([row[0] for row in found])
        located = latitude is not None and longitude is not None
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        rows = []
        for complaint in complaint_sudo:
            row = {
                "number": complaint.name,
                "kind": kinds[complaint.kind],
                "received_date": fields.Date.to_string(complaint.received_date),
                "supporter_count": complaint.supporter_count,
                "subject": complaint.subject if complaint.kind in cd.PUBLIC_KINDS else False,
                "distance_km": False,
            }
            if located and (complaint.latitude or complaint.longitude):
                row["distance_km"] = round(
                    geo.distance_km(latitude, longitude, complaint.latitude, complaint.longitude),
                    2,
                )
            rows.append(row)
        return rows

    # ---- Supporters ---------------------------------------------------------------------------

    def _add_supporter(self, email, partner=None, origin="portal"):
        """Make `email` (and `partner`, a signed-in citizen's contact) a supporter of each
        complaint of self, once per address: return the supporters (new or existing).

        Called by the portal, once it has checked the visitor's post (CSRF, consent, limit),
        and by the merge: supporters are created as superuser (`supporter_sudo`), no user
        creates them otherwise."""
        email = email_normalize(email or "")
        if not email:
            raise UserError(self.env._("Give a valid email address."))
        supporter_sudo = self.env["chikaya.complaint.supporter"].sudo()
        existing = supporter_sudo.search([("complaint_id", "in", self.ids), ("email", "=", email)])
        by_complaint = {supporter.complaint_id.id: supporter for supporter in existing}
        lang = (partner and partner.lang) or self.env.lang
        new = supporter_sudo.create(
            [
                {
                    "complaint_id": complaint.id,
                    "email": email,
                    "partner_id": partner.id if partner else False,
                    "origin": origin,
                    "lang": lang,
                    "privacy_consent_date": fields.Datetime.now(),
                }
                for complaint in self
                if complaint.id not in by_complaint
            ]
        )
        for supporter in existing:
            if origin == "merge" and supporter.origin != "merge":
                supporter.origin = "merge"  # the handler judged it the same matter
        return existing | new

    def _notify_supporters(self):
        """Tell the supporters of each complaint that it was answered (one email each, in
        their language; the answer's text only where it is theirs to read, see
        chikaya.complaint.supporter.show_answer)."""
        supporter_sudo = self.env["chikaya.complaint.supporter"].sudo()
        supporters = supporter_sudo.search([("complaint_id", "in", self.ids)])
        if not supporters:
            return
        template = self.env.ref("chikaya_complaints.mail_template_complaint_supporter_answer")
        template.sudo().send_mail_batch(supporters.ids)

    def action_answer(self):
        """The answer goes to the citizen (the workflow), then to the supporters."""
        result = super().action_answer()
        self._notify_supporters()
        return result

    # ---- Merge --------------------------------------------------------------------------------

    def action_open_merge(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge as a duplicate"),
            "res_model": "chikaya.complaint.merge",
            "view_mode": "form",
            "target": "new",
            "context": {"default_duplicate_id": self.id},
        }

    def action_merge_into(self, target):
        """Close this complaint as a duplicate of `target` (a record or an id), the one kept:
        rejected with the reason "Duplicate" and a note naming the kept complaint, its
        citizen and supporters become supporters of the kept one (they get its answer), its
        staff followers follow the kept one; both records, their messages and files stay.

        Only for a handler who may write both complaints (record rules): checked here, not
        in the wizard, since anyone may call this over RPC."""
        self.ensure_one()
        target = self._as_record("chikaya.complaint", target)
        if not target or target == self:
            raise UserError(self.env._("Choose the complaint to keep, another one."))
        (self | target).check_access("write")
        if not self.env.user.has_group("chikaya_complaints.chikaya_complaints_group_handler"):
            raise AccessError(self.env._("Only handlers merge complaints."))
        if target.state == "rejected" or target.duplicate_of_id:
            raise UserError(
                self.env._(
                    "Complaint %(number)s is rejected or is itself a duplicate: keep another one.",
                    number=target.name,
                )
            )
        self._check_transition("reject")
        reason = self.env.ref("chikaya_complaints.rejection_reason_duplicate")
        note = self.env._("Duplicate of %(number)s.", number=target.name)
        # Who follows the duplicate: its citizen and its supporters support the kept one
        # (not as followers: followers of a complaint receive its messages to its citizen);
        # staff follow it.
        followers = self.message_partner_ids
        citizens = self.partner_id | followers.filtered("partner_share")
        for partner in citizens:
            if partner.email:
                target._add_supporter(partner.email, partner, origin="merge")
        if self.citizen_email and not self.partner_id:
            target._add_supporter(self.citizen_email, origin="merge")
        for supporter in self.sudo().supporter_ids:
            target._add_supporter(supporter.email, supporter.partner_id, origin="merge")
        staff = followers - citizens
        if staff:
            target.message_subscribe(partner_ids=staff.ids)
        self.action_reject(reason, note=note)
        self._workflow_write({"duplicate_of_id": target.id})
        target.message_post(
            body=self.env._(
                "%(number)s was merged into this complaint as a duplicate: its citizen is told "
                "of this one's answer.",
                number=self.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True
