"""The reference vendor's evidence besides its linkage run: its declaration and its migration data.

A certification rests on three kinds of runs (see docs/guides/certification.md): the linkage run
(`conformance run`), the functional declaration (`declare check`) and the validation of the
product's migration export (`data validate`). The reference vendor is a conformant product by
construction, so its declaration answers every 実装必須機能 and 標準オプション機能 実装 and every
実装不可機能 未実装, and its migration export is the clean synthetic delivery its API and file drop
are seeded from (the same generator, row count and seed as `conformance.linkage.seeding`).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from conformance.data import MemorySink, open_delivery, run_result, validate_delivery
from conformance.domain.results import RunResult
from conformance.domain.spec import Category, SpecBundle
from conformance.evidence.declarations import IMPLEMENTED, NOT_IMPLEMENTED, Answer, Declaration
from conformance.linkage import DEFAULT_ROWS
from conformance.synthetic import generate_delivery

REFERENCE_SEED = 7  # the seed `conformance.linkage.seeding.synthetic_rows` uses
REMARK = "参照実装ベンダー: 仕様どおり / reference vendor: as specified"


def conforming_declaration(spec: SpecBundle, product: str, product_version: str) -> Declaration:
    """The declaration of a product that implements the spec exactly: mandatory and options 実装, not-allowed 未実装."""
    answers = tuple(
        Answer(r.id, NOT_IMPLEMENTED if r.category is Category.NOT_ALLOWED else IMPLEMENTED, REMARK, index + 1)
        for index, r in enumerate(spec.requirements)
    )
    return Declaration(spec.meta.slug, spec.meta.version_id, product, product_version, answers)


def migration_data_run(spec: SpecBundle, folder: Path, product: str, product_version: str, *,
                       rows: int = DEFAULT_ROWS, seed: int = REFERENCE_SEED, keep: bool = True) -> RunResult:
    """Write the reference vendor's migration export of `spec` into `folder`, validate it, and name the product.

    The run's target is ``reference migration export`` (stable, so a later run replaces it as the
    latest of its kind and target). With `keep=False` the generated CSV files are removed afterwards.

    Raises:
        GenerationError: the generator cannot satisfy the spec.
    """
    generate_delivery(spec, rows, folder, seed=seed)
    try:
        outcome = validate_delivery(spec, open_delivery([folder]), MemorySink())
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    run = run_result(outcome, spec, target="reference migration export")
    return replace(run, subject=replace(run.subject, product=product, product_version=product_version))
