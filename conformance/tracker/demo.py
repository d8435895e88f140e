"""A synthetic demo data set for every tracked body × business — labelled synthetic everywhere.

Shaped on the public figures in the brief (§8.2, §8.4), not on any real municipality's data:
about 11 % of systems 特定移行支援 with reason 4 (vendor resources) dominant, every designated
city affected, a mean completion rate near 62 % at 2025-07-31, and three monthly-ish reports
(2025-01-31, 2025-04-30, 2025-07-31) so pace, history and roll-up trends have something to show.
Vendors and products are invented (合成ベンダー…); cloud providers are the real five.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from conformance.domain.bodies import PublicBody
from conformance.domain.businesses import BUSINESSES, Business
from conformance.municipalities import bodies
from conformance.tracker.bands import BodyClass, classify
from conformance.tracker.certification import CertificationRecord, CertificationStatus
from conformance.tracker.records import AssignmentFields, ImportSummary, RehearsalSummary, ReportedRow
from conformance.tracker.steps import GO_LIVE_STEP, STEP_COUNT, StepStatus
from conformance.tracker.store import TrackerStore

SYNTHETIC_LABEL_JA = "合成データ（デモ用・実在の進捗ではありません）"
SYNTHETIC_LABEL_EN = "SYNTHETIC demo data — not real progress"
REPORT_DATES = (date(2025, 1, 31), date(2025, 4, 30), date(2025, 7, 31))
DEMO_SPEC = "2025年度版(合成)"
VENDORS = tuple(f"合成ベンダー{letter}" for letter in "ABCDEFGHIJ")
VENDOR_WEIGHTS = (24, 18, 14, 11, 9, 7, 6, 5, 3, 3)
CLOUDS = (("AWS", 60), ("Google Cloud", 10), ("Microsoft Azure", 10), ("Oracle Cloud Infrastructure", 15),
          ("さくらのクラウド", 5))
SPECIFIC_SHARE = {
    BodyClass.DESIGNATED_CITY: 0.6, BodyClass.SPECIAL_WARD: 0.2, BodyClass.CITY: 0.14, BodyClass.TOWN: 0.07,
    BodyClass.VILLAGE: 0.05, BodyClass.PREFECTURE: 0.15,
}
REASON_WEIGHTS = (45, 196, 184, 3345)
NOT_RUN_PUBLIC_ASSISTANCE = 322
"""Towns/villages whose public assistance the prefecture runs (34,914 − 34,592 in the public total)."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """One assignment's synthetic trajectory."""

    body: PublicBody
    business: Business
    fields: AssignmentFields
    final_progress: int
    pace: float
    second_in_progress: bool
    not_applicable: frozenset[int]
    out_of_order: int | None
    flagged_late: bool
    all_na: bool


def synthetic_reports(seed: int = 20250731, prefectures: Iterable[str] | None = None) -> list[list[ReportedRow]]:
    """Three reports (one list of rows per report date) for every tracked assignment."""
    rng = random.Random(seed)
    wanted = set(prefectures) if prefectures is not None else None
    chosen = [b for b in bodies() if b.counted and (wanted is None or b.prefecture_code in wanted)]
    plans = _plans(rng, chosen)
    return [[_row(plan, index, when) for plan in plans] for index, when in enumerate(REPORT_DATES)]


def _plans(rng: random.Random, chosen: Sequence[PublicBody]) -> list[_Plan]:
    towns = [b for b in chosen if classify(b) in (BodyClass.TOWN, BodyClass.VILLAGE)]
    share = NOT_RUN_PUBLIC_ASSISTANCE / 926
    no_assistance = {b.lg_code for b in towns if rng.random() < share}
    plans: list[_Plan] = []
    for body in chosen:
        band = classify(body)
        primary = rng.choices(VENDORS, VENDOR_WEIGHTS)[0]
        scope = [b for b in BUSINESSES if body.kind.value == "municipality" or b.prefecture_scope]
        specific = {b.slug for b in scope if rng.random() < SPECIFIC_SHARE[band]}
        if band is BodyClass.DESIGNATED_CITY and not specific:
            specific.add(rng.choice(scope).slug)
        for biz in scope:
            all_na = biz.slug == "public-assistance" and body.lg_code in no_assistance
            plans.append(_plan(rng, body, biz, primary, specific=biz.slug in specific, all_na=all_na))
    return plans


