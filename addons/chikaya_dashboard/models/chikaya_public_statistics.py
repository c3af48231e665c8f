from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL

from . import dashboard_data as dd


class ChikayaPublicStatistics(models.AbstractModel):
    """The figures of the public statistics page, for the current and the previous year
    (by year of receipt): received, share treated, share satisfied, mean processing days,
    in total, by theme (top-level themes) and by region.

    One aggregate query with GROUPING SETS, over every complaint: the page is public, so
    only counts and rates leave this model, and a rate computed over fewer than
    `dd.PUBLIC_MIN_BASE` complaints is withheld (None) so that a single citizen's rating
    cannot be read off the page.
    """

    _name = "chikaya.public.statistics"
    _description = "Public complaint statistics"

    @api.model
    def _statistics_rows(self, years):
        """(year, root theme id or None, region id or None, grouping, counts...) rows."""
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
        return self.env.cr.fetchall()

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
    def get_statistics(self, year=None):
        """The page's figures for `year` (default: the current one) and the year before."""
        year = year or fields.Date.context_today(self).year
        years = [year, year - 1]
        totals, by_theme, by_region = {}, {}, {}
        for row in self._statistics_rows(years):
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
