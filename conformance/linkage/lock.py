"""Stable case IDs: ``suites/<slug>/<version>/cases.lock.json`` maps case keys to IDs.

Rebuilding never renumbers: known keys keep their IDs, new keys get the next free number, and
keys that disappear stay in the lock (retired) so their IDs are never reused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.domain.spec import SpecBundle
from conformance.linkage.suite import case_specs, requirements_by_family

LOCK_FILE = "cases.lock.json"
ID_PREFIX = "LK-"
CHECKOUT_SUITES = Path(__file__).resolve().parents[2] / "suites"


@dataclass(slots=True)
class CaseLock:
    """The lock of one business and version: key → ID, plus the next free number."""

    business: str
    spec_version: str
    ids: dict[str, str] = field(default_factory=dict)
    next_number: int = 1

    def assign(self, bundle: SpecBundle) -> bool:
        """Give every case of the spec an ID (new keys only); True when the lock changed."""
        families = requirements_by_family(bundle)
        changed = False
        for spec in case_specs(bundle):
            if spec.family in families and spec.key not in self.ids:
                self.ids[spec.key] = f"{ID_PREFIX}{self.next_number:04d}"
                self.next_number += 1
                changed = True
        return changed

    def to_json(self) -> str:
        """The lock file's text (sorted by ID, stable across rebuilds)."""
        cases: dict[str, Any] = {}
        for key, case_id in sorted(self.ids.items(), key=lambda kv: kv[1]):
            family, target, scenario = key.split("|")
            cases[case_id] = {"family": family, "target": target, "scenario": scenario}
        document = {"business": self.business, "spec_version": self.spec_version,
                    "next": self.next_number, "cases": cases}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def default_suites_dir() -> Path | None:
    """The `suites/` folder of a source checkout, or None (an installed package: IDs are assigned in memory)."""
    return CHECKOUT_SUITES if CHECKOUT_SUITES.is_dir() else None


def lock_path(suites_dir: Path, slug: str, version: str) -> Path:
    """Where the lock of one business and version lives."""
    return suites_dir / slug / version / LOCK_FILE


def read_lock(path: Path, slug: str, version: str) -> CaseLock:
    """The lock at `path`, or an empty lock when there is none yet."""
    if not path.is_file():
        return CaseLock(slug, version)
    document = json.loads(path.read_text(encoding="utf-8"))
    ids = {f"{c['family']}|{c['target']}|{c['scenario']}": case_id for case_id, c in document["cases"].items()}
    return CaseLock(slug, version, ids, int(document["next"]))


def locked_ids(bundle: SpecBundle, suites_dir: Path | None, *, write: bool = True) -> dict[str, str]:
    """Case IDs for a spec: read its lock, assign IDs to new cases, and write the lock back if it changed.

    Without a suites folder (or when it is not writable) the IDs are assigned in memory only.
    """
    slug, version = bundle.meta.slug, bundle.meta.version_id
    path = lock_path(suites_dir, slug, version) if suites_dir is not None else None
    lock = read_lock(path, slug, version) if path is not None else CaseLock(slug, version)
    if lock.assign(bundle) and write and path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(lock.to_json(), encoding="utf-8")
        except OSError:
            pass  # an installed, read-only suites folder: IDs stay valid for this run
    return lock.ids
