from werkzeug.exceptions import BadRequest, NotFound

from odoo import fields, http
from odoo.http import content_disposition, request

from odoo.addons.chikaya_complaints.tools.public_input import clean_route_params, parse_year

from ..models import dashboard_data as dd


class ChikayaDashboardPublic(http.Controller):
    """The public pages: the palmarès and the statistics. They read the figures computed
    ahead (`chikaya.public.figures`, refreshed hourly), never the complaints: a visitor's
    request costs a lookup, whatever the number of complaints. Aggregates only."""

    def _parse_year(self, year):
        """`year` from the query string as an int, or None; a 400 page when it is not one
        of the years offered (4 ASCII digits: public_input.parse_year)."""
        if not year:
            return None
        today = fields.Date.context_today(request.env.user)
        number = parse_year(year)
        if not (number and dd.PUBLIC_FIRST_YEAR <= number <= today.year):
            raise BadRequest(
                request.env._(
                    "The year must be between %(first)s and %(last)s.",
                    first=dd.PUBLIC_FIRST_YEAR,
                    last=today.year,
                )
            )
        return number

    def _render_figures_page(self, template, values, query):
        """Render a page of public figures; for a visitor without an account, from the
        pages kept rendered (chikaya.public.page): the page depends on nothing but the
        figures record and when it was computed, its query `query` (the route's parameters
        as it parsed them), the website and the language. A visit costs a lookup, not a
        rendering (rendering the communes' palmarès takes longer than the page's goal)."""
        figures_sudo = values["figures"]

        def with_years():
            return {**values, "years": request.env["chikaya.public.figures"]._public_years()}

        return request.env["chikaya.public.page"]._render(
            template,
            with_years,
            query=query,
            version=(figures_sudo.id, figures_sudo.computed_at),
        )

    @http.route(
        "/complaints/palmares",
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        readonly=True,
    )
    @clean_route_params
    def palmares(self, year=None, level=dd.PALMARES_LEVEL_COMMUNE, **kwargs):
        if level not in dict(dd.PALMARES_LEVELS):
            raise BadRequest(request.env._("Unknown ranking: choose communes or provinces."))
        year = self._parse_year(year)
        values = request.env["chikaya.public.figures"]._page_values(
            dd.FIGURES_PALMARES, year, level
        )
        values.update(year=year, level=level, levels=dd.PALMARES_LEVELS)
        return self._render_figures_page(
            "chikaya_dashboard.palmares_page", values, {"year": year, "level": level}
        )

    @http.route(
        "/chikaya_dashboard/palmares.xlsx",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    @clean_route_params
    def palmares_xlsx(
        self, year=None, level=dd.PALMARES_LEVEL_COMMUNE, date_from=None, date_to=None, **kw
    ):
        """The palmarès as an XLSX file. Everyone downloads the periods of the public page
        (`year`, or none for the last 12 months), from the figures computed ahead; any other
        period (`date_from`, `date_to`, the backend's palmarès) is computed now, for the
        staff who may open the backend's palmarès only."""
        if level not in dict(dd.PALMARES_LEVELS):
            raise BadRequest(request.env._("Unknown ranking: choose communes or provinces."))
        if date_from or date_to:
            return self._palmares_xlsx_of_period(date_from, date_to, level)
        year = self._parse_year(year)
        figures_sudo = (
            request.env["chikaya.public.figures"].sudo()._find(dd.FIGURES_PALMARES, year, level)
        )
        if not figures_sudo:
            raise NotFound()
        # published figures only (no citizen data), as on the page
        palmares_sudo = request.env["chikaya.palmares"].sudo()
        data = palmares_sudo._palmares_workbook(figures_sudo._get_palmares())
        return self._xlsx_response(data, figures_sudo.date_from, figures_sudo.date_to)

    def _palmares_xlsx_of_period(self, date_from, date_to, level):
        try:
            start, end = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except ValueError:
            start = end = None
        if not (start and end and start <= end):
            raise BadRequest(
                request.env._("Give a period (date_from, date_to as YYYY-MM-DD) and a ranking.")
            )
        palmares = request.env["chikaya.palmares"]
        if not (request.env.user._is_internal() and palmares.has_access("read")):
            # a period of one's choice is an aggregate over the live table: staff only
            raise NotFound()
        return self._xlsx_response(palmares.palmares_workbook(start, end, level), start, end)

    def _xlsx_response(self, data, start, end):
        return request.make_response(
            data,
            headers=[
                ("Content-Type", dd.XLSX_TYPE),
                ("Content-Disposition", content_disposition(f"palmares-{start}-{end}.xlsx")),
            ],
        )

    @http.route(
        "/complaints/statistics",
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        readonly=True,
    )
    @clean_route_params
    def statistics(self, year=None, **kwargs):
        year = self._parse_year(year)
        values = request.env["chikaya.public.figures"]._page_values(dd.FIGURES_STATISTICS, year)
        values["year"] = year or (values["figures"] and int(values["figures"].period))
        return self._render_figures_page(
            "chikaya_dashboard.statistics_page", values, {"year": year}
        )