def _plan(rng: random.Random, body: PublicBody, biz: Business, primary: str, *, specific: bool,
          all_na: bool) -> _Plan:
    """One assignment's trajectory. The draws from `rng` keep their order: the same seed, the same demo."""
    vendor = primary if rng.random() < 0.8 else rng.choices(VENDORS, VENDOR_WEIGHTS)[0]
    progress = _final_progress(rng, specific=specific)
    target = _month_end(*rng.choice(_TARGET_MONTHS)) if specific else None
    year, month = rng.choice(_PLAN_MONTHS)
    planned = target if specific else _month_end(year, month)
    not_applicable = _not_applicable_steps(rng)
    fields = _fields(rng, biz, vendor, planned=planned, target=target, specific=specific)
    out_of_order = rng.randint(progress + 3, STEP_COUNT) if progress + 3 <= STEP_COUNT and rng.random() < 0.03 \
        else None
    return _Plan(body, biz, fields, progress, max(0.2, rng.gauss(1.3, 0.4)), rng.random() < 0.3,
                 not_applicable, out_of_order, specific and rng.random() < 0.15, all_na)


def _final_progress(rng: random.Random, *, specific: bool) -> int:
    """Steps complete at the last report: fewer for 特定移行支援 systems; about 4 % of the others all done."""
    progress = max(0, min(STEP_COUNT, round(rng.gauss(16 if specific else 26, 6 if specific else 7))))
    if not specific and rng.random() < 0.04:
        progress = STEP_COUNT
    return progress


def _not_applicable_steps(rng: random.Random) -> frozenset[int]:
    """Steps a body may skip: joint use (7), the RFI (10–12), the vendor briefing (22)."""
    na = set()
    if rng.random() < 0.3:
        na.add(7)
    if rng.random() < 0.2:
        na.update((10, 11, 12))
    if rng.random() < 0.4:
        na.add(22)
    return frozenset(na)


def _fields(rng: random.Random, biz: Business, vendor: str, *, planned: date | None, target: date | None,
            specific: bool) -> AssignmentFields:
    """The reported facts: invented systems and products, a real cloud provider, a reason when 特定移行支援."""
    return AssignmentFields(
        current_system=f"旧{biz.label_ja}システム(合成)", current_vendor=rng.choice(VENDORS),
        product=f"{vendor} 標準{biz.label_ja}", product_version=rng.choice(("1.0", "1.0", "2.0")),
        product_vendor=vendor, spec_version=DEMO_SPEC,
        cloud_provider=rng.choices([c for c, _ in CLOUDS], [w for _, w in CLOUDS])[0],
        planned_cutover=planned, specific_support=specific,
        reason_code=rng.choices((1, 2, 3, 4), REASON_WEIGHTS)[0] if specific else None,
        new_target_date=target,
    )


_PLAN_MONTHS = ((2025, 9), (2025, 10), (2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3), (2026, 3),
                (2026, 3), (2026, 6))
"""Planned cut-over months of ordinary systems; a few plan after the deadline (rule L-PLAN)."""
_TARGET_MONTHS = tuple((y, m) for y in range(2026, 2031) for m in range(1, 13) if (y, m) >= (2026, 6))
"""新目標日 months of 特定移行支援 systems: June 2026 to December 2030 (≈ within 5 years)."""


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _row(plan: _Plan, index: int, when: date) -> ReportedRow:
    months_before = (len(REPORT_DATES) - 1 - index) * 3
    progress = max(0, plan.final_progress - round(plan.pace * months_before))
    steps = _steps(plan, progress, last=index == len(REPORT_DATES) - 1)
    fields = plan.fields
    if plan.flagged_late and index < len(REPORT_DATES) - 1:
        fields = replace(fields, specific_support=False, reason_code=None, new_target_date=None,
                         planned_cutover=date(2026, 3, 31))
    if steps[GO_LIVE_STEP - 1] is StepStatus.DONE:
        fields = replace(fields, actual_cutover=min(when, date(2025, 1, 4)))
    return ReportedRow(plan.body.lg_code, plan.business.slug, fields, steps, when)


