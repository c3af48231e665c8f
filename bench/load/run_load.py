"""`make load`: Chikaya under a realistic load, behind nginx, with faults on demand.

    source scripts/env.sh
    $CHIKAYA_VENV/bin/python bench/load/run_load.py [--seconds 120] [--users 20] [--faults]

What it does (bench/load/README.md tells more):

1. Locust in a virtual environment of its own (~/.cache/chikaya/load-venv, from
   bench/load/requirements.txt), never in the project's venv.
2. A PRIVATE PostgreSQL cluster (scripts/load.sh: <ver>/chikaya_load on port 18150): the
   fault run restarts it, which must not touch the development cluster and the other
   people's test databases on it.
3. The database `chikaya_load` on it, built and filled by the bench's own code
   (bench/dashboard_bench.py: the three modules, the synthetic complaints, 200,000 by default),
   then handlers, a manager and supervisors, the portal's per-address limits off (every
   virtual citizen comes from 127.0.0.1) and the public figures computed.
4. Odoo in multi-process mode (2 workers, no cron thread, no database list, proxy_mode) from
   config/odoo.node.conf.template, as a production web node; nginx in front of it with the
   production site (config/nginx/chikaya.conf.template, through scripts/load.sh and
   scripts/topology.sh) on https://127.0.0.1:18143.
5. Locust for a fixed time (bench/load/locustfile.py: citizens filing, a third with a file;
   tracking lookups; public pages; handlers moving complaints through the workflow over
   JSON-RPC; a manager opening the Tableau de Bord). With --faults, during the run:
   PostgreSQL restarted, one Odoo worker killed (SIGKILL), the deadline job killed after its
   first batch and run again (twice).
6. Prints per route requests/s, p50/p95/p99 and errors, the status codes per route during
   each fault, and checks from the database: every filing answered 303 is stored once with
   its file and its acknowledgement queued (0 lost, 0 duplicated), no refused filing is
   stored, tracking numbers are unique, and no warning of the deadline job was given or
   emailed twice. Exits non-zero if a check fails.
"""

import argparse
import collections
import csv
import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)

import dashboard_bench  # noqa: E402
import http_bench  # noqa: E402
import sla_bench  # noqa: E402

CACHE = os.environ.get("CHIKAYA_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "chikaya"
)
LOAD_DIR = os.environ.get("CHIKAYA_LOAD_DIR") or os.path.join(CACHE, "load")
LOAD_VENV = os.environ.get("CHIKAYA_LOAD_VENV") or os.path.join(CACHE, "load-venv")
PG_PORT = 18150
ODOO_PORT = 18110
GEVENT_PORT = 18111
HTTPS_PORT = 18143
HTTP_PORT = 18180
BASE_URL = f"https://127.0.0.1:{HTTPS_PORT}"
PASSWORD = "load-password"
MANAGER = "load_manager"
HANDLER = "load_handler_{n}"
SUBJECT = "Load filing"
# What both "unavailable" pages say (Odoo's, chikaya_portal/models/ir_http.py, and nginx's,
# addons/chikaya_portal/static/errors/unavailable.html), in Arabic: "your request was not received".
NOT_RECEIVED = "لم يتم استلام طلبكم."
PORTAL_LIMITS_OFF = (
    *dashboard_bench.PORTAL_LIMITS_OFF,
    "chikaya_portal.track_pair_limit",
    "chikaya_portal.track_address_limit",
)
# complaints made to cross the 30/60-day thresholds again for the deadline job's fault
SLA_FAULT_COMPLAINTS = 2000
CITIZEN_ROUTES = ("/complaints",)  # every route starting so is a citizen's


