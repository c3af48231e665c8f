"""One run of the deadline job (`chikaya.complaint._cron_sla_warning`) in a process of its
own, as the cron worker runs it: bench/load/run_load.py kills it (SIGKILL) in the middle of
a run, then runs it again, and checks that no warning was given or emailed twice.

    $CHIKAYA_VENV/bin/python bench/load/sla_job.py --conf CONF --db chikaya_load

Outside a scheduled run, ir.cron._commit_progress commits after each batch, as in one.
"""

import argparse
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    if not args.db.startswith("chikaya_load"):
        sys.exit(
            f"refusing to work on {args.db!r}: the load database name starts with chikaya_load"
        )
    sys.path.insert(0, os.environ["ODOO_SRC"])
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    registry = Registry(args.db)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["chikaya.complaint"]._cron_sla_warning()
        cr.commit()
    print(f"[load] deadline job ran in {time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main()
