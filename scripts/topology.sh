#!/usr/bin/env bash
# Chikaya's production topology on this machine, without Docker (`make topology`,
# `make topology-stop`, `make topology-test`): the same pieces as docker/docker-compose.yml,
# from Debian's packages and the project's venv, on loopback ports.
#
#   PostgreSQL  cluster <ver>/topo_primary on 127.0.0.1:15433, and <ver>/topo_replica on
#               127.0.0.1:15434: a streaming replica of the first (pg_basebackup -R, through
#               the replication slot chikaya_topo_replica), serving read-only routes
#   Odoo        web1 (HTTP 18069, /websocket 18072) and web2 (18070, 18073): multi-process,
#               no cron; cron: the scheduled jobs only, no HTTP. All three from one
#               template (config/odoo.node.conf.template), one database ($CHIKAYA_TOPOLOGY_DB,
#               default chikaya_topo) and ONE data directory (filestore and sessions)
#   nginx       https://127.0.0.1:18443 (self-signed certificate), http://127.0.0.1:18080
#               redirecting there; the site is config/nginx/chikaya.conf.template, the very
#               file the compose renders
#
#   topology.sh start     set up what is missing, start what is not running (idempotent)
#   topology.sh stop      stop what `start` started, by the process ids it recorded
#   topology.sh status    what runs
#   topology.sh test      start, run scripts/topology_test.py, then stop what it started
#   topology.sh backup    scripts/backup.sh on the topology's database (prints the folder)
#   topology.sh restore NEW_DB FOLDER    restore such a backup into a new database
#   topology.sh destroy   stop, then delete both clusters and the state folder
#   topology.sh start-node web1|web2|cron   (re)start one Odoo node
#   topology.sh packages  install what it needs from Debian (nginx, openssl, envsubst)
#
# State (process ids, configurations, logs, certificate, data directory, backups):
# $CHIKAYA_TOPOLOGY_DIR, default ~/.cache/chikaya/topology. The modules come from this
# clone's addons/ ($CHIKAYA_TOPOLOGY_ADDONS to use another folder). The database is created
# once with the modules, without demo data (a deployment never has any; the test files its
# own complaints), French and Arabic, and upgraded when addons/ changes. Needs root on
# Debian (pg_createcluster, apt-get); the dev cluster on 5432 is never touched.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"

TOPO_DIR="${CHIKAYA_TOPOLOGY_DIR:-$CHIKAYA_CACHE/topology}"
TOPO_DB="${CHIKAYA_TOPOLOGY_DB:-chikaya_topo}"
TOPO_ADDONS="${CHIKAYA_TOPOLOGY_ADDONS:-$here/addons}"
TOPO_PG_VERSION="${CHIKAYA_TOPOLOGY_PG_VERSION:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)}"
TOPO_PRIMARY=topo_primary
TOPO_REPLICA=topo_replica
TOPO_PRIMARY_PORT="${CHIKAYA_TOPOLOGY_PRIMARY_PORT:-15433}"
TOPO_REPLICA_PORT="${CHIKAYA_TOPOLOGY_REPLICA_PORT:-15434}"
TOPO_SLOT=chikaya_topo_replica
TOPO_DB_USER=chikaya
TOPO_DB_PASSWORD=chikaya
TOPO_REPL_USER=chikaya_replicator
# what make topology-test observes with: pg_monitor (pg_stat_replication, pg_stat_activity,
# pg_stat_statements of every role), plus Odoo's role for the data (set-up of the cron check)
TOPO_MONITOR_USER=chikaya_monitor
TOPO_MONITOR_PASSWORD=chikaya_monitor
TOPO_WEB1_PORT=18069
TOPO_WEB2_PORT=18070
TOPO_WS1_PORT=18072
TOPO_WS2_PORT=18073
TOPO_HTTP_PORT="${CHIKAYA_TOPOLOGY_HTTP_PORT:-18080}"
TOPO_HTTPS_PORT="${CHIKAYA_TOPOLOGY_HTTPS_PORT:-18443}"
TOPO_WEB_WORKERS="${CHIKAYA_TOPOLOGY_WORKERS:-2}"
TOPO_NODES=(web1 web2 cron)

log() { printf '[topology] %s\n' "$*" >&2; }
die() { printf '[topology] ERROR: %s\n' "$*" >&2; exit 1; }

