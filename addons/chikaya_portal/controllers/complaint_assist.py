from odoo import http
from odoo.http import request

from odoo.addons.chikaya_complaints.tools.public_input import clean_route_params

from ..models import portal_data as pd
from ..models.ir_http import client_address


class ChikayaComplaintAssist(http.Controller):
    """What the filing form asks while the citizen fills it in (JavaScript only: the form
    works without them): the commune of a point, the open complaints that look like the one
    being typed; and the support of one of those instead of filing again.

    The JSON routes are safe from cross-site requests without a CSRF token: a JSON-RPC body
    (Content-Type application/json) cannot be sent by another site's page without a CORS
    preflight, which Odoo does not grant; they write nothing but the limit's count. The
    support is a form post: CSRF token required, every post counted."""

    @http.route("/complaints/locate", type="jsonrpc", auth="public", website=True, readonly=True)
    def complaints_locate(self, latitude=None, longitude=None, **kw):
        """{region, province, commune} ({id, name} each) of the point, or {}. A lookup in
        memory (tools/geo.py) and one indexed read: cheap enough to need no limit."""
        return request.env["chikaya.complaint.submission"]._locate(latitude, longitude)

    @http.route("/complaints/similar", type="jsonrpc", auth="public", website=True)
    def complaints_similar(self, **params):
        """{"complaints": [...]} that look like the one being typed, or {"error":
        "too_many"} once the address has asked too often."""
        Attempt = request.env["chikaya.portal.attempt"]
        if not Attempt._reserve(pd.ATTEMPT_SIMILAR, client_address()):
            return {"error": "too_many"}
        return {
            "complaints": request.env["chikaya.complaint.submission"]._look_alikes(params),
        }

    @http.route(
        "/complaints/support",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        methods=["POST"],
        chikaya_post_limit=pd.ATTEMPT_SUPPORT,
    )
    @clean_route_params
    def complaints_support(self, **post):
        portal = request.env["ir.http"]
        if not request.chikaya_post_reservation:
            return request.render(
                "chikaya_portal.complaint_refused",
                {
                    "title": request.env._("Too many requests"),
                    "message": request.env._(
                        "Too many requests were sent from your connection in a short time. "
                        "Please try again in an hour."
                    ),
                },
                status=429,
            )
        number, errors = request.env["chikaya.complaint.submission"]._support(post)
        if errors:
            return request.render(
                "chikaya_portal.complaint_refused",
                {
                    "title": request.env._("Support not recorded"),
                    "message": " ".join(errors.values()),
                },
                status=400,
            )
        return request.render(
            "chikaya_portal.complaint_supported",
            {"number": number, "filing_url": portal._url_for(pd.FILING_URL)},
        )
