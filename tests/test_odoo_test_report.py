"""scripts/odoo_test_report.py, the verdict of `make test`, fed with crafted logs.

Plain pytest tests, no database needed: they run in `make test` (pytest-odoo collects tests/),
and alone without the pytest-odoo plugin:
    $CHIKAYA_VENV/bin/pytest -p no:odoo -p no:cacheprovider tests/test_odoo_test_report.py
"""

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "odoo_test_report.py"
_spec = importlib.util.spec_from_file_location("odoo_test_report", SCRIPT)
report = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = report
_spec.loader.exec_module(report)

DB = "chikaya_test_1_2"
TAGS = "/alpha,/beta"
ALPHA = ["TestOne.test_a", "TestOne.test_b", "TestAtInstall.test_c"]
BETA = ["TestTwo.test_d", "TestAll.test_e", "TestAll.test_inherited"]

# Two modules: beta depends on alpha. alpha defines 3 selected tests (a '-standard' class and a
# class that is no test case are left out); beta 3 (TestTwo does not run the test methods it
# inherits, TestAll does: it sets allow_inherited_tests_method).
ADDONS = {
    "alpha/__manifest__.py": "{'name': 'Alpha', 'depends': ['mail']}",
    "alpha/tests/__init__.py": "from . import test_one\n",
    "alpha/tests/common.py": """
        from odoo.tests import TransactionCase


        class AlphaCase(TransactionCase):
            def test_inherited(self):
                pass
        """,
    "alpha/tests/test_one.py": """
        from odoo.tests import HttpCase, tagged

        from .common import AlphaCase


        @tagged("post_install", "-at_install")
        class TestOne(AlphaCase):
            def test_a(self):
                pass

            def test_b(self):
                pass

            def helper(self):
                pass


        @tagged("-standard", "manual")
        class TestManual(AlphaCase):
            def test_manual(self):
                pass


        class TestAtInstall(HttpCase):
            def test_c(self):
                pass


        class NotATest:
            def test_x(self):
                pass
        """,
    "beta/__manifest__.py": "{'name': 'Beta', 'depends': ['alpha', 'website']}",
    "beta/tests/__init__.py": "from . import (\n    test_two,\n)\n",
    "beta/tests/test_two.py": """
        from odoo.tests import tagged

        from odoo.addons.alpha.tests.common import AlphaCase
        from odoo.addons.alpha.tests.test_one import TestOne


        @tagged("post_install", "-at_install")
        class TestTwo(TestOne):
            def test_d(self):
                pass


        @tagged("post_install", "-at_install")
        class TestAll(AlphaCase):
            allow_inherited_tests_method = True

            def test_e(self):
                pass
        """,
}


@pytest.fixture
def addons(tmp_path):
    root = tmp_path / "addons"
    for name, text in ADDONS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def line(level, logger, msg, db=DB):
    # As Odoo writes them, with a space at the end.
    return f"2026-11-30 04:20:44,299 10888 {level} {db} {logger}: {msg} \n"


def starting(module, test, file="test_x"):
    return line("INFO", f"odoo.addons.{module}.tests.{file}", f"Starting {test} ...")


def final_report(failed=0, errors=0, run=6, level="INFO"):
    msg = f"{failed} failed, {errors} error(s) of {run} tests when loading database '{DB}'"
    return line(level, "odoo.tests.result", msg)


def all_started():
    return [starting("alpha", t) for t in ALPHA] + [starting("beta", t) for t in BETA]


