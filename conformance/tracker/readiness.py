"""Readiness per assignment, explained: step completion, certification and rehearsal evidence.

Pure. Rules are tried in order; the first that matches gives the level, and every rule that
matches adds a flag, so a liaison sees the headline and everything else that is wrong.
The rules are data: `READINESS_RULES` holds each one's code, level, predicate and Japanese and English texts,
and `assess` runs them in a small loop. docs/guides/tracker.md lists them ("Readiness rules"), and
tests/tracker/test_rules_documented.py checks that the guide and `READINESS_RULES` agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from conformance.tracker.certification import CertificationLookup, CertificationStatus
from conformance.tracker.records import AssignmentFields, RehearsalSummary
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
    rehearsal: RehearsalSummary | None = None
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


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules look at, worked out once per assignment."""

    fields: AssignmentFields
    as_of: date | None
    forecast: date | None
    target: date
    live: bool
    complete: bool
    all_not_applicable: bool
    out_of_order: tuple[tuple[int, int], ...]
    certification: CertificationStatus
    verdict: str | None
    failed_rehearsal: bool
    spec: str

    @classmethod
    def of(cls, evidence: Evidence, counts: StepCounts, certification: CertificationStatus) -> Facts:
        """The facts of one assignment's evidence."""
        f = evidence.fields
        verdict = None if evidence.rehearsal is None else evidence.rehearsal.verdict
        spec = evidence.spec_in_force or f.spec_version or "?"
        return cls(f, evidence.as_of, evidence.forecast, f.target_date, is_live(f, evidence.steps),
                   counts.completion_rate == 1.0, counts.all_not_applicable, tuple(_out_of_order(evidence.steps)),
                   certification, verdict, verdict in ("fail", "error"), spec)

    @property
    def words(self) -> dict[str, object]:
        """The values a rule's texts may name (product, product_version, spec, target, planned_cutover, forecast)."""
        f = self.fields
        return {"product": f.product, "product_version": f.product_version or "", "spec": self.spec,
                "target": self.target, "planned_cutover": f.planned_cutover, "forecast": self.forecast}


@dataclass(frozen=True, slots=True)
class Rule:
    """One readiness rule: its code, the level it gives, when it matches, and its texts.

    The texts are `str.format` templates over `Facts.words`; a rule with `each` matches once per item it yields
    (C-ORDER: once per step done before its prerequisite), and its texts name the item's values instead.
    """

    code: str
    level: Level
    when: Callable[[Facts], bool]
    ja: str
    en: str
    each: Callable[[Facts], Iterable[Mapping[str, object]]] | None = None
    fixed: Flag | None = field(init=False, repr=False, compare=False)
    """The flag itself when the texts name nothing (made once: flags are immutable)."""

    def __post_init__(self) -> None:
        plain = self.each is None and "{" not in self.ja + self.en
        object.__setattr__(self, "fixed", Flag(self.code, self.level, self.ja, self.en) if plain else None)

    def flag(self, words: Mapping[str, object]) -> Flag:
        """The flag of a match, its texts filled in with `words`."""
        return Flag(self.code, self.level, self.ja.format_map(words), self.en.format_map(words))


def _each_out_of_order(facts: Facts) -> Iterator[dict[str, object]]:
    for number, before in facts.out_of_order:
        yield {"number": number, "before": before}


_NOT_CERTIFIED, _CERTIFIED, _UNKNOWN = (
    CertificationStatus.NOT_CERTIFIED, CertificationStatus.CERTIFIED, CertificationStatus.UNKNOWN)

READINESS_RULES: tuple[Rule, ...] = (
    Rule("NA-ALL", Level.NOT_APPLICABLE, lambda x: x.all_not_applicable,
         "全手順が対象外（この業務を実施していない）",
         "every step is not applicable (the body does not run this business)"),
    Rule("C-CERT", Level.CONTRADICTED, lambda x: x.live and x.certification is _NOT_CERTIFIED,
         "本番稼働と報告されているが、製品 {product} {product_version} は仕様 {spec} に適合未確認",
         "reported live, but product {product} {product_version} is not certified for spec {spec}"),
    Rule("C-ORDER", Level.CONTRADICTED, lambda x: bool(x.out_of_order),
         "手順{number}が完了済みだが、前提の手順{before}が未完了",
         "step {number} is done while its prerequisite step {before} is not", each=_each_out_of_order),
    Rule("C-REHEARSAL", Level.CONTRADICTED, lambda x: x.live and x.failed_rehearsal,
         "本番稼働と報告されているが、移行データ検証が不合格",
         "reported live, but the latest migration-data rehearsal failed"),
    Rule("L-DEADLINE", Level.LATE, lambda x: not x.live and x.as_of is not None and x.as_of > x.target,
         "目標日 {target} を過ぎても未稼働",
         "not live although the target date {target} has passed"),
    Rule("L-PLAN", Level.LATE,
         lambda x: not x.fields.specific_support and x.fields.planned_cutover is not None
         and x.fields.planned_cutover > x.target,
         "移行予定日 {planned_cutover} が期限 {target} より後",
         "planned cut-over {planned_cutover} is after the deadline {target}"),
    Rule("A-FORECAST", Level.AT_RISK, lambda x: not x.live and x.forecast is not None and x.forecast > x.target,
         "予測移行日 {forecast} が目標日 {target} より後",
         "forecast cut-over {forecast} is after the target date {target}"),
    Rule("A-REHEARSAL", Level.AT_RISK, lambda x: not x.live and x.failed_rehearsal,
         "直近の移行データ検証が不合格",
         "the latest migration-data rehearsal did not pass"),
    Rule("A-CERT", Level.AT_RISK, lambda x: not x.live and x.certification is _NOT_CERTIFIED,
         "選定製品 {product} は仕様 {spec} に適合未確認",
         "the chosen product {product} is not certified for spec {spec}"),
    Rule("R-LIVE", Level.READY, lambda x: x.live and x.certification is _CERTIFIED and x.verdict in (None, "pass"),
         "稼働済み・適合確認済み", "live and certified"),
    Rule("O-EVIDENCE", Level.ON_TRACK, lambda x: (x.live or x.complete) and x.certification is _UNKNOWN,
         "稼働済みだが適合確認の記録がない",
         "live, but there is no certification evidence"),
    Rule("O-PACE", Level.ON_TRACK, lambda x: True,
         "期限内に移行見込み", "on course to migrate by the target date"),
)
"""The readiness rules, in the order they are tried (documented, and checked, in docs/guides/tracker.md)."""


def assess(evidence: Evidence, certifications: CertificationLookup) -> Readiness:
    """Apply the rules in order; the first match is the level, all matches are flags."""
    counts = StepCounts.of(evidence.steps)
    certification = _certification(evidence, certifications)
    flags = _flags(evidence, counts, certification)
    head = flags[0]
    verdict = None if evidence.rehearsal is None else evidence.rehearsal.verdict
    return Readiness(head.level, head.rule, head.ja, head.en, counts.completion_rate, certification, verdict,
                     tuple(flags))


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
    facts = Facts.of(evidence, counts, certification)
    flags: list[Flag] = []
    words: dict[str, object] | None = None
    for rule in READINESS_RULES:
        if not rule.when(facts):
            continue
        if rule.fixed is not None:
            flags.append(rule.fixed)
        elif rule.each is not None:
            flags.extend(rule.flag(item) for item in rule.each(facts))
        else:
            words = facts.words if words is None else words
            flags.append(rule.flag(words))
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
