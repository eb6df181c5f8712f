#!/usr/bin/env bash
# The Odoo suite of `make test`: install every addon of the repository in a
# throw-away database with --test-enable (at_install and post_install tests,
# browser tours included), then drop the database.
# Prints "odoo: N passed, N failed" as its last line; exit 0 only when all passed.
# Exit 3 means "skipped" (Odoo 19 not importable), with the reason on stdout.
set -uo pipefail
. "$(dirname "$0")/odoo_env.sh"

reason="$(odoo_missing_reason)"
if [ -n "$reason" ]; then
    echo "$reason"
    exit 3
fi
if ! ensure_postgres; then
    echo "PostgreSQL is not reachable on the local socket"
    exit 3
fi
# Debian packages the Odoo suite uses: chromium (browser tours), wkhtmltopdf (PDF reports).
missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing Debian's ${missing[*]} for the Odoo suite ..."
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") \
            >/dev/null 2>&1 || echo "warning: could not install ${missing[*]}"
    else
        echo "warning: ${missing[*]} missing: browser tours / PDF reports will fail"
    fi
fi

# Our addons' own Python dependencies and the OCA wheels they depend on (odoo_env.sh).
ensure_addon_requirements
if ! "$ODOO_PYTHON" -c 'import websocket, hypothesis' 2>/dev/null; then
    # Odoo's browser tests drive Chromium through websocket-client (an Odoo test
    # dependency); the fuzz tests draw values with hypothesis.
    echo "Installing requirements-odoo-test.txt for Odoo's browser and fuzz tests ..."
    "$ODOO_PYTHON" -m pip install -q -r "$REPO_ROOT/requirements-odoo-test.txt" >/dev/null 2>&1 \
        || echo "warning: requirements-odoo-test.txt could not be installed; browser tours will be skipped"
fi

modules="${ODOO_TEST_MODULES:-$(project_modules)}"
tags="$(echo "$modules" | sed 's/[^,]*/\/&/g')"
db="bb_test_$(date +%s)_$$"
log="$(mktemp -t odoo-tests.XXXXXX.log)"
cleanup() { dropdb --if-exists "$db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "Odoo suite: installing $modules in $db (log: $log)"
"$ODOO_PYTHON" -m odoo -c "$REPO_ROOT/config/odoo-test.conf" \
    --addons-path="$(odoo_addons_path)" -d "$db" -i "$modules" \
    --test-enable --test-tags="$tags" --stop-after-init \
    --http-port="$(free_port)" --log-level=test >"$log" 2>&1
rc=$?

grep -E "(ERROR|CRITICAL) |FAIL:|Traceback" "$log" | head -n 200
"$ODOO_PYTHON" "$REPO_ROOT/scripts/odoo_test_counts.py" "$log" "$rc"
