"""`make topology-test`: checks the production topology started by scripts/topology.sh
(nginx -> two Odoo web nodes -> PostgreSQL primary + streaming replica; a cron node).

Run by `scripts/topology.sh test` (which starts the topology first and passes the TOPO_*
settings in the environment), with the project's venv (requests, requests-toolbelt,
psycopg2, websocket-client). Every request goes through nginx over HTTPS, as a browser's
would; the databases are only read, except to set up the scheduled-job check (a complaint
made 45 days old, the job's next call moved away so that only the test's triggers run it).

What is checked (one line per check, then "N passed, N failed"):
  proxy      TLS with the self-signed certificate, HTTP -> HTTPS, gzip, long cache and
             nginx's copy of /web/assets/, unknown host names refused, the database manager
             hidden, an oversized body refused with the bilingual 413 page, /websocket
             upgraded by Odoo's gevent port, Secure cookies, X-Forwarded-For = the client
             address nginx saw (a forged header ignored by the per-address limits)
  replica    streaming; a filing through nginx is on the primary at once and on the replica
             within a few seconds; each public page (landing, form, FAQ, statistics,
             palmarès, tracking) runs its reads of the chikaya_* tables on the replica and
             none on the primary (pg_stat_statements of each cluster), both web nodes seen
             connected to the replica (pg_stat_activity)
  failover   web1's master killed (SIGKILL) in the middle of concurrent filings: every filing
             answered 303 is in the database with its attachment, every other one got the
             bilingual "not received" page and is not in the database, pages keep being
             served, and web1 serves again once restarted
  cron       the SLA job triggered twice runs exactly twice, on the cron node only
  backup     scripts/backup.sh's dump + filestore archive restored into a new database
             holds every complaint and every attachment (checksums of the restored files)
"""

import hashlib
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import requests
import websocket
from requests_toolbelt.adapters.source import SourceAddressAdapter

ENV = os.environ
STATE = Path(ENV["TOPO_DIR"])
DB = ENV["TOPO_DB"]
TOPOLOGY_SH = ENV["TOPO_SCRIPT"]
PRIMARY_PORT = int(ENV["TOPO_PRIMARY_PORT"])
REPLICA_PORT = int(ENV["TOPO_REPLICA_PORT"])
MONITOR_USER, MONITOR_PASSWORD = ENV["TOPO_MONITOR_USER"], ENV["TOPO_MONITOR_PASSWORD"]
HTTPS_PORT, HTTP_PORT = int(ENV["TOPO_HTTPS_PORT"]), int(ENV["TOPO_HTTP_PORT"])
WEB_PORTS = {"web1": int(ENV["TOPO_WEB1_PORT"]), "web2": int(ENV["TOPO_WEB2_PORT"])}
BASE = f"https://127.0.0.1:{HTTPS_PORT}"
CA = str(STATE / "nginx" / "tls" / "fullchain.pem")
LOGS = STATE / "logs"
RUN = time.strftime("%Y%m%d%H%M%S")
MARKER = f"Topology test {RUN}"
# The lines every refusal page of nginx carries (addons/chikaya_portal/static/errors/).
NOT_RECEIVED = ("Votre demande n’a pas été reçue", "لم يتم استلام طلبكم")
SLA_CRON_XMLID = ("chikaya_complaints", "ir_cron_complaint_sla")

results = []  # (name, ok, detail)
figures = []  # (label, value) printed at the end


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}{'  -- ' + detail if detail else ''}", flush=True)
    return bool(ok)


def figure(label, value):
    figures.append((label, value))
    print(f"      {label}: {value}", flush=True)


def step(title):
    print(f"\n== {title} ({time.strftime('%H:%M:%S')})", flush=True)


# ---- Databases ---------------------------------------------------------------------------


def connect(port, dbname=DB):
    # the monitoring role (pg_monitor: every row of pg_stat_replication, pg_stat_activity and
    # pg_stat_statements), which may also read and write the tables like Odoo's role
    cnx = psycopg2.connect(
        host="127.0.0.1",
        port=port,
        dbname=dbname,
        user=MONITOR_USER,
        password=MONITOR_PASSWORD,
        application_name="chikaya-topology-test",
    )
    cnx.autocommit = True
    return cnx


def sql(port, query, params=None, dbname=DB):
    cnx = connect(port, dbname)
    try:
        with cnx.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else []
    finally:
        cnx.close()


def one(port, query, params=None, dbname=DB):
    rows = sql(port, query, params, dbname)
    return rows[0][0] if rows else None


def statement_calls(port):
    """{statement: calls} run on this cluster in our database (pg_stat_statements: top-level
    statements, counted as they end)."""
    return dict(
        sql(
            port,
            """SELECT s.query, sum(s.calls) FROM pg_stat_statements s
                 JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = %s GROUP BY s.query""",
            (DB,),
            dbname="postgres",
        )
    )


def is_app_read(query):
    """A statement of the application on its own tables (chikaya_*), the rate limiter's left
    out: the limiter works on the primary on purpose, in cursors of its own."""
    return "chikaya_" in query and "chikaya_portal_attempt" not in query


