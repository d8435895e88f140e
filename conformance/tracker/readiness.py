"""Readiness per assignment, explained: step completion, certification and rehearsal evidence.

Pure. Rules are tried in order; the first that matches gives the level, and every rule that
matches adds a flag, so a liaison sees the headline and everything else that is wrong.
Rules table (kept in step with docs/guides/tracker.md):

| Rule | Level | When |
|---|---|---|
| NA-ALL | not_applicable | every step is 対象外 (the body does not run this business) |
| C-CERT | contradicted | live (go-live done or actual cut-over) but the product is not certified |
| C-ORDER | contradicted | a step is done while one of its prerequisites is neither done nor 対象外 |
| C-REHEARSAL | contradicted | live although the latest migration-data rehearsal failed |
| L-DEADLINE | late | not live and the as-of date is past the target date (deadline, or 新目標日 for 特定移行支援) |
| L-PLAN | late | not 特定移行支援 and the planned cut-over is after the deadline |
| A-FORECAST | at_risk | not live and the forecast cut-over is after the target date |
| A-REHEARSAL | at_risk | the latest rehearsal failed or errored |
| A-CERT | at_risk | a product is chosen and the evidence says it is not certified |
| R-LIVE | ready | live, certified, and the latest rehearsal (if any) passed |
| O-EVIDENCE | on_track | live or all steps complete, but certification evidence is missing |
| O-PACE | on_track | otherwise |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from conformance.tracker.certification import CertificationLookup, CertificationStatus
from conformance.tracker.records import AssignmentFields
from conformance.tracker.steps import GO_LIVE_STEP, PREREQUISITES, StepCounts, StepStatus


class Level(StrEnum):
    """Readiness levels, best first; not_applicable stands outside the order."""

    READY = "ready"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    CONTRADICTED = "contradicted"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return _LEVEL_JA[self]


_LEVEL_JA = {
    Level.READY: "移行完了", Level.ON_TRACK: "順調", Level.AT_RISK: "要注意", Level.LATE: "遅延",
    Level.CONTRADICTED: "矛盾あり", Level.NOT_APPLICABLE: "対象外",
}


@dataclass(frozen=True, slots=True)
class Flag:
    """One matched rule: its id, level, and the explanation in Japanese and English."""

    rule: str
    level: Level
    ja: str
    en: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the readiness rules know about one assignment."""

    business: str
    fields: AssignmentFields
    steps: Sequence[StepStatus]
    as_of: date | None
    spec_in_force: str | None = None
    rehearsal: Mapping[str, Any] | None = None
    forecast: date | None = None


@dataclass(frozen=True, slots=True)
class Readiness:
    """The readiness of one assignment: level, the rule that produced it, and every flag."""

    level: Level
    rule: str
    explanation_ja: str
    explanation_en: str
    completion_rate: float
    certification: CertificationStatus
    rehearsal_verdict: str | None
    flags: tuple[Flag, ...]


def assess(evidence: Evidence, certifications: CertificationLookup) -> Readiness:
    """Apply the rules in order; the first match is the level, all matches are flags."""
    counts = StepCounts.of(evidence.steps)
    certification = _certification(evidence, certifications)
    flags = _flags(evidence, counts, certification)
    head = flags[0]
    verdict = evidence.rehearsal.get("verdict") if evidence.rehearsal else None
    return Readiness(head.level, head.rule, head.ja, head.en, counts.completion_rate, certification,
                     None if verdict is None else str(verdict), tuple(flags))


def is_live(fields: AssignmentFields, steps: Sequence[StepStatus]) -> bool:
    """Go-live step done, or an actual cut-over date reported."""
    return steps[GO_LIVE_STEP - 1] is StepStatus.DONE or fields.actual_cutover is not None


def _certification(evidence: Evidence, lookup: CertificationLookup) -> CertificationStatus:
    f = evidence.fields
    if not f.product:
        return CertificationStatus.UNKNOWN
    spec = evidence.spec_in_force or f.spec_version or ""
    record = lookup.lookup(f.product, f.product_version or "", evidence.business, spec)
    return CertificationStatus.UNKNOWN if record is None else record.status


