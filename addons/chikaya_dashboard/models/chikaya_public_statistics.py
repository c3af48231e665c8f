from datetime import date

from babel.dates import format_date
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

from odoo.addons.chikaya_complaints.models import complaint_data as cd

from ..tools import charts as chart_tools
from ..tools import map_shapes
from . import dashboard_data as dd


class ChikayaPublicStatistics(models.AbstractModel):
    """The figures of the public statistics page, for the current and the previous year
    (by year of receipt): received, share treated, share satisfied, mean processing days,
    in total, by theme (top-level themes) and by region.

    One aggregate query with GROUPING SETS, over every complaint: the page is public, so
    only counts and rates leave this model, and a rate computed over fewer than
    `dd.PUBLIC_MIN_BASE` complaints is withheld (None) so that a single citizen's rating
    cannot be read off the page.

    The public page does not call this live: chikaya.public.figures stores the rows of
    `_statistics_rows` per year (hourly) and builds the page with `_statistics_from_rows`,
    the same code as `_live_statistics`, so that the two cannot drift apart.
    """

    _name = "chikaya.public.statistics"
    _description = "Public complaint statistics"

    @api.model
    def _statistics_rows(self, years):
        """[year, root theme id or None, region id or None, grouping, received, treated,
        rated, satisfied, answered, mean processing days] rows for the complaints received
        from the first of `years` to the last one; plain lists of numbers (the mean as a
        float), so that the snapshot stores them as they are (JSON)."""
        self.env["chikaya.complaint"].flush_model()
        self.env["chikaya.theme"].flush_model()
        answered = SQL("c.state IN %s", dd.ANSWERED_STATES)
        self.env.cr.execute(
            SQL(
                """
                SELECT EXTRACT(YEAR FROM c.received_date)::int AS year,
                       split_part(t.parent_path, '/', 1)::int AS theme_root,
                       c.region_id,
                       GROUPING(split_part(t.parent_path, '/', 1)::int, c.region_id),
                       COUNT(*),
                       COUNT(*) FILTER (WHERE c.state IN %(treated)s),
                       COUNT(*) FILTER (WHERE c.satisfaction IS NOT NULL),
                       COUNT(*) FILTER (WHERE c.satisfaction = 'satisfied'),
                       COUNT(*) FILTER (WHERE %(answered)s),
                       AVG(c.processing_days) FILTER (WHERE %(answered)s)
                  FROM chikaya_complaint c
                  JOIN chikaya_theme t ON t.id = c.theme_id
                 WHERE c.active
                   AND c.received_date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY GROUPING SETS (
                       (EXTRACT(YEAR FROM c.received_date)::int),
                       (EXTRACT(YEAR FROM c.received_date)::int,
                        split_part(t.parent_path, '/', 1)::int),
                       (EXTRACT(YEAR FROM c.received_date)::int, c.region_id))
                """,
                treated=dd.TREATED_STATES,
                answered=answered,
                date_from=date(min(years), 1, 1),
                date_to=date(max(years), 12, 31),
            )
        )
        return [
            [*row[:-1], float(row[-1]) if row[-1] is not None else None]
            for row in self.env.cr.fetchall()
        ]

    @api.model
    def _cell(self, received=0, treated=0, rated=0, satisfied=0, answered=0, mean=None):
        """The published figures of one cell; a rate over too small a base is None."""
        minimum = dd.PUBLIC_MIN_BASE

        def share(part, base):
            return round(100.0 * part / base, 1) if base >= minimum else None

        return {
            "received": received,
            "treated_share": share(treated, received),
            "satisfied_share": share(satisfied, rated),
            "mean_days": round(float(mean), 1) if answered >= minimum else None,
        }

    @api.model
    def _live_statistics(self, year=None):
        """The page's figures for `year` (default: the current one) and the year before,
        computed now over the whole complaint table (the snapshot's refresh and the tests;
        the public page reads the snapshot). Private: this model is abstract, so a public
        method would be open over JSON-RPC to any signed-in user, a portal account
        included, and each call reads every complaint (a second at a national scale)."""
        year = year or fields.Date.context_today(self).year
        years = [year, year - 1]
        return self._statistics_from_rows(self._statistics_rows(years), years)

    @api.model
    def _statistics_from_rows(self, rows, years):
        """The page's figures for `years` from `_statistics_rows` rows (rows of other years
        are ignored); names in the reader's language."""
        totals, by_theme, by_region = {}, {}, {}
        for row in rows:
            if row[0] not in years:
                continue
            row_year, theme_root, region_id, grouping, *counts = row
            cell = self._cell(*counts)
            if grouping == 3:  # neither theme nor region: the year's total
                totals[row_year] = cell
            elif grouping == 1:  # grouped by theme (region rolled up)
                by_theme.setdefault(theme_root, {})[row_year] = cell
            else:
                by_region.setdefault(region_id, {})[row_year] = cell
        empty = self._cell()
        arabic = (self.env.lang or "").startswith("ar")
        regions = (
            self.env["chikaya.collectivity"].sudo().search([("type", "=", "region")], order="code")
        )
        themes = self.env["chikaya.theme"].sudo().browse(list(by_theme)).exists()
        return {
            "years": years,
            "min_base": dd.PUBLIC_MIN_BASE,
            "total": {y: totals.get(y, empty) for y in years},
            "by_theme": [
                {
                    "name": theme.name,
                    "cells": {y: by_theme[theme.id].get(y, empty) for y in years},
                }
                for theme in themes.sorted(lambda t: (t.sequence, t.name))
            ],
            "by_region": [
                {
                    "name": (region.name_ar if arabic else region.name) or region.name,
                    "cells": {y: by_region.get(region.id, {}).get(y, empty) for y in years},
                }
                for region in regions
            ],
        }

    # ---- Charts: by month of receipt, and per 10,000 inhabitants --------------------------

    @api.model
    def _chart_months(self, year):
        """The first days of the 24 months the monthly charts of `year`'s page show: the
        last 24 months up to the current one on the current year's page, `year` and the
        year before on an earlier year's page (the years of its tables)."""
        today = fields.Date.context_today(self)
        last = date(today.year, today.month, 1) if year >= today.year else date(year, 12, 1)
        return [last - relativedelta(months=n) for n in range(dd.PUBLIC_CHART_MONTHS - 1, -1, -1)]

    @api.model
    def _month_rows(self, date_from, date_to):
        """(["YYYY-MM", received, answered, answered within the deadline, open past the
        deadline] per month of receipt from `date_from` to `date_to`, the legal deadline):
        one aggregate query. "Answered within the deadline" and "decided" (answered, or
        still open past the deadline) are the palmarès' definitions: a complaint still
        within the deadline is not decided yet; a rejected one is neither."""
        deadline = self.env["chikaya.complaint"]._legal_deadline_days()
        today = fields.Date.context_today(self)
        self.env["chikaya.complaint"].flush_model()
        answered = SQL("c.state IN %s", dd.ANSWERED_STATES)
        self.env.cr.execute(
            SQL(
                """
                SELECT to_char(c.received_date, 'YYYY-MM'),
                       COUNT(*),
                       COUNT(*) FILTER (WHERE %(answered)s),
                       COUNT(*) FILTER (WHERE %(answered)s AND c.processing_days <= %(deadline)s),
                       COUNT(*) FILTER (WHERE c.state IN %(open)s AND c.received_date < %(late)s)
                  FROM chikaya_complaint c
                 WHERE c.active
                   AND c.received_date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY 1
                 ORDER BY 1
                """,
                answered=answered,
                deadline=deadline,
                open=cd.OPEN_STATES,
                late=today - relativedelta(days=deadline),
                date_from=date_from,
                date_to=date_to,
            )
        )
        return [list(row) for row in self.env.cr.fetchall()], deadline

    @api.model
    def _unit_rows(self, years):
        """[year, level ("region" or "province"), collectivity id, received] for the
        complaints received in `years` (the first to the last): one aggregate query with
        GROUPING SETS."""
        self.env["chikaya.complaint"].flush_model()
        year = SQL("EXTRACT(YEAR FROM c.received_date)::int")
        self.env.cr.execute(
            SQL(
                """
                SELECT %(year)s, GROUPING(c.region_id, c.province_id),
                       c.region_id, c.province_id, COUNT(*)
                  FROM chikaya_complaint c
                 WHERE c.active
                   AND c.received_date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY GROUPING SETS ((%(year)s, c.region_id), (%(year)s, c.province_id))
                """,
                year=year,
                date_from=date(min(years), 1, 1),
                date_to=date(max(years), 12, 31),
            )
        )
        rows = []
        for row_year, grouping, region_id, province_id, received in self.env.cr.fetchall():
            # GROUPING: 1 when province_id is rolled up (a region's row), 2 for a province's
            if grouping == 1 and region_id:
                rows.append([row_year, dd.MAP_LEVEL_REGION, region_id, received])
            elif grouping == 2 and province_id:
                rows.append([row_year, dd.MAP_LEVEL_PROVINCE, province_id, received])
        return rows

    @api.model
    def _charts_data(self, year, month_rows, unit_rows, deadline):
        """What the snapshot stores for the charts of `year`'s page, out of rows computed
        for several years at once: the months of its window, its units' counts."""
        months = self._chart_months(year)
        window = {month.strftime("%Y-%m") for month in months}
        return {
            "first_month": months[0].strftime("%Y-%m"),
            "deadline_days": deadline,
            "months": [row for row in month_rows if row[0] in window],
            "units": [row[1:] for row in unit_rows if row[0] == year],
        }

    @api.model
    def _live_charts(self, year=None):
        """The charts' figures of `year`'s page (default: the current year), computed now
        (the backend and the tests; the public page reads the snapshot)."""
        year = year or fields.Date.context_today(self).year
        months = self._chart_months(year)
        month_rows, deadline = self._month_rows(
            months[0], months[-1] + relativedelta(months=1, days=-1)
        )
        data = self._charts_data(year, month_rows, self._unit_rows([year]), deadline)
        return self._charts_from_data(data, year)

    @api.model
    def _share(self, part, base):
        return round(100.0 * part / base, 1) if base >= dd.PUBLIC_MIN_BASE else None

    @api.model
    def _charts_from_data(self, data, year):
        """The charts' figures from `_charts_data`'s values; names in the reader's language:
        {year, deadline_days, months: [{month (date), received, answered, on_time, decided,
        share}], regions, provinces: [{code, name, received, population, per_10000,
        includes}]}. A share over fewer than `dd.PUBLIC_MIN_BASE` decided complaints is
        withheld (None), as the tables' rates are."""
        first = fields.Date.to_date(data["first_month"] + "-01")
        by_month = {row[0]: row[1:] for row in data["months"]}
        months = []
        for index in range(dd.PUBLIC_CHART_MONTHS):
            month = first + relativedelta(months=index)
            received, answered, on_time, late_open = by_month.get(
                month.strftime("%Y-%m"), (0, 0, 0, 0)
            )
            decided = answered + late_open
            months.append(
                {
                    "month": month,
                    "received": received,
                    "answered": answered,
                    "on_time": on_time,
                    "decided": decided,
                    "share": self._share(on_time, decided),
                }
            )
        counts = {(level, unit_id): received for level, unit_id, received in data["units"]}
        return {
            "year": year,
            "deadline_days": data["deadline_days"],
            "min_base": dd.PUBLIC_MIN_BASE,
            "months": months,
            "regions": self._map_units(dd.MAP_LEVEL_REGION, counts),
            "provinces": self._map_units(dd.MAP_LEVEL_PROVINCE, counts),
        }

    @api.model
    def _map_units(self, level, counts):
        """Every region, or every prefecture/province, with its complaints per 10,000
        inhabitants (2024 census). A prefecture/province whose code extends another's
        (Casablanca's prefectures of arrondissements, "06.141.01.00", inside the prefecture
        of Casablanca, "06.141") is counted with it: its territory and its population are
        the other's; `includes` names it."""
        types = ("region",) if level == dd.MAP_LEVEL_REGION else cd.PROVINCE_TYPES
        units = (
            self.env["chikaya.collectivity"]
            .sudo()
            .search_fetch(
                [("type", "in", types)],
                ["code", "name", "name_ar", "population_2024"],
                order="code",
            )
        )
        arabic = (self.env.lang or "").startswith("ar")
        by_code = {unit.code: unit for unit in units if unit.code}
        holders = {}
        for unit in units:
            parts = (unit.code or "").split(".")
            holder = next(
                (
                    by_code[".".join(parts[:n])]
                    for n in range(len(parts) - 1, 0, -1)
                    if ".".join(parts[:n]) in by_code
                ),
                unit,
            )
            holders.setdefault(holder, []).append(unit)
        result = []
        for holder, members in holders.items():
            received = sum(counts.get((level, member.id), 0) for member in members)
            population = holder.population_2024
            result.append(
                {
                    "code": holder.code,
                    "name": (holder.name_ar if arabic else holder.name) or holder.name,
                    "received": received,
                    "population": population,
                    "per_10000": round(received * 10000.0 / population, 2) if population else None,
                    "includes": [
                        (member.name_ar if arabic else member.name) or member.name
                        for member in members
                        if member != holder
                    ],
                }
            )
        return result

    @api.model
    def _chart_drawings(self, statistics, charts):
        """The geometry of the page's SVG charts (tools/charts.py) in the reader's language
        and direction: month labels, a mirrored drawing for a right-to-left language. Run
        when the figures are refreshed (the snapshot stores the rendered page), never on a
        visitor's request."""
        lang = self.env.lang or "en_US"
        rtl = self.env["res.lang"]._get_data(code=lang).direction == "rtl"
        locale = babel_locale_parse(lang)
        months = charts["months"]
        # a label every quarter (January, April, July, October): 24 labels would overlap
        labels = [
            format_date(m["month"], "MMM yy", locale=locale) if m["month"].month % 3 == 1 else None
            for m in months
        ]
        year = charts["year"]
        themes = [
            (row["name"], row["cells"][year]["received"])
            for row in statistics["by_theme"]
            if year in row["cells"]
        ]
        _project, width, height = map_shapes.projection()

        def drawing(level, units):
            figures = {unit["code"]: (unit["name"], unit["per_10000"]) for unit in units}
            inset = None
            if level == dd.MAP_LEVEL_PROVINCE and map_shapes.inset_area():
                inset = {
                    "frame": map_shapes.inset()[1],
                    "area": map_shapes.inset_area(),
                    "shapes": map_shapes.inset_shapes(),
                }
            return chart_tools.choropleth(map_shapes.shapes(level), figures, (width, height), inset)

        return {
            "month_names": [format_date(m["month"], "MMMM yyyy", locale=locale) for m in months],
            "first_month": format_date(months[0]["month"], "MMMM yyyy", locale=locale),
            "last_month": format_date(months[-1]["month"], "MMMM yyyy", locale=locale),
            "received": chart_tools.column_chart([m["received"] for m in months], labels, rtl),
            "share": chart_tools.line_chart([m["share"] for m in months], labels, rtl),
            "themes": chart_tools.bar_chart(themes, rtl),
            "region_map": drawing(dd.MAP_LEVEL_REGION, charts["regions"]),
            "province_map": drawing(dd.MAP_LEVEL_PROVINCE, charts["provinces"]),
        }
