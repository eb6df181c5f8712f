#!/usr/bin/env bash
# `make bench`: seed data at scale in a throw-away database, run bench/scenarios,
# print a table and write bench/results/<date>.json. Needs Odoo 19.
# Then the load test (bench/load.py: Locust against Odoo servers with workers=1 and 2)
# and two Odoo servers sharing the database (bench/two_servers.py).
# BENCH_SCALE=0.1 shrinks every size; BENCH_ONLY=word,word runs matching scenarios
# (`load` and `two-servers` name those two); BENCH_DB_PREFIX names the databases,
# BENCH_PORTS=low-high the loopback ports of the servers.
# BENCH_MODULES=a,b installs only these.
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
selected() {
    [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",$1,"* ]]
}
# Only the scenarios of bench/scenarios when BENCH_ONLY names one of them.
scenarios_selected() {
    local word
    [ -z "${BENCH_ONLY:-}" ] && return 0
    for word in ${BENCH_ONLY//,/ }; do
        case "$word" in load | two-servers) ;; *) return 0 ;; esac
    done
    return 1
}
# Locust in its own virtualenv: never in Odoo's python (it would upgrade gevent...).
ensure_bench_venv() {
    local venv="$REPO_ROOT/.venv-bench"
    if [ ! -x "$venv/bin/locust" ]; then
        echo "Creating $venv (requirements-bench.txt) ..."
        python3 -m venv "$venv" && "$venv/bin/pip" install -q -r "$REPO_ROOT/requirements-bench.txt"
    fi
}
status=0
modules="${BENCH_MODULES:-$(project_modules demo)}"
echo "Installing $modules in $db ..."
"$ODOO_PYTHON" -m odoo --addons-path="$(odoo_addons_path)" -d "$db" -i "$modules" \
    --without-demo=True --stop-after-init --log-level=warn || exit 1
# The load test first, on a copy of the freshly installed database.
if selected load; then
    ensure_bench_venv || { echo "Could not install Locust in .venv-bench"; exit 1; }
    "$ODOO_PYTHON" "$REPO_ROOT/bench/load.py" "$db" "$(odoo_addons_path)" || status=1
fi
if scenarios_selected; then
    (cd "$REPO_ROOT/bench" && BENCH_DIR="$REPO_ROOT/bench" "$ODOO_PYTHON" -m odoo shell \
        --addons-path="$(odoo_addons_path)" -d "$db" --no-http --log-level=warn \
        < "$REPO_ROOT/bench/harness.py") || status=1
fi
# Two Odoo servers sharing the database: a wave goes out and a month is billed exactly once.
if selected two-servers; then
    size="$("$ODOO_PYTHON" -c "import os; print(max(100, int(3000 * float(os.environ.get('BENCH_SCALE', '1')))))")"
    "$ODOO_PYTHON" "$REPO_ROOT/bench/two_servers.py" "$db" "$(odoo_addons_path)" "$size" || status=1
fi
exit $status
