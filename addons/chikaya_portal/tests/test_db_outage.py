"""The database server unreachable or restarting: every page says "unavailable, not
received" (HTTP 503 with Retry-After, French and Arabic), never a 404 or a 500 page, and
nothing of a refused filing is stored (chikaya_portal/models/ir_http.py).

The outage is simulated in the server's process: the registry's `cursor` (a request's cursor) and
`sql_db.db_connect` (the database list, and the probe of the server) raise the errors
psycopg2 raises when PostgreSQL is down; a connection lost in the middle of a request is an
OperationalError raised while the complaint is being created. `make load
LOAD_ARGS=--faults` (bench/load/) restarts a real PostgreSQL under load."""

from unittest.mock import patch

import psycopg2
import psycopg2.errors

from odoo import http, sql_db
from odoo.tests import tagged

from .common import FilingCase

NOT_RECEIVED_FR = "Votre demande n’a pas été reçue."
NOT_RECEIVED_AR = "لم يتم استلام طلبكم."
OUTAGE_LOGGER = "odoo.addons.chikaya_portal.models.ir_http"


def refused(*_args, **_kwargs):
    raise psycopg2.OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


@tagged("post_install", "-at_install")
class TestDbOutage(FilingCase):
    def server_down(self):
        """PostgreSQL down: no cursor for the request, no connection for the database list
        (a visitor without a session) nor for any probe. (The test framework itself patches
        the registry's `cursor` on the instance, to hand out the test cursor.)"""
        return (
            patch.object(self.registry, "cursor", refused),
            patch.object(sql_db, "db_connect", refused),
        )

    def assert_unavailable(self, response):
        self.assertEqual(response.status_code, 503, response.text[:500])
        self.assertEqual(response.headers.get("Retry-After"), "60")
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        self.assertIn("text/html", response.headers.get("Content-Type"))
        self.assertIn(NOT_RECEIVED_FR, response.text)
        self.assertIn(NOT_RECEIVED_AR, response.text)

    def get_during_outage(self, path, **kwargs):
        cursor, connect = self.server_down()
        with cursor, connect, self.assertLogs(OUTAGE_LOGGER, "WARNING") as logs:
            response = self.url_open(path, allow_redirects=False, **kwargs)
        self.assertIn("answered 503", logs.output[0])
        return response

    def test_citizen_pages_during_outage(self):
        """A visitor with a session (its database known) and one without (the database
        list is empty while the server is down, which Odoo answers with its database-less
        404): both get the 503 page on every citizens' route."""
        self.authenticate(None, None)
        for path in ("/complaints", "/complaints/new", "/complaints/track", "/ar/complaints"):
            with self.subTest(path=path, session=True):
                self.assert_unavailable(self.get_during_outage(path))
        self.opener.cookies.clear()
        # (for `/`, the website's home page, and /web/login, Odoo would redirect to the
        # database selector)
        for path in ("/complaints", "/complaints/new", "/complaints/faq", "/", "/web/login"):
            with self.subTest(path=path, session=False):
                self.assert_unavailable(self.get_during_outage(path))
        # the server back: the pages are served again
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/complaints/new").status_code, 200)

    def test_filing_refused_during_outage_is_not_stored(self):
        self.authenticate(None, None)
        data = self.form_data(subject="Filed while the database restarts")
        data["csrf_token"] = http.Request.csrf_token(self)
        cursor, connect = self.server_down()
        with cursor, connect, self.assertLogs(OUTAGE_LOGGER, "WARNING"):
            response = self.url_open("/complaints/new", data=data, allow_redirects=False)
        self.assert_unavailable(response)
        self.assertFalse(self.filed("Filed while the database restarts"))
        # the same post once the server is back is received
        response = self.post_form(self.form_data(subject="Filed while the database restarts"))
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(len(self.filed("Filed while the database restarts")), 1)

    def test_connection_lost_during_filing(self):
        """The connection dies while the complaint is being created (PostgreSQL restarted
        under the request): the transaction is rolled back, the citizen gets the 503 page
        (Odoo would render its 500 page), and nothing is stored: neither the complaint nor
        the acknowledgement."""
        self.authenticate(None, None)
        subject = "Filed when the connection dies"
        Complaint = self.registry["chikaya.complaint"]
        create = Complaint.create

        def create_then_lose_connection(records, vals_list):
            create(records, vals_list)
            raise psycopg2.errors.AdminShutdown(
                "terminating connection due to administrator command"
            )

        mails_before = self.env["mail.mail"].sudo().search_count([])
        with (
            patch.object(Complaint, "create", create_then_lose_connection),
            self.assertLogs(OUTAGE_LOGGER, "WARNING"),
        ):
            response = self.post_form(self.form_data(subject=subject))
        self.assert_unavailable(response)
        self.assertFalse(self.filed(subject))
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails_before)

    def test_request_errors_keep_their_page(self):
        """An error of the request itself, even an OperationalError (a statement timeout),
        is no outage: Odoo's own error page (500), not "unavailable"."""
        self.authenticate(None, None)
        Complaint = self.registry["chikaya.complaint"]

        def timeout(records, vals_list):
            raise psycopg2.errors.QueryCanceled("canceling statement due to statement timeout")

        with (
            patch.object(Complaint, "create", timeout),
            self.assertLogs("odoo.http", "ERROR"),
        ):
            response = self.post_form(self.form_data(subject="Timed out"))
        self.assertEqual(response.status_code, 500)
        self.assertNotIn(NOT_RECEIVED_AR, response.text)

    def test_health_check_and_pages_when_the_server_answers(self):
        """/web/health answers for the process itself during an outage; with the server up,
        a visitor without a session is served as usual (no 503, no probe's side effect)."""
        self.opener.cookies.clear()
        cursor, connect = self.server_down()
        with cursor, connect:
            self.assertEqual(self.url_open("/web/health").status_code, 200)
        self.opener.cookies.clear()
        self.assertEqual(self.url_open("/complaints/faq").status_code, 200)

    def test_signed_in_session_survives_the_outage(self):
        """Odoo logs a session out when its database cannot be opened; during an outage the
        handler keeps their session."""
        self.authenticate("admin", "admin")
        sid = self.opener.cookies["session_id"]
        self.assert_unavailable(self.get_during_outage("/odoo/action-chikaya_complaints.x"))
        self.assertEqual(http.root.session_store.get(sid).uid, self.env.ref("base.user_admin").id)
