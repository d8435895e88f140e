"""file.presence — ファイルの有無: which data group a delivered file belongs to, and the family's codes.

A file belongs to a data group when it is named ``<file>.csv`` or follows the linkage name pattern
(``{lg_code}_{file}_{variant}_{timestamp}.csv``); any other file is unexpected, a second file of a group is a
duplicate, and a group without a file is missing (the validator reports all three).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conformance.domain.spec import DataGroup, SpecBundle

FAMILY = "file.presence"
MESSAGES = {
    "file.missing": "データグループ {group} のファイル {expected} がありません",
    "file.unexpected": "基本データリストにないファイルです",
    "file.duplicate": "データグループ {group} のファイルが複数あります ({other})",
}

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