def log(message):
    print(f"[load] {message}", flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--complaints", type=int, default=200_000)
    parser.add_argument(
        "--seconds", type=int, help="length of the run (default 120, 180 with --faults)"
    )
    parser.add_argument("--users", type=int, default=20, help="Locust users (default 20)")
    parser.add_argument("--spawn-rate", type=float, default=5.0)
    parser.add_argument("--handlers", type=int, default=3)
    parser.add_argument(
        "--faults",
        action="store_true",
        help="restart PostgreSQL, kill a worker and the deadline job during the run",
    )
    parser.add_argument("--db", default="chikaya_load")
    parser.add_argument("--no-fill", action="store_true", help="keep the complaints already there")
    parser.add_argument("--keep", action="store_true", help="leave Odoo, nginx, PostgreSQL running")
    args = parser.parse_args()
    if not args.db.startswith("chikaya_load"):
        sys.exit(
            f"refusing to work on {args.db!r}: the load database name starts with chikaya_load"
        )
    args.seconds = args.seconds or (180 if args.faults else 120)
    return args


# --- Set-up -----------------------------------------------------------------------------------


def load_sh(*command, env=None):
    subprocess.run(
        ["bash", os.path.join(ROOT, "scripts", "load.sh"), *command], check=True, env=env
    )


def ensure_load_venv():
    """Locust's own virtual environment, rebuilt when bench/load/requirements.txt changes."""
    requirements = os.path.join(HERE, "requirements.txt")
    with open(requirements, "rb") as file:
        want = hashlib.sha256(file.read()).hexdigest()
    stamp = os.path.join(LOAD_VENV, ".chikaya-requirements.sha256")
    if os.path.exists(stamp) and open(stamp, encoding="utf-8").read().strip() == want:
        return
    log(f"installing Locust into {LOAD_VENV} (bench/load/requirements.txt)")
    python = os.environ.get("CHIKAYA_PYTHON", "python3.11")
    if not os.path.exists(os.path.join(LOAD_VENV, "bin", "python")):
        subprocess.run([python, "-m", "venv", LOAD_VENV], check=True)
    pip = os.path.join(LOAD_VENV, "bin", "pip")
    subprocess.run([pip, "install", "-q", "-r", requirements], check=True)
    with open(stamp, "w", encoding="utf-8") as file:
        file.write(want)


def render(template, out, values):
    """envsubst of the CHIKAYA_* variables the template names, each required (as
    scripts/topology.sh's render)."""
    with open(template, encoding="utf-8") as file:
        text = file.read()

    def value(match):
        return str(values[match.group(1)])

    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as file:
        file.write(re.sub(r"\$\{(CHIKAYA_[A-Z0-9_]+)\}", value, text))
    os.chmod(out, 0o600)


def write_node_conf(db):
    """A production web node's configuration (config/odoo.node.conf.template) on the private
    cluster; no replica here, so the read-only routes use the primary, as the template says."""
    conf = os.path.join(LOAD_DIR, "conf", "odoo.conf")
    render(
        os.path.join(ROOT, "config", "odoo.node.conf.template"),
        conf,
        {
            "CHIKAYA_NODE": "load",
            "CHIKAYA_ADMIN_PASSWD": secrets.token_hex(16),
            "CHIKAYA_DB_NAME": db,
            "CHIKAYA_DB_HOST": "127.0.0.1",
            "CHIKAYA_DB_PORT": PG_PORT,
            "CHIKAYA_DB_USER": "chikaya",
            "CHIKAYA_DB_PASSWORD": "chikaya",
            "CHIKAYA_DB_REPLICA_HOST": "127.0.0.1",
            "CHIKAYA_DB_REPLICA_PORT": PG_PORT,
            "CHIKAYA_HTTP_ENABLE": "True",
            "CHIKAYA_HTTP_INTERFACE": "127.0.0.1",
            "CHIKAYA_HTTP_PORT": ODOO_PORT,
            "CHIKAYA_GEVENT_PORT": GEVENT_PORT,
            "CHIKAYA_WORKERS": 2,
            "CHIKAYA_MAX_CRON_THREADS": 0,
            "CHIKAYA_DATA_DIR": os.path.join(LOAD_DIR, "data"),
            "CHIKAYA_ADDONS_PATH": f"{os.environ['ODOO_SRC']}/addons,{ROOT}/addons",
            "CHIKAYA_LOGFILE": "",
        },
    )
    return conf


def odoo_env(conf, db):
    sys.path.insert(0, os.environ["ODOO_SRC"])
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = Registry(db)
    cr = registry.cursor()
    return api.Environment(cr, SUPERUSER_ID, {})


def set_up_users(env, handlers):
    """A manager, `handlers` handlers (each on one of the communes with most complaints, so
    that no two move the same complaint), and the bench's supervisors (one per region, the
    deadline job's recipients)."""
    Users = env["res.users"].with_context(no_reset_password=True)
    manager_group = env.ref("chikaya_complaints.chikaya_complaints_group_manager")
    manager = Users.search([("login", "=", MANAGER)])
    if not manager:
        manager = Users.create(
            {"name": "Load manager", "login": MANAGER, "group_ids": [(6, 0, manager_group.ids)]}
        )
    manager.password = PASSWORD
    env.cr.execute(
        """SELECT collectivity_id FROM chikaya_complaint
            WHERE state IN ('new', 'in_progress') GROUP BY collectivity_id
            ORDER BY COUNT(*) DESC LIMIT %s""",
        [handlers],
    )
    communes = [row[0] for row in env.cr.fetchall()]
    logins = []
    for n, commune in enumerate(communes, 1):
        login = HANDLER.format(n=n)
        user = Users.search([("login", "=", login)])
        if not user:
            user = Users.create(
                {"name": f"Load handler {n}", "login": login, "email": f"{login}@example.ma"}
            )
            env["chikaya.handler"].create(
                {"user_id": user.id, "role": "handler", "collectivity_ids": [(6, 0, [commune])]}
            )
        user.password = PASSWORD
        logins.append(login)
    sla_bench.ensure_supervisors(env)
    env.cr.commit()
    return logins


def prepare(args):
    """The database on the private cluster, filled and set up; the node's configuration."""
    conf = write_node_conf(args.db)
    os.environ["CHIKAYA_CONF"] = conf
    bench_args = argparse.Namespace(db=args.db, recreate=False)
    dashboard_bench.prepare_database(bench_args)
    env = odoo_env(conf, args.db)
    try:
        if not args.no_fill:
            dashboard_bench.fill(env, args.complaints, date.today())
            env.cr.execute("DELETE FROM chikaya_complaint WHERE subject LIKE %s", [f"{SUBJECT} %"])
            env.cr.commit()
            dashboard_bench.vacuum(args.db)
        params = env["ir.config_parameter"]
        # what the database was built from (the next run upgrades it only if addons/ changed)
        params.set_param(dashboard_bench.HASH_PARAM, dashboard_bench.addons_hash())
        for key in PORTAL_LIMITS_OFF:
            params.set_param(key, "0")
        params.set_param("web.base.url", BASE_URL)
        params.set_param("web.base.url.freeze", "True")
        env.cr.commit()
        handlers = set_up_users(env, args.handlers)
        start = time.perf_counter()
        env["chikaya.public.figures"]._refresh()
        env.cr.commit()
        log(f"public figures computed in {time.perf_counter() - start:.1f} s")
        form = dashboard_bench.filing_form(env)
        env.cr.execute("SELECT COUNT(*) FROM chikaya_complaint")
        total = env.cr.fetchone()[0]
    finally:
        env.cr.close()
    log(f"database {args.db}: {total:,} complaints")
    return conf, handlers, form


def seed_pairs(form, count=5):
    """A few filings before the run (they also warm the server up): the tracking pairs the
    trackers start with."""
    import requests  # noqa: PLC0415 (the project's venv has it: an Odoo requirement)

    pairs = []
    for n in range(count):
        session = requests.Session()
        page = session.get(f"{BASE_URL}/complaints/new", timeout=120)
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text)
        post = session.post(
            f"{BASE_URL}/complaints/new",
            data={
                **form,
                "subject": f"{SUBJECT} seed-{n}-{secrets.token_hex(4)}",
                "citizen_email": f"load.seed{n}@example.ma",
                "csrf_token": token.group(1),
            },
            allow_redirects=False,
            timeout=120,
        )
        if post.status_code != 303:
            raise RuntimeError(f"seed filing answered {post.status_code}")
        confirmation = session.get(f"{BASE_URL}/complaints/confirmation", timeout=120)
        match = re.search(r"number=([^&]+)&amp;code=([^&\"]+)", confirmation.text)
        pairs.append([match.group(1), match.group(2)])
    return pairs


