"""The load of `make load` (bench/load/run_load.py starts Locust with this file): a
realistic mix of Chikaya's users against the server behind nginx.

- Citizen: loads the filing form (for its CSRF token) and posts a complaint; a third attach
  a PDF or a PNG; reads the confirmation page (number and access code) once accepted.
- Tracker: a citizen following their complaint (number + access code of a filing made
  during the run, or of the seed filings the driver made before it).
- Visitor: the public pages (landing, statistics, palmarès of the communes and of the
  provinces, FAQ).
- Handler (fixed count): signs in, opens their kanban (JSON-RPC search_read of the open
  complaints of their commune) and moves one complaint a step through the workflow with the
  model's action methods (start, answer, close).
- Manager (fixed count): signs in and opens the Tableau de Bord (`get_board`).

Written for the driver, in the folder it gives (LOAD_OUT): every filing attempt (one JSON
line: token, attachment, status, number) in filings-<pid>.jsonl, and every request (time,
route, status) in requests-<pid>.csv, from which the driver counts the status codes per
route during the faults. The driver also passes the seed tracking pairs, the handlers'
logins and the form's values in LOAD_SETUP (a JSON file).
"""

import csv
import html
import itertools
import json
import os
import random
import re
import time
import uuid
from datetime import date

from locust import HttpUser, between, events, task

SETUP = json.load(open(os.environ["LOAD_SETUP"], encoding="utf-8"))  # noqa: SIM115
OUT = os.environ["LOAD_OUT"]
PASSWORD = SETUP["password"]
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
TRACK_LINK = re.compile(
    r'id="chikaya_track_link"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="chikaya_track_link"'
)
NUMBER_CODE = re.compile(r"number=([^&]+)&code=([^&\"]+)")
# A small PDF and a 1x1 PNG (the portal checks the files' types from their content).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4"
    "890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

# tracking pairs (number, code): the seed's, then those of the filings of this run
PAIRS = [tuple(pair) for pair in SETUP["pairs"]]
HANDLERS = itertools.cycle(SETUP["handlers"])
_files = {}


def out_file(kind, mode="a"):
    name = f"{kind}-{os.getpid()}"
    if name not in _files:
        path = os.path.join(OUT, f"{name}.{'jsonl' if kind == 'filings' else 'csv'}")
        _files[name] = open(path, mode, encoding="utf-8", buffering=1)  # noqa: SIM115
    return _files[name]


@events.request.add_listener
def record_request(request_type, name, response_time, response_length, response, exception, **_kw):
    status = getattr(response, "status_code", 0) or 0
    if exception and not status:
        status = type(exception).__name__
    csv.writer(out_file("requests")).writerow(
        [f"{time.time():.3f}", request_type, name, status, f"{response_time:.0f}"]
    )


@events.quitting.add_listener
def close_files(**_kw):
    for file in _files.values():
        file.close()


def expect(response, *statuses):
    """Mark the response failed unless its status is one of `statuses`."""
    if response.status_code in statuses:
        response.success()
        return True
    if not response.status_code:
        response.failure(repr(response.error)[:300])
    else:
        response.failure(f"HTTP {response.status_code}")
    return False


class ChikayaUser(HttpUser):
    """Trusts nginx's self-signed certificate (the driver passes it in LOAD_CA)."""

    abstract = True

    def on_start(self):
        self.client.verify = os.environ.get("LOAD_CA", True)


class Citizen(ChikayaUser):
    weight = 3
    wait_time = between(1, 3)

    @task
    def file_a_complaint(self):
        with self.client.get(
            "/complaints/new", name="GET /complaints/new", catch_response=True
        ) as page:
            if not expect(page, 200):
                return
            token = CSRF.search(page.text)
        if not token:
            return
        filing = uuid.uuid4().hex[:16]
        values = dict(SETUP["form"])
        values.update(
            csrf_token=html.unescape(token.group(1)),
            subject=f"{SETUP['subject']} {filing}",
            citizen_email=f"load.{filing}@example.ma",
        )
        files = None
        attachment = random.random() < 1 / 3
        if attachment:
            files = [
                random.choice(
                    [
                        ("attachments", ("letter.pdf", PDF, "application/pdf")),
                        ("attachments", ("photo.png", PNG, "image/png")),
                    ]
                )
            ]
        record = {"token": filing, "attachment": attachment, "t": time.time()}
        try:
            with self.client.post(
                "/complaints/new",
                data=values,
                files=files,
                name="POST /complaints/new",
                allow_redirects=False,
                catch_response=True,
            ) as post:
                record["status"] = post.status_code
                record["not_received_page"] = SETUP["not_received"] in post.text
                # 303: received; 503 (Odoo or nginx): refused with the "not received" page
                if post.status_code == 303:
                    post.success()
                elif post.status_code == 503 and record["not_received_page"]:
                    post.success()  # the expected refusal during a fault; counted apart
                else:
                    post.failure(f"HTTP {post.status_code}")
        except Exception as error:  # noqa: BLE001 (the driver counts what was not answered)
            record["status"] = type(error).__name__
        finally:
            record["t_end"] = time.time()
            out_file("filings").write(json.dumps(record) + "\n")
        if record.get("status") != 303:
            return
        with self.client.get(
            "/complaints/confirmation", name="GET /complaints/confirmation", catch_response=True
        ) as confirmation:
            if not expect(confirmation, 200):
                return
            link = TRACK_LINK.search(confirmation.text)
            pair = link and NUMBER_CODE.search(html.unescape(link.group(1) or link.group(2)))
            if pair:
                PAIRS.append((pair.group(1), pair.group(2)))
                record["number"] = pair.group(1)
                out_file("filings").write(
                    json.dumps({"token": filing, "number": pair.group(1)}) + "\n"
                )


