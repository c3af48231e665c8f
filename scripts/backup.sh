#!/usr/bin/env bash
# Chikaya: back up one Odoo database and its filestore, or restore such a backup into a NEW
# database. The same script serves the Docker deployment (`docker compose run --rm backup
# ...`, docker/README.md), a bare host, and the local topology (scripts/topology.sh backup /
# restore, checked by `make topology-test`).
#
#   backup.sh backup  [-c ODOO_CONF] [-d DB] [-D DATA_DIR] [-o OUT_ROOT]
#   backup.sh restore [-c ODOO_CONF] [-D DATA_DIR] -d NEW_DB BACKUP_FOLDER
#
# A backup is one folder, OUT_ROOT/<db>-<UTC time>/, holding
#   database.dump      pg_dump -Fc (custom format: compressed, restorable table by table)
#   filestore.tar.gz   the database's filestore, DATA_DIR/filestore/<db>/ (the attachments)
#   SHA256SUMS, INFO   checksums (verified before a restore) and what was saved, from where
# The database is dumped FIRST, then the filestore archived: Odoo writes an attachment's file
# before committing its row and deletes files only after their row is gone, so every
# attachment of the dump has its file in the archive (the archive may hold a few newer files,
# which are harmless).
#
# Restoring never overwrites: it creates NEW_DB (which must not exist) and its filestore. To
# put it in service, point the nodes at it (db_name / CHIKAYA_DB_NAME) and restart them. A
# COPY kept for tests or training must be neutralized first (no emails, no scheduled jobs
# acting on the real world): odoo-bin neutralize -d NEW_DB.
#
# Connection: the options of ODOO_CONF (db_host, db_port, db_user, db_password, db_name,
# data_dir) when given, else libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD); -d and
# -D override both. pg_dump/pg_restore should be of the server's major version (in Docker,
# the `backup` service runs them from the postgres:15 image).
set -euo pipefail

log() { printf '[backup] %s\n' "$*" >&2; }
die() { printf '[backup] ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

conf_value() {  # conf_value FILE KEY: the value of `KEY = value` in [options], or nothing
    awk -v key="$2" '
        /^[[:space:]]*\[/ { in_options = ($0 ~ /^[[:space:]]*\[options\]/) }
        in_options && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
            sub("^[[:space:]]*" key "[[:space:]]*=[[:space:]]*", ""); sub(/[[:space:]]+$/, ""); print; exit
        }' "$1"
}

cmd="${1:-}"; shift || true
[ "$cmd" = backup ] || [ "$cmd" = restore ] || usage
conf="" db="" data_dir="" out_root="${CHIKAYA_BACKUP_DIR:-./backups}"
while getopts "c:d:D:o:h" opt; do
    case "$opt" in
        c) conf="$OPTARG" ;;
        d) db="$OPTARG" ;;
        D) data_dir="$OPTARG" ;;
        o) out_root="$OPTARG" ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))

if [ -n "$conf" ]; then
    [ -r "$conf" ] || die "cannot read $conf"
    for pair in PGHOST:db_host PGPORT:db_port PGUSER:db_user PGPASSWORD:db_password; do
        value="$(conf_value "$conf" "${pair#*:}")"
        if [ -n "$value" ] && [ "$value" != False ]; then export "${pair%%:*}=$value"; fi
    done
    if [ -z "$db" ] && [ "$cmd" = backup ]; then db="$(conf_value "$conf" db_name)"; fi
    [ -n "$data_dir" ] || data_dir="$(conf_value "$conf" data_dir)"
fi
[ -n "$db" ] || die "which database? (-d, or db_name in the Odoo configuration given with -c)"
[ -n "$data_dir" ] || die "which data directory? (-D, or data_dir in the Odoo configuration given with -c)"
case "$db" in *[!A-Za-z0-9_.-]*) die "unexpected database name: $db" ;; esac

case "$cmd" in
backup)
    filestore="$data_dir/filestore/$db"
    [ -d "$filestore" ] || die "no filestore at $filestore"
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    out="$out_root/$db-$stamp"
    mkdir -p "$out"
    log "dumping database $db (pg_dump -Fc) into $out/"
    pg_dump -Fc -d "$db" -f "$out/database.dump.part"
    mv "$out/database.dump.part" "$out/database.dump"
    log "archiving $filestore"
    tar -C "$filestore" -czf "$out/filestore.tar.gz.part" .
    mv "$out/filestore.tar.gz.part" "$out/filestore.tar.gz"
    {
        echo "database=$db"
        echo "date_utc=$stamp"
        echo "server_version=$(psql -X -Atq -d "$db" -c 'SHOW server_version')"
        echo "pg_dump=$(pg_dump --version)"
        echo "filestore_files=$(tar -tzf "$out/filestore.tar.gz" | grep -cv '/$' || true)"
    } >"$out/INFO"
    (cd "$out" && sha256sum database.dump filestore.tar.gz >SHA256SUMS)
    log "done: $(du -sh "$out" | cut -f1) in $out"
    echo "$out"
    ;;
restore)
    src="${1:-}"
    [ -n "$src" ] && [ -d "$src" ] || die "give the backup folder to restore (the one 'backup' printed)"
    [ -f "$src/database.dump" ] && [ -f "$src/filestore.tar.gz" ] || die "$src holds no database.dump and filestore.tar.gz"
    (cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "checksums of $src do not match: the backup is damaged"
    exists="$(psql -X -Atq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")"
    [ "$exists" != 1 ] || die "database $db exists already: restore into a new name"
    target="$data_dir/filestore/$db"
    [ ! -e "$target" ] || die "$target exists already: restore into a new name (or remove it)"
    log "creating database $db"
    createdb -E UTF8 -T template0 --lc-collate=C "$db"
    log "restoring $src/database.dump into $db"
    if ! pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
        -d "$db" "$src/database.dump"; then
        dropdb --if-exists "$db" || true
        die "pg_restore failed: nothing was kept"
    fi
    log "restoring the filestore into $target"
    mkdir -p "$target.part"
    tar -C "$target.part" -xzf "$src/filestore.tar.gz"
    if [ "$(id -u)" = 0 ]; then
        # the Odoo processes must be able to add files: same owner as the data directory
        chown -R --reference="$data_dir" "$target.part"
    fi
    mv "$target.part" "$target"
    log "done: database $db and $target"
    ;;
esac
