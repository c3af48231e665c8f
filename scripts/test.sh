#!/usr/bin/env bash
# `make test`: every test of the modules in $CHIKAYA_MODULES, on a throw-away database.
#
#   a. Odoo's own runner: installs $CHIKAYA_MODULES (no demo data, fr_FR and ar_001 loaded) in a
#      new database and runs the tests selected by /<module> (the module's standard tests,
#      at_install and post_install, HttpCase and tours included). Its log is scanned for the final test report and for ERROR/CRITICAL
#      lines: any such line fails the run, even when no test failed (e.g. a broken view).
#   b. pytest (pytest-odoo) on tests/, against that same database.
#   c. A summary. The very last line of output is always "N passed, N failed".
#
# The exit status is non-zero if a test failed, if Odoo or pytest exited non-zero, if Odoo
# logged an ERROR/CRITICAL line, or if no test ran at all. The database and its filestore are
# dropped on exit; the logs are kept (their folder is printed) only when the run failed.
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
error_lines="$work/odoo-error-lines.log"
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
# --log-level=info: the final report is logged at INFO when everything passed.
echo "[test] Odoo test runner: database $db, modules $CHIKAYA_MODULES, tags $tags" >&2
"$CHIKAYA_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CHIKAYA_CONF" -d "$db" --db-filter="^$db\$" \
    -i "$CHIKAYA_MODULES" --without-demo=True --load-language=fr_FR,ar_001 \
    --test-enable --test-tags "$tags" --stop-after-init \
    --http-port "$CHIKAYA_TEST_HTTP_PORT" --workers=0 --max-cron-threads=0 --log-level=info \
    2>&1 | tee "$odoo_log"
odoo_rc=${PIPESTATUS[0]}

# The last "<f> failed, <e> error(s) of <n> tests when loading database '<db>'" line (logged by
# odoo/service/server.py ThreadedServer.run from registry._assertion_report, which accumulates
# the at_install and post_install results, see odoo/tests/result.py OdooTestResult.__str__),
# the skipped tests ("skipped <test> : <reason>", INFO, logged by the test's own module logger),
# and every ERROR/CRITICAL line (Odoo's log format: "<date> <time>,<ms> <pid> <LEVEL> <db> <logger>: <message>").
read -r odoo_found odoo_failures odoo_errors odoo_run odoo_skipped < <(
    "$CHIKAYA_VENV/bin/python" - "$odoo_log" "$db" "$error_lines" <<'PY'
import re, sys
log_path, db, errors_path = sys.argv[1:4]
ansi = re.compile(r'\x1b\[[0-9;]*m')
head = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[^\s:]+): (?P<msg>.*)$')
report = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database '(.*)'")
found, stats, skipped, errors = 0, (0, 0, 0), 0, []
with open(log_path, encoding='utf-8', errors='replace') as f:
    for line in f:
        line = ansi.sub('', line.rstrip('\n'))
        m = head.match(line)
        if not m:
            continue
        level, logger, msg = m['level'], m['logger'], m['msg']
        if level in ('ERROR', 'CRITICAL'):
            errors.append(line)
        r = report.search(msg) if logger == 'odoo.tests.result' else None
        if r and r[4] == db:
            found, stats = 1, (int(r[1]), int(r[2]), int(r[3]))
        if level == 'INFO' and logger.startswith('odoo.addons.') and '.tests' in logger and msg.startswith('skipped '):
            skipped += 1
with open(errors_path, 'w', encoding='utf-8') as f:
    f.writelines(e + '\n' for e in errors)
print(found, *stats, skipped)
PY
)
odoo_found="${odoo_found:-0}" odoo_failures="${odoo_failures:-0}" odoo_errors="${odoo_errors:-0}"
odoo_run="${odoo_run:-0}" odoo_skipped="${odoo_skipped:-0}"
error_count=$(wc -l <"$error_lines" 2>/dev/null || echo 0)

