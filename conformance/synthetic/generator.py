"""Synthetic migration data for any business: one CSV per data group, consistent keys, clean by
construction, with optional injected defects listed in ``truth.csv`` (cell and table defects, and
with ``file_defects`` file-level ones: `conformance.synthetic.file_defects`).

Everything derives from the SpecBundle (types, lengths, patterns, code tables, character classes,
check digits, keys, cross-field rules), so a new business needs no code: the clean rows come from
`conformance.synthetic.clean`, the cell and table defects from `conformance.synthetic.injection`.
The same seed gives the same files byte for byte.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from pathlib import Path

from conformance.data import TRUTH_FILE, StagedFolder
from conformance.domain.spec import DataGroup, SpecBundle
from conformance.synthetic.clean import GeneratedGroup, GroupBuilder
from conformance.synthetic.file_defects import FileDefectPlan, apply_file_defects, plan_file_defects, reshape
from conformance.synthetic.injection import Injector
from conformance.synthetic.truth import TruthRow, truth_order, write_truth
from conformance.synthetic.value_pools import GenerationError, Municipality, pick_municipality


@dataclass(frozen=True, slots=True)
class GenerationResult:
    """What `generate_delivery` wrote."""

    files: tuple[Path, ...]
    rows: dict[str, int]
    truth: tuple[TruthRow, ...]
    municipality: Municipality


def group_order(bundle: SpecBundle) -> list[DataGroup]:
    """Data groups with every referenced group before the groups that reference it."""
    ordered: list[DataGroup] = []
    placed: set[str] = set()
    pending = list(bundle.data_groups)
    while pending:
        progress = False
        for group in list(pending):
            parents = {fk.group for fk in group.foreign_keys if fk.group != group.id}
            if parents <= placed:
                ordered.append(group)
                placed.add(group.id)
                pending.remove(group)
                progress = True
        if not progress:  # a cycle: keep spec order for the rest
            ordered.extend(pending)
            break
    return ordered


def rows_per_group(bundle: SpecBundle, total: int) -> dict[str, int]:
    """`total` records split evenly over the groups (the first groups take the remainder)."""
    count = len(bundle.data_groups)
    share, extra = divmod(max(total, count), count)
    return {group.id: share + (1 if index < extra else 0) for index, group in enumerate(bundle.data_groups)}


def generate_delivery(bundle: SpecBundle, rows: int, out_dir: Path, *, seed: int = 0,
                      defect_rate: float = 0.0, file_defects: bool = False) -> GenerationResult:
    """Write one CSV per data group (``<file>.csv``) and ``truth.csv`` into `out_dir`.

    Args:
        bundle: the spec to generate for.
        rows: total data records over all files (split evenly over the groups).
        out_dir: destination folder (created).
        seed: the random seed; the same seed gives the same files.
        defect_rate: share of rows that receive injected defects (0 for a clean delivery).
        file_defects: also inject file-level defects (BOM, LF line ends, Shift_JIS, an extra and two
            swapped columns, an unexpected file; see `conformance.synthetic.file_defects`), listed in
            truth.csv with empty row and column. Off, the output is what it was without the option.

    The files are written to a staging folder and moved into `out_dir` together, truth.csv last (see
    `conformance.data.StagedFolder`): an interrupted generation leaves `out_dir` as it was.

    Raises:
        GenerationError: the spec uses a construct the generator cannot satisfy.
    """
    home = pick_municipality(random.Random(seed))
    done = _generate_groups(bundle, rows, seed=seed, defect_rate=defect_rate, home=home)
    heights = {group_id: generated.frame.height for group_id, generated in done.items()}
    plan = plan_file_defects(bundle, heights, seed) if file_defects else None
    with StagedFolder(out_dir, last=TRUTH_FILE) as staged:
        names, truth = _write_files(bundle, done, staged.path, plan)
        truth.sort(key=truth_order)
        write_truth(staged.path / TRUTH_FILE, truth)
        staged.commit()
    return GenerationResult(tuple(out_dir / name for name in names),
                            {g.id: done[g.id].frame.height for g in bundle.data_groups}, tuple(truth), home)


def _generate_groups(bundle: SpecBundle, rows: int, *, seed: int, defect_rate: float,
                     home: Municipality) -> dict[str, GeneratedGroup]:
    """Every group's rows, parents before children (defects injected when `defect_rate` > 0), by group ID."""
    counts = rows_per_group(bundle, rows)
    done: dict[str, GeneratedGroup] = {}
    for group in group_order(bundle):
        group_seed = seed * 1_000_003 + zlib.crc32(group.id.encode())
        builder = GroupBuilder(bundle, group, counts[group.id], seed=group_seed, home=home, done=done)
        generated = GeneratedGroup(group, builder.build())
        if defect_rate > 0:
            Injector(bundle, generated_frame=generated, done=done, seed=group_seed, rate=defect_rate,
                     home=home).inject()
        done[group.id] = generated
    return done


def _write_files(bundle: SpecBundle, done: dict[str, GeneratedGroup], folder: Path,
                 plan: FileDefectPlan | None) -> tuple[list[str], list[TruthRow]]:
    """Write each group's CSV into `folder` (file-level defects applied when planned); the names and the truth."""
    names = []
    truth: list[TruthRow] = []
    for group in bundle.data_groups:
        generated = done[group.id]
        path = folder / f"{group.file}.csv"
        frame = generated.frame.rename({item.id: item.name_ja for item in group.items})
        if plan is not None:
            frame = reshape(frame, path.name, plan)
        frame.write_csv(path, quote_style="necessary", line_terminator="\r\n", include_bom=False)
        names.append(path.name)
        truth.extend(generated.truth)
    if plan is not None:
        file_truth, unexpected = apply_file_defects(plan, folder)
        truth.extend(file_truth)
        names.append(unexpected.name)
    return names, truth


__all__ = ["GenerationError", "GenerationResult", "generate_delivery"]
