"""Waivers: a justified, approved, expiring exception turns one failing case into ``waived``.

Waivers are applied when results are read, never written into the stored run, so a waiver that
expires simply stops applying and the case is a ``fail`` again. Only fails are waived: a pass stays
a pass and an error stays an error (a tool problem is not the vendor's to waive).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from conformance.domain.results import CaseResult, RunResult, Verdict
from conformance.results.records import Waiver, waiver_from_dict


def applicable(waivers: Iterable[Waiver], run: RunResult, on: date) -> dict[str, Waiver]:
    """The active waivers of `run`'s subject on `on`, by case ID."""
    subject = run.subject
    found: dict[str, Waiver] = {}
    for waiver in waivers:
        if waiver.active_on(on) and waiver.matches(
            subject.product, subject.product_version, subject.business, subject.spec_version
        ):
            found.setdefault(waiver.case_id, waiver)
    return found


def apply_waivers(run: RunResult, waivers: Iterable[Waiver], on: date) -> RunResult:
    """`run` with every failing case covered by an active waiver turned into ``waived``."""
    active = applicable(waivers, run, on)
    if not active:
        return run
    cases = tuple(_waive(case, active.get(case.case_id)) for case in run.cases)
    return replace(run, cases=cases)


def _waive(case: CaseResult, waiver: Waiver | None) -> CaseResult:
    if waiver is None or case.verdict is not Verdict.FAIL:
        return case
    reason = (
        f"適用除外 {waiver.waiver_id} (承認: {waiver.approver}, 期限: {waiver.expires.isoformat()}): "
        f"{waiver.justification}"
    )
    return replace(case, verdict=Verdict.WAIVED, reason=reason)


def load_waivers(path: Path) -> list[Waiver]:
    """Waivers from a YAML/JSON file: a list, or a mapping with a ``waivers`` list."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = document.get("waivers", []) if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a list of waivers")
    return [waiver_from_dict(item) for item in items]
