"""Benchmark harness, run inside ``odoo shell`` by scripts/bench.sh.

Each module of ``bench/scenarios`` exposes ``SCENARIOS``: a list of ``Scenario``.
A scenario seeds its data (not measured), then runs (measured: wall-clock seconds
and SQL queries through Odoo's own query counter). Results are printed as a table
and written as JSON.
"""

import importlib.util
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from odoo import sql_db

# Run through ``odoo shell`` (stdin) the file has no __file__: scripts/bench.sh sets BENCH_DIR.
BENCH_DIR = Path(
    os.environ.get("BENCH_DIR") or Path(globals().get("__file__", ".")).parent
).resolve()


@dataclass
class Scenario:
    name: str
    size: int
    setup: object  # callable(env, size) -> context
    run: object  # callable(env, context) -> number of rows handled
    unit: str = "rows"


def _load_scenarios(only=None):
    scenarios = []
    for path in sorted((BENCH_DIR / "scenarios").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        scenarios.extend(getattr(module, "SCENARIOS", []))
    if only:
        scenarios = [s for s in scenarios if any(word in s.name for word in only)]
    return scenarios


def run_all(env, scale=1.0, only=None, out_dir=None):
    results = []
    for scenario in _load_scenarios(only):
        size = max(1, int(scenario.size * scale))
        context = scenario.setup(env, size)
        env.cr.commit()
        env.invalidate_all()
        queries_before = sql_db.sql_counter
        started = time.perf_counter()
        rows = scenario.run(env, context)
        env.flush_all()
        seconds = time.perf_counter() - started
        queries = sql_db.sql_counter - queries_before
        env.cr.commit()
        extra = context.get("report", {}) if isinstance(context, dict) else {}
        results.append(
            {
                "scenario": scenario.name,
                "size": size,
                "seconds": round(seconds, 3),
                "rows_per_s": round(rows / seconds, 1) if seconds else None,
                "queries": queries,
                "queries_per_row": round(queries / rows, 2) if rows else None,
                **extra,
            }
        )
    _print_table(results)
    out_dir = Path(out_dir or BENCH_DIR / "results")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    target.write_text(json.dumps({"scale": scale, "results": results}, indent=2))
    print(f"\nwritten: {target}")
    return results


def _print_table(results):
    headers = ["scenario", "size", "seconds", "rows/s", "queries", "queries/row"]
    keys = ["scenario", "size", "seconds", "rows_per_s", "queries", "queries_per_row"]
    rows = [[str(r.get(k, "")) for k in keys] for r in results]
    widths = [
        max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
        for i, h in enumerate(headers)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    # the figures a scenario adds (its baselines, ratios, memory...), under the table
    for result in results:
        extra = {k: v for k, v in result.items() if k not in keys}
        if extra:
            print(f"\n{result['scenario']}:")
            for key, value in extra.items():
                print(f"    {key}: {value}")


if __name__ == "__main__" or "env" in globals():
    sys.path.insert(0, str(BENCH_DIR))
    run_all(
        globals()["env"],
        scale=float(os.environ.get("BENCH_SCALE", "1")),
        only=[w for w in os.environ.get("BENCH_ONLY", "").split(",") if w],
    )
