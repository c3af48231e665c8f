from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import request

from . import portal_data as pd


def client_address():
    """The visitor's address, as the per-address limits count it. Odoo applies the
    X-Forwarded-For header only with `proxy_mode` on and an X-Forwarded-Host header present
    (odoo/http.py, Application.__call__, werkzeug's ProxyFix with x_for=1: the last address
    the proxy appended); otherwise it is the address of the connection, and behind a proxy
    configured otherwise every visitor shares the proxy's."""
    return request.httprequest.remote_addr or "?"


class IrHttp(models.AbstractModel):
    """What the website's request cycle does for the citizens' pages:

    - every POST to a route declared with `chikaya_post_limit=<kind>` is counted before its
      body is read (so a body refused as too large, or a post with a wrong CSRF token, counts
      too); the endpoint reads the outcome in `request.chikaya_post_reservation`;
    - a body larger than the route's `max_content_length` gets a page that says so (HTTP
      413) instead of the generic error page;
    - every HTML page of the website gets a Content-Security-Policy header."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        kind = rule.endpoint.routing.get(pd.ROUTING_POST_LIMIT)
        # (a request retried after a serialization failure was counted the first time)
        if (
            kind
            and request.httprequest.method == "POST"
            and not hasattr(request, "chikaya_post_reservation")
        ):
            Attempt = request.env["chikaya.portal.attempt"]
            request.chikaya_post_reservation = Attempt._reserve(kind, client_address())
        return result

    @classmethod
    def _handle_error(cls, exception):
        if isinstance(exception, RequestEntityTooLarge):
            # The body was refused unread; the error page reads the request's parameters
            # again (http_routing's _handle_error), which would raise the same error: let it
            # find the query string only.
            request.httprequest.form = ImmutableMultiDict()
            request.httprequest.files = ImmutableMultiDict()
        return super()._handle_error(exception)

    @classmethod
    def _get_error_html(cls, env, code, values):
        if code == 413 and request.httprequest.max_content_length == pd.MAX_REQUEST_SIZE:
            # The limit that refused the body is the portal's own (the route's
            # max_content_length): say what it allows.
            values = dict(
                values,
                title=env._("Request too large"),
                message=env._(
                    "What you sent is too large to be received: attach at most %(count)s "
                    "files of %(size)s MB each. Nothing was recorded; please go back and "
                    "send smaller or fewer files.",
                    count=pd.MAX_FILES,
                    size=pd.MAX_FILE_SIZE // (1024 * 1024),
                ),
            )
            html = env["ir.ui.view"]._render_template("chikaya_portal.complaint_refused", values)
            return code, html
        return super()._get_error_html(env, code, values)

    @classmethod
    def _post_dispatch(cls, response):
        result = super()._post_dispatch(response)
        # The website's pages only: the backend's web client (/odoo, /web) is no frontend
        # route and keeps Odoo's own headers.
        if getattr(request, "is_frontend", False) and response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", pd.FRONTEND_CSP)
        return result