def statements(port, app_only):
    calls = statement_calls(port)
    return sum(n for q, n in calls.items() if not app_only or is_app_read(q))


def db_stats(port):
    return sql(
        port,
        "SELECT xact_commit, tup_returned + tup_fetched FROM pg_stat_database WHERE datname = %s",
        (DB,),
        dbname="postgres",
    )[0]


# ---- HTTP through nginx ------------------------------------------------------------------


def session(source=None):
    s = requests.Session()
    s.verify = CA
    # loopback only: no proxy, and no CA bundle from the environment (REQUESTS_CA_BUNDLE
    # would replace the topology's certificate)
    s.trust_env = False
    if source:
        s.mount("https://", SourceAddressAdapter(source))
    return s


def random_addresses(count):
    """Loopback source addresses of our own for this run (127.0.0.0/8 all reach nginx on
    127.0.0.1): the portal's per-address limits then count each simulated visitor apart, and
    a second run within the hour does not meet the first run's counts."""
    seed = int(hashlib.sha256(RUN.encode()).hexdigest()[:6], 16)
    second, third = 16 + seed % 200, (seed >> 8) % 256
    return [f"127.{second}.{third}.{i}" for i in range(10, 10 + count)]


def pdf_bytes(label):
    return (
        b"%PDF-1.4\n% Chikaya topology test\n1 0 obj << /Title ("
        + label.encode()
        + b") >> endobj\n"
        + os.urandom(2048).hex().encode()
        + b"\n%%EOF\n"
    )


_place = {}


def place():
    """A region > province > commune chain and a theme, as the form offers them."""
    if not _place:
        row = sql(
            PRIMARY_PORT,
            """SELECT c.id, p.id, r.id FROM chikaya_collectivity c
                 JOIN chikaya_collectivity p ON p.id = c.parent_id
                 JOIN chikaya_collectivity r ON r.id = p.parent_id
                WHERE c.type IN ('urban', 'rural') AND p.type = 'province' AND r.type = 'region'
                  AND c.active AND p.active AND r.active
                ORDER BY c.id LIMIT 1""",
        )[0]
        theme = one(PRIMARY_PORT, "SELECT id FROM chikaya_theme WHERE active ORDER BY id LIMIT 1")
        _place.update(commune_id=row[0], province_id=row[1], region_id=row[2], theme_id=theme)
    return _place


def file_complaint(s, subject, content, extra_headers=None):
    """Open the form, then post it with one PDF, as a browser does. Returns (outcome, info):
    ('accepted', (number, access code) read on the confirmation page), ('not_received', status) when
    nginx answered its bilingual page, ('form_unavailable', status) when even the form
    could not be had, or ('unexpected', description)."""
    page = None
    for _ in range(3):  # a citizen reloads a form that did not come
        try:
            page = s.get(f"{BASE}/complaints/new", timeout=60)
        except requests.RequestException as error:
            page = error
            continue
        if page.status_code == 200:
            break
    if not isinstance(page, requests.Response) or page.status_code != 200:
        return "form_unavailable", getattr(page, "status_code", repr(page))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if not token:
        return "unexpected", "no CSRF token in the form"
    # the consent box's value, as the browser would send it when ticked
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', page.text)
    consent_value = re.search(r'value="([^"]*)"', consent[0]) if consent else None
    data = {
        "csrf_token": token[1],
        "kind": "suggestion",
        **{k: str(v) for k, v in place().items()},
        "subject": subject,
        "description": f"{subject}: filed through nginx by scripts/topology_test.py.",
        "consent": consent_value[1] if consent_value else "on",
    }
    files = {"attachments": (f"{RUN}.pdf", content, "application/pdf")}
    try:
        r = s.post(
            f"{BASE}/complaints/new",
            data=data,
            files=files,
            allow_redirects=False,
            timeout=150,
            headers=extra_headers or {},
        )
    except requests.RequestException as error:
        return "unexpected", f"no answer: {error!r}"
    if r.status_code == 303:
        location = r.headers["Location"]
        conf = s.get(BASE + location if location.startswith("/") else location, timeout=60)
        if conf.status_code != 200:
            return "unexpected", f"303 then confirmation {conf.status_code}"
        # what the citizen reads on the confirmation page: the number and the access code
        number = re.search(r'id="chikaya_tracking_number"[^>]*>\s*([^<\s]+)', conf.text)
        code = re.search(r'id="chikaya_access_code"[^>]*>\s*([^<\s]+)', conf.text)
        return "accepted", (number[1] if number else None, code[1] if code else None)
    if r.status_code in (502, 503, 504) and all(t in r.text for t in NOT_RECEIVED):
        return "not_received", r.status_code
    return "unexpected", f"HTTP {r.status_code}: {r.text[:200]!r}"


def complaints_with_subject(port, subject_like):
    return sql(
        port,
        "SELECT id, name, subject FROM chikaya_complaint WHERE subject LIKE %s ORDER BY id",
        (subject_like,),
    )


