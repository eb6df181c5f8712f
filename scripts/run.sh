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
ensure_addon_requirements

DB="${DB:-benefits_demo}"
PORT="${PORT:-8069}"
modules="$(project_modules demo)"
args=(--addons-path="$(odoo_addons_path)" -d "$DB" --db-filter="^${DB}\$"
      --http-interface=127.0.0.1 --http-port="$PORT" --workers=0 --max-cron-threads=1)
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    # A Belgian company first (its country picks the Belgian chart of accounts when
    # the accounting modules are installed), then the addons with l10n_be, then the
    # company's bank account on the bank journal.
    echo "Creating the demo database $DB (Belgian company) with $modules ..."
    "$ODOO_PYTHON" -m odoo "${args[@]}" -i base --without-demo=False --stop-after-init
    DEMO_PHASE=identity "$ODOO_PYTHON" -m odoo shell "${args[@]}" --no-http \
        < "$REPO_ROOT/scripts/demo_company.py"
    # l10n_be before the addons; Odoo's accounting demo puts the generic chart on the
    # main company, so the Belgian one is loaded in its place before any addon books.
    "$ODOO_PYTHON" -m odoo "${args[@]}" -i l10n_be --without-demo=False --stop-after-init
    DEMO_PHASE=chart "$ODOO_PYTHON" -m odoo shell "${args[@]}" --no-http \
        < "$REPO_ROOT/scripts/demo_company.py"
    "$ODOO_PYTHON" -m odoo "${args[@]}" -i "$modules" --without-demo=False \
        --load-language=nl_BE,fr_BE,de_DE --stop-after-init
    DEMO_PHASE=bank "$ODOO_PYTHON" -m odoo shell "${args[@]}" --no-http \
        < "$REPO_ROOT/scripts/demo_company.py"
fi
echo "Odoo: http://127.0.0.1:$PORT  (database $DB; logins in README.md)"
exec "$ODOO_PYTHON" -m odoo "${args[@]}"
