from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from . import dashboard_data as dd

# What a public page reads of a record (never `data` or `html`: both are large, and `html`
# is read for one language only, see _figures_html).
PAGE_FIELDS = [
    "key",
    "page",
    "level",
    "period",
    "date_from",
    "date_to",
    "deadline_days",
    "min_answered",
    "computed_at",
]


class ChikayaPublicFigures(models.Model):
    """The figures of the public pages (statistics, palmarès, the home page's key figures),
    computed ahead: by the hourly scheduled action, on an administrator's demand, and once
    on installation.

    Why: at a national scale (a million complaints) each public aggregate reads most of the
    complaint table (about a second), and the communes' palmarès renders some 3,000 table
    rows (another half second): a handful of anonymous visitors a second would saturate the
    server. A public page reads one record here instead and never the complaints.

    One record per page, period and ranking level (`key`). `data` keeps the live
    computation's own rows (`chikaya.public.statistics._statistics_rows`,
    `chikaya.palmares._palmares_rows`) with the settings they were computed with (deadline,
    minimum volume): the page's figures are built from them by the same methods as the live
    figures (`_statistics_from_rows`, `_rank_palmares`), so the two cannot drift apart.
    `html` keeps the figures' tables rendered in each installed language, because rendering
    the communes' palmarès alone takes longer than a page may. `_refresh` writes every
    record in one transaction: a visitor sees the old figures or the new ones, never a mix.
    The backend's boards and palmarès stay live.
    """

    _name = "chikaya.public.figures"
    _description = "Public figures (computed ahead)"
    _order = "page, level, period desc"
    _rec_name = "key"

    key = fields.Char(required=True, readonly=True)
    page = fields.Selection(dd.FIGURES_PAGES, required=True, readonly=True)
    level = fields.Selection(dd.PALMARES_LEVELS, "Ranking of", readonly=True)
    period = fields.Char(
        required=True, readonly=True, help="A year of receipt, or the last 12 complete months."
    )
    date_from = fields.Date("Received from", readonly=True)
    date_to = fields.Date("Received to", readonly=True)
    deadline_days = fields.Integer("Legal deadline (days)", readonly=True)
    min_answered = fields.Integer("Minimum answered to rank", readonly=True)
    data = fields.Json(readonly=True)
    html = fields.Json("Rendered tables", readonly=True)
    computed_at = fields.Datetime("Computed on", required=True, readonly=True)

    _key_uniq = models.Constraint("UNIQUE(key)", "The public figures are stored once per key.")

    # ---- Refresh ------------------------------------------------------------------------

    @api.model
    def _make_key(self, page, period, level=False):
        return "/".join(str(part) for part in (page, level, period) if part)

    @api.model
    def _public_years(self):
        """The years the public pages offer, newest first."""
        today = fields.Date.context_today(self)
        return list(range(today.year, dd.PUBLIC_FIRST_YEAR - 1, -1))

    @api.model
    def _statistics_values(self):
        """One record's values per year offered: the rows of that year and of the one
        before (the page shows both), from one aggregate query over every year."""
        years = self._public_years()
        statistics = self.env["chikaya.public.statistics"]
        rows = statistics._statistics_rows([*years, min(years) - 1])
        # the charts: the months of every page's window, the units' counts of every year
        # (three more aggregate queries in all, whatever the number of years)
        first_month = statistics._chart_months(min(years))[0]
        last_month = statistics._chart_months(max(years))[-1]
        month_rows, deadline = statistics._month_rows(
            first_month, last_month + relativedelta(months=1, days=-1)
        )
        unit_rows = statistics._unit_rows(years)
        values = []
        for year in years:
            page_years = [year, year - 1]
            values.append(
                {
                    "key": self._make_key(dd.FIGURES_STATISTICS, year),
                    "page": dd.FIGURES_STATISTICS,
                    "period": str(year),
                    "date_from": date(year - 1, 1, 1),
                    "date_to": date(year, 12, 31),
                    "deadline_days": deadline,
                    "data": {
                        "years": page_years,
                        "rows": [row for row in rows if row[0] in page_years],
                        "charts": statistics._charts_data(year, month_rows, unit_rows, deadline),
                    },
                }
            )
        return values

    @api.model
    def _palmares_values(self):
        """One record's values per ranking level and period offered: the last 12 complete
        months (the page's default) and each calendar year."""
        palmares = self.env["chikaya.palmares"]
        periods = [(dd.FIGURES_PERIOD_LAST_12_MONTHS, *palmares._default_period())]
        periods += [(str(year), *palmares._period_of_year(year)) for year in self._public_years()]
        min_answered = palmares._get_min_answered()
        values = []
        for level, _label in dd.PALMARES_LEVELS:
            for period, date_from, date_to in periods:
                rows, deadline = palmares._palmares_rows(date_from, date_to, level)
                values.append(
                    {
                        "key": self._make_key(dd.FIGURES_PALMARES, period, level),
                        "page": dd.FIGURES_PALMARES,
                        "level": level,
                        "period": period,
                        "date_from": date_from,
                        "date_to": date_to,
                        "deadline_days": deadline,
                        "min_answered": min_answered,
                        "data": {"rows": rows},
                    }
                )
        return values

    @api.model
    def _refresh(self):
        """Compute every public figure now and replace the stored ones, in one transaction.

        Called by the hourly scheduled action and on installation (hooks.py), as the
        superuser: it reads every complaint. Records of periods no longer offered are
        removed."""
        now = fields.Datetime.now()
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        values = self._statistics_values() + self._palmares_values()
        for vals in values:
            vals["computed_at"] = now
            vals["html"] = {
                lang: str(self.with_context(lang=lang)._render_tables(vals)) for lang in langs
            }
        existing = {figures.key: figures for figures in self.search([])}
        to_create = []
        for vals in values:
            figures = existing.pop(vals["key"], None)
            if figures:
                figures.write(vals)
            else:
                to_create.append(vals)
        self.create(to_create)
        self.browse([figures.id for figures in existing.values()]).unlink()
        return True

    @api.model
    def _cron_refresh(self):
        self._refresh()

    @api.model
    def _refresh_soon(self):
        """Have the scheduled action compute the figures as soon as it can (after a
        module update: the figures' tables are rendered with the updated templates)."""
        self.env.ref("chikaya_dashboard.ir_cron_public_figures")._trigger()

    def action_refresh_now(self):
        """*Refresh the public figures now* (the list's header button, administrators):
        runs the scheduled action as soon as possible, on the node that runs the scheduled
        jobs, rather than in this request: the computation takes tens of seconds at a
        national scale, and two administrators clicking at once then run it once."""
        if not self.env.user.has_group("chikaya_complaints.chikaya_complaints_group_admin"):
            raise AccessError(
                self.env._("Only the administrators of the complaints refresh the public figures.")
            )
        cron_sudo = self.env.ref("chikaya_dashboard.ir_cron_public_figures").sudo()
        cron_sudo._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The public figures are being computed; the pages will show them in a "
                    "minute or two."
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ---- Building a page from a record ---------------------------------------------------

    @api.model
    def _render_tables(self, vals):
        """The figures' tables of a record's values, in the reader's language."""
        qweb = self.env["ir.qweb"]
        if vals["page"] == dd.FIGURES_STATISTICS:
            public_statistics = self.env["chikaya.public.statistics"]
            statistics = public_statistics._statistics_from_rows(
                vals["data"]["rows"], vals["data"]["years"]
            )
            charts = self._charts_of(vals)
            return qweb._render(
                "chikaya_dashboard.statistics_figures",
                {
                    "statistics": statistics,
                    "charts": charts,
                    "drawings": charts and public_statistics._chart_drawings(statistics, charts),
                },
            )
        return qweb._render(
            "chikaya_dashboard.palmares_tables", {"palmares": self._palmares_of(vals)}
        )

    @api.model
    def _palmares_of(self, vals):
        return self.env["chikaya.palmares"]._rank_palmares(
            vals["data"]["rows"],
            vals["deadline_days"],
            vals["min_answered"],
            vals["date_from"],
            vals["date_to"],
            vals["level"],
        )

    @api.model
    def _charts_of(self, vals):
        """The charts' figures of a statistics record's values; None for a record computed
        before the charts existed (until the next refresh)."""
        charts = vals["data"].get("charts")
        if not charts:
            return None
        return self.env["chikaya.public.statistics"]._charts_from_data(
            charts, max(vals["data"]["years"])
        )

    def _get_charts(self):
        """`chikaya.public.statistics._live_charts()` of this record's year, from the stored
        rows."""
        self.ensure_one()
        return self._charts_of(self._stored_values())

    def _get_statistics(self):
        """`chikaya.public.statistics._live_statistics()` of this record's year, from the
        stored rows."""
        self.ensure_one()
        return self.env["chikaya.public.statistics"]._statistics_from_rows(
            self.data["rows"], self.data["years"]
        )

    def _get_palmares(self):
        """`chikaya.palmares.get_palmares()` of this record's period and level, from the
        stored rows."""
        self.ensure_one()
        return self._palmares_of(self._stored_values())

    def _stored_values(self):
        """The record as the values `_refresh` wrote (what `_render_tables` reads)."""
        self.ensure_one()
        return {
            "page": self.page,
            "level": self.level,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "deadline_days": self.deadline_days,
            "min_answered": self.min_answered,
            "data": self.data,
        }

    def _figures_html(self):
        """The figures' tables in the reader's language: the stored rendering, read for
        that language only (a column of every language would weigh megabytes); rendered
        from the stored rows when the language was installed after the last refresh."""
        self.ensure_one()
        self.flush_recordset(["html"])
        self.env.cr.execute(
            SQL(
                "SELECT html ->> %s FROM %s WHERE id = %s",
                self.env.lang or "en_US",
                SQL.identifier(self._table),
                self.id,
            )
        )
        [(html,)] = self.env.cr.fetchall()
        if html is None:
            return self._render_tables(self._stored_values())
        # Rendered by _refresh with QWeb, which escaped every value.
        return Markup(html)

    @api.model
    def _find(self, page, period=None, level=False):
        """The record of `page` for `period` (a year), or the default one (the latest year
        for the statistics, the last 12 months for the palmarès); an empty recordset when
        it has not been computed."""
        domain = [("page", "=", page)]
        if level:
            domain.append(("level", "=", level))
        if period:
            domain.append(("period", "=", str(period)))
        elif page == dd.FIGURES_PALMARES:
            domain.append(("period", "=", dd.FIGURES_PERIOD_LAST_12_MONTHS))
        return self.search_fetch(domain, PAGE_FIELDS, limit=1, order="period desc")

    @api.model
    def _page_values(self, page, year=None, level=False):
        """The values of a public page's template for `year` (None: the default period):
        the record (empty when not computed yet; the template reads its tables with
        `_figures_html`), when they were computed (the years offered are added when the
        page is rendered, see controllers/main.py). Runs as the
        superuser (`figures_sudo`): visitors may not read the model, and only published
        figures leave it."""
        figures_sudo = self.sudo()._find(page, year, level)
        return {
            "figures": figures_sudo,
            "computed_at": figures_sudo.computed_at,
            "public_tz": dd.PUBLIC_TZ,
            "min_base": dd.PUBLIC_MIN_BASE,
        }

    @api.model
    def _home_figures(self):
        """The key figures of the latest year computed, for the website's home page:
        {year, received, treated_share, satisfied_share, mean_days, computed_at}, or None
        when nothing has been computed yet."""
        figures_sudo = self.sudo()._find(dd.FIGURES_STATISTICS)
        if not figures_sudo:
            return None
        year = int(figures_sudo.period)
        totals = [row for row in figures_sudo.data["rows"] if row[0] == year and row[3] == 3]
        cell = self.env["chikaya.public.statistics"]._cell(*(totals[0][4:] if totals else []))
        return {
            "year": year,
            "computed_at": figures_sudo.computed_at,
            "public_tz": dd.PUBLIC_TZ,
            **cell,
        }
