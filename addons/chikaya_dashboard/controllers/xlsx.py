from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request

from ..models import dashboard_data as dd


class ChikayaDashboardXlsx(http.Controller):
    """XLSX downloads of the boards; the files are built by chikaya.dashboard.xlsx."""

    @staticmethod
    def _xlsx_response(data, filename):
        return request.make_response(
            data,
            headers=[
                ("Content-Type", dd.XLSX_TYPE),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route(
        "/chikaya_dashboard/board.xlsx", type="http", auth="user", methods=["GET"], readonly=True
    )
    def board_xlsx(self, year=None, region_id=None, province_id=None, commune_id=None, **kw):
        filters = {
            "year": year,
            "region_id": region_id,
            "province_id": province_id,
            "commune_id": commune_id,
        }
        try:
            data = request.env["chikaya.dashboard.xlsx"].board_workbook(filters)
        except AccessError:
            raise  # (an AccessError is a UserError: Odoo answers it with a 403 page)
        except UserError as error:
            return request.make_response(
                error.args[0], headers=[("Content-Type", "text/plain; charset=utf-8")], status=400
            )
        return self._xlsx_response(data, f"tableau-de-bord-{year or 'current'}.xlsx")
