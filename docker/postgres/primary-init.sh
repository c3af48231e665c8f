#!/bin/bash
# PostgreSQL primary, first start only (mounted in /docker-entrypoint-initdb.d/ of the
# official postgres image, which runs it once, as postgres, on an empty data volume): the
# role the replica streams with, and its line in pg_hba.conf.
set -euo pipefail
: "${CHIKAYA_REPLICATION_PASSWORD:?set REPLICATION_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v password="$CHIKAYA_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH LOGIN REPLICATION PASSWORD :'password';
SQL
# (the image's own last line, "host all all all scram-sha-256", does not cover replication)
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