# --- Faults -------------------------------------------------------------------------------------


class Faults(threading.Thread):
    """Runs the faults at fixed moments of the run and records what happened."""

    def __init__(self, server, args, conf, started_at):
        super().__init__(daemon=True)
        self.server, self.args, self.conf = server, args, conf
        self.started_at = started_at
        self.events = []  # (name, start, end, details)
        self.sla = {}
        self.error = None

    def at(self, fraction):
        delay = self.started_at + fraction * self.args.seconds - time.time()
        if delay > 0:
            time.sleep(delay)

    def run(self):
        for fraction, fault in (
            (0.25, self.restart_postgres),
            (0.5, self.kill_worker),
            (0.65, self.kill_sla_job),
        ):
            self.at(fraction)
            try:
                fault()
            except Exception as error:  # noqa: BLE001 (reported by the driver)
                log(f"fault {fault.__name__} failed: {error!r}")
                self.error = f"{self.error or ''} {fault.__name__}: {error!r}".strip()

    def restart_postgres(self):
        start = time.time()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        load_sh("pg-restart", env=env)
        end = time.time()
        log(f"fault: PostgreSQL restarted in {end - start:.1f} s")
        self.events.append(("postgres_restart", start, end, {}))

    def workers(self):
        """The HTTP workers of the server: the master's children, but its gevent process
        (`odoo-bin gevent ...`, spawned for /websocket)."""
        out = subprocess.run(
            ["ps", "-o", "pid=,args=", "--ppid", str(self.server.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return {
            int(fields[0])
            for fields in (line.split() for line in out.splitlines())
            if len(fields) > 3 and fields[3] != "gevent"
        }

    def busy_worker(self, workers, seconds=10):
        """(a worker, True) caught serving a request (its connection, named after its pid by
        db_app_name, is not idle in pg_stat_activity), or (one of them, False) after
        `seconds`: the kill should cut a request in the middle."""
        import psycopg2  # noqa: PLC0415

        names = {f"chikaya-load-{pid}": pid for pid in workers}
        conn = psycopg2.connect(dbname="postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                deadline = time.time() + seconds
                while time.time() < deadline:
                    cr.execute(
                        "SELECT application_name FROM pg_stat_activity "
                        "WHERE application_name = ANY(%s) AND state <> 'idle'",
                        [list(names)],
                    )
                    busy = [names[name] for (name,) in cr.fetchall()]
                    if busy:
                        return busy[0], True
                    time.sleep(0.01)
        finally:
            conn.close()
        return min(workers), False

    def kill_worker(self):
        before = self.workers()
        if not before:
            raise RuntimeError("no Odoo worker found")
        victim, busy = self.busy_worker(before)
        start = time.time()
        os.kill(victim, signal.SIGKILL)
        respawned = None
        for _i in range(60):
            time.sleep(0.5)
            now = self.workers()
            new = now - before
            if new and len(now) >= len(before):
                respawned = sorted(new)
                break
        end = time.time()
        state = "while serving a request" if busy else "idle"
        log(
            f"fault: Odoo worker {victim} killed (SIGKILL) {state}; "
            f"respawned as {respawned} after {end - start:.1f} s"
        )
        self.events.append(
            ("worker_kill", start, end, {"victim": victim, "busy": busy, "respawned": respawned})
        )

    def sla_command(self):
        return [
            sys.executable,
            os.path.join(HERE, "sla_job.py"),
            "--conf",
            self.conf,
            "--db",
            self.args.db,
        ]

    def kill_sla_job(self):
        import psycopg2  # noqa: PLC0415

        with psycopg2.connect(dbname=self.args.db) as conn, conn.cursor() as cr:
            # The job has work: open complaints made to cross 30 or 60 days again (as on the
            # first run after go-live), several batches of 500.
            cr.execute(
                """UPDATE chikaya_complaint SET sla_warning_level = NULL
                    WHERE id IN (SELECT id FROM chikaya_complaint
                                  WHERE name LIKE 'BENCH-%%' AND active
                                    AND state IN ('new', 'in_progress', 'info_requested')
                                    AND received_date < current_date - 31
                                    AND sla_warning_level IS NOT NULL
                                  ORDER BY id LIMIT %s)
                RETURNING id""",
                [SLA_FAULT_COMPLAINTS],
            )
            ids = [row[0] for row in cr.fetchall()]
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_mail")
            last_mail = cr.fetchone()[0]
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_activity")
            last_activity = cr.fetchone()[0]
        self.sla = {"ids": ids, "last_mail": last_mail, "last_activity": last_activity}
        start = time.time()
        job = subprocess.Popen(self.sla_command(), start_new_session=True)
        warned_at_kill = 0
        conn = psycopg2.connect(dbname=self.args.db)
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                while job.poll() is None and time.time() - start < 300:
                    cr.execute(
                        "SELECT COUNT(*) FROM chikaya_complaint WHERE id = ANY(%s) "
                        "AND sla_warning_level IS NOT NULL",
                        [ids],
                    )
                    warned_at_kill = cr.fetchone()[0]
                    if warned_at_kill:
                        break  # its first batch is committed: kill it in the middle of the next
                    time.sleep(0.05)
        finally:
            conn.close()
        killed = job.poll() is None
        if killed:
            os.killpg(job.pid, signal.SIGKILL)
        job.wait()
        log(
            f"fault: deadline job killed after its first batch ({warned_at_kill} of {len(ids)} "
            f"complaints warned)"
            if killed
            else "fault: the deadline job ended before the kill"
        )
        reruns = []
        for _i in range(2):
            t0 = time.time()
            subprocess.run(self.sla_command(), check=True)
            reruns.append(time.time() - t0)
        self.sla.update(killed=killed, warned_at_kill=warned_at_kill, reruns=reruns)
        end = time.time()
        log(f"fault: deadline job run again twice ({', '.join(f'{s:.1f} s' for s in reruns)})")
        self.events.append(("sla_kill", start, end, {"killed": killed}))


# --- The run -------------------------------------------------------------------------------------


def run_locust(args, out, setup_path):
    env = dict(
        os.environ, LOAD_SETUP=setup_path, LOAD_OUT=out, LOAD_CA=os.environ["REQUESTS_CA_BUNDLE"]
    )
    command = [
        os.path.join(LOAD_VENV, "bin", "locust"),
        "-f",
        os.path.join(HERE, "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.seconds}s",
        "--host",
        BASE_URL,
        "--csv",
        os.path.join(out, "locust"),
        "--only-summary",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with open(os.path.join(out, "locust.log"), "w", encoding="utf-8") as logfile:
        return subprocess.Popen(
            command, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
        )


def print_routes(out, seconds):
    rows = list(csv.DictReader(open(os.path.join(out, "locust_stats.csv"), encoding="utf-8")))
    log(
        f"{'route':<48} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'requests':>8} {'errors':>6}"
    )
    for row in rows:
        name = row["Name"] if row["Type"] != "" else "Aggregated"
        if row["Name"] == "Aggregated":
            name = "all routes"
        log(
            f"{name:<48} {float(row['Requests/s']):6.1f} {row['50%']:>6} {row['95%']:>6} "
            f"{row['99%']:>6} {row['Request Count']:>8} {row['Failure Count']:>6}"
        )
    log(
        "(times in ms; an error is any answer other than the expected one, a 503 refusal "
        "of a filing excepted)"
    )
    return rows


def read_requests(out):
    requests = []
    for path in glob.glob(os.path.join(out, "requests-*.csv")):
        with open(path, encoding="utf-8") as file:
            for t, _method, name, status, ms in csv.reader(file):
                requests.append((float(t), name, status, float(ms)))
    return requests


def status_counts(requests, start=None, end=None):
    counts = collections.defaultdict(collections.Counter)
    for t, name, status, _ms in requests:
        if start is None or start <= t <= end:
            counts[name][status] += 1
    return counts


def print_status_counts(title, counts):
    log(title)
    for name in sorted(counts):
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(counts[name].items()))
        log(f"    {name:<46} {codes}")


def read_filings(out):
    filings = {}
    for path in glob.glob(os.path.join(out, "filings-*.jsonl")):
        with open(path, encoding="utf-8") as file:
            for line in file:
                record = json.loads(line)
                filings.setdefault(record["token"], {}).update(record)
    return filings


def check_database(db, filings):
    """{check: (ok, details)} of the filings against the database."""
    import psycopg2  # noqa: PLC0415

    checks = {}
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            """SELECT c.subject, c.id, c.name, c.acknowledged_date IS NOT NULL,
                      (SELECT COUNT(*) FROM ir_attachment a
                        WHERE a.res_model = 'chikaya.complaint' AND a.res_id = c.id),
                      (SELECT COUNT(*) FROM mail_mail_res_partner_rel r
                         JOIN mail_mail m ON m.id = r.mail_mail_id
                         JOIN mail_message mm ON mm.id = m.mail_message_id
                        WHERE r.res_partner_id = c.partner_id AND mm.model IS NULL)
                 FROM chikaya_complaint c WHERE c.subject LIKE %s AND c.subject NOT LIKE %s""",
            [f"{SUBJECT} %", f"{SUBJECT} seed-%"],
        )
        stored = collections.defaultdict(list)
        for subject, cid, number, acked, files, acks in cr.fetchall():
            stored[subject.split(" ")[-1]].append(
                {"id": cid, "number": number, "acked": acked, "files": files, "acks": acks}
            )
        cr.execute("SELECT name, COUNT(*) FROM chikaya_complaint GROUP BY name HAVING COUNT(*) > 1")
        duplicate_numbers = cr.fetchall()
    accepted = {t: f for t, f in filings.items() if f.get("status") == 303}
    refused = {t: f for t, f in filings.items() if f.get("status") == 503}
    other = {t: f for t, f in filings.items() if f.get("status") not in (303, 503)}
    lost = [t for t in accepted if not stored.get(t)]
    duplicated = [t for t, rows in stored.items() if len(rows) > 1]
    refused_stored = [t for t in refused if stored.get(t)]
    refused_unclear = [t for t, f in refused.items() if not f.get("not_received_page")]
    incomplete = [
        t
        for t in accepted
        if stored.get(t)
        and any(
            not r["acked"]
            or r["acks"] != 1
            or r["files"] != (1 if accepted[t]["attachment"] else 0)
            for r in stored[t]
        )
    ]
    wrong_number = [
        t
        for t, f in accepted.items()
        if f.get("number") and stored.get(t) and stored[t][0]["number"] != f["number"]
    ]
    unknown_stored = [t for t in other if stored.get(t)]
    log(
        f"filings: {len(filings)} posted, {len(accepted)} accepted (303), {len(refused)} refused "
        f"(503, 'not received' page), {len(other)} other "
        f"{dict(collections.Counter(str(f.get('status')) for f in other.values()))}; "
        f"{sum(len(stored.get(t, ())) for t in filings)} of them stored, "
        f"{sum(1 for f in accepted.values() if f['attachment'])} accepted with a file"
    )
    checks["0 lost (every 303 stored)"] = (not lost, lost[:5])
    checks["0 duplicated (one complaint per filing)"] = (not duplicated, duplicated[:5])
    checks["stored whole (file, acknowledgement queued)"] = (not incomplete, incomplete[:5])
    checks["refused filings not stored"] = (not refused_stored, refused_stored[:5])
    checks["refusals carry the 'not received' page"] = (not refused_unclear, refused_unclear[:5])
    checks["filings answered 303 or 503 only"] = (
        not other,
        [
            (t, f.get("status"), "stored" if t in unknown_stored else "not stored")
            for t, f in list(other.items())[:5]
        ],
    )
    checks["tracking numbers unique"] = (not duplicate_numbers, duplicate_numbers[:5])
    checks["number on the confirmation = number stored"] = (not wrong_number, wrong_number[:5])
    checks["some filings accepted"] = (bool(accepted), len(accepted))
    return checks


def check_sla(db, sla):
    """No warning given twice: at most one activity per complaint and recipient, each warned
    complaint in exactly one digest per recipient, nothing left to email."""
    import psycopg2  # noqa: PLC0415

    checks = {}
    ids = sla["ids"]
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            """SELECT COUNT(*) FILTER (WHERE sla_warning_level IS NOT NULL),
                      COUNT(*) FILTER (WHERE sla_digest_level IS NOT NULL)
                 FROM chikaya_complaint WHERE id = ANY(%s)""",
            [ids],
        )
        warned, pending = cr.fetchone()
        cr.execute(
            """SELECT res_id, user_id, COUNT(*) FROM mail_activity
                WHERE id > %s AND res_model = 'chikaya.complaint' AND res_id = ANY(%s)
                GROUP BY res_id, user_id""",
            [sla["last_activity"], ids],
        )
        activities = cr.fetchall()
        cr.execute(
            """SELECT m.id, r.res_partner_id, m.body_html FROM mail_mail m
                 JOIN mail_message mm ON mm.id = m.mail_message_id
                 JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id
                WHERE m.id > %s AND mm.model IS NULL
                  AND m.body_html LIKE '%%/odoo/chikaya.complaint/%%'""",
            [sla["last_mail"]],
        )
        digests = cr.fetchall()
    in_digest = collections.Counter()
    for _mail, partner, body in digests:
        for cid in set(int(i) for i in re.findall(r"/odoo/chikaya\.complaint/(\d+)", body or "")):
            in_digest[partner, cid] += 1
    emailed = {cid for _p, cid in in_digest}
    twice_activity = [(r, u, n) for r, u, n in activities if n > 1]
    twice_digest = [(k, n) for k, n in in_digest.items() if n > 1]
    not_emailed = [cid for cid in ids if cid not in emailed]
    log(
        f"deadline job: {len(ids)} complaints to warn; killed={sla.get('killed')} after "
        f"{sla.get('warned_at_kill')} warned; after the reruns {warned} warned, "
        f"{len({r for r, _u, _n in activities})} with activities ({len(activities)} activities, "
        f"{len(twice_activity)} duplicated), {len(digests)} digest emails, "
        f"{len(twice_digest)} complaint+recipient pairs in two digests, "
        f"{len(not_emailed)} never emailed, {pending} still pending"
    )
    checks["deadline job killed mid-run"] = (bool(sla.get("killed")), sla.get("warned_at_kill"))
    checks["deadline job: every complaint warned"] = (warned == len(ids), warned)
    checks["deadline job: no activity twice"] = (not twice_activity, twice_activity[:5])
    checks["deadline job: no complaint in two digests"] = (not twice_digest, twice_digest[:5])
    checks["deadline job: every warned complaint emailed"] = (not not_emailed, not_emailed[:5])
    checks["deadline job: nothing left pending"] = (pending == 0, pending)
    return checks


def is_citizen_route(name):
    return name.split(" ")[-1].startswith(CITIZEN_ROUTES)


def main():
    args = parse_args()
    if "ODOO_SRC" not in os.environ:
        sys.exit("source scripts/env.sh first (ODOO_SRC, CHIKAYA_VENV)")
    ensure_load_venv()
    # Everything below talks to the private cluster: psycopg2 (libpq) and Odoo read PG*
    os.environ.update(
        PGHOST="127.0.0.1", PGPORT=str(PG_PORT), PGUSER="chikaya", PGPASSWORD="chikaya"
    )
    os.environ.pop("PGDATABASE", None)
    load_sh("packages")
    load_sh("pg-start", env={k: v for k, v in os.environ.items() if not k.startswith("PG")})
    conf, handlers, form = prepare(args)
    out = os.path.join(LOAD_DIR, "runs", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out)
    nginx_env = dict(
        os.environ,
        CHIKAYA_LOAD_ODOO_PORT=str(ODOO_PORT),
        CHIKAYA_LOAD_GEVENT_PORT=str(GEVENT_PORT),
        CHIKAYA_LOAD_HTTPS_PORT=str(HTTPS_PORT),
        CHIKAYA_LOAD_HTTP_PORT=str(HTTP_PORT),
    )
    checks = {}
    server = http_bench.OdooServer(
        args.db, conf, workers=2, port=ODOO_PORT, log_path=os.path.join(out, "odoo.log")
    )
    server.__enter__()
    try:
        load_sh("nginx-start", env=nginx_env)
        # nginx's self-signed certificate (scripts/topology.sh makes it, for 127.0.0.1) is the
        # one the clients trust: requests and Locust read REQUESTS_CA_BUNDLE
        os.environ["REQUESTS_CA_BUNDLE"] = os.path.join(LOAD_DIR, "nginx", "tls", "fullchain.pem")
        pairs = seed_pairs(form)
        setup_path = os.path.join(out, "setup.json")
        with open(setup_path, "w", encoding="utf-8") as file:
            json.dump(
                {
                    "pairs": pairs,
                    "handlers": handlers,
                    "manager": MANAGER,
                    "password": PASSWORD,
                    "form": {
                        k: v for k, v in form.items() if k not in ("subject", "citizen_email")
                    },
                    "subject": SUBJECT,
                    "not_received": NOT_RECEIVED,
                },
                file,
            )
        log(
            f"Locust: {args.users} users for {args.seconds} s on {BASE_URL} "
            f"({'with' if args.faults else 'without'} faults); output in {out}"
        )
        started_at = time.time()
        locust = run_locust(args, out, setup_path)
        faults = None
        if args.faults:
            faults = Faults(server, args, conf, started_at)
            faults.start()
        locust.wait()
        if faults:
            faults.join(timeout=600)
        log(f"Locust exited with {locust.returncode} after {time.time() - started_at:.0f} s")
        print_routes(out, args.seconds)
        requests = read_requests(out)
        everything = status_counts(requests)
        print_status_counts("status codes per route over the run:", everything)
        bad = {
            name: {c: n for c, n in codes.items() if c in ("404", "500")}
            for name, codes in everything.items()
        }
        bad = {name: codes for name, codes in bad.items() if codes}
        checks["no 404 or 500 page"] = (not bad, bad)
        filings = read_filings(out)
        post_times = sorted(f["t_end"] - f["t"] for f in filings.values() if f.get("status") == 303)
        if post_times:
            accepted_rate = len(post_times) / args.seconds
            log(
                f"filings accepted: {accepted_rate:.2f}/s; the POST's p50 "
                f"{statistics.median(post_times) * 1000:.0f} ms, p95 "
                f"{post_times[int(0.95 * (len(post_times) - 1))] * 1000:.0f} ms"
            )
        if faults:
            if faults.error:
                checks["faults ran"] = (False, faults.error)
            for name, start, end, details in faults.events:
                window_end = end + (15 if name == "postgres_restart" else 5)
                counts = status_counts(requests, start - 1, window_end)
                print_status_counts(
                    f"fault {name} {details or ''}: status codes from "
                    f"{start - 1 - started_at:.0f} s to {window_end - started_at:.0f} s:",
                    counts,
                )
                if name == "worker_kill":
                    checks["killed worker respawned"] = (bool(details["respawned"]), details)
                if name == "postgres_restart":
                    refusals = sum(c.get("503", 0) for c in counts.values())
                    log(
                        f"    (during the PostgreSQL restart: {refusals} answers 503 'unavailable')"
                    )
            if faults.sla:
                checks.update(check_sla(args.db, faults.sla))
        checks.update(check_database(args.db, filings))
    finally:
        if not args.keep:
            load_sh("nginx-stop", env=nginx_env)
            server.__exit__(None, None, None)
            load_sh("pg-stop", env={k: v for k, v in os.environ.items() if not k.startswith("PG")})
    failed = [name for name, (ok, _d) in checks.items() if not ok]
    for name, (ok, details) in checks.items():
        log(f"check {'OK  ' if ok else 'FAIL'} {name}" + ("" if ok else f": {details}"))
    shutil.copy(os.path.join(out, "locust_stats.csv"), os.path.join(LOAD_DIR, "last_stats.csv"))
    if failed:
        log(f"{len(failed)} of {len(checks)} checks FAILED: {', '.join(failed)}")
        sys.exit(1)
    log(f"all {len(checks)} checks passed")


if __name__ == "__main__":
    main()
