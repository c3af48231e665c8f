"""Benchmark of the Tableau de Bord against the floor: one hand-written PostgreSQL aggregate.

Run it with the project's virtual environment (see bench/README.md):

    source scripts/env.sh
    $CHIKAYA_VENV/bin/python bench/dashboard_bench.py [-n 200000] [--runs 5] [--recreate]

1. Creates the scratch database `chikaya_bench` (option --db) with chikaya_complaints and
   chikaya_dashboard installed, without demo data, unless it exists already. It never
   touches another database.
2. Fills it with N synthetic complaints in ONE `INSERT ... SELECT generate_series` (no ORM):
   spread over the real communes in proportion to their 2024 population, over the last
   four years, the four channels, every theme, with states and dates that agree (an old
   complaint is mostly answered, a recent one mostly open; processing days, answer, close
   and rejection dates follow from the receipt date). Rows from an earlier fill are deleted
   first (only the synthetic ones, recognised by their BENCH- number).
3. Times, as medians over --runs runs, `chikaya.dashboard.get_board({"year": Y})` as a
   manager (ORM and registry caches cleared before each run) and the floor query, checks
   that both give the same numbers, and prints the two times and their ratio.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODULES = "chikaya_complaints,chikaya_dashboard"
MANAGER_LOGIN = "bench_manager"

# The channel columns and states, written out again (not imported) so that the floor is an
# independent statement of what the board must show.
WEB_CHANNELS = ("portal", "mobile")
OPEN_STATES = ("new", "in_progress", "info_requested")
ANSWERED_STATES = ("answered", "closed")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--complaints", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", default="chikaya_bench")
    parser.add_argument("--year", type=int, help="the board's year (default: the current one)")
    parser.add_argument("--recreate", action="store_true", help="drop and recreate the database")
    parser.add_argument("--no-fill", action="store_true", help="time the data already there")
    return parser.parse_args()


def conf_path():
    return os.environ.get("CHIKAYA_CONF", os.path.join(ROOT, "config", "odoo.conf"))


def odoo_bin(*args):
    odoo_src = os.environ["ODOO_SRC"]
    return [sys.executable, os.path.join(odoo_src, "odoo-bin"), "-c", conf_path(), *args]


def database_exists(name):
    import psycopg2  # noqa: PLC0415 (the venv's, once the environment is checked)

    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def create_database(args):
    if not args.db.startswith("chikaya_bench"):
        sys.exit(
            f"refusing to work on {args.db!r}: the bench database name starts with chikaya_bench"
        )
    if args.recreate and database_exists(args.db):
        subprocess.run(["dropdb", args.db], check=True)
    if database_exists(args.db):
        return
    print(f"[bench] creating {args.db} with {MODULES} (no demo data)...", flush=True)
    subprocess.run(
        odoo_bin(
            "-d",
            args.db,
            f"--db-filter=^{args.db}$",
            "-i",
            MODULES,
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ),
        check=True,
    )


FILL_SQL = """
WITH communes AS (
    SELECT id, province_id, region_id,
           SUM(population_2024) OVER (ORDER BY id) AS upto
      FROM chikaya_collectivity
     WHERE type IN ('urban', 'rural') AND active AND population_2024 > 0
), bounds AS (
    SELECT array_agg(upto ORDER BY id) AS upto, array_agg(id ORDER BY id) AS ids,
           array_agg(province_id ORDER BY id) AS provinces,
           array_agg(region_id ORDER BY id) AS regions, MAX(upto) AS total
      FROM communes
), themes AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM chikaya_theme WHERE active
), draws AS (
    SELECT g,
           -- the commune: a uniform draw over the population, found by binary search
           width_bucket(floor(random() * b.total)::bigint, b.upto) + 1 AS commune_index,
           (%(today)s::date - (random() * %(days)s)::int) AS received,
           random() AS r_state, random() AS r_days, random() AS r_channel, random() AS r_sat,
           t.ids[1 + floor(random() * array_length(t.ids, 1))::int] AS theme_id
      FROM generate_series(1, %(n)s) g, bounds b, themes t
), shaped AS (
    SELECT d.*, %(today)s::date - d.received AS age,
           LEAST(1 + floor(d.r_days * 90)::int, %(today)s::date - d.received) AS days,
           CASE
               WHEN %(today)s::date - d.received <= 30 AND d.r_state < 0.7
                   THEN (ARRAY['new', 'in_progress', 'info_requested'])
                        [1 + floor(d.r_state / 0.7 * 3)::int]
               WHEN d.r_state < 0.08
                   THEN (ARRAY['new', 'in_progress', 'info_requested'])
                        [1 + floor(d.r_state / 0.08 * 3)::int]
               WHEN d.r_state < 0.14 THEN 'rejected'
               WHEN d.r_state < 0.55 THEN 'answered'
               ELSE 'closed'
           END AS state
      FROM draws d
)
INSERT INTO chikaya_complaint (
    name, kind, channel, collectivity_id, province_id, region_id, theme_id, subject,
    description, state, received_date, answered_date, closed_date, processing_days,
    satisfaction, active, reopen_count, create_uid, write_uid, create_date, write_date)
