"""An independent, deliberately simple reference validator (plain Python, row by row).

It re-states the cell, cross-field and key rules from docs/guides/data-validation.md without
reusing the package's rule code, so that agreement with the vectorised validator means something.
Only the rules the generator injects are covered (file-level checks are tested separately).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from conformance.domain.spec import CharClass, CheckDigit, CrossFieldKind, DataItem, ItemType, SpecBundle

IVS = re.compile("[\U000e0100-\U000e01ef]")


def _date(text: str) -> date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


def _datetime_ok(text: str) -> bool:
    m = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?"
                     r"(Z|[+-]([0-9]{2}):([0-9]{2}))", text)
    if not m or _date(m.group(1)) is None:
        return False
    if int(m.group(2)) > 23 or int(m.group(3)) > 59 or int(m.group(4)) > 59:
        return False
    return m.group(6) == "Z" or (int(m.group(7)) <= 14 and int(m.group(8)) <= 59)


def _digit_ok(scheme: CheckDigit, v: str) -> bool:
    d = [int(c) for c in v]
    if scheme is CheckDigit.LG_CODE:
        return (11 - sum(a * w for a, w in zip(d[:5], (6, 5, 4, 3, 2), strict=True)) % 11) % 10 == d[5]
    if scheme is CheckDigit.MY_NUMBER:
        s = sum(d[10 - (n - 1)] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12)) % 11
        return (0 if s <= 1 else 11 - s) == d[11]
    base = d[1:]
    s = sum(base[12 - n] * (1 if n % 2 else 2) for n in range(1, 13))
    return 9 - s % 9 == d[0]


def _in_jis(text: str) -> bool:
    try:
        IVS.sub("", text).encode("euc_jis_2004")
    except UnicodeEncodeError:
        return False
    return not re.search("[\x00-\x1f\x7f]", text)


def cell(item: DataItem, v: str, codes: frozenset[str] | None) -> set[str]:  # noqa: PLR0912
    if v == "":
        return {"cell.mandatory"} if item.mandatory else set()
    out: set[str] = set()
    wareki = re.search("(明治|大正|昭和|平成|令和|^[MTSHRmtshr][0-9])", v)
    t = item.type
    if t is ItemType.DATE:
        out.add("cell.date-wareki" if wareki else "cell.date-format" if not re.fullmatch(
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v) else "cell.date-invalid" if _date(v) is None else "")
    elif t is ItemType.DATETIME:
        shape = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
                             r"(Z|[+-][0-9]{2}:[0-9]{2})", v)
        out.add("cell.date-wareki" if wareki else "cell.datetime-format" if not shape
                else "cell.date-invalid" if not _datetime_ok(v) else "")
    elif t is ItemType.INTEGER and not re.fullmatch(r"-?[0-9]+", v):
        out.add("cell.type")
    elif t is ItemType.DECIMAL:
        frac = "[0-9]+" if item.scale is None else f"[0-9]{{1,{item.scale}}}"
        if not re.fullmatch(r"-?[0-9]+" if item.scale == 0 else rf"-?[0-9]+(\.{frac})?", v):
            out.add("cell.type")
    elif t is ItemType.FLAG and v not in ("0", "1"):
        out.add("cell.type")
    out.discard("")
    if item.length is not None and t in (ItemType.STRING, ItemType.INTEGER, ItemType.DECIMAL):
        n = len(v) - v.count("-") - v.count(".") if t is not ItemType.STRING else len(IVS.sub("", v))
        if n > item.length:
            out.add("cell.length")
    if codes is not None and v not in codes:
        out.add("cell.code")
    shaped = item.pattern is None or re.fullmatch(item.pattern, v, flags=re.ASCII)
    if not shaped:
        out.add("cell.pattern")
    if item.check_digit is not None and shaped:
        n = {CheckDigit.LG_CODE: 6, CheckDigit.MY_NUMBER: 12, CheckDigit.CORPORATE_NUMBER: 13}[item.check_digit]
        if re.fullmatch(f"[0-9]{{{n}}}", v) and not _digit_ok(item.check_digit, v):
            out.add("cell.check-digit")
    if t is ItemType.STRING and item.code_table is None:
        c = item.char_class
        if re.search("[\ue000-\uf8ff]", v):
            out.add("cell.char-gaiji")
        elif c is CharClass.FULLWIDTH_KATAKANA and re.search("[\uff61-\uff9f]", v):
            out.add("cell.char-halfwidth-kana")
        elif c is CharClass.FULLWIDTH_KATAKANA and not re.fullmatch("[ァ-ヾ\u3000]*", v):
            out.add("cell.char-katakana")
        elif c is CharClass.DIGITS and item.pattern is None and not re.fullmatch("[0-9]*", v):
            out.add("cell.char-digits")
        elif c is CharClass.HALFWIDTH_ALNUM and item.pattern is None and not re.fullmatch("[ -~]*", v):
            out.add("cell.char-alnum")
        elif c is CharClass.GYOSEI_STANDARD and not _in_jis(v):
            out.add("cell.char-repertoire")
    return out


def validate(bundle: SpecBundle, folder: Path) -> set[tuple[str, int, str, str]]:  # noqa: PLR0912
    """(file, row, column, code) of every cell, cross-field and key finding."""
    found: set[tuple[str, int, str, str]] = set()
    primary: dict[str, set[tuple[str, ...]]] = {}
    rows_by_group: dict[str, list[dict[str, str]]] = {}
    for group in bundle.data_groups:
        name = f"{group.file}.csv"
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        rows_by_group[group.id] = rows
        codes = {i.id: (bundle.code_tables[i.code_table].values() if i.code_table else None) for i in group.items}
        seen: set[tuple[str, ...]] = set()
        for number, row in enumerate(rows, start=1):
            values = {i.id: row[i.name_ja] for i in group.items}
            for item in group.items:
                for code in cell(item, values[item.id], codes[item.id]):
                    found.add((name, number, item.name_ja, code))
            for rule in bundle.cross_field_rules:
                if rule.group != group.id:
                    continue
                item, other = group.item(rule.item), group.item(rule.other)
                mine, theirs = values[rule.item], values[rule.other]
                hit = False
                if rule.kind is CrossFieldKind.NOT_BEFORE:
                    ok = not cell(item, mine, None) and not cell(other, theirs, None)
                    hit = bool(mine and theirs and ok and mine[:10] < theirs[:10])
                    code = "table.not-before"
                elif rule.kind is CrossFieldKind.REQUIRED_WHEN:
                    hit = not item.mandatory and mine == "" and theirs in rule.values
                    code = "table.required-when"
                else:
                    hit = mine != "" and theirs in rule.values
                    code = "table.empty-when"
                if hit:
                    found.add((name, number, item.name_ja, code))
            key = tuple(values[k] for k in group.primary_key)
            if key and all(key):
                if key in seen:
                    found.add((name, number, "+".join(group.item(k).name_ja for k in group.primary_key),
                               "table.duplicate-key"))
                seen.add(key)
        primary[group.id] = seen
    for group in bundle.data_groups:
        for fk in group.foreign_keys:
            for number, row in enumerate(rows_by_group[group.id], start=1):
                key = tuple(row[group.item(i).name_ja] for i in fk.items)
                if all(key) and key not in primary[fk.group]:
                    found.add((f"{group.file}.csv", number, "+".join(group.item(i).name_ja for i in fk.items),
                               "table.foreign-key"))
    return found
