#!/bin/bash
# Entry point of the db-replica service (official postgres image). On its first start (an
# empty data volume) it clones the primary with pg_basebackup -R, which writes
# standby.signal and primary_conninfo, through the replication slot $CHIKAYA_REPLICATION_SLOT
# (so the primary keeps the WAL the replica has not received yet); then it hands over to
# the image's own entrypoint, which starts PostgreSQL as a hot standby. To rebuild the
# replica from scratch: stop it, remove its volume, start it again (docker/README.md).
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
: "${CHIKAYA_PRIMARY_HOST:=db}"
: "${CHIKAYA_REPLICATION_SLOT:=chikaya_replica}"
: "${CHIKAYA_REPLICATION_PASSWORD:?set REPLICATION_PASSWORD in .env}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    export PGPASSWORD="$CHIKAYA_REPLICATION_PASSWORD"
    until pg_isready -q -h "$CHIKAYA_PRIMARY_HOST" -U replicator -d postgres; do
        echo "replica: waiting for the primary $CHIKAYA_PRIMARY_HOST" >&2
        sleep 2
    done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    slot_exists="$(psql -h "$CHIKAYA_PRIMARY_HOST" -U replicator -d postgres -Atq \
        -c "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$CHIKAYA_REPLICATION_SLOT'")"
    create_slot=(--create-slot)
    [ "$slot_exists" = 1 ] && create_slot=()
    echo "replica: pg_basebackup from $CHIKAYA_PRIMARY_HOST, slot $CHIKAYA_REPLICATION_SLOT" >&2
    gosu postgres pg_basebackup -h "$CHIKAYA_PRIMARY_HOST" -U replicator -D "$PGDATA" \
        -R -X stream -S "$CHIKAYA_REPLICATION_SLOT" "${create_slot[@]}" --checkpoint=fast
    unset PGPASSWORD
fi

exec docker-entrypoint.sh "$@"
