"""The public pages measured through a real Odoo server: server time per request and
throughput under concurrent clients.

Used by dashboard_bench.py, or alone against a bench database already built:

    source scripts/env.sh
    $CHIKAYA_VENV/bin/python bench/http_bench.py --db chikaya_bench [--port 18100]

The server is Odoo itself in multi-process mode (`--workers 2`, no cron thread, no database
list: as the production nodes) on a free port of 18100 and above, started and stopped here
(by its own process id). Two figures per page:

- **server time**: what Odoo spent on the request, read from its own request log line
  (`odoo.netsvc.PerfFilter` appends the query count, the time in SQL and the rest of the
  time to each werkzeug line); the median over sequential requests, so that no request waits
  for another;
- **throughput**: pages per second answered with a 200 while `clients` threads request the
  page back to back, each with its own session (a browser's cookies), for `seconds`.

The client is plain Python (http.client in threads: no dependency beyond the standard
library), on the same machine as the server: it takes some CPU from the server, the same for
every page, which is why the pages are compared with Odoo's own `/contactus` measured in the
same conditions rather than with an absolute number.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIRST_PORT = 18100
# A werkzeug request line as Odoo logs it, with the perf info appended:
# ... werkzeug: 127.0.0.1 - - [date] "GET /path HTTP/1.1" 200 - 25 0.010 0.030
LOG_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) \S+ '
    r"(?P<queries>\d+) (?P<sql>[\d.]+) (?P<rest>[\d.]+)"
)


def free_port(start=FIRST_PORT):
    """The first port from `start` on which nothing listens (other developers' servers
    share the machine)."""
    for port in range(start, start + 200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port from {start}")


class OdooServer:
    """An Odoo server on `db` with `workers` worker processes, as a context manager.

    Its log goes to a file, read back for the server times; the process is stopped by its
    own process group on exit (it started it)."""

    def __init__(self, db, conf, workers=2, port=None, log_path=None):
        self.db = db
        self.conf = conf
        self.workers = workers
        self.port = port or free_port()
        self.log_path = log_path or f"/tmp/{db}-{self.port}.log"
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        odoo_bin = os.path.join(os.environ["ODOO_SRC"], "odoo-bin")
        if os.path.exists(self.log_path):
            os.remove(self.log_path)
        command = [
            sys.executable,
            odoo_bin,
            "-c",
            self.conf,
            # one database and no dbfilter, as the production nodes
            # (config/odoo.prod.conf.example says why)
            "-d",
            self.db,
            "--workers",
            str(self.workers),
            "--max-cron-threads",
            "0",
            # as the production nodes (config/odoo.node.conf.template): no database list
            "--no-database-list",
            "--http-port",
            str(self.port),
            # the gevent port must be free too; nothing here uses it
            "--gevent-port",
            str(free_port(self.port + 1)),
            "--logfile",
            self.log_path,
            "--log-level",
            "info",
            # generous limits: a worker must not be recycled in the middle of a measure
            "--limit-time-real",
            "600",
            "--limit-time-cpu",
            "600",
        ]
        self.process = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Odoo server stopped; see {self.log_path}")
            try:
                status, _body = get(self.base_url, "/web/health")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError(f"the Odoo server did not answer in 2 minutes; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()

    def log_size(self):
        return os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0

    def request_lines(self, offset, path):
        """The log's request lines for `path` written after `offset`, as dicts with the
        server time in seconds (SQL time + the rest)."""
        # the worker writes its line after sending the response: let it reach the file
        time.sleep(0.3)
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            log.seek(offset)
            text = log.read()
        lines = []
        for match in LOG_LINE.finditer(text):
            if match["path"] != path:
                continue
            lines.append(
                {
                    "status": int(match["status"]),
                    "queries": int(match["queries"]),
                    "time": float(match["sql"]) + float(match["rest"]),
                }
            )
        return lines


class Client:
    """One visitor: a keep-alive connection and the cookies the server set."""

    def __init__(self, base_url):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.connection = None
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                # the server closed an idle keep-alive connection: reconnect once
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, data
        raise AssertionError("unreachable")


def get(base_url, path):
    return Client(base_url).request("GET", path)


def server_times(server, path, runs, warmup=3):
    """(median server time in seconds, [times], median query count) of `runs` sequential
    GET requests of `path` (after `warmup` requests that compile assets and fill caches)."""
    return server_times_interleaved(server, [path], runs, warmup)[path]


def server_times_interleaved(server, paths, runs, warmup=3):
    """{path: (median server time in seconds, [times], median query count)} of `runs`
    rounds of sequential requests, each round requesting every page once: a change in the
    machine's load (the machine is shared) weighs on every page alike."""
    client = Client(server.base_url)
    for path in paths:
        for _i in range(warmup):
            status, _body = client.request("GET", path)
            if status != 200:
                raise RuntimeError(f"GET {path}: HTTP {status}")
    offset = server.log_size()
    for _i in range(runs):
        for path in paths:
            client.request("GET", path)
    result = {}
    for path in paths:
        lines = [line for line in server.request_lines(offset, path) if line["status"] == 200]
        if len(lines) < runs:
            raise RuntimeError(f"GET {path}: {len(lines)} log lines for {runs} requests")
        times = [line["time"] for line in lines]
        queries = statistics.median(line["queries"] for line in lines)
        result[path] = (statistics.median(times), times, queries)
    return result


