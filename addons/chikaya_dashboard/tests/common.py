"""A crafted data set for the boards, and an independent computation of what they must show.

`BoardCase` builds, with frozen time, complaints that sit on every edge of the board's
definitions (ages of exactly 30, 31, 60 and 61 days, receipt on 31 December and 1 January,
paper letters entered after their date, reoriented, reopened, rejected, closed ones), through
the real workflow actions. `expected_board` recomputes the board in plain Python from the
records' own fields, with the definitions written out here again (not imported from the
module), so that a wrong constant or a wrong SQL filter shows up as a difference.
"""

from datetime import date, datetime, time

from odoo.tests import freeze_time

from odoo.addons.chikaya_complaints.tests.common import ChikayaCase

TODAY = date(2026, 3, 15)
YEAR = 2026

# The definitions, written out independently of models/dashboard_data.py.
WEB = ("portal", "mobile")
OPEN = ("new", "in_progress", "info_requested")
ANSWERED = ("answered", "closed")
COLUMNS = [
    ("current", "portal"),
    ("current", "paper"),
    ("previous", "portal"),
    ("previous", "paper"),
]
ROWS = ["received", "open", "past_30", "past_60"]


def at(day):
    """Freeze the clock on `day`, 10:00."""
    return freeze_time(datetime.combine(day, time(10)))


def classify(complaint, year, today):
    """(period, bucket, {row: bool}, answered_in_year) of one complaint, or None when it
    was received after `year`."""
    received = complaint.received_date
    if received.year > year:
        return None
    period = "current" if received.year == year else "previous"
    bucket = "portal" if complaint.channel in WEB else "paper"
    age = (today - received).days
    is_open = complaint.state in OPEN
    flags = {
        "received": period == "current",
        "open": is_open,
        "past_30": is_open and 30 < age <= 60,
        "past_60": is_open and age > 60,
    }
    answered = period == "current" and complaint.state in ANSWERED
    return period, bucket, flags, answered


def expected_board(complaints, year=YEAR, today=TODAY):
    """{(row, period, bucket): count} and processing (count, min, mean, max); no
    "received" number for the previous years (the board shows "–" there)."""
    cells = {
        (row, p, b): 0
        for row in ROWS
        for p, b in COLUMNS
        if not (row == "received" and p == "previous")
    }
    days = []
    for complaint in complaints:
        found = classify(complaint, year, today)
        if not found:
            continue
        period, bucket, flags, answered = found
        for row, flag in flags.items():
            if flag:
                cells[row, period, bucket] += 1
        if answered:
            days.append((complaint.answered_date.date() - complaint.received_date).days)
    processing = (
        (len(days), min(days), round(sum(days) / len(days), 2), max(days))
        if days
        else (0, None, None, None)
    )
    return cells, processing


def board_cells(board):
    """The board's numbers as {(row, period, bucket): value} (the "–" cells left out)."""
    return {
        (row["key"], column["period"], column["bucket"]): cell["value"]
        for row in board["rows"]
        for column, cell in zip(board["columns"], row["cells"], strict=True)
        if cell is not None
    }