SELECT 'BENCH-' || s.g,
       (ARRAY['reclamation', 'reclamation', 'reclamation', 'observation', 'suggestion'])
           [1 + (s.g %% 5)],
       CASE WHEN s.r_channel < 0.55 THEN 'portal' WHEN s.r_channel < 0.65 THEN 'mobile'
            WHEN s.r_channel < 0.93 THEN 'paper' ELSE 'phone' END,
       b.ids[s.commune_index], b.provinces[s.commune_index], b.regions[s.commune_index],
       s.theme_id, 'Synthetic complaint ' || s.g, 'Generated by bench/dashboard_bench.py',
       s.state, s.received,
       CASE WHEN s.state IN ('answered', 'closed')
            THEN (s.received + s.days)::timestamp + interval '10 hours' END,
       CASE WHEN s.state = 'closed'
            THEN (s.received + s.days)::timestamp + interval '12 hours'
            WHEN s.state = 'rejected'
            THEN (s.received + s.days)::timestamp + interval '10 hours' END,
       CASE WHEN s.state IN ('answered', 'closed', 'rejected') THEN s.days ELSE 0 END,
       CASE WHEN s.state IN ('answered', 'closed') AND s.r_sat < 0.4 THEN 'satisfied'
            WHEN s.state IN ('answered', 'closed') AND s.r_sat < 0.6 THEN 'not_satisfied' END,
       TRUE, 0, 1, 1, now(), now()
  FROM shaped s, bounds b
"""


def fill(env, n, today):
    cr = env.cr
    cr.execute("DELETE FROM chikaya_complaint WHERE name LIKE 'BENCH-%%'")
    cr.execute("SELECT setseed(0.2017)")
    start = time.perf_counter()
    cr.execute(FILL_SQL, {"n": n, "today": today, "days": 4 * 365})
    cr.execute("ANALYZE chikaya_complaint")
    cr.commit()
    print(f"[bench] inserted {n:,} complaints in {time.perf_counter() - start:.1f} s", flush=True)


def floor_query(cr, year, today):
    """The board's numbers in one hand-written aggregate: per (channel column, year column)
    received, in progress, past 30, past 60 and the processing time, plus the received
    complaints of the year per main theme (GROUPING SETS)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    cr.execute(
        """
        SELECT GROUPING(bucket, period, theme_root) AS g, bucket, period, theme_root,
               COUNT(*) FILTER (WHERE received_date >= %(start)s) AS received,
               COUNT(*) FILTER (WHERE state IN %(open)s) AS open,
               COUNT(*) FILTER (WHERE state IN %(open)s AND received_date <= %(past_30)s
                                AND received_date >= %(past_60)s) AS past_30,
               COUNT(*) FILTER (WHERE state IN %(open)s AND received_date < %(past_60)s) AS past_60,
               COUNT(*) FILTER (WHERE is_answered) AS answered,
               SUM(processing_days) FILTER (WHERE is_answered),
               MIN(processing_days) FILTER (WHERE is_answered),
               MAX(processing_days) FILTER (WHERE is_answered)
          FROM (SELECT c.*,
                       CASE WHEN c.channel IN %(web)s THEN 'portal' ELSE 'paper' END AS bucket,
                       CASE WHEN c.received_date >= %(start)s THEN 'current' ELSE 'previous' END
                           AS period,
                       c.state IN %(answered)s AND c.received_date >= %(start)s AS is_answered,
                       split_part(t.parent_path, '/', 1)::int AS theme_root
                  FROM chikaya_complaint c JOIN chikaya_theme t ON t.id = c.theme_id
                 WHERE c.active AND c.received_date < %(end)s
                   AND (c.received_date >= %(start)s OR c.state IN %(open)s)) c
         GROUP BY GROUPING SETS ((bucket, period), (theme_root))
        """,
        {
            "start": start,
            "end": end,
            "open": OPEN_STATES,
            "answered": ANSWERED_STATES,
            "web": WEB_CHANNELS,
            "past_30": today - timedelta(days=31),
            "past_60": today - timedelta(days=60),
        },
    )
    return cr.fetchall()


