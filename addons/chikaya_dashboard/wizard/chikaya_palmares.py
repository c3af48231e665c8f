from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_complaints.tools.settings import get_int_param

from ..models import dashboard_data as dd


class ChikayaPalmares(models.TransientModel):
    """The palmarès: collectivities ranked by mean processing time and by the share of
    complaints answered within the legal deadline, over a period of receipt.

    The numbers come from one aggregate query (`_palmares_rows`); the ranking rules
    (minimum volume, ties) are in `get_palmares`, which the public page, the backend page
    and the XLSX export all call. Aggregates only: no citizen and no handler appears.
    The record itself only holds the backend page's filters.
    """

    _name = "chikaya.palmares"
    _description = "Palmarès of the collectivities"

    date_from = fields.Date(
        "Received from", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        "Received to", required=True, default=lambda self: self._default_period()[1]
    )
    level = fields.Selection(
        dd.PALMARES_LEVELS, required=True, default=dd.PALMARES_LEVEL_COMMUNE, string="Ranking of"
    )
    palmares_html = fields.Html(
        "Palmarès", compute="_compute_palmares_html", sanitize=False, readonly=True
    )

    @api.depends("date_from", "date_to", "level")
    def _compute_display_name(self):
        # the page's title in the breadcrumbs (a new record would show its technical id)
        for wizard in self:
            wizard.display_name = self.env._("Palmarès")

    @api.depends("date_from", "date_to", "level")
    def _compute_palmares_html(self):
        for wizard in self:
            if not (wizard.date_from and wizard.date_to) or wizard.date_from > wizard.date_to:
                wizard.palmares_html = False
                continue
            palmares = self.get_palmares(wizard.date_from, wizard.date_to, wizard.level)
            wizard.palmares_html = self.env["ir.qweb"]._render(
                "chikaya_dashboard.palmares_tables", {"palmares": palmares, "backend": True}
            )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period must end after it starts."))

    # ---- Period -----------------------------------------------------------------------------

    @api.model
    def _default_period(self):
        """The last 12 complete months: a full year of seasons, none of them partial."""
        today = fields.Date.context_today(self)
        first_of_month = today.replace(day=1)
        return first_of_month - relativedelta(months=12), first_of_month - timedelta(days=1)

    @api.model
    def _period_of_year(self, year):
        """Calendar year `year`, cut at today when it is the current one."""
        today = fields.Date.context_today(self)
        return date(year, 1, 1), min(date(year, 12, 31), today)

    @api.model
    def _get_min_answered(self):
        """The minimum volume setting; at least 1, so that a unit with no answer never ranks."""
        minimum = get_int_param(
            self.env, dd.PARAM_PALMARES_MIN_ANSWERED, dd.DEFAULT_PALMARES_MIN_ANSWERED
        )
        return max(minimum, 1)

    # ---- Numbers ----------------------------------------------------------------------------

    @api.model
    def _palmares_rows(self, date_from, date_to, level):
        """Per unit: received, answered, mean processing days, answered within the
        deadline, and "decided" (answered, or still open past the deadline).

        An arrondissement's complaints count for its commune (the commune's council
        answers them, and its population includes the arrondissements'). Complaints
        still open within the deadline are not decided yet and weigh on neither side.
        """
        deadline = self.env["chikaya.complaint"]._legal_deadline_days()
        today = fields.Date.context_today(self)
        if level == dd.PALMARES_LEVEL_PROVINCE:
            unit_id = SQL("c.province_id")
            unit_types = cd.PROVINCE_TYPES
        else:
            unit_id = SQL(
                "CASE WHEN col.type = 'arrondissement' THEN col.parent_id ELSE col.id END"
            )
            unit_types = cd.COMMUNE_TYPES
        answered = SQL("c.state IN %s", dd.ANSWERED_STATES)
        self.env["chikaya.complaint"].flush_model()
        self.env["chikaya.collectivity"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT unit.id,
                       COALESCE(unit.population_2024, 0),
                       COUNT(*),
                       COUNT(*) FILTER (WHERE %(answered)s),
                       AVG(c.processing_days) FILTER (WHERE %(answered)s),
                       COUNT(*) FILTER (WHERE %(answered)s AND c.processing_days <= %(deadline)s),
                       COUNT(*) FILTER (WHERE c.state IN %(open)s AND c.received_date < %(late)s)
                  FROM chikaya_complaint c
                  JOIN chikaya_collectivity col ON col.id = c.collectivity_id
                  JOIN chikaya_collectivity unit ON unit.id = %(unit_id)s
                 WHERE c.active
                   AND c.received_date BETWEEN %(date_from)s AND %(date_to)s
                   AND unit.type IN %(unit_types)s
                 GROUP BY unit.id
                """,
                answered=answered,
                deadline=deadline,
                open=cd.OPEN_STATES,
                late=today - timedelta(days=deadline),
                unit_id=unit_id,
                date_from=date_from,
                date_to=date_to,
                unit_types=unit_types,
            )
        )
        rows = []
        for (
            unit_id_,
            population,
            received,
            answered_n,
            mean,
            on_time,
            late_open,
        ) in self.env.cr.fetchall():
            decided = answered_n + late_open
            rows.append(
                {
                    "unit_id": unit_id_,
                    "population": population,
                    "received": received,
                    "answered": answered_n,
                    "mean_days": round(float(mean), 1) if mean is not None else None,
                    "on_time": on_time,
                    "decided": decided,
                    "share": round(100.0 * on_time / decided, 1) if decided else None,
                    "per_10000": round(received * 10000.0 / population, 2) if population else None,
                }
            )
        return rows, deadline

    @api.model
    def get_palmares(self, date_from, date_to, level=dd.PALMARES_LEVEL_COMMUNE):
        """The two rankings of `level` units for complaints received in the period.

        A unit ranks once it has at least the minimum number of answered complaints (setting
        `chikaya_dashboard.palmares_min_answered`); the others are listed apart, by name.
        Ties: units whose displayed figure is equal (mean days to one decimal, share to one
        decimal of a percent) share the rank (1, 2, 2, 4), and are listed by volume
        answered (largest first), then by name.
        """
        if level not in dict(dd.PALMARES_LEVELS):
            raise UserError(self.env._("Unknown ranking level: %(level)s", level=level))
        rows, deadline = self._palmares_rows(date_from, date_to, level)
        return self._rank_palmares(
            rows, deadline, self._get_min_answered(), date_from, date_to, level
        )

    @api.model
    def _rank_palmares(self, rows, deadline, min_answered, date_from, date_to, level):
        """`get_palmares`' result from `_palmares_rows` rows, the deadline and the minimum
        volume they were computed with; names in the reader's language. The public
        snapshot (chikaya.public.figures) stores those three and ranks with this method,
        so that its palmarès is the live one's by construction."""
        rows = [dict(row) for row in rows]  # the caller's rows stay as they were
        units = self.env["chikaya.collectivity"].sudo().browse([r["unit_id"] for r in rows])
        arabic = (self.env.lang or "").startswith("ar")
        for row, unit in zip(rows, units, strict=True):
            row["name"] = (unit.name_ar if arabic else unit.name) or unit.name
            row["code"] = unit.code
        ranked = [r for r in rows if r["answered"] >= min_answered]
        not_ranked = sorted(
            (r for r in rows if r["answered"] < min_answered), key=lambda r: r["name"]
        )
        by_processing = self._rank(
            ranked, lambda r: r["mean_days"], lambda r: (r["mean_days"], -r["answered"], r["name"])
        )
        with_share = [r for r in ranked if r["share"] is not None]
        by_share = self._rank(
            with_share, lambda r: r["share"], lambda r: (-r["share"], -r["answered"], r["name"])
        )
        return {
            "date_from": date_from,
            "date_to": date_to,
            "level": level,
            "min_answered": min_answered,
            "deadline_days": deadline,
            "by_processing": by_processing,
            "by_share": by_share,
            "not_ranked": not_ranked,
        }

    @staticmethod
    def _rank(rows, figure, sort_key):
        """Standard competition ranking on `figure` (equal figures, equal rank)."""
        ranked = []
        previous = object()
        rank = 0
        for position, row in enumerate(sorted(rows, key=sort_key), start=1):
            value = figure(row)
            if value != previous:
                rank, previous = position, value
            ranked.append(dict(row, rank=rank))
        return ranked

    # ---- XLSX ---------------------------------------------------------------------------

    @api.model
    def palmares_workbook(self, date_from, date_to, level=dd.PALMARES_LEVEL_COMMUNE):
        """The palmarès of a period, computed now, as an XLSX file (bytes)."""
        return self._palmares_workbook(self.get_palmares(date_from, date_to, level))

    @api.model
    def _palmares_workbook(self, palmares):
        """`palmares` (a `get_palmares` result, live or from the public snapshot) as an XLSX
        file (bytes): one sheet, the two rankings and the units not ranked, written with
        chikaya.dashboard.xlsx's table writer."""
        date_from, date_to, level = palmares["date_from"], palmares["date_to"], palmares["level"]
        writer = self.env["chikaya.dashboard.xlsx"]
        output, workbook = writer._new_workbook()
        sheet = self.env._("Palmarès")
        deadline = palmares["deadline_days"]
        filter_lines = [
            self.env._(
                "Complaints received from %(start)s to %(end)s",
                start=fields.Date.to_string(date_from),
                end=fields.Date.to_string(date_to),
            ),
            dict(self._fields["level"]._description_selection(self.env))[level],
            self.env._(
                "Ranked: at least %(minimum)s complaints answered; equal figures share a rank",
                minimum=palmares["min_answered"],
            ),
        ]
        header = [
            self.env._("Rank"),
            self.env._("Collectivity"),
            self.env._("Mean processing time (days)"),
            self.env._("Answered within %(days)s days (%%)", days=deadline),
            self.env._("Complaints answered"),
            self.env._("Complaints received"),
            self.env._("Complaints per 10,000 inhabitants"),
        ]
        number_formats = {0: "0", 2: "0.0", 3: "0.0", 4: "#,##0", 5: "#,##0", 6: "0.00"}

        def line(row, ranked=True):
            figures = [row["answered"], row["received"], row["per_10000"]]
            if ranked:
                return [row["rank"], row["name"], row["mean_days"], row["share"], *figures]
            return [row["name"], *figures]

        start_row = 0
        for key, title in (
            ("by_processing", self.env._("Ranked by mean processing time")),
            (
                "by_share",
                self.env._("Ranked by share answered within %(days)s days", days=deadline),
            ),
        ):
            start_row = writer._write_table(
                workbook,
                sheet,
                title,
                filter_lines if start_row == 0 else [],
                [header],
                [line(row) for row in palmares[key]],
                formats=number_formats,
                start_row=start_row,
                column_widths={0: 8, 1: 40},
            )
        writer._write_table(
            workbook,
            sheet,
            self.env._(
                "Not ranked: fewer than %(minimum)s complaints answered",
                minimum=palmares["min_answered"],
            ),
            [],
            [header[1:2] + header[4:]],
            [line(row, ranked=False) for row in palmares["not_ranked"]],
            formats={1: "#,##0", 2: "#,##0", 3: "0.00"},
            start_row=start_row,
        )
        workbook.close()
        return output.getvalue()

    def action_download_xlsx(self):
        self.ensure_one()
        query = f"date_from={self.date_from}&date_to={self.date_to}&level={self.level}"
        return {
            "type": "ir.actions.act_url",
            "url": f"/chikaya_dashboard/palmares.xlsx?{query}",
            "target": "self",
        }