def log_offsets():
    return {p.name: p.stat().st_size for p in LOGS.glob("*.log")}


def log_since(name, offsets):
    path = LOGS / name
    if not path.exists():
        return ""
    with open(path, "rb") as f:
        f.seek(offsets.get(name, 0))
        return f.read().decode("utf-8", "replace")


def wait_for(predicate, timeout, interval=0.2):
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > end:
            return value
        time.sleep(interval)


def topology(*args):
    return subprocess.run(["bash", TOPOLOGY_SH, *args], capture_output=True, text=True)


# ---- The checks ---------------------------------------------------------------------------


def test_templates():
    step("one nginx site and one Odoo node template for the compose and this topology")
    repo = Path(ENV["TOPO_REPO"])
    compose = (repo / "docker" / "docker-compose.yml").read_text()

    def variables(path):
        return set(re.findall(r"\$\{(CHIKAYA_[A-Z0-9_]+)\}", (repo / path).read_text()))

    def block(name):
        """The text of a top-level key (x-odoo-env) or of a service, up to the next one."""
        match = re.search(
            rf"^( *){re.escape(name)}:.*?\n(.*?)(?=^\1\S|^\S|\Z)", compose, re.M | re.S
        )
        return match[2] if match else ""

    def keys(text):
        return set(re.findall(r"^\s+(CHIKAYA_[A-Z0-9_]+):", text, re.M))

    # `KEY:` with nothing after it (or `KEY: ${VAR:-}`, empty once interpolated) is YAML's
    # null: compose would pass the variable UNSET, and envsubst would leave ${KEY} in the
    # site; an empty value must be written "".
    nulls = re.findall(
        r"^\s+(CHIKAYA_[A-Z0-9_]+):[ \t]*(?:\$\{[A-Z0-9_]+:?-\})?[ \t]*(?:#.*)?$", compose, re.M
    )
    check(
        "no CHIKAYA_* variable of the compose is left null (empty values are quoted)",
        not nulls,
        repr(nulls),
    )

    site = variables("config/nginx/chikaya.conf.template")
    node = variables("config/odoo.node.conf.template")
    nginx_keys = keys(block("nginx"))
    check(
        "the compose's nginx gives the site template every variable it names",
        site and site <= nginx_keys,
        f"missing: {sorted(site - nginx_keys)}",
    )
    for service in ("web1", "web2", "cron"):
        given = keys(block("x-odoo-env")) | keys(block(service))
        check(
            f"the compose's {service} gives the node template every variable it names",
            node and node <= given,
            f"missing: {sorted(node - given)}",
        )
    rendered = (STATE / "nginx" / "chikaya.conf").read_text()
    check(
        "the local nginx site is that template, rendered (no variable left)",
        "${CHIKAYA_" not in rendered and rendered.count("server ") >= 4,
    )


def test_proxy():
    step("nginx in front")
    s = session()
    r = s.get(f"{BASE}/web/health", timeout=30)
    check(
        "HTTPS with the topology's certificate, /web/health through nginx",
        r.status_code == 200 and "pass" in r.text,
        f"HTTP {r.status_code}",
    )
    r = s.get(f"http://127.0.0.1:{HTTP_PORT}/complaints?x=1", allow_redirects=False, timeout=30)
    check(
        "plain HTTP redirects to HTTPS",
        r.status_code == 301 and r.headers.get("Location") == f"{BASE}/complaints?x=1",
        f"{r.status_code} {r.headers.get('Location')}",
    )
    r = s.get(f"{BASE}/", headers={"Host": "evil.example"}, allow_redirects=False, timeout=30)
    check(
        "an unknown host name is refused (421), never passed to Odoo",
        r.status_code == 421,
        f"HTTP {r.status_code}",
    )
    r = s.get(f"{BASE}/web/database/manager", timeout=30)
    check("the database manager is not served", r.status_code == 404, f"HTTP {r.status_code}")

    r = s.get(f"{BASE}/complaints", headers={"Accept-Encoding": "gzip"}, timeout=60)
    check(
        "pages are gzip-compressed",
        r.status_code == 200 and r.headers.get("Content-Encoding") == "gzip",
        f"HTTP {r.status_code}, Content-Encoding {r.headers.get('Content-Encoding')}",
    )
    cookie = r.headers.get("Set-Cookie", "")
    check(
        "Odoo's cookies are marked Secure",
        "session_id=" in cookie and "Secure" in cookie,
        cookie[:120],
    )
    assets = re.findall(r'(/web/assets/[^"\']+\.min\.(?:css|js))', r.text)
    if check("the page links its asset bundles", assets, f"{len(assets)} bundle(s)"):
        url = BASE + assets[0]
        first = s.get(url, timeout=120)
        second = s.get(url, timeout=60)
        cache = second.headers.get("Cache-Control", "")
        check(
            "asset bundles: one year, immutable, and served from nginx's copy the second time",
            second.status_code == 200
            and "max-age=31536000" in cache
            and "immutable" in cache
            and second.headers.get("X-Cache-Status") == "HIT",
            f"{first.headers.get('X-Cache-Status')} then "
            f"{second.headers.get('X-Cache-Status')}, {cache}",
        )

    # An announced body over client_max_body_size: nginx answers 413 before reading it.
    context = ssl.create_default_context(cafile=CA)
    with socket.create_connection(("127.0.0.1", HTTPS_PORT), timeout=30) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(
                b"POST /complaints/new HTTP/1.1\r\nHost: localhost:%d\r\n"
                b"Content-Type: multipart/form-data; boundary=x\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n" % (HTTPS_PORT, 60 * 1024 * 1024)
            )
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
    text = answer.decode("utf-8", "replace")
    check(
        "a body larger than any valid form (60 MB) gets nginx's bilingual 413 page",
        text.startswith("HTTP/1.1 413") and all(t in text for t in NOT_RECEIVED),
        text[:40],
    )

    offsets = log_offsets()
    try:
        ws = websocket.create_connection(
            f"wss://127.0.0.1:{HTTPS_PORT}/websocket?version=saas-19.1",
            sslopt={"ca_certs": CA},
            origin=BASE,
            timeout=30,
            cookie=f"session_id={s.cookies.get('session_id', '')}",
        )
        status = ws.getstatus()
        ws.close()
    except Exception as error:  # noqa: BLE001
        status = repr(error)
    time.sleep(0.5)
    access = log_since("nginx-access.log", offsets)
    upstream = re.findall(r'"GET /websocket[^"]*" (\d+) .*?upstream=(\S+)', access)
    check(
        "/websocket is upgraded (101) by a node's gevent port",
        status == 101
        and upstream
        and all(u[1].rsplit(":", 1)[-1] in ("18072", "18073") for u in upstream),
        f"status {status}, upstream {upstream}",
    )


