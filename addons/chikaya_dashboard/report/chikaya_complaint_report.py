from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.chikaya_complaints.models import complaint_data as cd

from ..models import dashboard_data as dd


class ChikayaComplaintReport(models.Model):
    """One row per (active) complaint, with the measures of the Tableau de Bord, for the
    pivot and graph views.

    A `_table_query` rather than a database view: the age and the overdue counts depend on
    "today", which is the reader's date (fields.Date.context_today, the one the core uses
    for age_days and sla_level), so it is bound into the query each time it is read. The
    record rules mirror the complaints' (security/chikaya_dashboard_security.xml).
    """

    _name = "chikaya.complaint.report"
    _description = "Complaints analysis"
    _auto = False
    _rec_name = "complaint_id"
    _order = "received_date desc, id desc"

    complaint_id = fields.Many2one("chikaya.complaint", readonly=True)
    received_date = fields.Date("Date of receipt", readonly=True)
    received_year = fields.Integer("Year of receipt", readonly=True, aggregator=None)
    received_month = fields.Date("Month of receipt", readonly=True)
    channel = fields.Selection(cd.CHANNELS, readonly=True)
    channel_bucket = fields.Selection(
        [(dd.BUCKET_PORTAL, "Web portal"), (dd.BUCKET_PAPER, "Bureau d'ordre")],
        "Column",
        readonly=True,
        help="Web portal (portal and mobile) or bureau d'ordre (paper and phone), the two "
        "columns of the Tableau de Bord.",
    )
    kind = fields.Selection(cd.KINDS, readonly=True)
    state = fields.Selection(cd.STATES, readonly=True)
    sla_level = fields.Selection(cd.SLA_LEVELS, "SLA level", readonly=True)
    collectivity_id = fields.Many2one("chikaya.collectivity", readonly=True)
    province_id = fields.Many2one("chikaya.collectivity", "Prefecture / province", readonly=True)
    region_id = fields.Many2one("chikaya.collectivity", readonly=True)
    theme_id = fields.Many2one("chikaya.theme", readonly=True)
    parent_theme_id = fields.Many2one(
        "chikaya.theme", "Main theme", readonly=True, help="The top-level theme."
    )
    handler_id = fields.Many2one("res.users", "Assigned handler", readonly=True)
    satisfaction = fields.Selection(cd.SATISFACTION, readonly=True)

    nbr = fields.Integer("# Complaints", readonly=True)
    open_count = fields.Integer("# In progress", readonly=True)
    past30_count = fields.Integer("# Past 30 days", readonly=True)
    past60_count = fields.Integer("# Past 60 days", readonly=True)
    answered_count = fields.Integer("# Answered", readonly=True)
    satisfied_count = fields.Integer("# Satisfied", readonly=True)
    rated_count = fields.Integer("# Rated", readonly=True)
    processing_days = fields.Float(
        "Processing time (days)",
        readonly=True,
        aggregator="avg",
        help="Receipt to answer, over the answered complaints (empty for the others).",
    )
    age_days = fields.Integer("Age (days)", readonly=True, aggregator="avg")

    _depends = {
        "chikaya.complaint": [
            "active",
            "received_date",
            "channel",
            "kind",
            "state",
            "collectivity_id",
            "province_id",
            "region_id",
            "theme_id",
            "handler_id",
            "satisfaction",
            "processing_days",
            "answered_date",
        ],
        "chikaya.theme": ["parent_path"],
    }

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _today(self):
        return fields.Date.context_today(self)

    @api.model
    def _select(self):
        today = self._today()
        is_open = SQL("c.state IN %s", dd.OPEN_STATES)
        is_answered = SQL("c.state IN %s", dd.ANSWERED_STATES)
        age = SQL(
            "CASE WHEN %(open)s THEN GREATEST(%(today)s::date - c.received_date, 0)"
            " ELSE c.processing_days END",
            open=is_open,
            today=today,
        )
        warn, escalate = cd.SLA_WARN_DAYS, cd.SLA_ESCALATE_DAYS
        return SQL(
            """
            SELECT
                c.id AS id,
                c.id AS complaint_id,
                c.received_date AS received_date,
                EXTRACT(YEAR FROM c.received_date)::int AS received_year,
                date_trunc('month', c.received_date)::date AS received_month,
                c.channel AS channel,
                CASE WHEN c.channel IN %(portal)s THEN %(bucket_portal)s
                     ELSE %(bucket_paper)s END AS channel_bucket,
                c.kind AS kind,
                c.state AS state,
                CASE WHEN %(age)s > %(escalate)s THEN %(past_60)s
                     WHEN %(age)s > %(warn)s THEN %(past_30)s
                     ELSE %(on_time)s END AS sla_level,
                c.collectivity_id AS collectivity_id,
                c.province_id AS province_id,
                c.region_id AS region_id,
                c.theme_id AS theme_id,
                split_part(t.parent_path, '/', 1)::int AS parent_theme_id,
                c.handler_id AS handler_id,
                c.satisfaction AS satisfaction,
                1 AS nbr,
                CASE WHEN %(open)s THEN 1 ELSE 0 END AS open_count,
                CASE WHEN %(open)s AND %(age)s > %(warn)s AND %(age)s <= %(escalate)s
                     THEN 1 ELSE 0 END AS past30_count,
                CASE WHEN %(open)s AND %(age)s > %(escalate)s THEN 1 ELSE 0 END AS past60_count,
                CASE WHEN %(answered)s THEN 1 ELSE 0 END AS answered_count,
                CASE WHEN c.satisfaction = 'satisfied' THEN 1 ELSE 0 END AS satisfied_count,
                CASE WHEN c.satisfaction IS NOT NULL THEN 1 ELSE 0 END AS rated_count,
                CASE WHEN %(answered)s THEN c.processing_days END AS processing_days,
                %(age)s AS age_days
            """,
            portal=dd.CHANNEL_BUCKETS[dd.BUCKET_PORTAL],
            bucket_portal=dd.BUCKET_PORTAL,
            bucket_paper=dd.BUCKET_PAPER,
            age=age,
            open=is_open,
            answered=is_answered,
            warn=warn,
            escalate=escalate,
            past_30=cd.SLA_PAST_30,
            past_60=cd.SLA_PAST_60,
            on_time=cd.SLA_ON_TIME,
        )

    @api.model
    def _from(self):
        return SQL("FROM chikaya_complaint c JOIN chikaya_theme t ON t.id = c.theme_id")

    @api.model
    def _where(self):
        # Archived complaints are out of every count, as they are out of the complaints list.
        return SQL("WHERE c.active")
