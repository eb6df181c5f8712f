#!/bin/bash
# First start: create the database with every addon and the demo data; then run
# Odoo through the image's own entrypoint. Settings come from the environment.
set -euo pipefail

: "${DB_NAME:=benefits}"
: "${HOST:=db}" "${PORT:=5432}" "${USER:=odoo}" "${PASSWORD:=odoo}"
: "${ODOO_MODULES:=benefits_base,benefits_peppol,portal_onboarding,dito_expenses,servicecheque_prestations,voucher_orders}"
: "${SMTP_HOST:=mail}" "${SMTP_PORT:=1025}" "${SMTP_USER:=}" "${SMTP_PASSWORD:=}" "${SMTP_SSL:=False}"
: "${WITH_DEMO:=True}"

db_args=(--db_host "$HOST" --db_port "$PORT" --db_user "$USER" --db_password "$PASSWORD")
mail_args=(--smtp "$SMTP_HOST" --smtp-port "$SMTP_PORT")
[ -n "$SMTP_USER" ] && mail_args+=(--smtp-user "$SMTP_USER" --smtp-password "$SMTP_PASSWORD")
[ "$SMTP_SSL" = "True" ] && mail_args+=(--smtp-ssl)

wait-for-psql.py "${db_args[@]}" --timeout=60 2>/dev/null || sleep 5

if ! PGPASSWORD="$PASSWORD" psql -h "$HOST" -p "$PORT" -U "$USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    echo "First start: creating database $DB_NAME with $ODOO_MODULES"
    demo_args=()
    [ "$WITH_DEMO" = "True" ] && demo_args=(--without-demo=False)
    common=(-c /etc/odoo/odoo.conf "${db_args[@]}" "${mail_args[@]}" -d "$DB_NAME"
            --workers=0 --max-cron-threads=0)
    if [ "$WITH_DEMO" = "True" ]; then
        # The demo company is Belgian before accounting is installed, so that
        # Odoo loads the Belgian chart of accounts (l10n_be) for it.
        odoo "${common[@]}" -i base "${demo_args[@]}" --stop-after-init
        DEMO_PHASE=identity odoo shell "${common[@]}" --no-http < /opt/benefits/demo_company.py
    fi
    # l10n_be alone first, so that the company gets the Belgian chart of accounts.
    odoo "${common[@]}" -i l10n_be "${demo_args[@]}" --stop-after-init
    if [ "$WITH_DEMO" = "True" ]; then
        # Odoo's accounting demo puts the generic chart on the main company: load the
        # Belgian one in its place before any addon books anything.
        DEMO_PHASE=chart odoo shell "${common[@]}" --no-http < /opt/benefits/demo_company.py
    fi
    odoo "${common[@]}" -i "$ODOO_MODULES" "${demo_args[@]}" \
        --load-language=nl_BE,fr_BE,de_DE --stop-after-init
    if [ "$WITH_DEMO" = "True" ]; then
        DEMO_PHASE=bank odoo shell "${common[@]}" --no-http < /opt/benefits/demo_company.py
    fi
fi

if [ "$1" = "odoo" ]; then
    shift
    exec odoo -c /etc/odoo/odoo.conf "${db_args[@]}" "${mail_args[@]}" -d "$DB_NAME" "$@"
fi
exec "$@"
