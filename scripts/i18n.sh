#!/usr/bin/env bash
# `make i18n DB=<database>`: export each addon's .pot into its i18n/ folder, then
# merge the nl/fr/de .po files with it (new terms empty, to translate).
# The project's folders come BEFORE Odoo's own in the addons path: with the repo
# root first, Odoo's exporter takes addons/<name> for a module called "addons"
# and leaves its Python terms out.
set -euo pipefail
. "$(dirname "$0")/odoo_env.sh"
: "${DB:?give DB=<a database where the addons are installed>}"
modules="${MODULES:-$(project_modules demo)}"
odoo_path="$("$ODOO_PYTHON" -c 'import odoo.addons, os; print(",".join(p for p in odoo.addons.__path__ if os.path.isdir(p)))')"
for module in ${modules//,/ }; do
    dir="$REPO_ROOT/$module"
    [ -d "$dir" ] || dir="$REPO_ROOT/addons/$module"
    "$ODOO_PYTHON" -m odoo --addons-path="$REPO_ROOT/addons,$REPO_ROOT,$odoo_path" i18n export \
        -d "$DB" -o "$dir/i18n/$module.pot" "$module"
    for lang in nl fr de; do
        [ -f "$dir/i18n/$lang.po" ] && msgmerge -q --no-fuzzy-matching -U --backup=none \
            "$dir/i18n/$lang.po" "$dir/i18n/$module.pot"
    done
done
