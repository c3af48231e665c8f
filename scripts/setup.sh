#!/usr/bin/env bash
# Chikaya set-up: everything `make run` and `make test` need, installed idempotently.
#
#   1. Odoo 19.0 Community source in $ODOO_SRC (default: a cache folder outside the repo,
#      so that every clone of the repo, CI's included, shares one copy).
#   2. A Python 3.11 virtual environment with Odoo's requirements and ours (requirements.txt,
#      and requirements-dev.txt: the lint tools).
#   3. A PostgreSQL server answering on loopback, and the database role Odoo uses.
#   4. Chromium (Debian package `chromium`) for the browser tests; from the npm registry
#      (Node.js and npm from Debian when absent) rtlcss, which Odoo needs to lay out Arabic
#      pages right to left, and axe-core for the accessibility audits.
#   5. The PDF renderer Odoo's reports need (Debian's wkhtmltopdf), fonts that draw Arabic
#      (Noto: Naskh and Kufi Arabic; DejaVu) and poppler-utils (pdftoppm, pdftotext), with
#      which the tests read the receipts back.
#
# A second run re-installs nothing that is unchanged: each step checks first, and the venv
# is rebuilt only when a requirements file changes (a hash stamp is kept in the venv).
# The paths and names below are the project's settings; the README lists them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