# Odoo 19 reads these from the environment BEFORE its configuration file (PGHOST=... would
# win over db_host), and env.sh exports the dev cluster's: every node and tool of the
# topology runs without them.
PG_ENV_UNSET=(-u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE -u PGAPPNAME
    -u PGHOST_REPLICA -u PGPORT_REPLICA -u PGSSLMODE -u ODOO_RC)
clean_env() { env "${PG_ENV_UNSET[@]}" "$@"; }
as_postgres() { (cd / && clean_env runuser -u postgres -- "$@"); }
# superuser SQL on a cluster, through its local socket (peer authentication)
su_sql() {  # su_sql PORT DB SQL
    as_postgres psql -X -Atq -v ON_ERROR_STOP=1 -p "$1" -d "$2" -c "$3"
}
# SQL as the application role, over TCP like Odoo
app_sql() {  # app_sql PORT DB SQL
    clean_env PGPASSWORD="$TOPO_DB_PASSWORD" psql -X -Atq -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$1" -U "$TOPO_DB_USER" -d "$2" -c "$3"
}

pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# --- Packages ------------------------------------------------------------------------------
# Idempotent; scripts/setup.sh may call it as a step (source this file: nothing runs then).
step_topology_packages() {
    local missing=()
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v openssl >/dev/null || missing+=(openssl)
    command -v envsubst >/dev/null || missing+=(gettext-base)
    command -v pg_createcluster >/dev/null || missing+=(postgresql)
    command -v runuser >/dev/null || missing+=(util-linux)
    [ "${#missing[@]}" -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
        || die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})"
    log "apt-get install ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
    # (Debian starts the system nginx on port 80 unless policy-rc.d forbids it; the topology
    # never uses that one)
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
}
NGINX_BIN="/usr/sbin/nginx"

# --- Templates -----------------------------------------------------------------------------
# render TEMPLATE OUT: envsubst with exactly the CHIKAYA_* variables the template names (as
# the nginx image does with NGINX_ENVSUBST_FILTER=CHIKAYA_, and docker/entrypoint.sh); each
# must be set, so a template and its callers cannot drift apart silently.
render() {
    local template="$1" out="$2" vars name list=""
    vars="$(grep -o '\${CHIKAYA_[A-Z0-9_]*}' "$template" | sort -u | tr -d '${}')"
    for name in $vars; do
        [ -n "${!name+x}" ] || die "render $template: $name is not set"
        list+="\${$name} "
    done
    mkdir -p "$(dirname "$out")"
    envsubst "$list" <"$template" >"$out.new"
    mv "$out.new" "$out"
}

# --- PostgreSQL ------------------------------------------------------------------------------
cluster_status() {  # cluster_status NAME -> online / down / online,recovery / (nothing)
    pg_lsclusters -h 2>/dev/null | awk -v v="$TOPO_PG_VERSION" -v n="$1" '$1==v && $2==n {print $4}'
}
cluster_pid() {
    local pidfile="/var/lib/postgresql/$TOPO_PG_VERSION/$1/postmaster.pid"
    [ -s "$pidfile" ] && head -1 "$pidfile"
}
cluster_conf() {  # the settings both clusters share (replication, statistics)
    local name="$1"
    mkdir -p "/etc/postgresql/$TOPO_PG_VERSION/$name/conf.d"
    cat >"/etc/postgresql/$TOPO_PG_VERSION/$name/conf.d/chikaya-topology.conf" <<CONF
# written by scripts/topology.sh
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
# a replica left stopped never fills the disk: past this, its slot is given up
max_slot_wal_keep_size = 1GB
hot_standby = on
hot_standby_feedback = on
# per-statement counts, to see which cluster served which query (make topology-test)
shared_preload_libraries = 'pg_stat_statements'
CONF
}
create_cluster() {  # create_cluster NAME PORT
    log "creating PostgreSQL cluster $TOPO_PG_VERSION/$1 on port $2"
    pg_createcluster --start-conf=manual --locale=C.UTF-8 -p "$2" "$TOPO_PG_VERSION" "$1" \
        -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    cluster_conf "$1"
}
start_cluster() {  # start_cluster NAME PORT
    local status
    status="$(cluster_status "$1")"
    if [[ "$status" != online* ]]; then
        log "starting PostgreSQL $TOPO_PG_VERSION/$1"
        pg_ctlcluster "$TOPO_PG_VERSION" "$1" start
    fi
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p "$2" && return 0
        sleep 1
    done
    die "PostgreSQL $TOPO_PG_VERSION/$1 does not answer on port $2: see /var/log/postgresql/postgresql-$TOPO_PG_VERSION-$1.log"
}

