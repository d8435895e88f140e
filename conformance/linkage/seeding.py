"""Synthetic records for the reference vendor, from the data generator (clean deliveries, no defects)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from conformance.domain.spec import SpecBundle
from conformance.synthetic import generate_delivery

DEFAULT_ROWS = 120


def synthetic_rows(bundle: SpecBundle, rows: int = DEFAULT_ROWS,
                   seed: int = 7) -> tuple[dict[str, list[dict[str, str]]], str]:
    """Generated records per data-group ID (CSV strings by item ID) and the municipality code used.

    Raises:
        GenerationError: the generator cannot satisfy the spec.
    """
    with tempfile.TemporaryDirectory(prefix="conformance-seed-") as folder:
        result = generate_delivery(bundle, rows, Path(folder), seed=seed)
        records: dict[str, list[dict[str, str]]] = {}
        for group in bundle.data_groups:
            by_name = {item.name_ja: item.id for item in group.items}
            with (Path(folder) / f"{group.file}.csv").open(encoding="utf-8", newline="") as handle:
                records[group.id] = [{by_name[k]: v for k, v in row.items() if k in by_name}
                                     for row in csv.DictReader(handle)]
    return records, result.municipality.lg_code
