# Chikaya's settings, sourced by scripts/*.sh. Every one can be overridden from the environment.
CHIKAYA_CACHE="${CHIKAYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chikaya}"
ODOO_VERSION="19.0"
ODOO_SRC="${ODOO_SRC:-$CHIKAYA_CACHE/odoo-$ODOO_VERSION}"
ODOO_DOWNLOAD_URL="${ODOO_DOWNLOAD_URL:-https://github.com/odoo/odoo/archive/refs/heads/$ODOO_VERSION.tar.gz}"
CHIKAYA_PYTHON="${CHIKAYA_PYTHON:-python3.11}"
CHIKAYA_VENV="${CHIKAYA_VENV:-$CHIKAYA_CACHE/venv}"
# The Odoo configuration names this clone's addons/, so it lives in the clone (git ignores
# it): two clones sharing the cache never point each other's Odoo at the wrong code.
CHIKAYA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHIKAYA_CONF="${CHIKAYA_CONF:-$CHIKAYA_ROOT/config/odoo.conf}"
CHIKAYA_DATA_DIR="${CHIKAYA_DATA_DIR:-$CHIKAYA_CACHE/filestore}"
CHIKAYA_DB="${CHIKAYA_DB:-chikaya}"
CHIKAYA_HTTP_PORT="${CHIKAYA_HTTP_PORT:-8069}"
CHIKAYA_MODULES="${CHIKAYA_MODULES:-chikaya_complaints}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-chikaya}"
PGPASSWORD="${PGPASSWORD:-chikaya}"
export ODOO_SRC CHIKAYA_VENV CHIKAYA_CONF PGHOST PGPORT PGUSER PGPASSWORD
