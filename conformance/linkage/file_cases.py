"""File-linkage cases: the vendor's file drop holds every group's full and delta file, their layout and
encoding are the spec's, the contents pass the data validator, and the delta replays to the full file.

The drop is read and validated once per business (cached); each family's case reports its share of
the defects, with the validator's masked values and row/column locations.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from conformance.data import BY_CODE, Defect, InMemorySource, MemorySink, mask_value, match_file, validate_delivery
from conformance.domain.results import Finding, Location
from conformance.domain.spec import DataGroup, SpecBundle
from conformance.linkage.context import BusinessContext
from conformance.linkage.evidence import Outcome
from conformance.linkage.filedrop import FileDropError
from conformance.linkage.suite import Case

MAX_FINDINGS = 20
OPERATIONS = {"1": "added", "2": "updated", "3": "deleted"}


@dataclass(slots=True)
class DropCheck:
    """The file drop of one business, validated once."""

    error: str | None = None
    missing: list[str] = field(default_factory=list)
    full_defects: list[Defect] = field(default_factory=list)
    delta_defects: list[Defect] = field(default_factory=list)
    delta_problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    files: int = 0


def inspect_drop(ctx: BusinessContext) -> DropCheck:
    """Read and validate the drop (cached in the context)."""
    if "drop" not in ctx.cache:
        ctx.cache["drop"] = _inspect(ctx)
    check: DropCheck = ctx.cache["drop"]
    return check


def _inspect(ctx: BusinessContext) -> DropCheck:
    bundle = ctx.bundle
    if ctx.files is None:
        return DropCheck(error="the profile names no file drop (target.files)")
    try:
        names = [n for n in ctx.files.names() if n.lower().endswith(".csv")]
        contents = {name: ctx.files.read(name) for name in names}
    except FileDropError as exc:
        return DropCheck(error=str(exc))
    by_variant = _by_variant(bundle, contents)
    return DropCheck(
        missing=[f"{group.file} ({variant})" for group in bundle.data_groups
                 for variant in bundle.file_linkage.variants if group.id not in by_variant.get(variant, {})],
        full_defects=[d for d in _validate(bundle, by_variant["full"]) if d.code != "file.missing"],
        delta_defects=[d for d in _validate(bundle, by_variant["delta"])
                       if not d.code.startswith("table.") and d.code != "file.missing"],
        delta_problems=_delta_problems(bundle, by_variant),
        files=len(contents),
    )


def _delta_problems(bundle: SpecBundle, by_variant: dict[str, dict[str, tuple[str, bytes]]]) -> list[tuple[str, str]]:
    """Where a group's delta file does not replay to its full file (groups with both files only)."""
    problems = []
    for group in bundle.data_groups:
        full, delta = by_variant["full"].get(group.id), by_variant["delta"].get(group.id)
        if full is not None and delta is not None:
            problems.extend(_delta_agrees(bundle, group, full, delta))
    return problems


def _by_variant(bundle: SpecBundle, contents: dict[str, bytes]) -> dict[str, dict[str, tuple[str, bytes]]]:
    """The files the spec's naming recognises: variant → data-group ID → (file name, bytes)."""
    by_variant: dict[str, dict[str, tuple[str, bytes]]] = {"full": {}, "delta": {}}
    for name, data in contents.items():
        match = match_file(name, bundle)
        if match is not None:
            by_variant.setdefault(match.variant, {})[match.group.id] = (name, data)
    return by_variant


def _validate(bundle: SpecBundle, files: dict[str, tuple[str, bytes]]) -> list[Defect]:
    sink = MemorySink()
    validate_delivery(bundle, InMemorySource(tuple(files.values())), sink)
    return sink.defects


def _rows(data: bytes) -> list[dict[str, str]] | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return list(csv.DictReader(io.StringIO(text)))


def _delta_agrees(bundle: SpecBundle, group: DataGroup, full: tuple[str, bytes],
                  delta: tuple[str, bytes]) -> list[tuple[str, str]]:
    full_rows, delta_rows = _rows(full[1]), _rows(delta[1])
    if full_rows is None or delta_rows is None:
        return []  # not UTF-8: the encoding case reports it
    operation_column, _stamp_column = bundle.file_linkage.delta_columns[:2]
    if delta_rows and operation_column not in delta_rows[0]:
        return [(delta[0], f"the delta file has no {operation_column} column")]
    names = [group.item(i).name_ja for i in group.primary_key]
    columns = list(group.header)
    replayed = _replay(delta_rows, names, columns, operation_column)
    current = {_row_key(r, names): _record(r, columns) for r in full_rows}
    only_full = sorted(set(current) - set(replayed))
    only_delta = sorted(set(replayed) - set(current))
    differ = sorted(k for k in set(replayed) & set(current) if replayed[k] != current[k])
    return [(delta[0], f"{len(keys)} record(s) {label} (e.g. key {mask_value(keys[0], True)})")
            for label, keys in (("in the full file but never added by the delta", only_full),
                                ("left by the delta but not in the full file", only_delta),
                                ("differ between the delta's latest row and the full file", differ))
            if keys]


def _replay(delta_rows: list[dict[str, str]], key_names: list[str], columns: list[str],
            operation_column: str) -> dict[str, dict[str, str]]:
    """The records a delta file leaves, by key: each row adds or replaces its record, a deletion removes it."""
    state: dict[str, dict[str, str]] = {}
    for row in delta_rows:
        key = _row_key(row, key_names)
        if OPERATIONS.get(row.get(operation_column, "")) == "deleted":
            state.pop(key, None)
        else:
            state[key] = _record(row, columns)
    return state


def _row_key(row: dict[str, str], key_names: list[str]) -> str:
    """A CSV row's primary key, the key columns' values joined by ``+``."""
    return "+".join(row.get(name, "") for name in key_names)


def _record(row: dict[str, str], columns: list[str]) -> dict[str, str]:
    return {column: row.get(column, "") for column in columns}


def _defect_finding(defect: Defect, rids: tuple[str, ...]) -> Finding:
    return Finding(f"file.{defect.code}", defect.message, rids,
                   Location(file=defect.file, row=defect.row, column=defect.column), defect.value,
                   {k: v for k, v in defect.params.items()})


def _family_of(defect: Defect) -> str:
    entry = BY_CODE.get(defect.code)
    family = entry.family if entry is not None else "file.full"
    return family if family.startswith("file.") else "file.full"


def file_case(ctx: BusinessContext, case: Case) -> Outcome:
    """Run one file-linkage family's case over the (cached) drop inspection."""
    check = inspect_drop(ctx)
    if check.error is not None:
        return Outcome(error=check.error)
    rids = case.requirement_ids
    family = case.family
    outcome = Outcome(evidence={"files": str(check.files)})
    if family == "file.presence":
        outcome.findings = [Finding("file.missing", f"no {what} file in the drop", rids, Location(file=what))
                            for what in check.missing]
    elif family == "file.delta":
        outcome.findings = [Finding("file.delta-disagrees", message, rids, Location(file=name))
                            for name, message in check.delta_problems]
        outcome.findings += [_defect_finding(d, rids) for d in check.delta_defects if _family_of(d) == "file.full"]
    else:
        defects = [d for d in check.full_defects + check.delta_defects if _family_of(d) == family]
        if family == "file.full":
            defects = [d for d in check.full_defects if _family_of(d) == "file.full"]
        outcome.findings = [_defect_finding(d, rids) for d in defects]
    outcome.evidence["findings_total"] = str(len(outcome.findings))
    outcome.findings = outcome.findings[:MAX_FINDINGS]
    return outcome
