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
from conformance.result_store import Waiver, waiver_from_dict


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


class WaiverPeriodError(ValueError):
    """A waiver that expires before it is granted (it would never apply)."""


def check_period(waiver: Waiver) -> Waiver:
    """`waiver`, when it applies on at least one day; WaiverPeriodError when it expires before it is granted."""
    if waiver.expires < waiver.granted:
        raise WaiverPeriodError(f"waiver {waiver.waiver_id} expires before it is granted")
    return waiver


class WaiverFileError(ValueError):
    """A waivers file that cannot be used: what is wrong, and where."""


def load_waivers(path: Path) -> list[Waiver]:
    """Waivers from a YAML/JSON file: a list, or a mapping with a ``waivers`` list.

    Raises:
        WaiverFileError: the file cannot be read, is not UTF-8 YAML/JSON, or a waiver lacks a field or has a bad one.
    """
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WaiverFileError(f"{path}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    except UnicodeDecodeError as exc:
        raise WaiverFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise WaiverFileError(f"{path}: not valid YAML or JSON{where}") from None
    items = document.get("waivers", []) if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise WaiverFileError(f"{path}: expected a list of waivers")
    waivers = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise WaiverFileError(f"{path}: waiver {number} is not a mapping of fields")
        try:
            waivers.append(waiver_from_dict(item))
        except KeyError as exc:
            raise WaiverFileError(f"{path}: waiver {number} lacks the field {exc.args[0]}") from None
        except ValueError as exc:
            raise WaiverFileError(f"{path}: waiver {number}: {exc}") from None
    return waivers
