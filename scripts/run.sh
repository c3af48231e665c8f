#!/usr/bin/env bash
# `make run`: the development server on the demo database $CHIKAYA_DB.
#
#   - runs scripts/setup.sh (idempotent, quick once everything is there);
#   - creates $CHIKAYA_DB with the modules of $CHIKAYA_MODULES, demo data, French and Arabic
#     if it does not exist yet;
#   - otherwise installs the modules of $CHIKAYA_MODULES that are missing from it, and upgrades
#     the others when anything under addons/ changed since the last run (hash stamp kept in
#     $CHIKAYA_CACHE);
#   - prints the URL and the demo logins, then runs Odoo in the foreground (Ctrl-C stops it).
set -euo pipefail

# The demo logins (created by the modules' demo data): login, password, who.
DEMO_LOGINS=(
    "admin      admin       administrator"
    "handler    handler     handler of the commune of Rabat"
    "handler2   handler2    handler of the commune of Salé"
    "supervisor supervisor  supervisor of the region Rabat-Salé-Kénitra"
    "manager    manager     manager (reads every complaint)"
    "citizen    citizen     citizen (portal user)"
)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"

log() { printf '[run] %s\n' "$*" >&2; }
die() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }

bash "$here/scripts/setup.sh"

odoo() { "$CHIKAYA_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CHIKAYA_CONF" "$@"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }   # host, port, user, password: PG* from env.sh

# What the database was last built from: the module list and every file under addons/.
addons_hash() {
    {
        printf 'modules=%s\n' "$CHIKAYA_MODULES"
        (cd "$here" && find addons -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
            | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    } | sha256sum | cut -d' ' -f1
}
stamp="$CHIKAYA_CACHE/run-$CHIKAYA_DB.sha256"
want="$(addons_hash)"

db_exists="$(sql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$CHIKAYA_DB'")"
if [ "$db_exists" != 1 ]; then
    log "creating the database $CHIKAYA_DB with $CHIKAYA_MODULES and demo data (a minute or two)"
    rm -f "$stamp"
    odoo -d "$CHIKAYA_DB" -i "$CHIKAYA_MODULES" --with-demo --load-language=fr_FR,ar_001 \
        --stop-after-init || die "could not create $CHIKAYA_DB: see the log above. Fix the cause, then run again."
    echo "$want" >"$stamp"
else
    # Modules of $CHIKAYA_MODULES not installed yet (e.g. one just added in env.sh): -u would skip them.
    sql -d "$CHIKAYA_DB" -c "SELECT 1 FROM ir_module_module LIMIT 1" >/dev/null 2>&1 \
        || die "database $CHIKAYA_DB exists but is not an Odoo database; drop it or set CHIKAYA_DB."
    installed="$(sql -d "$CHIKAYA_DB" -c "SELECT name FROM ir_module_module WHERE state = 'installed'")"
    missing=() present=()
    IFS=, read -r -a modules <<<"$CHIKAYA_MODULES"
    for m in "${modules[@]}"; do
        if grep -qxF "$m" <<<"$installed"; then present+=("$m"); else missing+=("$m"); fi
    done
    if [ "${#missing[@]}" -gt 0 ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        args=()
        if [ "${#missing[@]}" -gt 0 ]; then
            args+=(-i "$(IFS=,; echo "${missing[*]}")")
        fi
        if [ "${#present[@]}" -gt 0 ]; then
            args+=(-u "$(IFS=,; echo "${present[*]}")")
        fi
        log "updating $CHIKAYA_DB: ${args[*]}"
        odoo -d "$CHIKAYA_DB" "${args[@]}" --stop-after-init \
            || die "could not update $CHIKAYA_DB: see the log above. Fix the cause, then run again."
        echo "$want" >"$stamp"
    else
        log "$CHIKAYA_DB is up to date with addons/"
    fi
fi

cat <<MSG

  Chikaya is starting on  http://localhost:$CHIKAYA_HTTP_PORT   (database $CHIKAYA_DB; Ctrl-C stops it)

  Demo logins:
    login       password    role
    ----------  ----------  ---------------------
MSG
for row in "${DEMO_LOGINS[@]}"; do
    read -r login password role <<<"$row"
    printf '    %-10s  %-10s  %s\n' "$login" "$password" "$role"
done
echo

# (the port on the command line too: two servers started from one clone share its config file)
exec "$CHIKAYA_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CHIKAYA_CONF" -d "$CHIKAYA_DB" --db-filter="^$CHIKAYA_DB\$" \
    --http-port "$CHIKAYA_HTTP_PORT"