class BoardCase(ChikayaCase):
    """ChikayaCase's territory (P1: communes A (+A1), B; P2: commune C) with the crafted
    complaints, all created through the workflow with frozen time; today is TODAY."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.theme_water = cls.env["chikaya.theme"].create({"name": "Test water"})
        cls.theme_leak = cls.env["chikaya.theme"].create(
            {"name": "Test leak", "parent_id": cls.theme_water.id}
        )
        d = date
        craft = cls.craft
        cls.c = {
            # Ages on the edges (portal, commune A, open).
            "age_30": craft(d(2026, 2, 13), []),
            "age_31": craft(d(2026, 2, 12), [("start", d(2026, 2, 20))]),
            "age_60": craft(
                d(2026, 1, 14), [("start", d(2026, 1, 15)), ("request_info", d(2026, 1, 16))]
            ),
            "age_61": craft(d(2026, 1, 13), [], theme_id=cls.theme_leak.id),
            # Year boundaries.
            "jan_1_answered": craft(
                d(2026, 1, 1), [("start", d(2026, 1, 2)), ("answer", d(2026, 1, 21))]
            ),
            "dec_31_open": craft(d(2025, 12, 31), []),
            "dec_31_answered": craft(
                d(2025, 12, 31), [("start", d(2026, 1, 2)), ("answer", d(2026, 1, 10))]
            ),
            "old_2024_open": craft(d(2024, 6, 1), [("start", d(2024, 6, 2))]),
            # Bureau d'ordre: a letter dated 40 days ago, entered today; a phone call; mobile.
            "paper_late": craft(d(2026, 2, 3), [], channel="paper", paper_reference="BO-1"),
            "phone": craft(d(2026, 3, 1), [], channel="phone"),
            "mobile": craft(d(2026, 3, 10), [], channel="mobile", theme_id=cls.theme_water.id),
            # Rejected: received, never in progress nor in the processing time.
            "rejected": craft(d(2026, 2, 1), [("reject", d(2026, 2, 5))], channel="paper"),
            # Reopened (open again), and reopened then answered again.
            "reopened": craft(
                d(2026, 1, 5),
                [("start", d(2026, 1, 6)), ("answer", d(2026, 1, 15)), ("reopen", d(2026, 1, 20))],
            ),
            "reanswered": craft(
                d(2026, 1, 6),
                [
                    ("start", d(2026, 1, 7)),
                    ("answer", d(2026, 1, 16)),
                    ("reopen", d(2026, 1, 20)),
                    ("answer", d(2026, 2, 5)),
                ],
            ),
            "closed": craft(
                d(2026, 2, 1),
                [("start", d(2026, 2, 2)), ("answer", d(2026, 2, 8)), ("close", d(2026, 2, 10))],
                theme_id=cls.theme_leak.id,
            ),
            # Reoriented: counted where they are now.
            "to_b": craft(d(2026, 2, 20), [("reorient", d(2026, 2, 21), cls.commune_b)]),
            "to_c": craft(d(2026, 1, 2), [("reorient", d(2026, 1, 3), cls.commune_c)]),
            # Elsewhere.
            "b_paper_old": craft(
                d(2025, 11, 1), [], channel="paper", collectivity_id=cls.commune_b.id
            ),
            "c_portal": craft(d(2026, 2, 28), [], collectivity_id=cls.commune_c.id),
            "a1_recent": craft(d(2026, 3, 14), [], collectivity_id=cls.arrondissement_a.id),
        }
        with at(TODAY):
            cls.c["archived"] = cls.make_complaint(received_date=d(2026, 3, 1))
            cls.c["archived"]._workflow_write({"active": False})

    @classmethod
    def craft(cls, received, steps, **vals):
        """A complaint received on `received`, created today (TODAY), then taken through
        `steps`: [(action, day[, collectivity])], each run with the clock on that day."""
        with at(TODAY):
            complaint = cls.make_complaint(received_date=received, **vals)
        for action, day, *args in steps:
            with at(day):
                if action == "answer":
                    complaint.response = "Done."
                    complaint.action_answer()
                elif action == "reject":
                    complaint.action_reject(cls.reason)
                elif action == "request_info":
                    complaint.action_request_info("Which street?")
                elif action == "reorient":
                    complaint.action_reorient(args[0], "Not ours")
                else:
                    getattr(complaint, f"action_{action}")()
        return complaint

    def board(self, user, **filters):
        with at(TODAY):
            return self.env["chikaya.dashboard"].with_user(user).get_board(filters)

    def province_boards(self, user, **filters):
        with at(TODAY):
            return self.env["chikaya.dashboard"].with_user(user).get_province_boards(filters)

    def visible(self, user, domain=()):
        """The complaints `user` reads, in plain ORM (archived ones excluded)."""
        return self.env["chikaya.complaint"].with_user(user).search(list(domain))

    def count_domain(self, user, domain):
        with at(TODAY):
            return self.env["chikaya.complaint"].with_user(user).search_count(domain)