def _steps(plan: _Plan, progress: int, *, last: bool) -> tuple[StepStatus, ...]:
    if plan.all_na:
        return (StepStatus.NOT_APPLICABLE,) * STEP_COUNT
    out: list[StepStatus] = []
    for number in range(1, STEP_COUNT + 1):
        if number in plan.not_applicable:
            out.append(StepStatus.NOT_APPLICABLE)
        elif number <= progress:
            out.append(StepStatus.DONE)
        elif number == progress + 1 or (number == progress + 2 and plan.second_in_progress):
            out.append(StepStatus.IN_PROGRESS)
        else:
            out.append(StepStatus.NOT_STARTED)
    if last and plan.out_of_order is not None and out[plan.out_of_order - 1] is StepStatus.NOT_STARTED:
        out[plan.out_of_order - 1] = StepStatus.DONE
    return tuple(out)


def certifications(reports: Sequence[ReportedRow]) -> list[CertificationRecord]:
    """Synthetic certification records for the demo products: most certified, a few not."""
    rng = random.Random(7)
    seen: dict[tuple[str, str, str], CertificationRecord] = {}
    for row in reports:
        f = row.fields
        if f.product is None or f.product_version is None:
            continue
        key = (f.product, f.product_version, row.business)
        if key not in seen:
            status = CertificationStatus.NOT_CERTIFIED if rng.random() < 0.04 else CertificationStatus.CERTIFIED
            seen[key] = CertificationRecord(f.product, f.product_version, row.business, DEMO_SPEC, status,
                                            "synthetic-demo", date(2025, 6, 30))
    return list(seen.values())


def rehearsals(reports: Sequence[ReportedRow]) -> list[tuple[str, str, RehearsalSummary]]:
    """Synthetic rehearsal summaries for assignments past step 32 (about 90 % pass)."""
    rng = random.Random(11)
    out: list[tuple[str, str, RehearsalSummary]] = []
    for row in reports:
        if row.steps[31] is not StepStatus.DONE or rng.random() > 0.5:
            continue
        verdict = "fail" if rng.random() < 0.1 else "pass"
        counts = {"pass": rng.randint(80, 200), "fail": rng.randint(1, 12) if verdict == "fail" else 0}
        out.append((row.lg_code, row.business, RehearsalSummary(
            f"synthetic-{row.lg_code}-{row.business}", "data", DEMO_SPEC, verdict, counts,
            datetime(2025, 7, 15, tzinfo=UTC))))
    return out


def load_demo(store: TrackerStore, *, seed: int = 20250731, prefectures: Iterable[str] | None = None,
              actor: str = "demo") -> list[ImportSummary]:
    """Seed the store with the synthetic data set through the normal import path."""
    reports = synthetic_reports(seed, prefectures)
    summaries = [
        store.apply_rows(rows, kind="demo", source=f"{SYNTHETIC_LABEL_EN} seed={seed}", sha256="", actor=actor,
                         as_of=when, synthetic=True)
        for rows, when in zip(reports, REPORT_DATES, strict=True)
    ]
    final = reports[-1]
    store.add_certifications(certifications(final), source=f"{SYNTHETIC_LABEL_EN} certifications",
                             sha256="", actor=actor, as_of=date(2025, 6, 30))
    for biz in BUSINESSES:
        store.set_spec_in_force(biz.slug, DEMO_SPEC, date(2025, 4, 1), actor=actor)
    store.add_rehearsals(rehearsals(final), source=f"{SYNTHETIC_LABEL_EN} rehearsals", sha256="", actor=actor)
    return summaries