ensure_primary() {
    [ -n "$(cluster_status "$TOPO_PRIMARY")" ] || create_cluster "$TOPO_PRIMARY" "$TOPO_PRIMARY_PORT"
    start_cluster "$TOPO_PRIMARY" "$TOPO_PRIMARY_PORT"
    su_sql "$TOPO_PRIMARY_PORT" postgres "
        DO \$\$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TOPO_DB_USER') THEN
                CREATE ROLE \"$TOPO_DB_USER\" LOGIN CREATEDB PASSWORD '$TOPO_DB_PASSWORD';
            END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TOPO_MONITOR_USER') THEN
                CREATE ROLE \"$TOPO_MONITOR_USER\" LOGIN PASSWORD '$TOPO_MONITOR_PASSWORD'
                    IN ROLE pg_monitor, \"$TOPO_DB_USER\";
            END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TOPO_REPL_USER') THEN
                CREATE ROLE \"$TOPO_REPL_USER\" LOGIN REPLICATION PASSWORD '$(repl_password)';
            END IF;
        END \$\$;
        CREATE EXTENSION IF NOT EXISTS pg_stat_statements;" >/dev/null
}

repl_password() {
    local f="$TOPO_DIR/replication.password"
    if [ ! -s "$f" ]; then
        mkdir -p "$TOPO_DIR"
        (umask 077 && openssl rand -hex 16 >"$f")
    fi
    cat "$f"
}

