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
CHIKAYA_MODULES="${CHIKAYA_MODULES:-chikaya_complaints,chikaya_portal,chikaya_dashboard,chikaya_open311}"
# Node tools from the npm registry, in one folder outside the repo: rtlcss (Odoo runs it to
# mirror the website's CSS for Arabic; without it Arabic pages keep the left-to-right layout)
# and axe-core (injected into pages by the accessibility audits of the browser tests).
CHIKAYA_RTLCSS_VERSION="4.3.0"
CHIKAYA_AXE_VERSION="4.10.3"
CHIKAYA_NODE_DIR="${CHIKAYA_NODE_DIR:-$CHIKAYA_CACHE/node-tools}"
CHIKAYA_AXE_JS="${CHIKAYA_AXE_JS:-$CHIKAYA_NODE_DIR/node_modules/axe-core/axe.min.js}"
case ":$PATH:" in
    *":$CHIKAYA_NODE_DIR/node_modules/.bin:"*) ;;
    *) PATH="$CHIKAYA_NODE_DIR/node_modules/.bin:$PATH" ;;  # Odoo finds rtlcss on the PATH
esac
# Debian packages of the PDF reports (scripts/setup.sh, step pdf): the renderer Odoo calls,
# fonts that draw and join Arabic letters, and poppler-utils to read a PDF back in the tests.
CHIKAYA_PDF_PACKAGES="${CHIKAYA_PDF_PACKAGES:-wkhtmltopdf fonts-noto-core fonts-dejavu-core poppler-utils}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-chikaya}"
PGPASSWORD="${PGPASSWORD:-chikaya}"
export PATH ODOO_SRC CHIKAYA_VENV CHIKAYA_CONF CHIKAYA_AXE_JS PGHOST PGPORT PGUSER PGPASSWORD
