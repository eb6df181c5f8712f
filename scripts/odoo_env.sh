# Shared helpers of the scripts that drive an installed Odoo 19 (sourced, not run).
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_PYTHON="${ODOO_PYTHON:-python3}"
# Our addons: every folder with a manifest at the top level and in addons/.
# `project_modules demo` leaves out the test-only addons (category Hidden/Tests).
project_modules() {
    local m
    for m in "$REPO_ROOT"/*/__manifest__.py "$REPO_ROOT"/addons/*/__manifest__.py; do
        [ -f "$m" ] || continue
        if [ "${1:-}" = demo ] && grep -q '"Hidden/Tests"' "$m"; then
            continue
        fi
        basename "$(dirname "$m")"
    done | paste -sd, -
}

# Why Odoo 19 cannot be used from $ODOO_PYTHON (empty when it can).
odoo_missing_reason() {
    "$ODOO_PYTHON" - <<'PY' 2>/dev/null || echo "python3 cannot import odoo"
import sys
try:
    import odoo.release
except Exception as exc:
    print(f"python3 cannot import odoo ({type(exc).__name__})")
    sys.exit(0)
if odoo.release.version_info[0] != 19:
    print(f"python3 imports Odoo {odoo.release.version}, not Odoo 19")
PY
}

# Odoo's own addons folders, followed by ours.
odoo_addons_path() {
    local odoo_addons
    odoo_addons="$("$ODOO_PYTHON" -c 'import odoo.addons, os; print(",".join(p for p in odoo.addons.__path__ if os.path.isdir(p)))')"
    echo "$odoo_addons,$REPO_ROOT,$REPO_ROOT/addons"
}

ensure_postgres() {
    if pg_isready -q 2>/dev/null; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
        local version
        version="$(ls /etc/postgresql | sort -V | tail -n1)"
        echo "Starting PostgreSQL $version ..."
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        sleep 2
    fi
    pg_isready -q
}

free_port() {
    "$ODOO_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Our addons' Python requirements and the OCA addons they depend on (wheels installed
# with --no-deps: their own dependencies are Odoo's), into Odoo's python when missing.
ensure_addon_requirements() {
    "$ODOO_PYTHON" -m pip install -q -r "$REPO_ROOT/requirements.txt" >/dev/null 2>&1 \
        || echo "warning: could not install requirements.txt into $ODOO_PYTHON"
    "$ODOO_PYTHON" -m pip install -q --no-deps -r "$REPO_ROOT/requirements-oca.txt" >/dev/null 2>&1 \
        || echo "warning: could not install requirements-oca.txt into $ODOO_PYTHON"
}