replica_follows_primary() {  # same system identifier, in recovery, streaming from our slot
    local ids
    ids="$(su_sql "$TOPO_PRIMARY_PORT" postgres 'SELECT system_identifier FROM pg_control_system()')"
    [ "$ids" = "$(su_sql "$TOPO_REPLICA_PORT" postgres 'SELECT system_identifier FROM pg_control_system()' 2>/dev/null)" ] \
        && [ "$(su_sql "$TOPO_REPLICA_PORT" postgres 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]
}

build_replica() {
    log "building the replica $TOPO_PG_VERSION/$TOPO_REPLICA from the primary (pg_basebackup -R)"
    if [ -n "$(cluster_status "$TOPO_REPLICA")" ]; then
        pg_dropcluster --stop "$TOPO_PG_VERSION" "$TOPO_REPLICA"
    fi
    su_sql "$TOPO_PRIMARY_PORT" postgres "
        SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
         WHERE slot_name = '$TOPO_SLOT' AND NOT active" >/dev/null
    create_cluster "$TOPO_REPLICA" "$TOPO_REPLICA_PORT"
    local data="/var/lib/postgresql/$TOPO_PG_VERSION/$TOPO_REPLICA"
    find "$data" -mindepth 1 -delete
    # -R: standby.signal + primary_conninfo; -C -S: a slot, so the primary keeps the WAL the
    # replica has not received yet
    as_postgres env PGPASSWORD="$(repl_password)" pg_basebackup -h 127.0.0.1 -p "$TOPO_PRIMARY_PORT" \
        -U "$TOPO_REPL_USER" -D "$data" -R -X stream -C -S "$TOPO_SLOT" --checkpoint=fast
}

ensure_replica() {
    if [ -z "$(cluster_status "$TOPO_REPLICA")" ]; then
        build_replica
    fi
    start_cluster "$TOPO_REPLICA" "$TOPO_REPLICA_PORT"
    if ! replica_follows_primary; then
        log "the replica does not follow the current primary: building it again"
        build_replica
        start_cluster "$TOPO_REPLICA" "$TOPO_REPLICA_PORT"
    fi
    local state=""
    for _ in $(seq 1 30); do
        state="$(su_sql "$TOPO_PRIMARY_PORT" postgres "
            SELECT r.state FROM pg_stat_replication r
              JOIN pg_replication_slots s ON s.active_pid = r.pid
             WHERE s.slot_name = '$TOPO_SLOT'")"
        [ "$state" = streaming ] && return 0
        sleep 1
    done
    die "the replica is not streaming from the primary (state: ${state:-none}): see /var/log/postgresql/postgresql-$TOPO_PG_VERSION-$TOPO_REPLICA.log"
}

# --- Odoo ------------------------------------------------------------------------------------
admin_password() {
    local f="$TOPO_DIR/admin.password"
    if [ ! -s "$f" ]; then
        mkdir -p "$TOPO_DIR"
        (umask 077 && openssl rand -hex 16 >"$f")
    fi
    cat "$f"
}

write_node_confs() {
    mkdir -p "$TOPO_DIR/conf" "$TOPO_DIR/logs" "$TOPO_DIR/pids" "$TOPO_DIR/data"
    local node
    for node in "${TOPO_NODES[@]}"; do
        (
            export CHIKAYA_NODE="$node"
            export CHIKAYA_ADMIN_PASSWD
            CHIKAYA_ADMIN_PASSWD="$(admin_password)"
            export CHIKAYA_DB_NAME="$TOPO_DB"
            export CHIKAYA_DB_HOST=127.0.0.1 CHIKAYA_DB_PORT="$TOPO_PRIMARY_PORT"
            export CHIKAYA_DB_USER="$TOPO_DB_USER" CHIKAYA_DB_PASSWORD="$TOPO_DB_PASSWORD"
            export CHIKAYA_DB_REPLICA_HOST=127.0.0.1 CHIKAYA_DB_REPLICA_PORT="$TOPO_REPLICA_PORT"
            export CHIKAYA_HTTP_INTERFACE=127.0.0.1
            export CHIKAYA_DATA_DIR="$TOPO_DIR/data"
            export CHIKAYA_ADDONS_PATH="$ODOO_SRC/addons,$TOPO_ADDONS"
            export CHIKAYA_LOGFILE="$TOPO_DIR/logs/$node.log"
            case "$node" in
                web1) export CHIKAYA_HTTP_ENABLE=True CHIKAYA_HTTP_PORT=$TOPO_WEB1_PORT \
                          CHIKAYA_GEVENT_PORT=$TOPO_WS1_PORT CHIKAYA_WORKERS=$TOPO_WEB_WORKERS \
                          CHIKAYA_MAX_CRON_THREADS=0 ;;
                web2) export CHIKAYA_HTTP_ENABLE=True CHIKAYA_HTTP_PORT=$TOPO_WEB2_PORT \
                          CHIKAYA_GEVENT_PORT=$TOPO_WS2_PORT CHIKAYA_WORKERS=$TOPO_WEB_WORKERS \
                          CHIKAYA_MAX_CRON_THREADS=0 ;;
                # no HTTP: the ports are never opened (the template needs a value)
                cron) export CHIKAYA_HTTP_ENABLE=False CHIKAYA_HTTP_PORT=18071 \
                          CHIKAYA_GEVENT_PORT=18074 CHIKAYA_WORKERS=1 CHIKAYA_MAX_CRON_THREADS=1 ;;
            esac
            (umask 077 && render "$here/config/odoo.node.conf.template" "$TOPO_DIR/conf/$node.conf")
        )
    done
}

odoo_bin() { clean_env "$CHIKAYA_VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }

addons_hash() {
    {
        printf 'modules=%s\n' "$CHIKAYA_MODULES"
        (cd "$TOPO_ADDONS" && find . -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
            | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    } | sha256sum | cut -d' ' -f1
}

ensure_database() {
    local stamp="$TOPO_DIR/database.sha256" want exists
    want="$(addons_hash)"
    exists="$(su_sql "$TOPO_PRIMARY_PORT" postgres "SELECT 1 FROM pg_database WHERE datname = '$TOPO_DB'")"
    local args=()
    if [ "$exists" != 1 ]; then
        log "creating the database $TOPO_DB with $CHIKAYA_MODULES, French and Arabic, no demo data (a few minutes)"
        args=(-i "$CHIKAYA_MODULES" --without-demo=True "--load-language=fr_FR,ar_001")
        rm -f "$stamp"
    elif [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "addons changed: upgrading $CHIKAYA_MODULES in $TOPO_DB"
        args=(-u "$CHIKAYA_MODULES")
    else
        return 0
    fi
    # the web and cron nodes must not run old code against a database being upgraded
    stop_nodes
    if ! odoo_bin -c "$TOPO_DIR/conf/web1.conf" -d "$TOPO_DB" "${args[@]}" --stop-after-init \
        --no-http --workers=0 --max-cron-threads=0 --logfile="$TOPO_DIR/logs/install.log"; then
        tail -n 40 "$TOPO_DIR/logs/install.log" >&2
        die "could not install/upgrade $TOPO_DB: see $TOPO_DIR/logs/install.log"
    fi
    # Absolute links (emails, the tracking link) point at nginx, and stay so.
    app_sql "$TOPO_PRIMARY_PORT" "$TOPO_DB" "
        INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
        VALUES ('web.base.url', 'https://127.0.0.1:$TOPO_HTTPS_PORT', 1, 1, now(), now()),
               ('web.base.url.freeze', 'True', 1, 1, now(), now())
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = now()" >/dev/null
    echo "$want" >"$stamp"
}

node_running() { pid_alive "$TOPO_DIR/pids/$1.pid"; }

node_healthy() {
    case "$1" in
        web1) curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$TOPO_WEB1_PORT/web/health" 2>/dev/null ;;
        web2) curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$TOPO_WEB2_PORT/web/health" 2>/dev/null ;;
        # the cron worker keeps a connection open (LISTEN cron_trigger) under its node's name
        cron) [ "$(app_sql "$TOPO_PRIMARY_PORT" postgres \
                "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name LIKE 'chikaya-cron-%'" 2>/dev/null)" = t ] ;;
    esac
}