def _flags(evidence: Evidence, counts: StepCounts, certification: CertificationStatus) -> list[Flag]:
    f, steps = evidence.fields, evidence.steps
    live = is_live(f, steps)
    spec = evidence.spec_in_force or f.spec_version or "?"
    verdict = str(evidence.rehearsal["verdict"]) if evidence.rehearsal else None
    target = f.target_date
    flags: list[Flag] = []
    if counts.all_not_applicable:
        flags.append(Flag("NA-ALL", Level.NOT_APPLICABLE, "全手順が対象外（この業務を実施していない）",
                          "every step is not applicable (the body does not run this business)"))
    if live and certification is CertificationStatus.NOT_CERTIFIED:
        flags.append(Flag("C-CERT", Level.CONTRADICTED,
                          f"本番稼働と報告されているが、製品 {f.product} {f.product_version or ''} "
                          f"は仕様 {spec} に適合未確認",
                          f"reported live, but product {f.product} {f.product_version or ''} is not certified "
                          f"for spec {spec}"))
    for number, before in _out_of_order(steps):
        flags.append(Flag("C-ORDER", Level.CONTRADICTED,
                          f"手順{number}が完了済みだが、前提の手順{before}が未完了",
                          f"step {number} is done while its prerequisite step {before} is not"))
    if live and verdict in ("fail", "error"):
        flags.append(Flag("C-REHEARSAL", Level.CONTRADICTED, "本番稼働と報告されているが、移行データ検証が不合格",
                          "reported live, but the latest migration-data rehearsal failed"))
    if not live and evidence.as_of is not None and evidence.as_of > target:
        flags.append(Flag("L-DEADLINE", Level.LATE, f"目標日 {target} を過ぎても未稼働",
                          f"not live although the target date {target} has passed"))
    if not f.specific_support and f.planned_cutover is not None and f.planned_cutover > target:
        flags.append(Flag("L-PLAN", Level.LATE, f"移行予定日 {f.planned_cutover} が期限 {target} より後",
                          f"planned cut-over {f.planned_cutover} is after the deadline {target}"))
    if not live and evidence.forecast is not None and evidence.forecast > target:
        flags.append(Flag("A-FORECAST", Level.AT_RISK, f"予測移行日 {evidence.forecast} が目標日 {target} より後",
                          f"forecast cut-over {evidence.forecast} is after the target date {target}"))
    if not live and verdict in ("fail", "error"):
        flags.append(Flag("A-REHEARSAL", Level.AT_RISK, "直近の移行データ検証が不合格",
                          "the latest migration-data rehearsal did not pass"))
    if not live and certification is CertificationStatus.NOT_CERTIFIED:
        flags.append(Flag("A-CERT", Level.AT_RISK, f"選定製品 {f.product} は仕様 {spec} に適合未確認",
                          f"the chosen product {f.product} is not certified for spec {spec}"))
    complete = counts.completion_rate == 1.0
    if live and certification is CertificationStatus.CERTIFIED and verdict in (None, "pass"):
        flags.append(Flag("R-LIVE", Level.READY, "稼働済み・適合確認済み", "live and certified"))
    if (live or complete) and certification is CertificationStatus.UNKNOWN:
        flags.append(Flag("O-EVIDENCE", Level.ON_TRACK, "稼働済みだが適合確認の記録がない",
                          "live, but there is no certification evidence"))
    flags.append(Flag("O-PACE", Level.ON_TRACK, "期限内に移行見込み", "on course to migrate by the target date"))
    return flags


def _out_of_order(steps: Sequence[StepStatus]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for number, before in PREREQUISITES.items():
        if steps[number - 1] is not StepStatus.DONE:
            continue
        for prerequisite in before:
            if steps[prerequisite - 1] not in (StepStatus.DONE, StepStatus.NOT_APPLICABLE):
                found.append((number, prerequisite))
    return found