def test_replica_and_pages():
    step("PostgreSQL primary and streaming replica")
    rows = sql(PRIMARY_PORT, "SELECT state, sync_state FROM pg_stat_replication", dbname="postgres")
    check("the primary streams to one replica", rows and rows[0][0] == "streaming", repr(rows))
    check(
        "the replica is in recovery (read-only)",
        one(REPLICA_PORT, "SELECT pg_is_in_recovery()", dbname="postgres") is True,
    )

    step("a filing through nginx lands on the primary, then on the replica")
    source = random_addresses(1)[0]
    s = session(source)
    subject = f"{MARKER} replica"
    content = pdf_bytes("replica")
    started = time.monotonic()
    # A forged X-Forwarded-For: nginx replaces it with the address it saw.
    outcome, info = file_complaint(s, subject, content, {"X-Forwarded-For": "203.0.113.7"})
    number, code = info if outcome == "accepted" else (None, None)
    answered = time.monotonic()
    figure("filing through nginx (form, POST, confirmation page)", f"{answered - started:.2f} s")
    check(
        "filed through nginx: 303 and the confirmation page with the number",
        outcome == "accepted" and number and code,
        f"{outcome} {info}",
    )
    on_primary = complaints_with_subject(PRIMARY_PORT, subject)
    check(
        "the complaint is on the primary when the filing is answered",
        len(on_primary) == 1 and (not number or on_primary[0][1] == number),
        repr(on_primary),
    )
    seen = wait_for(
        lambda: complaints_with_subject(REPLICA_PORT, subject), timeout=10, interval=0.02
    )
    lag = time.monotonic() - answered
    check(
        "... and readable on the replica within a few seconds",
        seen,
        f"{lag:.2f} s after the confirmation page",
    )
    figure(
        "filing readable on the replica", f"{lag:.2f} s after the confirmation page was received"
    )

    # The per-address limits counted the address nginx saw, not the forged one.
    column = one(
        PRIMARY_PORT,
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'chikaya_portal_attempt' AND column_name IN ('key', 'ip')""",
    )
    keys = [r[0] for r in sql(PRIMARY_PORT, f'SELECT "{column}" FROM chikaya_portal_attempt')]
    check(
        "the rate limiter counted the client's address "
        "(X-Forwarded-For from nginx, the forged one ignored)",
        any(source in k for k in keys) and not any("203.0.113.7" in k for k in keys),
        f"{source} {'found' if any(source in k for k in keys) else 'NOT found'}",
    )

    step("public pages: reads on the replica (pg_stat_statements, pg_stat_activity)")
    name = on_primary[0][1] if on_primary else ""
    pages = {
        "landing /complaints": "/complaints",
        "form GET /complaints/new": "/complaints/new",
        "FAQ": "/complaints/faq?search=d",
        "statistics": "/complaints/statistics",
        "palmarès": "/complaints/palmares",
        "tracking page GET": f"/complaints/track?number={name}&code={code}",
    }
    repeat = 10
    seen_apps = set()
    stop = threading.Event()

    def sample():
        cnx = connect(REPLICA_PORT, "postgres")
        try:
            with cnx.cursor() as cr:
                while not stop.is_set():
                    cr.execute(
                        "SELECT application_name FROM pg_stat_activity WHERE datname = %s"
                        " AND application_name LIKE 'chikaya-%%'",
                        (DB,),
                    )
                    seen_apps.update(re.sub(r"-\d+$", "", r[0]) for r in cr.fetchall())
                    time.sleep(0.02)
        finally:
            cnx.close()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    visitor = session()
    # The filing above set the cron node to work (mail queue): let the primary fall quiet first.
    last = statements(PRIMARY_PORT, False)

    def quiet():
        nonlocal last
        now = statements(PRIMARY_PORT, False)
        calm, last = now == last, now
        return calm

    wait_for(quiet, timeout=30, interval=1.5)
    section_before = {port: db_stats(port) for port in (PRIMARY_PORT, REPLICA_PORT)}
    offsets = log_offsets()
    for label, path in pages.items():
        # One visit first, not measured: the first view of a complaint with new attachments
        # writes their download tokens (ir.attachment.generate_access_token), which Odoo
        # retries on the primary (counted below); the pages' steady state is what is measured.
        visitor.get(BASE + path, timeout=120)
        before = {port: statement_calls(port) for port in (PRIMARY_PORT, REPLICA_PORT)}
        statuses = [visitor.get(BASE + path, timeout=120).status_code for _ in range(repeat)]
        after = {port: statement_calls(port) for port in (PRIMARY_PORT, REPLICA_PORT)}
        delta = {
            port: {q: n - before[port].get(q, 0) for q, n in after[port].items()} for port in after
        }
        total = {port: sum(d.values()) for port, d in delta.items()}
        app = {port: sum(n for q, n in d.items() if is_app_read(q)) for port, d in delta.items()}
        others = sorted(((n, q) for q, n in delta[PRIMARY_PORT].items() if n), reverse=True)
        # Served by the replica: its statements there; on the primary none of the
        # application's reads, and, for a page that reads no chikaya_* table, no more than
        # background work (the cron node polling its jobs). The primary may see the rate
        # limiter's own cursors (chikaya_portal_attempt, advisory locks): writes, on purpose.
        check(
            f"{label}: {repeat}×200, served by the replica, nothing of it on the primary",
            statuses == [200] * repeat
            and total[REPLICA_PORT] >= repeat
            and app[PRIMARY_PORT] == 0
            and (app[REPLICA_PORT] > 0 or total[PRIMARY_PORT] < total[REPLICA_PORT] / 4),
            f"statuses {sorted(set(statuses))}; replica {total[REPLICA_PORT]} statements "
            f"({app[REPLICA_PORT]} on chikaya_* tables); primary {total[PRIMARY_PORT]} "
            f"({app[PRIMARY_PORT]} on chikaya_* tables)",
        )
        figure(
            f"{label} ×{repeat}",
            f"replica {total[REPLICA_PORT]} statements ({app[REPLICA_PORT]} on chikaya_* "
            f"tables); primary {total[PRIMARY_PORT]} ({app[PRIMARY_PORT]})"
            + (
                "; on the primary most often: "
                + "; ".join(f"{n}× {' '.join(q.split())[:60]}" for n, q in others[:2])
                if others
                else ""
            ),
        )
    access = log_since("nginx-access.log", offsets)
    check(
        "nginx's access log has the tracking page's path, never its access code",
        "GET /complaints/track " in access and bool(code) and code not in access,
        f"{access.count('/complaints/track')} tracking lines; code "
        f"{'FOUND' if code and code in access else 'absent'}",
    )
    retried = [
        re.sub(r"(\\n|\s)+", " ", m).strip()[:70]
        for node in ("web1", "web2")
        for m in re.findall(
            r"bad query: b?'?(.*?)\n.*?retrying with a read/write cursor",
            log_since(f"{node}.log", offsets),
            re.S,
        )
    ]
    figure(
        "read-only requests that wrote, retried on the primary (web logs)",
        f"{len(retried)}" + (f": {retried[:3]}" if retried else ""),
    )
    time.sleep(11)  # pg_stat_database: each backend flushes its counters within 10 s of going idle
    section = {
        port: [a - b for a, b in zip(db_stats(port), section_before[port], strict=True)]
        for port in section_before
    }
    figure(
        f"the six pages ×{repeat}, pg_stat_database",
        f"replica {section[REPLICA_PORT][0]} transactions, {section[REPLICA_PORT][1]} tuples read; "
        f"primary {section[PRIMARY_PORT][0]} transactions, {section[PRIMARY_PORT][1]} tuples read "
        "(the cron node's polling included)",
    )
    stop.set()
    sampler.join()
    check(
        "both web nodes seen connected to the replica (pg_stat_activity)",
        {"chikaya-web1", "chikaya-web2"} <= seen_apps,
        repr(sorted(seen_apps)),
    )
    return name


def measure(port_calls_before):
    """Statement counts since `port_calls_before` ({port: statement_calls}): (total, app)."""
    after = {port: statement_calls(port) for port in port_calls_before}
    delta = {
        port: {q: n - port_calls_before[port].get(q, 0) for q, n in after[port].items()}
        for port in after
    }
    total = {port: sum(d.values()) for port, d in delta.items()}
    app = {port: sum(n for q, n in d.items() if is_app_read(q)) for port, d in delta.items()}
    return total, app


def test_board():
    step("the Tableau de Bord's reads (RPC @api.readonly, XLSX route) on the replica")
    s = session()
    page = s.get(f"{BASE}/web/login", timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    r = s.post(
        f"{BASE}/web/login",
        data={"login": "admin", "password": "admin", "csrf_token": token[1] if token else ""},
        allow_redirects=False,
        timeout=60,
    )
    if not check(
        "admin signs in through nginx", r.status_code in (302, 303), f"HTTP {r.status_code}"
    ):
        return
    year = time.strftime("%Y")
    calls = [
        ("get_board", [{"year": year}]),
        ("get_province_boards", [{"year": year}]),
    ]
    before = {port: statement_calls(port) for port in (PRIMARY_PORT, REPLICA_PORT)}
    answers = []
    for method, args in calls * 5:
        r = s.post(
            f"{BASE}/web/dataset/call_kw/chikaya.dashboard/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": "chikaya.dashboard",
                    "method": method,
                    "args": args,
                    "kwargs": {},
                },
            },
            timeout=120,
        )
        answers.append(r.status_code == 200 and "result" in r.json())
    total, app = measure(before)
    check(
        "get_board and get_province_boards ×5: answered, their chikaya_* reads on the replica only",
        all(answers) and app[REPLICA_PORT] > 0 and app[PRIMARY_PORT] == 0,
        f"{sum(answers)}/{len(answers)} answered; chikaya_* statements: "
        f"replica {app[REPLICA_PORT]}, primary {app[PRIMARY_PORT]}",
    )
    figure(
        "board RPCs ×10",
        f"replica {total[REPLICA_PORT]} statements ({app[REPLICA_PORT]} on chikaya_* tables); "
        f"primary {total[PRIMARY_PORT]} ({app[PRIMARY_PORT]})",
    )
    before = {port: statement_calls(port) for port in (PRIMARY_PORT, REPLICA_PORT)}
    r = s.get(f"{BASE}/chikaya_dashboard/board.xlsx?year={year}", timeout=120)
    total, app = measure(before)
    check(
        "board.xlsx: an XLSX file, its chikaya_* reads on the replica only",
        r.status_code == 200
        and r.content[:2] == b"PK"
        and app[REPLICA_PORT] > 0
        and app[PRIMARY_PORT] == 0,
        f"HTTP {r.status_code}; chikaya_* statements: replica {app[REPLICA_PORT]}, "
        f"primary {app[PRIMARY_PORT]}",
    )


def test_failover():
    step("one web node killed in the middle of concurrent filings")
    total, threads = 24, 2
    addresses = random_addresses(100)[20:]
    outcomes = [None] * total
    contents = {}
    lock = threading.Lock()
    done = [0]
    killed_at = [None]

    def worker(t):
        for i in range(t, total, threads):
            s = session(addresses[i // 3])  # 3 filings per simulated visitor address
            content = pdf_bytes(f"failover {i}")
            subject = f"{MARKER} failover #{i:02d}"
            contents[subject] = hashlib.sha1(content).hexdigest()
            outcomes[i] = (subject, *file_complaint(s, subject, content))
            with lock:
                done[0] += 1

    web1_pid = int((STATE / "pids" / "web1.pid").read_text())
    page_statuses = []
    workers = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    offsets = log_offsets()
    started = time.monotonic()
    for w in workers:
        w.start()
    wait_for(lambda: done[0] >= total // 3, timeout=300)
    os.kill(web1_pid, signal.SIGKILL)  # the master only, as a crash would
    killed_at[0] = time.monotonic()
    print(f"      killed web1's master (pid {web1_pid}) after {done[0]} filings", flush=True)
    reader = session()
    while any(w.is_alive() for w in workers):
        page_statuses.append(reader.get(f"{BASE}/complaints/faq", timeout=120).status_code)
        time.sleep(0.2)
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started

    accepted = [o for o in outcomes if o[1] == "accepted"]
    refused = [o for o in outcomes if o[1] == "not_received"]
    other = [o for o in outcomes if o[1] not in ("accepted", "not_received")]
    figure(
        "filings during the kill",
        f"{len(accepted)} accepted (303), {len(refused)} 'not received' "
        f"page, {len(other)} other, in {elapsed:.1f} s",
    )
    check(
        "every filing got either 303 or the bilingual 'not received' page",
        not other,
        repr(other[:3]),
    )
    in_db = {r[2]: r[1] for r in complaints_with_subject(PRIMARY_PORT, f"{MARKER} failover #%")}
    lost = [o for o in accepted if o[0] not in in_db]
    phantom = [o for o in refused if o[0] in in_db]
    check(
        "no filing lost: every accepted filing is in the database",
        not lost and accepted,
        f"{len(accepted)} accepted, {len(lost)} missing",
    )
    check("no filing told 'not received' was recorded", not phantom, repr(phantom[:3]))
    check(
        "the confirmation page showed each accepted filing's number",
        all(o[2][0] == in_db.get(o[0]) for o in accepted),
        repr([(o[2][0], in_db.get(o[0])) for o in accepted if o[2][0] != in_db.get(o[0])][:3]),
    )
    attachments = dict(
        sql(
            PRIMARY_PORT,
            """SELECT c.subject, a.checksum FROM ir_attachment a
             JOIN chikaya_complaint c ON c.id = a.res_id AND a.res_model = 'chikaya.complaint'
            WHERE c.subject LIKE %s""",
            (f"{MARKER} failover #%",),
        )
    )
    check(
        "each accepted filing has its attachment, byte for byte (sha1)",
        all(attachments.get(o[0]) == contents[o[0]] for o in accepted),
        f"{sum(attachments.get(o[0]) == contents[o[0]] for o in accepted)}/{len(accepted)}",
    )
    check(
        "pages kept being served while web1 was down",
        page_statuses and all(st == 200 for st in page_statuses),
        f"{len(page_statuses)} page loads: {sorted(set(page_statuses))}",
    )
    access = log_since("nginx-access.log", offsets)
    posts = re.findall(
        r'"POST /complaints/new[^"]*" (\d+) .*?'
        r"upstream=(\S+(?:, \S+)*) upstream_status=(\S+(?:, \S+)*)",
        access,
    )
    retried = [p for p in posts if "," in p[1]]
    figure("POSTs nginx passed on to web2 after web1 refused the connection", len(retried))
    gone = wait_for(
        lambda: subprocess.run(["pgrep", "-g", str(web1_pid)], capture_output=True).returncode != 0,
        timeout=30,
        interval=0.5,
    )
    figure(
        "web1's orphaned workers gone after",
        f"{time.monotonic() - killed_at[0]:.1f} s" if gone else "still running",
    )

    step("web1 restarted")
    started = time.monotonic()
    result = topology("start-node", "web1")
    check(
        "web1 restarts (topology.sh start-node web1) and answers /web/health",
        result.returncode == 0,
        (result.stderr or "")[-300:],
    )
    figure("web1 restart until healthy", f"{time.monotonic() - started:.1f} s")
    offsets = log_offsets()

    def web1_serves():
        session().get(f"{BASE}/complaints/faq", timeout=60)
        return f"upstream=127.0.0.1:{WEB_PORTS['web1']}" in log_since("nginx-access.log", offsets)

    served = wait_for(web1_serves, timeout=30, interval=0.5)
    check("nginx sends requests to web1 again", served)
    return accepted


def test_cron():
    step("the SLA job runs once per run, on the cron node only")
    cron_id = one(
        PRIMARY_PORT,
        "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s",
        SLA_CRON_XMLID,
    )
    # only the test's triggers run it meanwhile
    sql(
        PRIMARY_PORT,
        "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') + interval '1 day' WHERE id = %s",
        (cron_id,),
    )
    target = one(
        PRIMARY_PORT, "SELECT id FROM chikaya_complaint WHERE subject = %s", (f"{MARKER} replica",)
    )
    sql(
        PRIMARY_PORT,
        "UPDATE chikaya_complaint SET received_date = current_date - 45,"
        " sla_warning_level = NULL WHERE id = %s",
        (target,),
    )

    def progress():
        return one(
            PRIMARY_PORT, "SELECT count(*) FROM ir_cron_progress WHERE cron_id = %s", (cron_id,)
        )

    offsets = log_offsets()
    before = progress()
    lastcall_before = one(PRIMARY_PORT, "SELECT lastcall FROM ir_cron WHERE id = %s", (cron_id,))
    durations = []
    for run in (1, 2):
        started = time.monotonic()
        sql(
            PRIMARY_PORT,
            "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() AT TIME ZONE 'UTC')",
            (cron_id,),
        )
        # what ir.cron._notifydb does: wake the cron workers, which LISTEN in 'postgres'
        sql(PRIMARY_PORT, "SELECT pg_notify('cron_trigger', %s)", (DB,), dbname="postgres")
        ran = wait_for(lambda r=run: progress() >= before + r, timeout=90, interval=0.25)
        durations.append(time.monotonic() - started)
        check(f"trigger {run}: the job ran", ran, f"after {durations[-1]:.1f} s")
    time.sleep(5)  # room for a second, unwanted, run
    runs = progress() - before
    pattern = re.compile(rf"Job .* \({cron_id}\) starting")
    per_node = {
        node: len(pattern.findall(log_since(f"{node}.log", offsets)))
        for node in ("web1", "web2", "cron")
    }
    check("two triggers, two runs (ir_cron_progress)", runs == 2, f"{runs} runs")
    check(
        "the job started on the cron node only, once per trigger",
        per_node == {"web1": 0, "web2": 0, "cron": 2},
        repr(per_node),
    )
    level = one(
        PRIMARY_PORT, "SELECT sla_warning_level FROM chikaya_complaint WHERE id = %s", (target,)
    )
    check(
        "the job did its work (the 45-day-old complaint is marked past 30 days)",
        level == "past_30",
        repr(level),
    )
    lastcall = one(PRIMARY_PORT, "SELECT lastcall FROM ir_cron WHERE id = %s", (cron_id,))
    check(
        "ir_cron.lastcall moved",
        lastcall and lastcall != lastcall_before,
        f"{lastcall_before} -> {lastcall}",
    )
    figure("trigger to finished run", ", ".join(f"{d:.1f} s" for d in durations))
    sql(
        PRIMARY_PORT,
        "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') + interval '1 hour'"
        " WHERE id = %s",
        (cron_id,),
    )


def test_backup(accepted):
    step("backup (pg_dump + filestore archive) restored into a new database")

    def snapshot(dbname):
        complaints = sql(
            PRIMARY_PORT, "SELECT id, name FROM chikaya_complaint ORDER BY id", dbname=dbname
        )
        attachments = sql(
            PRIMARY_PORT,
            """SELECT id, res_id, name, checksum, store_fname FROM ir_attachment
                                            WHERE res_model = 'chikaya.complaint' ORDER BY id""",
            dbname=dbname,
        )
        return complaints, attachments

    original = snapshot(DB)
    started = time.monotonic()
    result = topology("backup")
    folder = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    if not check(
        "scripts/backup.sh backup",
        result.returncode == 0 and os.path.isdir(folder),
        (result.stderr or "")[-300:],
    ):
        return
    figure(
        "backup",
        f"{time.monotonic() - started:.1f} s, "
        + ", ".join(
            f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(Path(folder).glob("*.*"))
        ),
    )
    restored_db = f"{DB}_restored_{RUN}"
    started = time.monotonic()
    result = topology("restore", restored_db, folder)
    try:
        if not check(
            "scripts/backup.sh restore into a new database",
            result.returncode == 0,
            (result.stderr or "")[-300:],
        ):
            return
        figure("restore", f"{time.monotonic() - started:.1f} s")
        restored = snapshot(restored_db)
        check(
            "every complaint is in the restored database",
            original[0] and restored[0] == original[0],
            f"{len(restored[0])} of {len(original[0])}",
        )
        names = {n for _, n in restored[0]}
        check(
            "... including every filing accepted during the failover",
            all(o[2][0] in names for o in accepted),
        )
        check(
            "every attachment row is in the restored database",
            original[1] and restored[1] == original[1],
            f"{len(restored[1])} of {len(original[1])}",
        )
        filestore = STATE / "data" / "filestore" / restored_db
        bad = []
        for _id, _res, name, checksum, store_fname in restored[1]:
            path = filestore / (store_fname or "")
            if (
                not store_fname
                or not path.is_file()
                or hashlib.sha1(path.read_bytes()).hexdigest() != checksum
            ):
                bad.append(name)
        check(
            "every attachment's file is in the restored filestore, checksum intact",
            not bad and restored[1],
            f"{len(restored[1]) - len(bad)}/{len(restored[1])} files",
        )
    finally:
        sql(
            PRIMARY_PORT, f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)', dbname="postgres"
        )
        subprocess.run(
            ["rm", "-rf", str(STATE / "data" / "filestore" / restored_db), folder], check=False
        )


def main():
    started = time.monotonic()
    print(f"Topology test {RUN}: {BASE}, database {DB}", flush=True)
    timings = {}
    for name, func in (
        ("templates", test_templates),
        ("proxy", test_proxy),
        ("replica", test_replica_and_pages),
        ("board", test_board),
    ):
        t = time.monotonic()
        try:
            func()
        except Exception as error:  # noqa: BLE001
            check(f"{name}: ran to the end", False, repr(error))
        timings[name] = time.monotonic() - t
    accepted = []
    t = time.monotonic()
    try:
        accepted = test_failover()
    except Exception as error:  # noqa: BLE001
        check("failover: ran to the end", False, repr(error))
        topology("start-node", "web1")
    timings["failover"] = time.monotonic() - t
    for name, func in (("cron", test_cron), ("backup", lambda: test_backup(accepted))):
        t = time.monotonic()
        try:
            func()
        except Exception as error:  # noqa: BLE001
            check(f"{name}: ran to the end", False, repr(error))
        timings[name] = time.monotonic() - t

    passed = sum(ok for _, ok, _ in results)
    failed = len(results) - passed
    print("\n==================== Chikaya topology test summary ====================")
    for label, value in figures:
        print(f"  {label}: {value}")
    print(
        "  time per part: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
        + f"; tests {time.monotonic() - started:.0f} s"
    )
    for name, ok, detail in results:
        if not ok:
            print(f"FAILED: {name}  -- {detail}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
