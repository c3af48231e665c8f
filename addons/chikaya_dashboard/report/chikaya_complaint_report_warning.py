from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.chikaya_complaints.models import complaint_data as cd

# The warnings list shows the complaints in progress past these SLA levels.
WARNING_LEVELS = (cd.SLA_PAST_30, cd.SLA_PAST_60)


class ChikayaComplaintReportWarning(models.Model):
    """Complaints in progress past 30 / past 60 days, one row per collectivity, assigned
    handler and SLA level, oldest first.

    The rows are built at read time (`_table_query`) from the complaints the reader may
    see: the complaint search applies the reader's record rules and today's date (so a
    supervisor sees their subtree only, and tests may freeze the date). Each row opens the
    kanban of exactly its complaints.
    """

    _name = "chikaya.complaint.report.warning"
    _description = "Complaints past their SLA"
    _auto = False
    _order = "oldest_received_date asc, collectivity_id, handler_id"
    _depends = {
        "chikaya.complaint": [
            "active",
            "collectivity_id",
            "handler_id",
            "received_date",
            "state",
        ],
    }

    collectivity_id = fields.Many2one("chikaya.collectivity", readonly=True)
    province_id = fields.Many2one("chikaya.collectivity", "Prefecture / province", readonly=True)
    handler_id = fields.Many2one("res.users", "Assigned handler", readonly=True)
    sla_level = fields.Selection(cd.SLA_LEVELS, "SLA level", readonly=True)
    complaint_count = fields.Integer("Complaints", readonly=True)
    oldest_received_date = fields.Date("Oldest received on", readonly=True)
    max_age_days = fields.Integer("Oldest age (days)", readonly=True)
    sla_color = fields.Integer("Colour", readonly=True)

    @property
    def _table_query(self):
        return self._warning_query(fields.Date.context_today(self))

    @api.model
    def _warning_domain(self):
        return Domain("state", "in", cd.OPEN_STATES) & Domain("sla_level", "in", WARNING_LEVELS)

    @api.model
    def _warning_query(self, today):
        """One row per (collectivity, handler, level); the id is the group's smallest
        complaint id, unique since every complaint is in one group only."""
        complaints = self.env["chikaya.complaint"]._search(self._warning_domain())
        level = SQL(
            "CASE WHEN c.received_date < %s THEN %s ELSE %s END",
            today - timedelta(days=cd.SLA_ESCALATE_DAYS),
            cd.SLA_PAST_60,
            cd.SLA_PAST_30,
        )
        return SQL(
            """
            SELECT MIN(c.id) AS id,
                   c.collectivity_id,
                   c.province_id,
                   c.handler_id,
                   %(level)s AS sla_level,
                   COUNT(*) AS complaint_count,
                   MIN(c.received_date) AS oldest_received_date,
                   %(today)s - MIN(c.received_date) AS max_age_days,
                   CASE WHEN %(level)s = %(past_60)s THEN %(red)s ELSE %(orange)s END AS sla_color
              FROM chikaya_complaint c
             WHERE c.id IN %(ids)s
             GROUP BY c.collectivity_id, c.province_id, c.handler_id, %(level)s
            """,
            level=level,
            today=today,
            past_60=cd.SLA_PAST_60,
            red=cd.SLA_COLORS[cd.SLA_PAST_60],
            orange=cd.SLA_COLORS[cd.SLA_PAST_30],
            ids=complaints.subselect(),
        )

    # ---- Actions --------------------------------------------------------------------------

    def action_open_complaints(self):
        """The kanban of this row's complaints (same collectivity, handler and level)."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "chikaya_complaints.chikaya_complaint_action"
        )
        domain = list(
            self._warning_domain()
            & Domain("collectivity_id", "=", self.collectivity_id.id)
            & Domain("handler_id", "=", self.handler_id.id or False)
            & Domain("sla_level", "=", self.sla_level)
        )
        level = dict(self._fields["sla_level"]._description_selection(self.env))[self.sla_level]
        action.update(
            {
                "name": f"{self.collectivity_id.display_name} · {level}",
                "domain": domain,
                "context": {"group_by": "state"},
                "views": [(False, "kanban"), (False, "list"), (False, "form")],
                "view_mode": "kanban,list,form",
            }
        )
        return action

    @api.model
    def action_open_app(self):
        """What the Complaints app opens: the warnings for a supervisor who has some in
        their scope, the usual complaints kanban otherwise."""
        if self.env.user.has_group("chikaya_complaints.chikaya_complaints_group_supervisor"):
            if self.search_count([], limit=1):
                return self.env["ir.actions.actions"]._for_xml_id(
                    "chikaya_dashboard.chikaya_complaint_report_warning_action"
                )
        return self.env["ir.actions.actions"]._for_xml_id(
            "chikaya_complaints.chikaya_complaint_action"
        )
