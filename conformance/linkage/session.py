"""Compose a run: from a vendor profile and spec bundles to the BusinessTargets the runner executes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import httpx

from conformance.domain.spec import SpecBundle
from conformance.linkage.connection import open_transport
from conformance.linkage.context import Budget, BusinessContext
from conformance.linkage.evidence import Masker
from conformance.linkage.filedrop import open_drop
from conformance.linkage.lock import locked_ids
from conformance.linkage.profile import VendorProfile
from conformance.linkage.runner import BusinessTarget
from conformance.linkage.suite import Suite, build_suite


def build_targets(profile: VendorProfile, bundles: Sequence[SpecBundle], base_url: str, *,
                  suites_dir: Path | None, budget: Budget | None = None, families: frozenset[str] | None = None,
                  generated: bool = True, client: httpx.Client | None = None) -> list[BusinessTarget]:
    """One target per bundle, sharing one Transport (connection pool, rate limit).

    Raises:
        ConfigurationError: credentials cannot be resolved (missing environment variable, token endpoint).
    """
    transport = open_transport(profile, base_url, client)
    secrets = profile.secret_values()
    targets = []
    for bundle in bundles:
        suite: Suite = build_suite(bundle, locked_ids(bundle, suites_dir)).select(families, generated=generated)
        location = profile.files_location(bundle.meta.slug)
        drop = open_drop(location, transport, base_url) if location else None
        context = BusinessContext(bundle, transport, Masker.for_bundle(bundle, secrets), base_url, drop,
                                  budget or Budget(), dict(transport.auth_headers))
        targets.append(BusinessTarget(suite, context, profile.product or profile.name, profile.product_version,
                                      profile.base_url))
    return targets
