#!/usr/bin/env bash
# `make test`: lint, the Odoo-free pytest suite, and the Odoo suite when Odoo 19
# is importable by python3. Ends with one line "N passed, N failed" summing both
# suites, preceded by a line saying whether the Odoo suite ran.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
failed_steps=()

# --- The Odoo-free environment -------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV" || { echo "cannot create $VENV"; exit 2; }
fi
stamp="$VENV/.requirements-dev.sha"
want="$(sha256sum requirements-dev.txt | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing the test tools in $VENV ..."
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1
    "$VENV/bin/python" -m pip install -q -r requirements-dev.txt || { echo "pip install failed"; exit 2; }
    echo "$want" > "$stamp"
fi

# --- System tools the suites use (installed when missing and we are root) -------
if ! command -v docker-compose >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's docker-compose to validate docker/compose.yaml ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose) \
        >/dev/null 2>&1 || echo "warning: docker-compose could not be installed"
fi

# --- Lint ----------------------------------------------------------------------
echo "== lint: ruff"
"$VENV/bin/ruff" check . || failed_steps+=("ruff check")
"$VENV/bin/ruff" format --check . || failed_steps+=("ruff format")
echo "== lint: pylint-odoo (OCA mandatory checks)"
mapfile -t addons < <(ls -d */__manifest__.py addons/*/__manifest__.py 2>/dev/null | xargs -n1 dirname)
"$VENV/bin/pylint" --rcfile=.pylintrc-mandatory "${addons[@]}" || failed_steps+=("pylint-odoo")

# --- pytest --------------------------------------------------------------------
echo "== pytest (without Odoo)"
pytest_out="$(mktemp)"
"$VENV/bin/python" -m pytest tests 2>&1 | tee "$pytest_out"
pytest_rc=${PIPESTATUS[0]}
summary="$(grep -E '^(=+ )?[0-9]+ (passed|failed|error)|no tests ran' "$pytest_out" | tail -n1)"
py_passed="$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || true)"
py_failed="$(echo "$summary" | grep -oE '[0-9]+ (failed|errors?)' | awk '{s += $1} END {print s + 0}')"
py_passed="${py_passed:-0}"; py_failed="${py_failed:-0}"
if [ "$pytest_rc" -ne 0 ] && [ "$pytest_rc" -ne 5 ]; then
    failed_steps+=("pytest")
    [ "$py_failed" = 0 ] && py_failed=1
fi

# --- Odoo ----------------------------------------------------------------------
echo "== Odoo suite"
odoo_out="$(mktemp)"
bash scripts/odoo-tests.sh 2>&1 | tee "$odoo_out"
odoo_rc=${PIPESTATUS[0]}
od_passed=0; od_failed=0
if [ "$odoo_rc" -eq 3 ]; then
    odoo_line="Odoo suite: skipped ($(head -n1 "$odoo_out"))"
else
    counts="$(grep -E '^odoo: [0-9]+ passed, [0-9]+ failed' "$odoo_out" | tail -n1)"
    od_passed="$(echo "$counts" | sed -E 's/^odoo: ([0-9]+) passed.*/\1/')"
    od_failed="$(echo "$counts" | sed -E 's/.* ([0-9]+) failed.*/\1/')"
    od_passed="${od_passed:-0}"; od_failed="${od_failed:-1}"
    odoo_line="Odoo suite: ran ($od_passed passed, $od_failed failed)"
    [ "$odoo_rc" -ne 0 ] && failed_steps+=("odoo suite") && [ "$od_failed" = 0 ] && od_failed=1
fi

echo
[ "${#failed_steps[@]}" -gt 0 ] && echo "Failed steps: ${failed_steps[*]}"
echo "pytest: $py_passed passed, $py_failed failed"
echo "$odoo_line"
lint_failed=0
for step in "${failed_steps[@]:-}"; do
    case "$step" in ruff*|pylint*) lint_failed=$((lint_failed + 1)) ;; esac
done
echo "$((py_passed + od_passed)) passed, $((py_failed + od_failed + lint_failed)) failed"
[ "${#failed_steps[@]}" -eq 0 ]
