"""Forecast cut-over dates from step pace, with a national prior for sparse histories.

Method (documented in docs/guides/tracker.md):

- An assignment's own pace is the steps it completed after its first report, divided by the
  months between its first and latest report.
- The national prior is the same ratio summed over every assignment with at least two months of
  history (or `DEFAULT_PRIOR` steps/month when the nation has none yet).
- The pace used is the shrunk estimate ``(own steps + prior × K) / (own months + K)`` with
  K = `PRIOR_WEIGHT_MONTHS`: a short history leans on the prior, a long one on itself.
- Projected cut-over = latest as-of + remaining steps / pace (remaining = 40 − done − 対象外).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from conformance.tracker.steps import STEP_COUNT

DEFAULT_PRIOR = 1.5
PRIOR_WEIGHT_MONTHS = 3.0
DAYS_PER_MONTH = 30.4375
MIN_HISTORY_MONTHS = 2.0


@dataclass(frozen=True, slots=True)
class PaceObservation:
    """What the store knows about one assignment's progress over time."""

    first_as_of: date | None
    as_of: date | None
    complete_steps: int
    gained_steps: int

    @property
    def months(self) -> float:
        """Months between the first and the latest report."""
        if self.first_as_of is None or self.as_of is None:
            return 0.0
        return (self.as_of - self.first_as_of).days / DAYS_PER_MONTH


@dataclass(frozen=True, slots=True)
class Forecast:
    """The projection for one assignment and how it was made."""

    projected: date | None
    pace: float
    own_pace: float | None
    remaining: int
    basis: str


def national_prior(observations: Iterable[PaceObservation]) -> float:
    """Steps per month over every assignment with enough history; DEFAULT_PRIOR when none."""
    steps = months = 0.0
    for obs in observations:
        if obs.months >= MIN_HISTORY_MONTHS:
            steps += obs.gained_steps
            months += obs.months
    return steps / months if months and steps else DEFAULT_PRIOR


def project(obs: PaceObservation, prior: float, *, live: bool = False) -> Forecast:
    """Project one assignment's cut-over date."""
    remaining = STEP_COUNT - obs.complete_steps
    own = obs.gained_steps / obs.months if obs.months >= MIN_HISTORY_MONTHS else None
    pace = (obs.gained_steps + prior * PRIOR_WEIGHT_MONTHS) / (obs.months + PRIOR_WEIGHT_MONTHS)
    if live or remaining <= 0:
        return Forecast(obs.as_of, pace, own, max(remaining, 0), "complete")
    if obs.as_of is None:
        return Forecast(None, pace, own, remaining, "no report yet")
    basis = "own pace shrunk to the national prior" if own is not None else "national prior (sparse history)"
    days = remaining / max(pace, 0.05) * DAYS_PER_MONTH
    return Forecast(obs.as_of + timedelta(days=round(days)), pace, own, remaining, basis)


def vendor_load(cutovers: Iterable[tuple[str, date | None]]) -> dict[str, dict[str, int]]:
    """Cut-overs per vendor per month (``YYYY-MM``), from (vendor, date) pairs; undated pairs skipped."""
    tally: Counter[tuple[str, str]] = Counter(
        (vendor, f"{when:%Y-%m}") for vendor, when in cutovers if when is not None
    )
    out: dict[str, dict[str, int]] = {}
    for (vendor, month), count in sorted(tally.items()):
        out.setdefault(vendor, {})[month] = count
    return out

