"""A file's plan run on its frames: the screen's suspect rows gathered, the detailed rules on them, each flagged
cell emitted with its parameters and masked value.

With a screen, the rows it flags (copied out of their frames: `frames.owned`) are held until `SUSPECT_ROWS` of
them are gathered or the file ends, then go through the detailed rules together, only the rules whose screens
fired (each pass plans every rule of the file, about 10 ms for 個人). Without one, every rule runs on every
frame. Either way the findings are the same, in record order and, within a record, in rule order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from conformance.data.read.frames import owned
from conformance.data.report.masking import mask_value
from conformance.data.rules.expressions import flagged_params
from conformance.data.rules.family import Params, RuleExpr
from conformance.data.rules.plan import Plan

# Evaluate the rule expressions with the lazy engine (common subexpression elimination).
LAZY = True
# Rows the screen flagged are gathered over frames, at the latest once this many are held.
SUSPECT_ROWS = 50_000

Emit = Callable[[str, int | None, str | None, Params | None, str | None], None]
"""Reports one defect: (code, record, column, params, masked value)."""


def select(frame: pl.DataFrame, exprs: list[pl.Expr]) -> pl.DataFrame:
    """frame.select(exprs) through the lazy engine, which computes common subexpressions once
    (e.g. the parsed integer behind every digit of a check-digit rule); the eager select does not."""
    return frame.lazy().select(exprs).collect() if LAZY else frame.select(exprs)


@dataclass(slots=True)
class _Suspects:
    """Rows the screen flagged (with their record numbers), and the indices of the screens that fired."""

    frames: list[pl.DataFrame] = field(default_factory=list)
    records: list[pl.Series] = field(default_factory=list)
    fired: set[int] = field(default_factory=set)


class Flagger:
    """The plan's cell and cross-field rules on the frames of one file, reporting to `emit`."""

    def __init__(self, plan: Plan, emit: Emit) -> None:
        self.plan = plan
        self._emit = emit
        self._suspects = _Suspects()

    def check(self, frame: pl.DataFrame, records: pl.Series, screened: pl.DataFrame | None) -> None:
        """The rules on one frame (`screened`: the screen's columns for its rows, None when not screening)."""
        plan = self.plan
        if screened is not None:
            suspect = screened.select(pl.any_horizontal(pl.all())).to_series()
            if suspect.any():
                self._suspects.frames.append(owned(frame.filter(suspect), plan.columns))
                self._suspects.records.append(records.filter(suspect))
                self._suspects.fired.update(index for index, screen in enumerate(screened.iter_columns())
                                            if screen.any())
                if sum(f.height for f in self._suspects.frames) >= SUSPECT_ROWS:
                    self.flush()
        elif plan.flags:
            self._flag(frame, records, plan.flags)

    def flush(self) -> None:
        """The detailed rules whose screens fired, on the rows the screen flagged since the last call."""
        held, self._suspects = self._suspects, _Suspects()
        if not held.frames:
            return
        plan = self.plan
        needed = [flag for flag, guard in zip(plan.flags, plan.guards, strict=True) if held.fired.intersection(guard)]
        frame = pl.concat(held.frames) if len(held.frames) > 1 else held.frames[0]
        records = pl.concat(held.records) if len(held.records) > 1 else held.records[0]
        self._flag(frame, records, needed)

    def _flag(self, frame: pl.DataFrame, records: pl.Series, flags: list[pl.Expr]) -> None:
        flagged = select(frame, flags)
        mask = flagged.select(pl.any_horizontal(pl.all())).to_series()
        if not mask.any():
            return
        hits = flagged.filter(mask)
        rows = frame.filter(mask)
        hit_records = records.filter(mask).to_list()
        by_name = self.plan.by_name
        found: list[tuple[int, int, RuleExpr, str]] = []
        for order, hit in enumerate(hits.iter_columns()):  # (a per-column pass: DataFrame.sum plans a query)
            positions = hit.arg_true()
            if positions.is_empty():
                continue
            rule = by_name[hit.name]
            values = rows.get_column(rule.column).gather(positions).to_list()
            found.extend((position, order, rule, value)
                         for position, value in zip(positions.to_list(), values, strict=True))
        found.sort(key=lambda hit: (hit[0], hit[1]))
        for position, _order, rule, value in found:
            self._emit_cell(int(hit_records[position]), rule, value)

    def _emit_cell(self, record: int, rule: RuleExpr, value: str) -> None:
        params = flagged_params(rule, value)
        if params is None:
            return  # a candidate the per-value check cleared
        item = rule.item
        self._emit(rule.code, record, item.name_ja, params, mask_value(value, item.personal_data))