def throughput_interleaved(base_url, paths, clients=8, seconds=10.0, rounds=3):
    """{path: (pages per second, median latency, 95th percentile, errors)} of loads of
    `seconds` per page in all, cut into `rounds` turns taken in turn by every page (so that
    a change in the machine's load weighs on every page alike)."""
    totals = {path: {"pages": 0.0, "seconds": 0.0, "latencies": [], "errors": 0} for path in paths}
    for _round in range(rounds):
        for path in paths:
            rate, _median, _p95, errors, latencies = _load(
                base_url, path, clients, seconds / rounds
            )
            total = totals[path]
            total["pages"] += rate * seconds / rounds
            total["seconds"] += seconds / rounds
            total["latencies"] += latencies
            total["errors"] += errors
    result = {}
    for path, total in totals.items():
        latencies = sorted(total["latencies"])
        result[path] = (
            total["pages"] / total["seconds"],
            statistics.median(latencies) if latencies else None,
            latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
            total["errors"],
        )
    return result


def throughput(base_url, path, clients=8, seconds=10.0, warmup=2):
    """(pages per second, median latency, 95th percentile latency, errors) of `clients`
    threads requesting `path` back to back for `seconds`."""
    return _load(base_url, path, clients, seconds, warmup)[:4]


def _load(base_url, path, clients=8, seconds=10.0, warmup=2):
    def warm_up(client):
        for _i in range(warmup):
            client.request("GET", path)

    def attempt(client, _number, _count):
        return client.request("GET", path)[0]

    return _measure(base_url, clients, seconds, warm_up, attempt, success=200)


def _measure(base_url, clients, seconds, warm_up, attempt, success):
    """`clients` threads, each with a Client of its own: `warm_up(client)` once, then, all
    started together, `attempt(client, thread number, attempt number)` (which returns the
    HTTP status) back to back for `seconds`; an attempt counts when its status is `success`.
    Return (attempts counted per second, median, 95th percentile of their times, errors,
    the sorted times)."""
    latencies, errors = [], []
    lock = threading.Lock()
    start_barrier = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def run(number):
        client = Client(base_url)
        warm_up(client)
        start_barrier.wait()
        count = 0
        while time.monotonic() < stop_at[0]:
            count += 1
            t0 = time.monotonic()
            try:
                status = attempt(client, number, count)
            except OSError as error:
                status = str(error)
            elapsed = time.monotonic() - t0
            with lock:
                (latencies if status == success else errors).append(elapsed)

    threads = [
        threading.Thread(target=run, args=(number,), daemon=True) for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + 3600  # until the barrier releases everyone
    start_barrier.wait()
    t0 = time.monotonic()
    stop_at[0] = t0 + seconds
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - t0
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else None
    median = statistics.median(latencies) if latencies else None
    return len(latencies) / elapsed, median, p95, len(errors), latencies


CSRF_TOKEN = re.compile(rb'name="csrf_token"\s+value="([^"]+)"')


def filing(base_url, form, clients=8, seconds=10.0):
    """(filings per second, median, 95th percentile of a filing's time, errors) of
    `clients` citizens each filing back to back for `seconds`: the form's page (GET, for
    its CSRF token), then the post of `form` (a complaint that passes every check, the
    abuse limits being off on the bench database), a filing counting when the server
    answers the post with the 303 to the confirmation page."""

    def warm_up(client):
        client.request("GET", "/complaints/new")  # session cookie

    def attempt(client, number, count):
        _status, body = client.request("GET", "/complaints/new")
        token = CSRF_TOKEN.search(body)
        values = {
            **form,
            "subject": f"{form['subject']} {number}-{count}",
            "csrf_token": token.group(1).decode() if token else "",
        }
        status, _body = client.request(
            "POST",
            "/complaints/new",
            body=urllib.parse.urlencode(values),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status

    return _measure(base_url, clients, seconds, warm_up, attempt, success=303)[:4]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="chikaya_bench")
    parser.add_argument("--port", type=int)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    if "ODOO_SRC" not in os.environ:
        sys.exit("source scripts/env.sh first (ODOO_SRC, CHIKAYA_CONF, PG* settings)")
    conf = os.environ.get("CHIKAYA_CONF", os.path.join(ROOT, "config", "odoo.conf"))
    paths = args.paths or [
        "/contactus",
        "/complaints",
        "/complaints/new",
        "/complaints/statistics",
        "/complaints/palmares",
        "/complaints/palmares?level=province",
    ]
    with OdooServer(args.db, conf, port=args.port) as server:
        for path in paths:
            median, _times, queries = server_times(server, path, args.runs)
            rate, latency, p95, errors = throughput(
                server.base_url, path, args.clients, args.seconds
            )
            print(
                f"{path:45} server {median * 1000:8.1f} ms ({queries:.0f} queries)  "
                f"{rate:6.1f} pages/s  median {latency * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms"
                f"  errors {errors}",
                flush=True,
            )


if __name__ == "__main__":
    main()