is_root_debian() { [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; }

apt_updated=""
apt_install() {
    is_root_debian || die "missing $* and cannot install it (needs root on Debian): install it by hand, then run again."
    if [ -z "$apt_updated" ]; then
        log "apt-get update"
        apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
        apt_updated=1
    fi
    log "apt-get install $*"
    # (waits for another apt/dpkg run to finish instead of failing on its lock)
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends "$@" >/dev/null
}

# --- 1. Odoo source ------------------------------------------------------------------------
step_odoo_source() {
    if [ -x "$ODOO_SRC/odoo-bin" ] && [ -d "$ODOO_SRC/addons/web" ]; then
        return
    fi
    if [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        die "$ODOO_SRC exists but holds no Odoo 19.0 source (no odoo-bin). Empty it or set ODOO_SRC."
    fi
    command -v curl >/dev/null || apt_install curl ca-certificates
    log "downloading Odoo $ODOO_VERSION into $ODOO_SRC"
    mkdir -p "$ODOO_SRC"
    local tarball
    tarball="$(mktemp --suffix=.tar.gz)"
    if ! curl -fL --retry 2 -o "$tarball" "$ODOO_DOWNLOAD_URL"; then
        rm -f "$tarball"
        rmdir "$ODOO_SRC" 2>/dev/null || true
        die "could not download Odoo $ODOO_VERSION from $ODOO_DOWNLOAD_URL.
  Put an Odoo 19.0 Community source tree (odoo-bin, odoo/, addons/, requirements.txt) in
  $ODOO_SRC yourself, e.g. 'git clone -b 19.0 --depth 1 https://github.com/odoo/odoo $ODOO_SRC',
  or point ODOO_SRC at an existing one, then run again."
    fi
    tar -xzf "$tarball" -C "$ODOO_SRC" --strip-components=1
    rm -f "$tarball"
}

# --- 2. Virtual environment ----------------------------------------------------------------
step_venv() {
    local stamp="$CHIKAYA_VENV/.chikaya-requirements.sha256"
    local want
    want="$(cat "$ODOO_SRC/requirements.txt" "$here/requirements.txt" "$here/requirements-dev.txt" \
        | sha256sum | cut -d' ' -f1)"
    if [ -x "$CHIKAYA_VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return
    fi
    local py
    py="$(command -v "$CHIKAYA_PYTHON" || true)"
    [ -n "$py" ] || die "$CHIKAYA_PYTHON not found: install Python 3.11 (Debian: apt-get install python3.11-venv) or set CHIKAYA_PYTHON."
    log "building the virtual environment in $CHIKAYA_VENV (a few minutes the first time)"
    if [ ! -x "$CHIKAYA_VENV/bin/python" ] && ! "$py" -m venv "$CHIKAYA_VENV"; then
        # Debian ships the venv module separately.
        rm -rf "$CHIKAYA_VENV"
        apt_install python3.11-venv
        "$py" -m venv "$CHIKAYA_VENV"
    fi
    local odoo_reqs
    odoo_reqs="$(mktemp)"
    # psycopg2 -> psycopg2-binary (ours pins it), python-ldap left out: see requirements.txt.
    grep -viE '^(psycopg2|python-ldap)[ =]' "$ODOO_SRC/requirements.txt" >"$odoo_reqs"
    "$CHIKAYA_VENV/bin/pip" install -q --upgrade pip wheel 'setuptools<81' >/dev/null
    # (the grep hides the pip warnings of this machine's extra, absent, package indexes)
    # (requirements-dev.txt: the lint tools of `make lint`, resolved together with the rest)
    "$CHIKAYA_VENV/bin/pip" install -q -r "$odoo_reqs" -r "$here/requirements.txt" \
        -r "$here/requirements-dev.txt" 2> >(grep -v "is ignored: it is neither" >&2)
    rm -f "$odoo_reqs"
    echo "$want" >"$stamp"
}

# --- 3. PostgreSQL --------------------------------------------------------------------------
pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

step_postgres() {
    if ! pg_answers; then
        if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
            apt_install postgresql
        fi
        command -v pg_ctlcluster >/dev/null || die "no PostgreSQL server answers on $PGHOST:$PGPORT and none can be started here."
        local ver cluster
        ver="$(ls /usr/lib/postgresql | sort -n | tail -1)"
        # The cluster that listens on $PGPORT: other clusters of this machine (make load's,
        # the topology's) listen elsewhere and must not be taken for it.
        cluster="$(pg_lsclusters -h 2>/dev/null | awk -v v="$ver" -v p="$PGPORT" '$1==v && $3==p {print $2; exit}')"
        if [ -z "$cluster" ]; then
            cluster=main
            pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1==v {print $2}' | grep -qx main && cluster=chikaya
            log "creating PostgreSQL $ver cluster '$cluster' on port $PGPORT"
            pg_createcluster "$ver" "$cluster" -p "$PGPORT" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
        fi
        log "starting PostgreSQL $ver/$cluster"
        pg_ctlcluster "$ver" "$cluster" start || true
        for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
        pg_answers || die "PostgreSQL did not start: see /var/log/postgresql/."
    fi
    # The role: created once, through the local superuser (peer auth as 'postgres').
    if ! PGPASSWORD="$PGPASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || die "cannot log in to PostgreSQL as $PGUSER; create that role with CREATEDB and password, or set PGUSER/PGPASSWORD."
        log "creating the PostgreSQL role $PGUSER"
        # su keeps the environment: drop our PG* settings so psql uses the local socket as postgres.
        env -u PGHOST -u PGUSER -u PGPASSWORD su postgres -c "psql -p $PGPORT -q -v ON_ERROR_STOP=1" >/dev/null <<SQL
DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PGUSER') THEN
        CREATE ROLE "$PGUSER" LOGIN CREATEDB PASSWORD '$PGPASSWORD';
    ELSE
        ALTER ROLE "$PGUSER" LOGIN CREATEDB PASSWORD '$PGPASSWORD';
    END IF;
END \$\$;
SQL
    fi
}

# --- 4. Chromium ----------------------------------------------------------------------------
step_chromium() {
    command -v chromium >/dev/null && return
    apt_install chromium
}

# --- 5. Node tools ---------------------------------------------------------------------------
step_node_tools() {
    local rtlcss="$CHIKAYA_NODE_DIR/node_modules/.bin/rtlcss"
    if [ -s "$CHIKAYA_AXE_JS" ] && [ -x "$rtlcss" ] \
        && grep -qs "\"version\": \"$CHIKAYA_AXE_VERSION\"" "$CHIKAYA_NODE_DIR/node_modules/axe-core/package.json" \
        && grep -qs "\"version\": \"$CHIKAYA_RTLCSS_VERSION\"" "$CHIKAYA_NODE_DIR/node_modules/rtlcss/package.json"; then
        return
    fi
    command -v npm >/dev/null || apt_install nodejs npm
    log "npm install rtlcss@$CHIKAYA_RTLCSS_VERSION axe-core@$CHIKAYA_AXE_VERSION into $CHIKAYA_NODE_DIR"
    mkdir -p "$CHIKAYA_NODE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$CHIKAYA_NODE_DIR" \
        "rtlcss@$CHIKAYA_RTLCSS_VERSION" "axe-core@$CHIKAYA_AXE_VERSION" >/dev/null \
        || die "npm could not install rtlcss and axe-core"
    { [ -s "$CHIKAYA_AXE_JS" ] && [ -x "$rtlcss" ]; } || die "npm ran but $CHIKAYA_AXE_JS or $rtlcss is missing"
}

# --- 6. PDF renderer and fonts --------------------------------------------------------------
# Odoo renders QWeb reports (the bureau d'ordre's receipt) with wkhtmltopdf. Debian's build has
# an unpatched Qt: one document per PDF, no separate header and footer files, which the
# receipt does not need. Without an Arabic font wkhtmltopdf draws Arabic as empty boxes, and
# without shaping support in the font letters come out unjoined: Noto Naskh Arabic does both.
step_pdf() {
    local missing=() pkg
    for pkg in $CHIKAYA_PDF_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        if ! command -v dpkg-query >/dev/null && command -v wkhtmltopdf >/dev/null \
            && command -v pdftoppm >/dev/null; then
            return  # not Debian, but the tools are there: the fonts are the system's business
        fi
        apt_install "${missing[@]}"
    fi
    command -v wkhtmltopdf >/dev/null || die "wkhtmltopdf is missing: install Debian's wkhtmltopdf package."
}

# --- 7. The Odoo configuration file ---------------------------------------------------------
step_odoo_conf() {
    mkdir -p "$(dirname "$CHIKAYA_CONF")" "$CHIKAYA_DATA_DIR"
    esc() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }  # a value as a sed replacement
    sed -e "s|@ODOO_SRC@|$(esc "$ODOO_SRC")|g" -e "s|@ADDONS@|$(esc "$here/addons")|g" \
        -e "s|@PGHOST@|$(esc "$PGHOST")|g" -e "s|@PGPORT@|$(esc "$PGPORT")|g" \
        -e "s|@PGUSER@|$(esc "$PGUSER")|g" -e "s|@PGPASSWORD@|$(esc "$PGPASSWORD")|g" \
        -e "s|@DATA_DIR@|$(esc "$CHIKAYA_DATA_DIR")|g" -e "s|@HTTP_PORT@|$(esc "$CHIKAYA_HTTP_PORT")|g" \
        "$here/config/odoo.conf.template" >"$CHIKAYA_CONF.new"
    mv "$CHIKAYA_CONF.new" "$CHIKAYA_CONF"
}

steps="${*:-odoo venv postgres chromium node pdf conf}"
for step in $steps; do
    case "$step" in
        odoo) step_odoo_source ;;
        venv) step_venv ;;
        postgres) step_postgres ;;
        chromium) step_chromium ;;
        node) step_node_tools ;;
        pdf) step_pdf ;;
        conf) step_odoo_conf ;;
        *) die "unknown step $step" ;;
    esac
done
