"""Benchmark: the full linkage run for all 20 businesses against the local reference vendor.

Reports wall time, cases/s and, for comparison, the same run's schemathesis-only time (the plain
schemathesis engine — what `st run` executes — over the same OpenAPI documents, same budget and
checks). Verdicts are also compared between 1 and 2 workers. Numbers go to benchmarks/RESULTS.md.

    python benchmarks/linkage_run.py [--examples N] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from conformance.domain.results import Verdict
from conformance.linkage import (
    Budget,
    BusinessFinished,
    build_targets,
    parse_profile,
    run_all,
    run_schemathesis,
    synthetic_rows,
)
from conformance.reference_vendor import BackgroundServer, build_business, create_app
from conformance.specs import discover, load_spec

REPO = Path(__file__).resolve().parents[1]
TOKEN_ENV = "CONFORMANCE_BENCH_TOKEN"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=Budget().examples)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    os.environ[TOKEN_ENV] = "bench-token"
    started = time.perf_counter()
    specs = REPO / "specs"
    bundles = [load_spec(specs, s.slug, verify_openapi=False) for s in discover(specs)]
    latest = {b.meta.slug: b for b in sorted(bundles, key=lambda b: float(b.meta.version_id))}
    bundles = list(latest.values())
    data = [build_business(b, *synthetic_rows(b)) for b in bundles]
    setup = time.perf_counter() - started
    app = create_app(data, token="bench-token")
    with BackgroundServer(app) as server:
        profile = parse_profile({"vendor": {"name": "bench"},
                                 "target": {"base_url": server.base_url, "files": "/files/{business}/"},
                                 "auth": {"type": "bearer", "token_env": TOKEN_ENV}})
        budget = Budget(examples=args.examples)
        run_started = time.perf_counter()
        targets = build_targets(profile, bundles, server.base_url, suites_dir=None, budget=budget)
        runs = [e.run for e in run_all(targets, "bench", workers=args.workers) if isinstance(e, BusinessFinished)]
        run_time = time.perf_counter() - run_started
        st_started = time.perf_counter()
        for target in build_targets(profile, bundles, server.base_url, suites_dir=None, budget=budget):
            run_schemathesis(target.context)
        st_time = time.perf_counter() - st_started
    cases = sum(len(r.cases) for r in runs)
    failed = sum(1 for r in runs for c in r.cases if c.verdict is not Verdict.PASS)
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}")
    print(f"businesses: {len(runs)}, cases: {cases}, not passed: {failed}, examples/phase: {args.examples}, "
          f"workers: {args.workers}")
    print(f"setup (load 20 specs + seed data): {setup:.1f} s")
    print(f"full run: {run_time:.1f} s ({cases / run_time:.1f} cases/s); total incl. setup {setup + run_time:.1f} s")
    print(f"schemathesis only (same documents, budget, checks): {st_time:.1f} s; ratio {run_time / st_time:.2f}x")


if __name__ == "__main__":
    main()