# --- b. pytest-odoo on tests/ ----------------------------------------------------------------
# Odoo is not installed in the venv: PYTHONPATH makes `import odoo` work. Exit status 5 (no
# test collected) counts as a failure below, like any non-zero status.
echo "[test] pytest $CHIKAYA_PYTEST_PATH on database $db" >&2
(
    cd "$here" &&
    PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$CHIKAYA_VENV/bin/pytest" "$CHIKAYA_PYTEST_PATH" \
        --odoo-database="$db" --odoo-config="$CHIKAYA_CONF" --odoo-log-level=warn \
        -p no:cacheprovider -q --junitxml="$junit"
)
py_rc=$?
read -r py_tests py_failures py_errors py_skipped < <(
    "$CHIKAYA_VENV/bin/python" - "$junit" <<'PY'
import sys, xml.etree.ElementTree as ET
totals = [0, 0, 0, 0]
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    root = None
if root is not None:
    suites = [root] if root.tag == 'testsuite' else root.iter('testsuite')
    for suite in suites:
        for i, key in enumerate(('tests', 'failures', 'errors', 'skipped')):
            totals[i] += int(suite.get(key, 0))
print(*totals)
PY
)
py_tests="${py_tests:-0}" py_failures="${py_failures:-0}" py_errors="${py_errors:-0}" py_skipped="${py_skipped:-0}"

# --- c. Summary ------------------------------------------------------------------------------
problems=()
odoo_bad=$((odoo_failures + odoo_errors))
odoo_passed=$((odoo_run - odoo_bad - odoo_skipped)); [ "$odoo_passed" -ge 0 ] || odoo_passed=0
if [ "$odoo_found" != 1 ]; then
    problems+=("Odoo logged no final test report (did the modules install?)")
    [ "$odoo_bad" -gt 0 ] || odoo_bad=1
fi
if [ "$odoo_rc" != 0 ]; then
    problems+=("Odoo exited with status $odoo_rc")
    [ "$odoo_bad" -gt 0 ] || odoo_bad=1
fi
py_bad=$((py_failures + py_errors))
py_passed=$((py_tests - py_bad - py_skipped)); [ "$py_passed" -ge 0 ] || py_passed=0
if [ "$py_rc" != 0 ]; then
    case "$py_rc" in
        5) problems+=("pytest collected no test in $CHIKAYA_PYTEST_PATH (status 5)") ;;
        *) problems+=("pytest exited with status $py_rc") ;;
    esac
    [ "$py_bad" -gt 0 ] || py_bad=1
fi
[ "$error_count" -eq 0 ] || problems+=("Odoo logged $error_count ERROR/CRITICAL line(s), listed above")
[ $((odoo_run + py_tests)) -gt 0 ] || problems+=("no test ran at all")
[ "$odoo_found" != 1 ] || [ "$odoo_run" -gt 0 ] || problems+=("Odoo's runner ran 0 tests for $tags")

passed=$((odoo_passed + py_passed))
failed=$((odoo_bad + py_bad))
[ "$failed" -eq 0 ] && [ "${#problems[@]}" -eq 0 ] && status=0

echo
echo "==================== Chikaya test summary ===================="
if [ "$error_count" -gt 0 ]; then
    echo "ERROR/CRITICAL lines in the Odoo log (full log: $odoo_log):"
    sed 's/^/  /' "$error_lines"
    echo
fi
printf 'Odoo runner (%s): %d run, %d failed, %d error(s), %d skipped; exit status %d\n' \
    "$tags" "$odoo_run" "$odoo_failures" "$odoo_errors" "$odoo_skipped" "$odoo_rc"
printf 'pytest (%s): %d run, %d failed, %d error(s), %d skipped; exit status %d\n' \
    "$CHIKAYA_PYTEST_PATH" "$py_tests" "$py_failures" "$py_errors" "$py_skipped" "$py_rc"
for p in "${problems[@]}"; do
    echo "FAILED: $p"
done
if [ "$status" = 0 ]; then
    echo "OK"
else
    echo "Logs kept in $work"
fi
echo "$passed passed, $failed failed"
exit "$status"