def floor_numbers(rows):
    """The floor's rows in the board's shape: {(row, period, bucket): n}, processing, themes."""
    cells, themes = {}, {}
    count = days_sum = 0
    mins, maxs = [], []
    for (
        g,
        bucket,
        period,
        theme_root,
        received,
        open_,
        p30,
        p60,
        answered,
        dsum,
        dmin,
        dmax,
    ) in rows:
        if g == 1:  # (bucket, period)
            for key, value in (
                ("received", received),
                ("open", open_),
                ("past_30", p30),
                ("past_60", p60),
            ):
                if key == "received" and period != "current":
                    continue
                cells[key, period, bucket] = value
            count += answered
            days_sum += dsum or 0
            if answered:
                mins.append(dmin)
                maxs.append(dmax)
        elif received:
            themes[theme_root] = received
    processing = (
        count,
        min(mins) if mins else None,
        round(days_sum / count, 2) if count else None,
        max(maxs) if maxs else None,
    )
    return cells, processing, themes


def board_numbers(board):
    cells = {}
    for row in board["rows"]:
        for column, cell in zip(board["columns"], row["cells"], strict=True):
            if cell is not None:
                cells[row["key"], column["period"], column["bucket"]] = cell["value"]
    p = board["processing"]
    themes = {t["id"]: t["count"] for t in board["themes"]}
    return cells, (p["count"], p["min"], p["mean"], p["max"]), themes


def median_time(func, runs, before=None):
    times, result = [], None
    for _i in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def main():
    args = parse_args()
    if "ODOO_SRC" not in os.environ:
        sys.exit("source scripts/env.sh first (ODOO_SRC, CHIKAYA_CONF, PG* settings)")
    create_database(args)
    sys.path.insert(0, os.environ["ODOO_SRC"])
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", conf_path(), "-d", args.db, "--log-level=warn"])
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        today = date.today()
        year = args.year or today.year
        if not args.no_fill:
            fill(env, args.complaints, today)
        manager = env["res.users"].search([("login", "=", MANAGER_LOGIN)])
        if not manager:
            manager = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": "Bench manager",
                        "login": MANAGER_LOGIN,
                        "group_ids": [
                            (
                                6,
                                0,
                                [env.ref("chikaya_complaints.chikaya_complaints_group_manager").id],
                            )
                        ],
                    }
                )
            )
            cr.commit()
        cr.execute("SELECT COUNT(*) FROM chikaya_complaint")
        [(total,)] = cr.fetchall()
        dashboard = env["chikaya.dashboard"].with_user(manager)

        def clear_caches():
            env.invalidate_all()
            registry.clear_all_caches()

        board_time, board_times, board = median_time(
            lambda: dashboard.get_board({"year": year}), args.runs, clear_caches
        )
        floor_time, floor_times, rows = median_time(lambda: floor_query(cr, year, today), args.runs)
        expected = floor_numbers(rows)
        got = board_numbers(board)
        same = expected == got
        print(
            f"[bench] database {args.db}: {total:,} complaints; board of {year}, as {MANAGER_LOGIN}"
        )
        for label, median, times in (
            ("get_board  ", board_time, board_times),
            ("floor (SQL)", floor_time, floor_times),
        ):
            runs = ", ".join(f"{t * 1000:.1f}" for t in times)
            print(f"[bench] {label} median {median * 1000:8.1f} ms  (runs: {runs})")
        print(f"[bench] ratio board / floor: {board_time / floor_time:.2f}")
        print(f"[bench] same numbers: {'yes' if same else 'NO'}")
        if not same:
            for label, e, g in zip(("cells", "processing", "themes"), expected, got, strict=True):
                if e != g:
                    print(f"[bench]   {label}: floor {e} != board {g}")
            sys.exit(1)


if __name__ == "__main__":
    main()
