#!/usr/bin/env bash
# `make test`: every test of the modules in $CHIKAYA_MODULES, on a throw-away database.
#
#   a. Odoo's own runner: installs $CHIKAYA_MODULES (no demo data, fr_FR and ar_001 loaded) in a
#      new database and runs the tests selected by /<module> (the module's standard tests,
#      at_install and post_install, HttpCase and tours included).
#   b. pytest (pytest-odoo) on tests/, against that same database.
#   c. The verdict and the summary, by scripts/odoo_test_report.py (its docstring has the rules):
#      it reads Odoo's log (final report, ERROR/CRITICAL lines, skipped tests, tests started per
#      module) and pytest's JUnit XML. The very last line of output is always "N passed, N failed".
#
# The exit status is non-zero if a test failed, if Odoo or pytest exited non-zero, if Odoo
# logged an ERROR/CRITICAL line (e.g. a broken view, even when no test failed), if a test was
# skipped (Odoo skips the browser tests when Chromium is missing or its devtools connection is
# lost; the few allowed skips are named in the script), if a module ran fewer tests than it
# defines, or if no test ran at all. The database and its filestore are dropped on exit; the
# logs are kept (their folder is printed) only when the run failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"

# HTTP port of the test server (HttpCase, tours); the development server keeps its own.
CHIKAYA_TEST_HTTP_PORT="${CHIKAYA_TEST_HTTP_PORT:-8079}"
# What pytest collects (relative to the repo root).
CHIKAYA_PYTEST_PATH="${CHIKAYA_PYTEST_PATH:-tests/}"

bash "$here/scripts/setup.sh" || { echo "[test] scripts/setup.sh failed" >&2; exit 1; }

db="chikaya_test_$(date +%s)_$$"
work="$(mktemp -d "${TMPDIR:-/tmp}/chikaya-test.XXXXXX")"
odoo_log="$work/odoo-tests.log"
junit="$work/pytest.xml"
status=1

# shellcheck disable=SC2317  # (called by the EXIT trap)
cleanup() {
    {
        dropdb --if-exists --force "$db" || dropdb --if-exists "$db"
        rm -rf "${CHIKAYA_DATA_DIR:?}/filestore/$db"
        [ "$status" = 0 ] && rm -rf "$work"
    } >/dev/null 2>&1
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# /chikaya_complaints,/chikaya_portal,...: the 'standard' tests of those modules, at_install and
# post_install (a test tagged '-standard' is left out, as Odoo's tag selector does for /module).
# CHIKAYA_TEST_TAGS overrides the selection (Odoo's --test-tags syntax), e.g. while working on
# one test class: CHIKAYA_TEST_TAGS=/chikaya_portal:TestFiling make test
tags="${CHIKAYA_TEST_TAGS:-}"
if [ -z "$tags" ]; then
    IFS=, read -r -a modules <<<"$CHIKAYA_MODULES"
    for m in "${modules[@]}"; do
        tags+="${tags:+,}/$m"
    done
fi

# --- a. Odoo's test runner -------------------------------------------------------------------
# --without-demo=True: the dev config (config/odoo.conf.template) says without_demo = False,
# which would put demo data in every new database; the tests must not depend on it.
# --log-level=info: the final report is logged at INFO when everything passed, and so are the
# "Starting <test>" and "skipped <test>" lines the summary counts per module.
echo "[test] Odoo test runner: database $db, modules $CHIKAYA_MODULES, tags $tags" >&2
"$CHIKAYA_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CHIKAYA_CONF" -d "$db" --db-filter="^$db\$" \
    -i "$CHIKAYA_MODULES" --without-demo=True --load-language=fr_FR,ar_001 \
    --test-enable --test-tags "$tags" --stop-after-init \
    --http-port "$CHIKAYA_TEST_HTTP_PORT" --workers=0 --max-cron-threads=0 --log-level=info \
    2>&1 | tee "$odoo_log"
odoo_rc=${PIPESTATUS[0]}

# --- b. pytest-odoo on tests/ ----------------------------------------------------------------
# Odoo is not installed in the venv: PYTHONPATH makes `import odoo` work. Exit status 5 (no
# test collected) fails the run, like any non-zero status.
echo "[test] pytest $CHIKAYA_PYTEST_PATH on database $db" >&2
(
    cd "$here" &&
    PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$CHIKAYA_VENV/bin/pytest" "$CHIKAYA_PYTEST_PATH" \
        --odoo-database="$db" --odoo-config="$CHIKAYA_CONF" --odoo-log-level=warn \
        -p no:cacheprovider -q --junitxml="$junit"
)
py_rc=$?

# --- c. Verdict and summary ------------------------------------------------------------------
"$CHIKAYA_VENV/bin/python" "$here/scripts/odoo_test_report.py" \
    --odoo-log "$odoo_log" --database "$db" --odoo-status "$odoo_rc" \
    --tags "$tags" --modules "$CHIKAYA_MODULES" --addons "$here/addons" \
    --junit "$junit" --pytest-status "$py_rc" --pytest-path "$CHIKAYA_PYTEST_PATH" \
    --logs-dir "$work"
status=$?
if [ "$status" != 0 ] && [ "$status" != 1 ]; then
    # The report itself broke (a traceback above): the run fails, and still ends as promised.
    echo "FAILED: scripts/odoo_test_report.py exited with status $status"
    echo "Logs kept in $work"
    echo "0 passed, 1 failed"
fi
exit "$status"
