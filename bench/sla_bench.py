"""The deadline job (`chikaya.complaint._cron_sla_warning`) at scale, for dashboard_bench.py.

The fill leaves the synthetic complaints as the hourly job would have left them the day
before: every open complaint past 30 or 60 days already warned, except those that cross a
threshold today (received 31 or 61 days ago). A run then warns exactly those; a second run
finds nothing. Both runs are timed and their SQL queries counted, inside a transaction
rolled back afterwards (the bench can be run again on the same data). One supervisor per
region receives the warnings (no commune has a handler here: the job falls back to the
supervisors), so the emails show the digest: one per recipient, however many complaints.
"""

import time
from contextlib import contextmanager
from unittest.mock import patch

SUPERVISOR_LOGIN = "bench_supervisor_{code}"


def ensure_supervisors(env):
    """One supervisor per region (created once), with an email address and French."""
    Handler = env["chikaya.handler"]
    regions = env["chikaya.collectivity"].search([("type", "=", "region")])
    group = env.ref("chikaya_complaints.chikaya_complaints_group_supervisor")
    for region in regions:
        login = SUPERVISOR_LOGIN.format(code=region.code)
        if env["res.users"].search_count([("login", "=", login)]):
            continue
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": f"Bench supervisor {region.name}",
                    "login": login,
                    "email": f"{login}@example.ma",
                    "lang": "fr_FR",
                    "group_ids": [(6, 0, group.ids)],
                }
            )
        )
        Handler.create(
            {"user_id": user.id, "role": "supervisor", "collectivity_ids": [(6, 0, region.ids)]}
        )
    env.cr.commit()


@contextmanager
def rolled_back(env):
    """Run the block in a savepoint rolled back afterwards, with the cron's commits
    disabled (outside a cron, ir.cron._commit_progress commits)."""
    cron_class = type(env["ir.cron"])
    with (
        patch.object(cron_class, "_commit_progress", lambda self, *a, **k: 3600),
        env.cr.savepoint(flush=False) as savepoint,
    ):
        try:
            yield
        finally:
            env.invalidate_all()
            savepoint.rollback()


def measure_run(env):
    """One run of the job: {seconds, queries, warned (complaints given an activity),
    activities, emails queued, recipients of those emails}."""
    Complaint = env["chikaya.complaint"]
    env.flush_all()
    env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_mail")
    [(last_mail,)] = env.cr.fetchall()
    env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_activity")
    [(last_activity,)] = env.cr.fetchall()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    Complaint._cron_sla_warning()
    env.flush_all()
    seconds = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries
    env.cr.execute(
        "SELECT COUNT(DISTINCT res_id), COUNT(*) FROM mail_activity WHERE id > %s",
        [last_activity],
    )
    [(warned, activities)] = env.cr.fetchall()
    env.cr.execute(
        """SELECT COUNT(DISTINCT m.id), COUNT(DISTINCT r.res_partner_id)
             FROM mail_mail m JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id
            WHERE m.id > %s""",
        [last_mail],
    )
    [(emails, recipients)] = env.cr.fetchall()
    return {
        "seconds": seconds,
        "queries": queries,
        "warned": warned,
        "activities": activities,
        "emails": emails,
        "recipients": recipients,
    }


def crossing(env):
    """(complaints crossing 30 days today, crossing 60 days today)."""
    env.cr.execute(
        """SELECT COUNT(*) FILTER (WHERE sla_warning_level IS NULL
                                     AND received_date < current_date - 30),
                  COUNT(*) FILTER (WHERE sla_warning_level IS DISTINCT FROM 'past_60'
                                     AND received_date < current_date - 60)
             FROM chikaya_complaint
            WHERE active AND state IN ('new', 'in_progress', 'info_requested')"""
    )
    return env.cr.fetchone()


def bench_sla(env):
    """{first: run with the complaints crossing today, rerun: the run after it, crossing:
    (past 30, past 60)} measured at the database's size."""
    ensure_supervisors(env)
    result = {"crossing": crossing(env)}
    with rolled_back(env):
        result["first"] = measure_run(env)
        result["rerun"] = measure_run(env)
    return result
