#!/bin/bash
# Entry point of Chikaya's Odoo image (docker/Dockerfile): renders the node's configuration
# from config/odoo.node.conf.template with the CHIKAYA_* environment that
# docker-compose.yml (and .env) give the container, exactly as scripts/topology.sh renders
# it for the local topology, then hands over to the official image's entrypoint (which waits
# for PostgreSQL and starts Odoo; it finds db_host & co. in the file and adds nothing).
set -euo pipefail

template="${CHIKAYA_CONF_TEMPLATE:-/opt/chikaya/odoo.node.conf.template}"
: "${ODOO_RC:=/etc/odoo/odoo.conf}"

# Every variable the template names must be set (an empty value only where allowed).
vars="$(grep -o '\${CHIKAYA_[A-Z0-9_]*}' "$template" | sort -u | tr -d '${}')"
list=""
for name in $vars; do
    if [ -z "${!name+x}" ]; then
        echo "chikaya: $name is not set (see docker/.env.example and docker-compose.yml)" >&2
        exit 1
    fi
    case "$name" in
        CHIKAYA_LOGFILE) ;;  # empty: log to standard error
        *) [ -n "${!name}" ] || { echo "chikaya: $name is empty" >&2; exit 1; } ;;
    esac
    list+="\${$name} "
done
case "${CHIKAYA_ADMIN_PASSWD}${CHIKAYA_DB_PASSWORD}" in
    *change-me*|*CHANGE-ME*) echo "chikaya: set real secrets in .env (see .env.example)" >&2; exit 1 ;;
esac
# Odoo 19 would prefer these to the file (see the template's header): none may leak in.
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGAPPNAME PGHOST_REPLICA PGPORT_REPLICA
(umask 077 && envsubst "$list" <"$template" >"$ODOO_RC")
export ODOO_RC

# (CHIKAYA_NEXT_ENTRYPOINT: for checking this script outside the image)
exec "${CHIKAYA_NEXT_ENTRYPOINT:-/entrypoint.sh}" "$@"
