"""Benchmark of the migration tracker: national workbook import and roll-ups, SQLite and PostgreSQL.

    python benchmarks/tracker.py [--skip-postgres] [--format xlsx|csv]

Builds a national workbook from the synthetic demo (every assignment × 40 steps, 34,914 rows),
imports it into a fresh database, then times the national roll-up and the per-prefecture roll-up.
Targets: national import < 30 s, national roll-up < 200 ms. Prints the numbers and the machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from conformance.domain.businesses import BUSINESSES
from conformance.municipalities import body_index
from conformance.storage import make_engine
from conformance.tracker import TrackerStore, header_row, import_workbook, rows_iter, synthetic_reports


def build_workbook(folder: Path, fmt: str) -> Path:
    """The national workbook: the demo's final report for every assignment."""
    rows = synthetic_reports()[-1]
    names = body_index()
    triples = [(r, names[r.lg_code].name, r.business) for r in rows]
    path = folder / f"national.{fmt}"
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header_row())
            for values in rows_iter(triples):
                writer.writerow(["" if v is None else v for v in values])
        return path
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("移行状況")
    sheet.append(header_row())
    for values in rows_iter(triples):
        sheet.append(values)
    workbook.save(path)
    return path


def timed(action: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    """Median wall time in seconds over `repeat` runs, and the last result."""
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench(url: str, label: str, workbook: Path) -> dict[str, float]:
    """Init, import the national workbook, time the roll-ups."""
    store = TrackerStore(make_engine(url))
    init_s, _ = timed(store.initialize)
    import_s, summary = timed(lambda: import_workbook(store, workbook, actor="benchmark"))
    reimport_s, _ = timed(lambda: import_workbook(store, workbook, actor="benchmark"))
    nation_s, _ = timed(lambda: store.rollup("nation"), repeat=20)
    prefecture_s, rows = timed(lambda: store.rollup("prefecture"), repeat=20)
    business_s, _ = timed(lambda: store.rollup("business"), repeat=20)
    grid_s, _ = timed(lambda: store.grid(prefecture_code="13"), repeat=20)
    counts = store.counts()
    store.engine.dispose()
    print(f"{label}: init {init_s:.2f} s; import {import_s:.2f} s ({summary}); re-import (no change) "
          f"{reimport_s:.2f} s; roll-up nation {nation_s * 1000:.1f} ms, per prefecture {prefecture_s * 1000:.1f} ms "
          f"({len(rows)} rows), per business {business_s * 1000:.1f} ms; Tokyo grid {grid_s * 1000:.1f} ms; {counts}")
    return {"init": init_s, "import": import_s, "reimport": reimport_s, "nation_ms": nation_s * 1000,
            "prefecture_ms": prefecture_s * 1000, "business_ms": business_s * 1000, "grid_ms": grid_s * 1000}


def main() -> None:
    """Run on SQLite, then on a throwaway PostgreSQL database when reachable."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; {len(BUSINESSES)} businesses")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        workbook = build_workbook(Path(folder), args.format)
        print(f"built {workbook.name} ({workbook.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")
        bench(f"sqlite:///{folder}/tracker.db", "SQLite", workbook)
        if args.skip_postgres:
            return
        try:
            import psycopg

            name = f"tracker_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except Exception as error:
            print(f"PostgreSQL skipped: {type(error).__name__}: {error}")
            return
        try:
            bench(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", "PostgreSQL", workbook)
        finally:
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