JUNIT_OK = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="2">
<testcase classname="tests.test_territory.TestTerritory" name="test_one" time="0.1"/>
<testcase classname="tests.test_territory.TestTerritory" name="test_two" time="0.1"/>
</testsuite></testsuites>
"""


def run(tmp_path, addons, log_lines, junit=JUNIT_OK, odoo_status=0, pytest_status=0, tags=TAGS):
    log = tmp_path / "odoo.log"
    log.write_text("".join(log_lines), encoding="utf-8")
    argv = [
        "--odoo-log", str(log), "--database", DB, "--odoo-status", str(odoo_status),
        "--tags", tags, "--modules", "beta", "--addons", str(addons),
        "--pytest-status", str(pytest_status), "--logs-dir", "/tmp/kept",
    ]  # fmt: skip
    if junit is not None:
        (tmp_path / "pytest.xml").write_text(junit, encoding="utf-8")
        argv += ["--junit", str(tmp_path / "pytest.xml")]
    return report.verdict(report.parse_args(argv))


def test_passing_run(tmp_path, addons):
    status, lines = run(tmp_path, addons, [*all_started(), final_report()])
    assert status == 0, lines
    assert "  alpha: 3 run, 3 defined and selected" in lines
    assert "  beta: 3 run, 3 defined and selected" in lines
    assert lines[-2:] == ["OK", "8 passed, 0 failed"]


def test_main_prints_the_summary_and_exits(tmp_path, addons, capsys):
    log = tmp_path / "odoo.log"
    log.write_text("".join([*all_started(), final_report()]), encoding="utf-8")
    junit = tmp_path / "pytest.xml"
    junit.write_text(JUNIT_OK, encoding="utf-8")
    argv = ["--odoo-log", str(log), "--database", DB, "--odoo-status", "0", "--tags", TAGS]
    argv += ["--modules", "beta", "--addons", str(addons), "--junit", str(junit)]
    assert report.main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "8 passed, 0 failed"


def test_a_failure(tmp_path, addons):
    log = [
        *all_started(),
        line("ERROR", "odoo.addons.alpha.tests.test_one", "FAIL: TestOne.test_a"),
        final_report(failed=1, level="ERROR"),
    ]
    status, lines = run(tmp_path, addons, log, odoo_status=1)
    assert status == 1
    assert "FAILED: Odoo's runner: 1 failed, 0 error(s)" in lines
    assert "FAILED: Odoo exited with status 1" in lines
    assert "Logs kept in /tmp/kept" in lines
    assert lines[-1] == "7 passed, 1 failed"


def test_an_error_line_fails_a_run_where_every_test_passed(tmp_path, addons):
    broken = line("ERROR", "odoo.addons.base.models.ir_ui_view", "Invalid view definition")
    status, lines = run(tmp_path, addons, [*all_started(), broken, final_report()])
    assert status == 1
    assert f"  {broken.strip()}" in lines
    assert "FAILED: Odoo logged 1 ERROR/CRITICAL line, listed above" in lines
    assert lines[-1] == "8 passed, 1 failed"  # a failing run never reads "0 failed"


def test_a_skipped_tour_fails_the_run(tmp_path, addons):
    skip = line(
        "INFO",
        "odoo.addons.alpha.tests.test_one",
        "skipped TestAtInstall.test_c : Chrome executable not found",
    )
    status, lines = run(tmp_path, addons, [*all_started(), skip, final_report()])
    assert status == 1
    assert "  alpha:TestAtInstall.test_c: Chrome executable not found" in lines
    assert any(p.startswith("FAILED: 1 test skipped") for p in lines)
    assert lines[-1] == "7 passed, 1 failed"


def test_an_allowed_skip_passes(tmp_path, addons, monkeypatch):
    monkeypatch.setattr(report, "ALLOWED_SKIPS", {"alpha:TestAtInstall.*": "only on Tuesdays"})
    skip = line(
        "INFO", "odoo.addons.alpha.tests.test_one", "skipped TestAtInstall.test_c : not Tuesday"
    )
    status, lines = run(tmp_path, addons, [*all_started(), skip, final_report()])
    assert status == 0, lines
    assert "  alpha:TestAtInstall.test_c: not Tuesday [allowed: only on Tuesdays]" in lines
    assert lines[-1] == "7 passed, 0 failed"


def test_a_skip_in_setupclass_is_seen(tmp_path, addons):
    # unittest logs it through odoo.tests.suite, and the class's tests never start.
    started = [s for s in all_started() if "TestAll" not in s]
    skip = line(
        "INFO",
        "odoo.tests.suite",
        "skipped setUpClass (odoo.addons.beta.tests.test_two.TestAll) : Cannot connect to chrome",
    )
    status, lines = run(tmp_path, addons, [*started, skip, final_report(run=4)])
    assert status == 1
    assert "  beta:TestAll.setUpClass: Cannot connect to chrome" in lines
    assert any("beta ran 1 tests but defines 3" in p for p in lines)
    assert lines[-1] == "6 passed, 3 failed"


def test_a_module_that_ran_fewer_tests_than_it_defines(tmp_path, addons):
    started = [s for s in all_started() if "test_b" not in s]
    status, lines = run(tmp_path, addons, [*started, final_report(run=5)])
    assert status == 1
    assert "  alpha: 2 run, 3 defined and selected" in lines
    assert (
        "FAILED: alpha ran 2 tests but defines 3 selected by /alpha,/beta; not run: TestOne.test_b"
    ) in lines
    assert lines[-1] == "7 passed, 1 failed"


def test_no_final_report(tmp_path, addons):
    crash = line("CRITICAL", "odoo.service.server", "Failed to initialize database `x`.")
    status, lines = run(tmp_path, addons, [crash], odoo_status=255)
    assert status == 1
    assert "FAILED: Odoo logged no final test report (did the modules install?)" in lines
    assert any(p.startswith("FAILED: alpha ran 0 tests but defines 3") for p in lines)
    assert lines[-1] == "2 passed, 6 failed"


def test_another_database_report_is_not_ours(tmp_path, addons):
    other = line(
        "INFO", "odoo.tests.result", "0 failed, 0 error(s) of 6 tests when loading database 'x'"
    )
    status, lines = run(tmp_path, addons, [*all_started(), other])
    assert status == 1
    assert "FAILED: Odoo logged no final test report (did the modules install?)" in lines


def test_pytest_skip_and_failure(tmp_path, addons):
    junit = """<testsuites><testsuite tests="3" failures="1" errors="0" skipped="1">
    <testcase classname="tests.test_a" name="test_ok"/>
    <testcase classname="tests.test_a" name="test_bad"><failure message="boom"/></testcase>
    <testcase classname="tests.test_a" name="test_later"><skipped message="no data"/></testcase>
    </testsuite></testsuites>"""
    status, lines = run(tmp_path, addons, [*all_started(), final_report()], junit, pytest_status=1)
    assert status == 1
    assert "  pytest:tests.test_a.test_later: no data" in lines
    assert "pytest (tests/): 3 run, 1 failed, 0 error(s), 1 skipped; exit status 1" in lines
    assert lines[-1] == "7 passed, 2 failed"


def test_pytest_collected_nothing(tmp_path, addons):
    status, lines = run(tmp_path, addons, [*all_started(), final_report()], "", pytest_status=5)
    assert status == 1
    assert "FAILED: pytest collected no test in tests/ (status 5)" in lines


def test_colours_are_ignored(tmp_path, addons):
    coloured = [s.replace(" INFO ", " \x1b[1;32m\x1b[1;49mINFO\x1b[0m ") for s in all_started()]
    status, lines = run(tmp_path, addons, [*coloured, final_report()])
    assert status == 0, lines


def test_narrowed_tags(tmp_path, addons):
    log = [starting("alpha", "TestOne.test_a"), final_report(run=1)]
    status, lines = run(tmp_path, addons, log, tags="/alpha:TestOne.test_a")
    assert status == 0, lines
    assert "  alpha: 1 run, 1 defined and selected" in lines
    assert not any(s.startswith("  beta:") for s in lines)


def test_tags_select_like_odoo(addons):
    def count(tags):
        expected, problems = report.expected_tests(addons, ["beta"], tags)
        assert problems == []
        return {module: len(tests) for module, tests in expected.items()}

    assert count("/alpha,/beta") == {"alpha": 3, "beta": 3}
    assert count("/beta") == {"beta": 3}  # alpha is installed, not selected
    assert count("/alpha,-/alpha:TestOne") == {"alpha": 1}
    assert count("manual") == {"alpha": 1}
    assert count("/alpha/tests/test_one.py") == {"alpha": 3}
    assert count("at_install") == {"alpha": 2}  # TestManual keeps the default at_install


def test_a_test_file_not_imported(tmp_path, addons):
    (addons / "alpha/tests/test_forgotten.py").write_text("", encoding="utf-8")
    status, lines = run(tmp_path, addons, [*all_started(), final_report()])
    assert status == 1
    assert (
        "FAILED: addons/alpha/tests/test_forgotten.py is not imported by "
        "alpha/tests/__init__.py: Odoo never runs its tests"
    ) in lines
