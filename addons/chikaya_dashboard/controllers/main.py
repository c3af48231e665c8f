from werkzeug.exceptions import BadRequest

from odoo import fields, http
from odoo.http import content_disposition, request

from odoo.addons.chikaya_complaints.tools.public_input import clean_route_params, parse_year

from ..models import dashboard_data as dd

# The oldest year the public pages offer (Chikaya.ma publishes from the decree's first years).
FIRST_YEAR = 2018


class ChikayaDashboardPublic(http.Controller):
    """The public pages: the palmarès and the statistics. Aggregates only; the figures are
    computed as superuser because visitors may not read complaints, and nothing but counts
    and rates leaves the models (`chikaya.palmares`, `chikaya.public.statistics`)."""

    def _parse_year(self, year):
        """`year` from the query string as an int, or None; a 400 page when it is not one
        of the years offered (4 ASCII digits: public_input.parse_year)."""
        if not year:
            return None
        today = fields.Date.context_today(request.env.user)
        number = parse_year(year)
        if not (number and FIRST_YEAR <= number <= today.year):
            raise BadRequest(
                request.env._(
                    "The year must be between %(first)s and %(last)s.",
                    first=FIRST_YEAR,
                    last=today.year,
                )
            )
        return number

    def _years_offered(self):
        today = fields.Date.context_today(request.env.user)
        return list(range(today.year, FIRST_YEAR - 1, -1))

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
        palmares_sudo = request.env["chikaya.palmares"].sudo()
        if year:
            date_from, date_to = palmares_sudo._period_of_year(year)
        else:
            date_from, date_to = palmares_sudo._default_period()
        values = {
            "palmares": palmares_sudo.get_palmares(date_from, date_to, level),
            "year": year,
            "years": self._years_offered(),
            "levels": dd.PALMARES_LEVELS,
        }
        return request.render("chikaya_dashboard.palmares_page", values)

    @http.route(
        "/chikaya_dashboard/palmares.xlsx",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    @clean_route_params
    def palmares_xlsx(self, date_from=None, date_to=None, level=dd.PALMARES_LEVEL_COMMUNE, **kw):
        """The palmarès of a period as an XLSX file (public figures, like the page)."""
        try:
            start, end = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except ValueError:
            start = end = None
        if not (start and end and start <= end) or level not in dict(dd.PALMARES_LEVELS):
            raise BadRequest(
                request.env._("Give a period (date_from, date_to as YYYY-MM-DD) and a ranking.")
            )
        # public aggregates only (no citizen data), as on the page
        palmares_sudo = request.env["chikaya.palmares"].sudo()
        data = palmares_sudo.palmares_workbook(start, end, level)
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
        statistics_sudo = request.env["chikaya.public.statistics"].sudo()
        values = {
            "statistics": statistics_sudo.get_statistics(year),
            "year": year,
            "years": self._years_offered(),
        }
        return request.render("chikaya_dashboard.statistics_page", values)
