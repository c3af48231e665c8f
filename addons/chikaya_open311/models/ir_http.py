from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from odoo import models
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.http import request

from odoo.addons.chikaya_complaints.tools import uploads

from ..tools.georeport import Open311Error, error_response
from . import open311_data as od


def requested_format(path):
    """The output format a request under the API asks for, from its resource's suffix
    (`services.json`); XML, the specification's required format, when it names none."""
    return od.FORMAT_JSON if path.endswith("." + od.FORMAT_JSON) else od.DEFAULT_FORMAT


class IrHttp(models.AbstractModel):
    """Errors raised before or around the API's own code (a body over the route's
    max_content_length, a malformed multipart body, an unexpected failure) are answered in
    Open311's error format, in JSON or XML as the resource asked, instead of Odoo's HTML
    error pages: a client application reads the code and the description."""

    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        if not request.httprequest.path.startswith(od.API_ROOT + "/"):
            return super()._handle_error(exception)
        return error_response(
            requested_format(request.httprequest.path), cls._open311_error_of(exception)
        )

    @classmethod
    def _open311_error_of(cls, exception):
        """The Open311Error that answers `exception`, in the language of the query string's
        `locale` (the body may be unreadable: too large, malformed)."""
        locale = request.httprequest.args.get("locale")
        lang = request.env["chikaya.open311.request"]._lang_of(locale)
        env = request.env(context=dict(request.env.context, lang=lang))
        if isinstance(exception, RequestEntityTooLarge):
            return Open311Error(
                413,
                env._(
                    "The request is too large: %(count)s files of %(size)s MB at most, with "
                    "the text of the request.",
                    count=uploads.MAX_FILES,
                    size=uploads.MAX_FILE_SIZE // (1024 * 1024),
                ),
            )
        if isinstance(exception, HTTPException) and exception.code:
            return Open311Error(exception.code, exception.name)
        if isinstance(exception, AccessDenied | AccessError):
            return Open311Error(403, env._("Access denied."))
        if isinstance(exception, UserError):
            return Open311Error(400, str(exception.args[0]))
        # (Odoo logs the traceback: "Exception during request handling")
        return Open311Error(
            500,
            env._(
                "General service error: the request could not be processed. Nothing was "
                "recorded; please tell the platform's administrators."
            ),
        )
