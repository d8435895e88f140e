"""Which data group a delivered file belongs to, and how its header compares with the group's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conformance.domain.spec import DataGroup, SpecBundle

TRUTH_FILE = "truth.csv"  # the generator's ground truth, written beside a delivery: not part of it


@dataclass(frozen=True, slots=True)
class FileMatch:
    """A delivered file recognised as one data group's file."""

    group: DataGroup
    variant: str  # "full" or "delta"; plain <file>.csv counts as full


def match_file(name: str, bundle: SpecBundle) -> FileMatch | None:
    """The group a file name designates: ``<file>.csv`` or the linkage name pattern; None otherwise."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    by_file = {group.file: group for group in bundle.data_groups}
    if base.lower().endswith(".csv") and base[:-4] in by_file:
        return FileMatch(by_file[base[:-4]], "full")
    pattern = _name_regex(bundle)
    found = pattern.fullmatch(base)
    if found and found.group("file") in by_file:
        return FileMatch(by_file[found.group("file")], found.groupdict().get("variant") or "full")
    return None


def _name_regex(bundle: SpecBundle) -> re.Pattern[str]:
    linkage = bundle.file_linkage
    text = re.escape(linkage.file_name_pattern)
    files = "|".join(re.escape(group.file) for group in sorted(bundle.data_groups, key=lambda g: -len(g.file)))
    variants = "|".join(re.escape(v) for v in linkage.variants) or "full"
    replacements = {
        r"\{lg_code\}": "[0-9]{6}",
        r"\{file\}": f"(?P<file>{files})",
        r"\{variant\}": f"(?P<variant>{variants})",
        r"\{timestamp\}": "[0-9]{14}",
    }
    for placeholder, regex in replacements.items():
        text = text.replace(placeholder, regex)
    return re.compile(text, flags=re.IGNORECASE)


def expected_header(match: FileMatch, bundle: SpecBundle) -> tuple[str, ...]:
    """The header the file must have: the group's items, plus the delta columns for a delta file."""
    header = match.group.header
    if match.variant == "delta":
        header += tuple(bundle.file_linkage.delta_columns)
    return header


@dataclass(frozen=True, slots=True)
class HeaderComparison:
    """Differences between a delivered header and the expected one."""

    missing: tuple[str, ...]
    extra: tuple[str, ...]
    duplicated: tuple[str, ...]
    order_detail: str | None  # set when the shared columns appear in another order
    positions: dict[str, int]  # expected name -> physical column index (first occurrence)


def compare_header(actual: list[str], expected: tuple[str, ...]) -> HeaderComparison:
    """Compare headers by name; positions let the cell checks run on reordered or partial files."""
    positions: dict[str, int] = {}
    duplicated: list[str] = []
    for index, name in enumerate(actual):
        if name in positions:
            duplicated.append(name)
        else:
            positions[name] = index
    wanted = set(expected)
    missing = tuple(name for name in expected if name not in positions)
    extra = tuple(name for name in positions if name not in wanted)
    shared_actual = [name for name in actual if name in wanted]
    shared_expected = [name for name in expected if name in positions]
    order_detail = None
    if _dedupe(shared_actual) != shared_expected:
        for position, (got, want) in enumerate(zip(_dedupe(shared_actual), shared_expected, strict=False), start=1):
            if got != want:
                order_detail = f"{position}番目の項目が {got} (期待 {want})"
                break
    return HeaderComparison(missing, extra, tuple(duplicated), order_detail,
                            {name: positions[name] for name in expected if name in positions})


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out
