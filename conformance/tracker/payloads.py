"""The JSON documents of ``conformance tracker status --json`` and ``forecast --json``.

The one place where the tracker's records become plain data for JSON: `plain` turns a record
(a dataclass, nested ones included) into dicts and lists, and `to_json` writes a document (dates and
other values JSON has no type for as their text).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from conformance.municipalities import ATTRIBUTION_JA
from conformance.tracker.records import BodyRow, GridCell, HistoryEntry, RollupRow
from conformance.tracker.service import AssignmentView, ForecastReport, PrefectureGrid


def plain(record: Any) -> dict[str, Any]:
    """A record (a dataclass instance) as a dict of plain values, nested records included."""
    return asdict(record)


def to_json(document: Any) -> str:
    """A document as JSON text: non-ASCII kept, dates and other values as their text."""
    return json.dumps(document, ensure_ascii=False, default=str)


def rollup_document(rows: Sequence[RollupRow], dimension: str, synthetic: bool) -> dict[str, Any]:
    """A roll-up: every group's counts with its rates."""
    return {"dimension": dimension, "synthetic": synthetic, "rows": [
        plain(r) | {"completion_rate": r.completion_rate, "in_progress_rate": r.in_progress_rate} for r in rows]}


def _cell(cell: GridCell) -> dict[str, Any]:
    counts = cell.counts
    return {"completion_rate": cell.completion_rate, "in_progress_rate": counts.in_progress_rate,
            "not_started_rate": counts.not_started_rate, "done": counts.done, "in_progress": counts.in_progress,
            "not_started": counts.not_started, "not_applicable": counts.not_applicable, "live": cell.live,
            "specific_support": cell.specific_support, "reason_code": cell.reason_code}


def grid_document(grid: PrefectureGrid) -> dict[str, Any]:
    """A prefecture's body × business grid: per body, the cells of the businesses it runs."""
    return {
        "prefecture_code": grid.prefecture_code, "prefecture_name": grid.prefecture_name,
        "synthetic": grid.synthetic, "attribution": ATTRIBUTION_JA, "businesses": list(grid.businesses),
        "bodies": [
            {"lg_code": b.lg_code, "name": b.name, "body_class": b.body_class, "cells": {
                biz: _cell(cell) for biz in grid.businesses if (cell := grid.cells.get((b.lg_code, biz))) is not None}}
            for b in grid.bodies
        ],
    }


def body_document(body: BodyRow, views: Sequence[AssignmentView], history: Sequence[HistoryEntry],
                  synthetic: bool) -> dict[str, Any]:
    """A body's assignments in full (fields, steps, readiness with every flag, forecast) and its history."""
    return {
        "body": plain(body), "synthetic": synthetic,
        "assignments": [
            {"business": v.business, "as_of": v.as_of, "fields": plain(v.fields),
             "steps": [s.value for s in v.steps], "completion_rate": v.readiness.completion_rate,
             "readiness": plain(v.readiness), "forecast": plain(v.forecast)}
            for v in views
        ],
        "history": [plain(h) for h in history],
    }


def forecast_document(report: ForecastReport) -> dict[str, Any]:
    """The national forecast: the prior pace, both at-risk lists, vendor load."""
    return plain(report)
