#!/usr/bin/env bash
# `make bench`: seed data at scale in a throw-away database, run bench/scenarios,
# print a table and write bench/results/<date>.json. Needs Odoo 19.
# BENCH_SCALE=0.1 shrinks every size; BENCH_ONLY=word,word runs matching scenarios;
# BENCH_MODULES=a,b installs only these; BENCH_DB_PREFIX names the throw-away database.
set -uo pipefail
. "$(dirname "$0")/odoo_env.sh"

reason="$(odoo_missing_reason)"
if [ -n "$reason" ]; then
    echo "Benchmarks need Odoo 19 ($reason)."
    exit 1
fi
ensure_postgres || { echo "PostgreSQL is not reachable"; exit 1; }
ensure_addon_requirements
db="${BENCH_DB_PREFIX:-bb_bench}_$(date +%s)_$$"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
modules="${BENCH_MODULES:-$(project_modules demo)}"
echo "Installing $modules in $db ..."
"$ODOO_PYTHON" -m odoo --addons-path="$(odoo_addons_path)" -d "$db" -i "$modules" \
    --without-demo=True --stop-after-init --log-level=warn || exit 1
cd "$REPO_ROOT/bench" && BENCH_DIR="$REPO_ROOT/bench" "$ODOO_PYTHON" -m odoo shell --addons-path="$(odoo_addons_path)" \
    -d "$db" --no-http --log-level=warn < "$REPO_ROOT/bench/harness.py"
# Two Odoo servers sharing the database: a wave goes out exactly once.
if [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",two-servers,"* ]]; then
    size="$("$ODOO_PYTHON" -c "import os; print(max(100, int(3000 * float(os.environ.get('BENCH_SCALE', '1')))))")"
    "$ODOO_PYTHON" "$REPO_ROOT/bench/two_servers.py" "$db" "$(odoo_addons_path)" "$size"
fi
