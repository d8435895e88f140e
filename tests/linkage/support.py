"""Helpers of the linkage tests: load a few specs, seed the reference vendor, run suites in-process."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from conformance.domain.results import RunResult
from conformance.domain.spec import SpecBundle
from conformance.linkage import Budget, BusinessFinished, build_targets, parse_profile, run_all, synthetic_rows
from conformance.reference_vendor import BackgroundServer, BusinessData, build_business, create_app
from conformance.specs import default_specs_dir, load_spec

TOKEN_ENV = "CONFORMANCE_TEST_TOKEN"
TOKEN = "test-token-7f3a"


@cache
def bundle(slug: str) -> SpecBundle:
    """The latest shipped spec of a business (cached for the session)."""
    return load_spec(default_specs_dir(), slug, verify_openapi=False)


@cache
def business_data(slug: str) -> BusinessData:
    """The reference vendor's seeded data of a business (cached)."""
    spec = bundle(slug)
    rows, lg_code = synthetic_rows(spec)
    return build_business(spec, rows, lg_code)


def profile_data(base_url: str, token_env: str = TOKEN_ENV) -> dict[str, object]:
    """A profile document for a vendor at `base_url` with bearer auth."""
    return {"vendor": {"name": "test"}, "target": {"base_url": base_url, "files": "/files/{business}/",
                                                   "timeout_seconds": 5, "connect_timeout_seconds": 2},
            "auth": {"type": "bearer", "token_env": token_env}}


def run_against(slugs: Sequence[str], *, fault: str | None = None, generated: bool = False,
                families: frozenset[str] | None = None, workers: int = 1, examples: int = 5) -> list[RunResult]:
    """Start the reference vendor (optionally fault-seeded) and run the suites of `slugs` against it."""
    os.environ[TOKEN_ENV] = TOKEN
    app = create_app([business_data(s) for s in slugs], token=TOKEN, fault=fault)
    with BackgroundServer(app) as server:
        profile = parse_profile(profile_data(server.base_url))
        targets = build_targets(profile, [bundle(s) for s in slugs], server.base_url, suites_dir=None,
                                budget=Budget(examples=examples), families=families, generated=generated)
        runs = [e.run for e in run_all(targets, "test", workers=workers) if isinstance(e, BusinessFinished)]
    return sorted(runs, key=lambda r: r.subject.business)


def specs_dir() -> Path:
    """The shipped specs folder."""
    return default_specs_dir()