stop_group() {  # stop_group PIDFILE NAME: TERM the process group, then KILL after 30 s
    local pidfile="$1" name="$2" pid
    [ -s "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    # A node is started with setsid: its process group is its pid, and holds its workers
    # (even orphaned ones, after the master was killed).
    if kill -0 -- "-$pid" 2>/dev/null; then
        log "stopping $name (process group $pid)"
        kill -TERM -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do
            kill -0 -- "-$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

start_node() {
    local node="$1" pidfile="$TOPO_DIR/pids/$1.pid"
    if node_running "$node"; then
        return 0
    fi
    stop_group "$pidfile" "$node (leftovers)"
    log "starting Odoo node $node"
    # setsid: its own process group (see stop_group); stdout/stderr beside the log file
    # (clean_env: without env.sh's PG*, which Odoo would prefer to the file's db_port)
    setsid env "${PG_ENV_UNSET[@]}" "$CHIKAYA_VENV/bin/python" "$ODOO_SRC/odoo-bin" \
        -c "$TOPO_DIR/conf/$node.conf" >>"$TOPO_DIR/logs/$node.out" 2>&1 </dev/null &
    echo $! >"$pidfile"
    disown  # (its end is none of this shell's business: no "Killed" message when it crashes)
}

wait_node() {
    local node="$1"
    for _ in $(seq 1 180); do
        node_healthy "$node" && return 0
        node_running "$node" || { tail -n 30 "$TOPO_DIR/logs/$node.log" >&2 || true; die "node $node exited: see $TOPO_DIR/logs/$node.log"; }
        sleep 1
    done
    die "node $node is not healthy after 3 minutes: see $TOPO_DIR/logs/$node.log"
}

stop_nodes() {
    local node
    for node in "${TOPO_NODES[@]}"; do
        stop_group "$TOPO_DIR/pids/$node.pid" "Odoo node $node"
    done
}

# --- nginx -----------------------------------------------------------------------------------
nginx_conf() { echo "$TOPO_DIR/nginx/nginx.conf"; }

write_nginx() {
    local d="$TOPO_DIR/nginx"
    mkdir -p "$d/tls" "$d/tmp" "$d/cache" "$TOPO_DIR/logs"
    if [ ! -s "$d/tls/fullchain.pem" ]; then
        log "making a self-signed certificate for localhost / 127.0.0.1"
        (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
            -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
            -keyout "$d/tls/privkey.pem" -out "$d/tls/fullchain.pem" 2>/dev/null)
    fi
    (
        export CHIKAYA_WEB1="127.0.0.1:$TOPO_WEB1_PORT" CHIKAYA_WEB2="127.0.0.1:$TOPO_WEB2_PORT"
        export CHIKAYA_WS1="127.0.0.1:$TOPO_WS1_PORT" CHIKAYA_WS2="127.0.0.1:$TOPO_WS2_PORT"
        export CHIKAYA_HTTP_LISTEN="127.0.0.1:$TOPO_HTTP_PORT"
        export CHIKAYA_HTTPS_LISTEN="127.0.0.1:$TOPO_HTTPS_PORT"
        export CHIKAYA_HTTPS_PORT_SUFFIX=":$TOPO_HTTPS_PORT"
        export CHIKAYA_SERVER_NAME="localhost 127.0.0.1"
        export CHIKAYA_TLS_DIR="$d/tls"
        export CHIKAYA_ERROR_PAGES_DIR="$here/addons/chikaya_portal/static/errors"
        export CHIKAYA_ASSETS_CACHE_DIR="$d/cache"
        export CHIKAYA_ACCESS_LOG="$TOPO_DIR/logs/nginx-access.log"  # (format: the template's)
        render "$here/config/nginx/chikaya.conf.template" "$d/chikaya.conf"
    )
    # The main configuration: what the nginx image's nginx.conf gives the site (http block,
    # mime types), with every path in the state folder. Workers run as the caller (root
    # here, a loopback test instance) so that they read the clone's error pages.
    cat >"$d/nginx.conf.new" <<NGINX
# written by scripts/topology.sh
user $(id -un);
worker_processes 2;
pid $TOPO_DIR/pids/nginx.pid;
error_log $TOPO_DIR/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    include $d/chikaya.conf;
}
NGINX
    mv "$d/nginx.conf.new" "$d/nginx.conf"
    "$NGINX_BIN" -t -q -c "$d/nginx.conf" -e "$TOPO_DIR/logs/nginx-error.log" \
        || die "nginx refuses its configuration: see above"
}

start_nginx() {
    if pid_alive "$TOPO_DIR/pids/nginx.pid"; then
        "$NGINX_BIN" -c "$(nginx_conf)" -e "$TOPO_DIR/logs/nginx-error.log" -s reload
        return 0
    fi
    log "starting nginx on https://127.0.0.1:$TOPO_HTTPS_PORT"
    "$NGINX_BIN" -c "$(nginx_conf)" -e "$TOPO_DIR/logs/nginx-error.log"
    for _ in $(seq 1 20); do
        pid_alive "$TOPO_DIR/pids/nginx.pid" && return 0
        sleep 0.5
    done
    die "nginx did not start: see $TOPO_DIR/logs/nginx-error.log"
}

stop_nginx() {
    local pidfile="$TOPO_DIR/pids/nginx.pid" pid
    pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
    pid="$(cat "$pidfile")"
    log "stopping nginx (pid $pid)"
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$pidfile"
}

# --- Commands --------------------------------------------------------------------------------
cmd_start() {
    local t0=$SECONDS
    [ "$(id -u)" = 0 ] || die "run as root (pg_createcluster, runuser)"
    bash "$here/scripts/setup.sh" odoo venv node
    step_topology_packages
    [ -n "$TOPO_PG_VERSION" ] || die "no PostgreSQL server installed (/usr/lib/postgresql)"
    mkdir -p "$TOPO_DIR/pids" "$TOPO_DIR/logs"
    ensure_primary
    ensure_replica
    # recorded only for the clusters this script started (stop leaves the others alone)
    cluster_pid "$TOPO_PRIMARY" >"$TOPO_DIR/pids/pg-primary.pid"
    cluster_pid "$TOPO_REPLICA" >"$TOPO_DIR/pids/pg-replica.pid"
    write_node_confs
    ensure_database
    local node
    for node in "${TOPO_NODES[@]}"; do start_node "$node"; done
    for node in "${TOPO_NODES[@]}"; do wait_node "$node"; done
    write_nginx
    start_nginx
    log "up in $((SECONDS - t0)) s: https://127.0.0.1:$TOPO_HTTPS_PORT/complaints (self-signed: $TOPO_DIR/nginx/tls/fullchain.pem)"
    log "state, logs and process ids in $TOPO_DIR; 'make topology-stop' stops it"
}

cmd_stop() {
    stop_nginx
    stop_nodes
    local name pidfile pid
    for name in replica primary; do
        pidfile="$TOPO_DIR/pids/pg-$name.pid"
        [ -s "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        local cluster=$TOPO_PRIMARY
        [ "$name" = replica ] && cluster=$TOPO_REPLICA
        # stop the cluster only if it still is the postmaster we recorded
        if [ "$(cluster_pid "$cluster")" = "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            log "stopping PostgreSQL $TOPO_PG_VERSION/$cluster (pid $pid)"
            pg_ctlcluster "$TOPO_PG_VERSION" "$cluster" stop -m fast || kill -INT "$pid"
        fi
        rm -f "$pidfile"
    done
}

cmd_status() {
    local rc=0 node
    printf '%-8s %s\n' primary "$(cluster_status "$TOPO_PRIMARY" || true) port $TOPO_PRIMARY_PORT"
    printf '%-8s %s\n' replica "$(cluster_status "$TOPO_REPLICA" || true) port $TOPO_REPLICA_PORT"
    for node in "${TOPO_NODES[@]}"; do
        if node_running "$node"; then
            printf '%-8s running, pid %s%s\n' "$node" "$(cat "$TOPO_DIR/pids/$node.pid")" \
                "$(node_healthy "$node" && echo ', healthy' || echo ', NOT healthy')"
        else
            printf '%-8s stopped\n' "$node"; rc=1
        fi
    done
    if pid_alive "$TOPO_DIR/pids/nginx.pid"; then
        printf '%-8s running, pid %s, https://127.0.0.1:%s\n' nginx "$(cat "$TOPO_DIR/pids/nginx.pid")" "$TOPO_HTTPS_PORT"
    else
        printf '%-8s stopped\n' nginx; rc=1
    fi
    return "$rc"
}

all_running() {
    local node
    for node in "${TOPO_NODES[@]}"; do node_running "$node" || return 1; done
    pid_alive "$TOPO_DIR/pids/nginx.pid" && [[ "$(cluster_status "$TOPO_PRIMARY")" == online* ]] \
        && [[ "$(cluster_status "$TOPO_REPLICA")" == online* ]]
}

cmd_test() {
    local t0=$SECONDS was_running=0 rc=0
    all_running && was_running=1
    cmd_start
    log "topology ready after $((SECONDS - t0)) s; running scripts/topology_test.py"
    clean_env \
        TOPO_DIR="$TOPO_DIR" TOPO_DB="$TOPO_DB" TOPO_SCRIPT="$here/scripts/topology.sh" \
        TOPO_PRIMARY_PORT="$TOPO_PRIMARY_PORT" TOPO_REPLICA_PORT="$TOPO_REPLICA_PORT" \
        TOPO_MONITOR_USER="$TOPO_MONITOR_USER" TOPO_MONITOR_PASSWORD="$TOPO_MONITOR_PASSWORD" \
        TOPO_HTTPS_PORT="$TOPO_HTTPS_PORT" TOPO_HTTP_PORT="$TOPO_HTTP_PORT" \
        TOPO_WEB1_PORT="$TOPO_WEB1_PORT" TOPO_WEB2_PORT="$TOPO_WEB2_PORT" \
        TOPO_REPO="$here" \
        "$CHIKAYA_VENV/bin/python" "$here/scripts/topology_test.py" || rc=$?
    if [ "$was_running" = 0 ] && [ -z "${CHIKAYA_TOPOLOGY_KEEP:-}" ]; then
        cmd_stop
    fi
    log "make topology-test: $((SECONDS - t0)) s in all"
    return "$rc"
}

cmd_backup() {
    clean_env bash "$here/scripts/backup.sh" backup -c "$TOPO_DIR/conf/web1.conf" -o "$TOPO_DIR/backups"
}

cmd_restore() {
    [ $# -eq 2 ] || die "usage: topology.sh restore NEW_DB BACKUP_FOLDER"
    clean_env bash "$here/scripts/backup.sh" restore -c "$TOPO_DIR/conf/web1.conf" -d "$1" "$2"
}

cmd_destroy() {
    cmd_stop
    local name
    for name in "$TOPO_REPLICA" "$TOPO_PRIMARY"; do
        if [ -n "$(cluster_status "$name")" ]; then
            log "dropping PostgreSQL cluster $TOPO_PG_VERSION/$name"
            pg_dropcluster --stop "$TOPO_PG_VERSION" "$name"
        fi
    done
    rm -rf "$TOPO_DIR"
}

main() {
    local cmd="${1:-}"
    shift || true
    case "$cmd" in
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        test) cmd_test ;;
        backup) cmd_backup ;;
        restore) cmd_restore "$@" ;;
        destroy) cmd_destroy ;;
        packages) step_topology_packages ;;
        start-node)
            [ $# -eq 1 ] || die "usage: topology.sh start-node web1|web2|cron"
            start_node "$1"; wait_node "$1" ;;
        *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
