from odoo import http
from odoo.http import request

from odoo.addons.chikaya_complaints.tools import uploads
from odoo.addons.chikaya_complaints.tools.public_input import clean_route_params

from ..models import open311_data as od
from ..models.ir_http import requested_format
from ..tools.georeport import Open311Error, error_response, open311_response

READ_METHODS = ("GET", "HEAD")
FORMATS = f"<any({od.FORMAT_JSON},{od.FORMAT_XML}):fmt>"
# Every route of the API. CSRF does not apply: clients are applications authenticated by
# their api_key (sent in the request, never held by a browser in a cookie), not browsers
# in a session; and no session is opened or saved for them (save_session=False).
API_ROUTE = {
    "type": "http",
    "auth": "public",
    "csrf": False,
    "save_session": False,
    "sitemap": False,
}


def readonly_get(controller, rule, args):
    """`readonly` of a route that reads on GET (on the database replica when one is
    configured) and writes on POST (on the primary)."""
    return request.httprequest.method in READ_METHODS


class Open311(http.Controller):
    """Open311 GeoReport v2 under /open311/v2/ (open311_data.API_ROOT), in JSON and XML.

    Thin on purpose: each route checks the method and the client (chikaya.open311.request
    ._check_client: the API key and the limits), hands the parameters to the API model and
    writes its document in the format the resource's suffix asks; every refusal is an
    Open311Error, answered with the specification's errors document. No `methods=` on the
    routes: a wrong method is answered here, in Open311's form, not by Odoo's routing."""

    def _serve(self, fmt, params, methods, answer, key_required=False):
        """Run `answer(api, key_sudo)` for a request allowed `methods`, and write the
        (root, document, status, headers) it returns in `fmt`; an Open311Error is answered
        as the specification's errors."""
        api = request.env["chikaya.open311.request"]
        api = api.with_context(lang=api._lang_of(params.get("locale")))
        try:
            method = request.httprequest.method
            if method not in methods:
                raise Open311Error(
                    405,
                    api._message("method", method=method, allowed=", ".join(methods)),
                    headers={"Allow": ", ".join(methods)},
                )
            key_sudo = api._check_client(
                params.get("api_key"), request.httprequest.remote_addr, required=key_required
            )
            root, document, status, headers = answer(api, key_sudo)
            return open311_response(fmt, root, document, status, headers)
        except Open311Error as error:
            return error_response(fmt, error)

    def _endpoint_url(self):
        """The API's address as the client reached it (behind a proxy, with proxy_mode, the
        public one)."""
        return request.httprequest.host_url.rstrip("/") + od.API_ROOT

    # ---- Routes ---------------------------------------------------------------------------

    @http.route(f"{od.API_ROOT}/discovery.{FORMATS}", readonly=True, **API_ROUTE)
    @clean_route_params
    def discovery(self, fmt, **params):
        def answer(api, _key_sudo):
            return "discovery", api._discovery(self._endpoint_url()), 200, {}

        return self._serve(fmt, params, READ_METHODS, answer)

    @http.route(f"{od.API_ROOT}/services.{FORMATS}", readonly=True, **API_ROUTE)
    @clean_route_params
    def services(self, fmt, **params):
        def answer(api, _key_sudo):
            return "services", api._services(params.get("jurisdiction_id")), 200, {}

        return self._serve(fmt, params, READ_METHODS, answer)

    @http.route(
        f"{od.API_ROOT}/services/<string:service_code>.{FORMATS}", readonly=True, **API_ROUTE
    )
    @clean_route_params
    def service_definition(self, service_code, fmt, **params):
        def answer(api, _key_sudo):
            definition = api._service_definition(service_code, params.get("jurisdiction_id"))
            return "service_definition", definition, 200, {}

        return self._serve(fmt, params, READ_METHODS, answer)

    @http.route(
        f"{od.API_ROOT}/requests.{FORMATS}",
        readonly=readonly_get,
        max_content_length=uploads.MAX_REQUEST_SIZE,
        **API_ROUTE,
    )
    @clean_route_params
    def requests(self, fmt, **params):
        def answer_post(api, key_sudo):
            files = uploads.read_uploads(request.httprequest.files.getlist(od.MEDIA_FIELD))
            vals, attachments = api._prepare_complaint(params, files)
            complaint_sudo = api._create_complaint(key_sudo, vals, attachments)
            # The access code is in the answer: no copy in a cache.
            headers = {"Cache-Control": "no-store"}
            return "service_requests", api._post_answer(complaint_sudo), 200, headers

        def answer_get(api, _key_sudo):
            complaints_sudo = api._search_requests(params)
            return "service_requests", api._request_values(complaints_sudo), 200, {}

        if request.httprequest.method == "POST":
            return self._serve(fmt, params, ("POST",), answer_post, key_required=True)
        return self._serve(fmt, params, (*READ_METHODS, "POST"), answer_get)

    @http.route(
        f"{od.API_ROOT}/requests/<string:service_request_id>.{FORMATS}",
        readonly=True,
        **API_ROUTE,
    )
    @clean_route_params
    def service_request(self, service_request_id, fmt, **params):
        def answer(api, _key_sudo):
            complaint_sudo = api._get_request(service_request_id)
            return "service_requests", api._request_values(complaint_sudo), 200, {}

        return self._serve(fmt, params, READ_METHODS, answer)

    @http.route([od.API_ROOT, f"{od.API_ROOT}/<path:resource>"], readonly=True, **API_ROUTE)
    @clean_route_params
    def unknown(self, resource="", **params):
        """Anything else under the API: a known resource without a format (400), or no
        resource (404), answered in Open311's form."""
        name = resource.rsplit(".", 1)[0]
        api = request.env["chikaya.open311.request"]
        api = api.with_context(lang=api._lang_of(params.get("locale")))
        known = name in ("discovery", "services", "requests") or (
            name.startswith(("services/", "requests/")) and name.count("/") == 1
        )
        if known:
            error = Open311Error(400, api._message("format", resource=resource[:64]))
        else:
            error = Open311Error(404, api._message("resource", resource=resource[:64]))
        return error_response(requested_format(request.httprequest.path), error)
