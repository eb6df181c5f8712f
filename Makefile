# The two commands of the README, and their helpers.
.PHONY: run test lint pytest odoo-test bench i18n clean

run:  ## Start Odoo with the addons and demo data on 127.0.0.1 (needs Odoo 19 + PostgreSQL)
	@bash scripts/run.sh

test:  ## Lint, the Odoo-free suite, and the Odoo suite when Odoo 19 is installed
	@bash scripts/test.sh

odoo-test:  ## Only the Odoo suite (ODOO_TEST_MODULES=a,b to narrow it)
	@bash scripts/odoo-tests.sh

bench:  ## Benchmarks in a throw-away database (needs Odoo 19); table + bench/results/*.json
	@bash scripts/bench.sh

i18n:  ## Export every addon's .pot (MODULES=a,b to narrow it); needs Odoo 19 and DB=<a db with them>
	@bash scripts/i18n.sh

clean:
	rm -rf .venv .pytest_cache .ruff_cache .hypothesis
