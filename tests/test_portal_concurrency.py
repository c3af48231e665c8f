"""The portal's limits under real concurrency, on a committed database.

Odoo's own HTTP tests (HttpCase) run the server on the test's single transaction: parallel
requests are serialized there, and what a request commits in a cursor of its own is rolled
back with it when it fails. So these tests run under pytest-odoo, on the database `make test`
built, with real cursors: a werkzeug server in a thread of this process serves Odoo's WSGI
application (odoo.http.root) as in production, each request in its own transaction; what
they commit is read back through new cursors, and removed at the end.
"""

import contextlib
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from unittest.mock import patch

import requests
from werkzeug.serving import make_server

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.chikaya_portal.models import portal_data as pd

PARALLEL = 20
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestPortalConcurrency(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marker = f"pytest-concurrency-{uuid.uuid4().hex[:8]}"

    @contextlib.contextmanager
    def committed_env(self):
        """An environment on a new cursor: sees what the server committed; commits."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def attempts(self, kind, key):
        with self.committed_env() as env:
            return env["chikaya.portal.attempt"].search_count(
                [("kind", "=", kind), ("key", "=", key)]
            )

    def forget(self, keys):
        """Remove what the tests committed: their attempts and complaints."""
        with self.committed_env() as env:
            env["chikaya.portal.attempt"].search([("key", "in", keys)]).unlink()
            env.cr.execute(
                SQL(
                    "DELETE FROM chikaya_complaint WHERE subject LIKE %s",
                    f"{self.marker}%",
                )
            )

    @contextlib.contextmanager
    def server(self):
        """The base URL of Odoo served over HTTP, on a free port, for this database only."""
        db = self.env.cr.dbname
        httpd = make_server("127.0.0.1", 0, odoo.http.root, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        with patch.dict(odoo.tools.config.options, {"dbfilter": f"^{re.escape(db)}$"}):
            thread.start()
            try:
                yield f"http://127.0.0.1:{httpd.server_port}"
            finally:
                httpd.shutdown()
                thread.join(10)

    def form(self):
        """A valid anonymous observation: a commune of the official territory, with its
        province and region, and an active theme."""
        with self.committed_env() as env:
            commune = env["chikaya.collectivity"].search([("type", "=", "urban")], limit=1)
            theme = env["chikaya.theme"].search([], limit=1)
            return {
                "kind": "observation",
                "region_id": str(commune.parent_id.parent_id.id),
                "province_id": str(commune.parent_id.id),
                "commune_id": str(commune.id),
                "theme_id": str(theme.id),
                "subject": f"{self.marker} parallel",
                "description": "Filed by one of twenty browsers at once.",
                "consent": pd.CONSENT_VALUE,
            }

    def browser(self, base_url):
        """A session that opened the form: (requests session, its CSRF token)."""
        session = requests.Session()
        page = session.get(f"{base_url}/complaints/new", timeout=60)
        page.raise_for_status()
        return session, CSRF.search(page.text).group(1)

    def test_reserve_is_atomic(self):
        """20 threads, each with its own cursor, reserve a slot of the same limit at the
        same moment: exactly `limit` are granted."""
        key = f"{self.marker}-key"
        self.addCleanup(self.forget, [key])
        with self.committed_env() as env:
            limit, _window = env["chikaya.portal.attempt"]._limit(pd.ATTEMPT_SUBMIT)
        self.assertGreater(limit, 0)
        start = threading.Barrier(PARALLEL)

        def reserve(_i):
            with self.committed_env() as env:
                Attempt = env["chikaya.portal.attempt"]
                start.wait(30)
                return bool(Attempt._reserve(pd.ATTEMPT_SUBMIT, key))

        with ThreadPoolExecutor(PARALLEL) as pool:
            granted = list(pool.map(reserve, range(PARALLEL)))
        self.assertEqual(granted.count(True), limit)
        self.assertEqual(self.attempts(pd.ATTEMPT_SUBMIT, key), limit)

    def test_parallel_filings(self):
        """20 browsers behind one address post a valid filing at the same moment: exactly
        submit_limit are accepted (303), the others get the 429 page, and exactly
        submit_limit complaints exist."""
        self.addCleanup(self.forget, ["127.0.0.1"])
        with self.committed_env() as env:
            limit, _window = env["chikaya.portal.attempt"]._limit(pd.ATTEMPT_SUBMIT)
            post_limit, _window = env["chikaya.portal.attempt"]._limit(pd.ATTEMPT_POST)
        self.assertTrue(0 < limit < PARALLEL <= post_limit)
        with self.committed_env() as env:
            # The year's range of the complaint sequence exists before the race: Odoo creates
            # it on the year's first number, and parallel first numbers of a year collide on
            # its unique key (a 422 page; reported, not the limit under test here).
            env["ir.sequence"].next_by_code("chikaya.complaint")
        form = self.form()
        with self.server() as base_url:
            browsers = [self.browser(base_url) for _i in range(PARALLEL)]
            start = threading.Barrier(PARALLEL)

            def post(browser):
                session, csrf_token = browser
                start.wait(30)
                response = session.post(
                    f"{base_url}/complaints/new",
                    data={**form, "csrf_token": csrf_token},
                    allow_redirects=False,
                    timeout=120,
                )
                return response.status_code

            with ThreadPoolExecutor(PARALLEL) as pool:
                statuses = list(pool.map(post, browsers))
        self.assertEqual(sorted(statuses), [303] * limit + [429] * (PARALLEL - limit))
        with self.committed_env() as env:
            filed = env["chikaya.complaint"].search_count([("subject", "=", form["subject"])])
        self.assertEqual(filed, limit)
        self.assertEqual(self.attempts(pd.ATTEMPT_SUBMIT, "127.0.0.1"), limit)
        self.assertEqual(self.attempts(pd.ATTEMPT_POST, "127.0.0.1"), PARALLEL)

    def test_refused_posts_are_counted(self):
        """A body larger than the route allows gets the 413 page, and a post without its
        CSRF token a 400; both are counted (committed) against the limit on posts."""
        self.addCleanup(self.forget, ["127.0.0.1"])
        form = self.form()
        with self.server() as base_url:
            session, csrf_token = self.browser(base_url)
            response = session.post(
                f"{base_url}/complaints/new",
                data={**form, "csrf_token": csrf_token},
                files=[("attachments", ("big.pdf", b"0" * (pd.MAX_REQUEST_SIZE + 1)))],
                allow_redirects=False,
                timeout=120,
            )
            self.assertEqual(response.status_code, 413)
            self.assertIn('id="chikaya_refused_title"', response.text)
            self.assertEqual(self.attempts(pd.ATTEMPT_POST, "127.0.0.1"), 1)
            response = session.post(
                f"{base_url}/complaints/new", data=form, allow_redirects=False, timeout=60
            )
            self.assertEqual(response.status_code, 400)
            self.assertEqual(self.attempts(pd.ATTEMPT_POST, "127.0.0.1"), 2)
