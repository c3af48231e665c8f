#!/usr/bin/env bash
# The pieces `make load` (bench/load/run_load.py) runs around Odoo, reusing
# scripts/topology.sh (its Debian packages, its nginx site from
# config/nginx/chikaya.conf.template, its way of making a PostgreSQL cluster), on other ports:
#
#   PostgreSQL  a PRIVATE cluster <ver>/chikaya_load on 127.0.0.1:$CHIKAYA_LOAD_PG_PORT (18150):
#               the fault run restarts it, which must not touch the development cluster
#               (5432) where other people's test databases live
#   nginx       https://127.0.0.1:$CHIKAYA_LOAD_HTTPS_PORT (18143), both upstream servers of
#               the site pointing at the one Odoo server of the load test
#               ($CHIKAYA_LOAD_ODOO_PORT, its gevent port $CHIKAYA_LOAD_GEVENT_PORT)
#
#   load.sh packages        nginx, openssl, envsubst, PostgreSQL from Debian (topology.sh's step)
#   load.sh pg-start        create the cluster and the role chikaya once, start it (idempotent)
#   load.sh pg-restart      restart it (the fault run: `pg_ctlcluster restart -m fast`)
#   load.sh pg-stop         stop it
#   load.sh nginx-start     write the site and start nginx (or reload it)
#   load.sh nginx-stop      stop nginx
#
# State (configuration, certificate, logs, pids): $CHIKAYA_LOAD_DIR, default
# ~/.cache/chikaya/load. Needs root on Debian, as topology.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/topology.sh
source "$here/scripts/topology.sh"

LOAD_DIR="${CHIKAYA_LOAD_DIR:-$CHIKAYA_CACHE/load}"
LOAD_CLUSTER=chikaya_load
LOAD_PG_PORT="${CHIKAYA_LOAD_PG_PORT:-18150}"
# topology.sh's functions read these: the same nginx site, the load test's ports and folder
# (assigned here, after sourcing; they are read by the functions called below)
# shellcheck disable=SC2034
{
    TOPO_DIR="$LOAD_DIR"
    TOPO_WEB1_PORT="${CHIKAYA_LOAD_ODOO_PORT:-18110}"
    TOPO_WEB2_PORT="$TOPO_WEB1_PORT"
    TOPO_WS1_PORT="${CHIKAYA_LOAD_GEVENT_PORT:-18111}"
    TOPO_WS2_PORT="$TOPO_WS1_PORT"
    TOPO_HTTP_PORT="${CHIKAYA_LOAD_HTTP_PORT:-18180}"
    TOPO_HTTPS_PORT="${CHIKAYA_LOAD_HTTPS_PORT:-18143}"
}

load_log() { printf '[load] %s\n' "$*" >&2; }

pg_start() {
    [ "$(id -u)" = 0 ] || die "run as root (pg_createcluster, runuser)"
    [ -n "$TOPO_PG_VERSION" ] || die "no PostgreSQL server installed (/usr/lib/postgresql)"
    if [ -z "$(cluster_status "$LOAD_CLUSTER")" ]; then
        load_log "creating PostgreSQL cluster $TOPO_PG_VERSION/$LOAD_CLUSTER on port $LOAD_PG_PORT"
        pg_createcluster --start-conf=manual --locale=C.UTF-8 -p "$LOAD_PG_PORT" \
            "$TOPO_PG_VERSION" "$LOAD_CLUSTER" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
        mkdir -p "/etc/postgresql/$TOPO_PG_VERSION/$LOAD_CLUSTER/conf.d"
        cat >"/etc/postgresql/$TOPO_PG_VERSION/$LOAD_CLUSTER/conf.d/chikaya-load.conf" <<CONF
# written by scripts/load.sh
listen_addresses = '127.0.0.1'
max_connections = 100
CONF
    fi
    start_cluster "$LOAD_CLUSTER" "$LOAD_PG_PORT"
    su_sql "$LOAD_PG_PORT" postgres "
        DO \$\$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TOPO_DB_USER') THEN
                CREATE ROLE \"$TOPO_DB_USER\" LOGIN CREATEDB PASSWORD '$TOPO_DB_PASSWORD';
            END IF;
        END \$\$;" >/dev/null
}

pg_restart() {
    load_log "restarting PostgreSQL $TOPO_PG_VERSION/$LOAD_CLUSTER"
    pg_ctlcluster "$TOPO_PG_VERSION" "$LOAD_CLUSTER" restart -m fast
    start_cluster "$LOAD_CLUSTER" "$LOAD_PG_PORT"
}

pg_stop() {
    if [[ "$(cluster_status "$LOAD_CLUSTER")" == online* ]]; then
        load_log "stopping PostgreSQL $TOPO_PG_VERSION/$LOAD_CLUSTER"
        pg_ctlcluster "$TOPO_PG_VERSION" "$LOAD_CLUSTER" stop -m fast
    fi
}

main() {
    case "${1:-}" in
        packages) step_topology_packages ;;
        pg-start) pg_start ;;
        pg-restart) pg_restart ;;
        pg-stop) pg_stop ;;
        nginx-start) mkdir -p "$LOAD_DIR/pids" "$LOAD_DIR/logs"; write_nginx; start_nginx ;;
        nginx-stop) stop_nginx ;;
        *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
}

main "$@"
