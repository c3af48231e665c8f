#!/usr/bin/env bash
# `make lint`: every check, each reported, the run failing if any failed.
#
#   ruff check, ruff format --check   addons/ tests/ bench/ scripts/, rules in ruff.toml
#   pylint with pylint-odoo           every module of addons/, checks in .pylintrc (OCA's
#                                     mandatory set for Odoo 19.0)
#   bash -n, shellcheck               scripts/*.sh and .ci/run (env.sh through the scripts that
#                                     source it)
#
# The tools are pinned in requirements-dev.txt; scripts/setup.sh installs them into the venv
# (only its `odoo` and `venv` steps run here: linting needs no database or browser).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"
bash "$here/scripts/setup.sh" odoo venv || { echo "[lint] scripts/setup.sh failed" >&2; exit 1; }
cd "$here" || exit 1
bin="$CHIKAYA_VENV/bin"

failed=()
check() {  # check NAME COMMAND...: run COMMAND, remember NAME when it fails
    local name="$1"
    shift
    echo "[lint] $*" >&2
    "$@" || failed+=("$name")
}

python_paths=(addons tests bench scripts)
modules=()
for manifest in addons/*/__manifest__.py; do
    modules+=("$(dirname "$manifest")")
done
shell_scripts=()
for f in scripts/*.sh .ci/run; do
    [ "$f" = scripts/env.sh ] || shell_scripts+=("$f")
done

check "ruff check" "$bin/ruff" check "${python_paths[@]}"
check "ruff format" "$bin/ruff" format --check "${python_paths[@]}"
check "pylint" "$bin/pylint" --rcfile=.pylintrc "${modules[@]}"
for f in scripts/*.sh .ci/run; do
    bash -n "$f" || failed+=("bash -n $f")
done
check "shellcheck" "$bin/shellcheck" -x -S warning "${shell_scripts[@]}"

if [ "${#failed[@]}" -gt 0 ]; then
    printf '[lint] FAILED: %s\n' "${failed[@]}" >&2
    echo "[lint] (ruff format ${python_paths[*]} rewrites the files ruff format --check lists)" >&2
    exit 1
fi
echo "[lint] OK" >&2
