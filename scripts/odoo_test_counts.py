"""Count the tests of an Odoo test log; print ``odoo: N passed, N failed``.

Exit status: 0 when the run passed (Odoo's exit code 0 and no failure logged).
"""

import re
import sys

STARTED = re.compile(r"odoo\.addons\.\S+: Starting (\S+)\s")
FAILED = re.compile(r" (?:ERROR|CRITICAL) \S+ odoo\.addons\.\S+: (?:FAIL|ERROR): (\S+)")
SKIPPED = re.compile(r"odoo\.addons\.\S+: skipped (\S+)")
LOAD_FAILED = re.compile(
    r"CRITICAL .*Failed to initialize database|Failed to load registry|ParseError|"
    r"At least one test failed when loading the modules"
)


def main(log_path, returncode):
    with open(log_path, encoding="utf-8", errors="replace") as log:
        text = log.read()
    started = set(STARTED.findall(text))
    failed = set(FAILED.findall(text))
    # a broken install or a failing test setup counts as one failure at least
    broken = bool(LOAD_FAILED.search(text)) or returncode != 0
    failed_count = len(failed) or (1 if broken else 0)
    skipped = set(SKIPPED.findall(text))
    passed_count = len(started - failed - skipped)
    print(f"odoo: {passed_count} passed, {failed_count} failed, {len(skipped)} skipped")
    return 1 if failed_count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