class Tracker(ChikayaUser):
    weight = 2
    wait_time = between(1, 3)

    @task
    def track(self):
        if not PAIRS:
            return
        number, code = random.choice(PAIRS)
        with self.client.get(
            "/complaints/track",
            params={"number": number, "code": code},
            name="GET /complaints/track",
            catch_response=True,
        ) as page:
            if expect(page, 200) and number not in page.text:
                page.failure("the complaint is not on its tracking page")


class Visitor(ChikayaUser):
    weight = 4
    wait_time = between(1, 3)

    @task(3)
    def landing(self):
        with self.client.get("/complaints", name="GET /complaints", catch_response=True) as r:
            expect(r, 200)

    @task(2)
    def statistics(self):
        with self.client.get(
            "/complaints/statistics", name="GET /complaints/statistics", catch_response=True
        ) as r:
            expect(r, 200)

    @task(1)
    def palmares_communes(self):
        with self.client.get(
            "/complaints/palmares", name="GET /complaints/palmares", catch_response=True
        ) as r:
            expect(r, 200)

    @task(1)
    def palmares_provinces(self):
        with self.client.get(
            "/complaints/palmares?level=province",
            name="GET /complaints/palmares?level=province",
            catch_response=True,
        ) as r:
            expect(r, 200)

    @task(1)
    def faq(self):
        with self.client.get(
            "/complaints/faq", name="GET /complaints/faq", catch_response=True
        ) as r:
            expect(r, 200)


class BackendUser(ChikayaUser):
    abstract = True
    login = None

    def on_start(self):
        super().on_start()
        self.signed_in = False
        self.sign_in()

    def sign_in(self):
        with self.client.get("/web/login", name="GET /web/login", catch_response=True) as page:
            if not expect(page, 200):
                return
            token = CSRF.search(page.text)
        if not token:
            return
        with self.client.post(
            "/web/login",
            data={
                "login": self.login,
                "password": PASSWORD,
                "csrf_token": html.unescape(token.group(1)),
                "redirect": "/odoo",
            },
            name="POST /web/login",
            allow_redirects=False,
            catch_response=True,
        ) as post:
            self.signed_in = expect(post, 303, 302)

    def call_kw(self, model, method, args, kwargs=None, name=None):
        """JSON-RPC as the web client calls the model (/web/dataset/call_kw); the result, or
        None (the request marked failed) on an error."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": random.randint(1, 10**9),
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        with self.client.post(
            f"/web/dataset/call_kw/{model}/{method}",
            json=payload,
            name=name or f"RPC {model}.{method}",
            catch_response=True,
        ) as response:
            if not expect(response, 200):
                return None
            try:
                body = response.json()
            except ValueError:
                response.failure("not JSON")
                return None
            if "error" in body:
                message = body["error"].get("data", {}).get("message") or body["error"]
                if "Session" in str(message):
                    self.signed_in = False
                response.failure(f"RPC error: {str(message)[:200]}")
                return None
            return body["result"]


class Handler(BackendUser):
    fixed_count = len(SETUP["handlers"])
    wait_time = between(2, 5)

    def on_start(self):
        self.login = next(HANDLERS)
        super().on_start()

    @task
    def work(self):
        if not self.signed_in:
            self.sign_in()
            return
        fields = ["name", "subject", "state", "collectivity_id", "theme_id", "received_date"]
        # the kanban: the open complaints of the handler's scope (record rules), newest first
        cards = self.call_kw(
            "chikaya.complaint",
            "search_read",
            [[("state", "in", ["new", "in_progress", "info_requested"])]],
            {"fields": fields, "limit": 80, "order": "received_date desc, id desc"},
            name="RPC kanban search_read",
        )
        if not cards:
            return
        # one step of the workflow on one of them
        card = random.choice(cards)
        if card["state"] == "new":
            self.call_kw("chikaya.complaint", "action_start", [[card["id"]]])
        elif card["state"] == "in_progress":
            written = self.call_kw(
                "chikaya.complaint",
                "write",
                [[card["id"]], {"response": "<p>Réparé par les services techniques.</p>"}],
                name="RPC chikaya.complaint.write (response)",
            )
            if written:
                self.call_kw("chikaya.complaint", "action_answer", [[card["id"]]])
                self.call_kw("chikaya.complaint", "action_close", [[card["id"]]])


class Manager(BackendUser):
    fixed_count = 1
    wait_time = between(3, 6)

    def on_start(self):
        self.login = SETUP["manager"]
        super().on_start()

    @task
    def board(self):
        if not self.signed_in:
            self.sign_in()
            return
        self.call_kw(
            "chikaya.dashboard",
            "get_board",
            [{"year": date.today().year}],
            name="RPC chikaya.dashboard.get_board",
        )
