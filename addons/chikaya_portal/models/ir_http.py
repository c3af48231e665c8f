import logging
from contextlib import closing

import psycopg2
import psycopg2.errors
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from odoo import http, models, sql_db
from odoo.http import request
from odoo.tools import SQL, file_open

from . import portal_data as pd

_logger = logging.getLogger(__name__)


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
    - every HTML page of the website gets a Content-Security-Policy header;
    - a website page's language is in the context before Odoo's own pre-dispatch runs."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        if getattr(request, "is_frontend", False) and getattr(request, "lang", None):
            # The page's language, known since the URL was matched (http_routing's _match),
            # is what _frontend_pre_dispatch puts in the context after base's _pre_dispatch;
            # put there first, it spares base's get_lang() the read of the visitor's user,
            # company and partner (every prefetchable column of the three: some 5 ms of a
            # visitor's page otherwise).
            request.update_context(lang=request.lang.code)
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


# --- The database unreachable: a 503 "not received" page, never a 404 or a 500 -------------
#
# While PostgreSQL restarts (or is unreachable), Odoo 19 answers (odoo/http.py):
#   - a 500 page for a request whose pooled connection died under it (the server's "terminating
#     connection due to administrator command" or "server closed the connection
#     unexpectedly" reaches the controller as an OperationalError; service/model.py's
#     `retrying` re-raises it and ir.http renders the generic error page);
#   - then a 404 page for every route of the modules: `Request._serve_db` cannot open a cursor
#     (RegistryError), `Application.__call__` logs the session out and serves the request
#     WITHOUT a database (`_serve_nodb`), where only Odoo's few database-less routes exist;
#     a visitor without a session never even gets a database (`db_list` swallows the
#     OperationalError and returns no database), so the same 404, and for `/`, `/odoo` and
#     `/web/login` a redirect to the database selector (refused by nginx: a 404 again).
# For a citizen filing a complaint both pages are wrong: a 404 says the page does not
# exist, a 500 says nothing about the filing. Neither hook of ir.http runs here (the
# registry's ir.http needs the database), hence a patch of `odoo.http.Request`, applied once
# when this module is imported (at the registry's load, before the prefork server forks its
# workers, so every worker has it). It changes nothing while the database answers: it only
# replaces the answer when the failure is the database server's (connection refused or
# lost, server shutting down or starting up), and then answers 503 with Retry-After and a
# static page, in French and Arabic, saying the request was NOT received (the transaction
# was rolled back: nothing of the request is stored), and it does not log the session out.
# The same page as nginx's own 502/503/504 page (static/errors/unavailable.html, one file for
# both): the database is down, so nothing here may read a template or a translation from it.
UNAVAILABLE_PAGE = "chikaya_portal/static/errors/unavailable.html"
UNAVAILABLE_RETRY_AFTER = 60  # seconds (PostgreSQL restarts in a few seconds)
# The server going away or not accepting connections yet (SQLSTATE 57P01-57P03, class 08).
# libpq's own failures (connection refused, "server closed the connection unexpectedly")
# are the base OperationalError without a SQLSTATE; its subclasses with a SQLSTATE of their
# own (serialization failure, deadlock, lock not available, statement timeout...) are
# errors of the request, not of the server.
OUTAGE_ERRORS = (
    psycopg2.errors.AdminShutdown,
    psycopg2.errors.CrashShutdown,
    psycopg2.errors.CannotConnectNow,
    psycopg2.errors.ConnectionException,
)
# The page itself: read once, when this module is imported (the database may be down when
# it is needed). nginx serves the same file for its own 502/503/504 (CHIKAYA_ERROR_PAGES_DIR).
with file_open(UNAVAILABLE_PAGE, "rb") as _page:
    UNAVAILABLE_HTML = _page.read()


def database_outage(exc):
    """Whether `exc`, or an exception it was raised from or while handling, is the database
    server's failure (unreachable, connection lost, shutting down or starting up), as opposed
    to an error of the request itself (a constraint, a serialization failure, a statement
    timeout, Odoo's "Cursor already closed")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, psycopg2.InterfaceError) and "connection" in str(exc):
            return True
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        if type(exc) is psycopg2.OperationalError and (
            exc.pgcode is None or exc.pgcode.startswith(("08", "57P"))
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def database_state(dbname=None):
    """'down' when the database server does not answer; otherwise 'up', or 'missing' when
    `dbname` is given and no such database exists (a session naming a dropped database keeps
    Odoo's own handling)."""
    try:
        with closing(sql_db.db_connect("postgres").cursor()) as cr:
            if dbname is None:
                cr.execute(SQL("SELECT 1"))
                return "up"
            cr.execute(SQL("SELECT 1 FROM pg_database WHERE datname = %s", dbname))
            return "up" if cr.fetchone() else "missing"
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        return "down"


def unavailable_response():
    return Response(
        UNAVAILABLE_HTML,
        status=503,
        headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Retry-After", str(UNAVAILABLE_RETRY_AFTER)),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )


def _serve_db_or_unavailable(self):
    try:
        return _serve_db_or_unavailable.odoo_serve_db(self)
    except Exception as exc:
        if not database_outage(exc):
            raise
        if isinstance(exc, http.RegistryError) and database_state(self.db) == "missing":
            raise  # Odoo's own handling: the session's database is gone
        _logger.warning(
            "database %s unreachable (%s): %s %s answered 503",
            self.db,
            exc.__cause__ or exc,
            self.httprequest.method,
            self.httprequest.path,
        )
        return unavailable_response()


def _serve_nodb_or_unavailable(self):
    # No database was chosen for this request. When that is because the server does not
    # answer (db_list found none), the database-less answer would be wrong whatever the
    # route: a 404 for the modules' routes, and for `/`, `/odoo` or `/web/login` a redirect to
    # the database selector (which nginx refuses: a 404 again). Say "unavailable" instead;
    # /web/health keeps answering for the process itself. (A server with one database and a
    # dbfilter chooses no database only when PostgreSQL is down: the probe costs nothing
    # otherwise.)
    if self.httprequest.path != "/web/health" and database_state() == "down":
        _logger.warning(
            "database server unreachable: %s %s answered 503",
            self.httprequest.method,
            self.httprequest.path,
        )
        return unavailable_response()
    return _serve_nodb_or_unavailable.odoo_serve_nodb(self)


if not getattr(http.Request._serve_db, "chikaya_outage_patch", False):
    _serve_db_or_unavailable.odoo_serve_db = http.Request._serve_db
    _serve_db_or_unavailable.chikaya_outage_patch = True
    http.Request._serve_db = _serve_db_or_unavailable
if not getattr(http.Request._serve_nodb, "chikaya_outage_patch", False):
    _serve_nodb_or_unavailable.odoo_serve_nodb = http.Request._serve_nodb
    _serve_nodb_or_unavailable.chikaya_outage_patch = True
    http.Request._serve_nodb = _serve_nodb_or_unavailable
