#!/usr/bin/env bash
# `make run`: Odoo 19 on 127.0.0.1 with every addon and the demo data, for a machine
# that has Odoo 19 and PostgreSQL. The database is created on first use.
set -euo pipefail
. "$(dirname "$0")/odoo_env.sh"

reason="$(odoo_missing_reason)"
if [ -n "$reason" ]; then
    echo "Odoo 19 is not installed here ($reason)."
    echo "Use Docker instead:  docker compose -f docker/compose.yaml up"
    exit 1
fi
ensure_postgres || { echo "PostgreSQL is not reachable on the local socket."; exit 1; }

DB="${DB:-benefits_demo}"
PORT="${PORT:-8069}"
modules="$(project_modules)"
args=(--addons-path="$(odoo_addons_path)" -d "$DB" --db-filter="^${DB}\$"
      --http-interface=127.0.0.1 --http-port="$PORT" --workers=0 --max-cron-threads=1)
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    echo "Creating the demo database $DB with $modules ..."
    "$ODOO_PYTHON" -m odoo "${args[@]}" -i "$modules" --without-demo=False \
        --load-language=nl_BE,fr_BE,de_DE --stop-after-init
fi
echo "Odoo: http://127.0.0.1:$PORT  (database $DB; logins in README.md)"
exec "$ODOO_PYTHON" -m odoo "${args[@]}"
