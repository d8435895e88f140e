"""Deterministic defect injection for the synthetic data generator, with the ground truth.

Each defect is one (row, column, code). A mutation is kept only when the plain-Python rules
(`conformance.data.check_cell`) say the row now shows exactly the previous findings plus the new
one, so truth.csv lists every finding the validator must report and nothing else. Key items are
never touched by cell defects; duplicate keys and dangling foreign keys go to rows that are
*reserved* (no other file references them), so one defect never causes a second.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from conformance.data import char_length, check_cell, cross_field_finding, display_key, parse_date
from conformance.domain.spec import CharClass, CrossFieldKind, DataGroup, DataItem, ItemType, SpecBundle
from conformance.synthetic.clean import GeneratedGroup, sequence_values
from conformance.synthetic.truth import TruthRow
from conformance.synthetic.value_pools import Municipality, value_pool

KEY_DEFECT_SHARE = 0.1
MULTI_DEFECT_SHARE = 0.2
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_HALF_KANA = dict(zip("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン",
                      "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ", strict=True))
KINDS = ("mandatory", "type", "date", "length", "code", "pattern", "check-digit", "katakana",
         "halfwidth-kana", "gaiji", "repertoire", "alnum", "cross-field")


Row = dict[str, str]
Finding = tuple[str, str]  # (item id, code)


class Injector:
    """Injects defects into one generated group."""

    def __init__(self, bundle: SpecBundle, *, generated_frame: GeneratedGroup, done: dict[str, GeneratedGroup],
                 seed: int, rate: float, home: Municipality) -> None:
        self.bundle = bundle
        self.generated = generated_frame
        self.group: DataGroup = generated_frame.group
        self.done = done
        self.rng = random.Random(seed ^ 0x5EED)
        self.rate = rate
        self.home = home
        self.file = f"{self.group.file}.csv"
        self.rules = [r for r in bundle.cross_field_rules if r.group == self.group.id]
        self.key_items = set(self.group.primary_key) | {i for fk in self.group.foreign_keys for i in fk.items}
        self.rule_items = {r.other for r in self.rules if r.kind is not CrossFieldKind.NOT_BEFORE}
        self.changes: dict[str, dict[int, str]] = {}

    def codes(self, item: DataItem) -> frozenset[str] | None:
        """Valid values of the item's code table."""
        table = self.bundle.code_tables.get(item.code_table or "")
        return table.values() if table is not None else None

    # -- evaluation ------------------------------------------------------------------------------

    def findings(self, row: Row) -> set[Finding]:
        """Every cell and cross-field finding of one row, by the plain-Python rules."""
        found = {(item.id, f.code) for item in self.group.items
                 for f in check_cell(item, row[item.id], self.codes(item))}
        for rule in self.rules:
            hit = cross_field_finding(rule, self.group.item(rule.item), self.group.item(rule.other), row)
            if hit is not None:
                found.add((rule.item, hit.code))
        return found

    # -- the plan --------------------------------------------------------------------------------

    def inject(self) -> None:
        """Mutate the frame, reserve key-defect rows, and record the truth."""
        frame = self.generated.frame
        total = max(1, round(frame.height * self.rate))
        key_budget = max(1, round(total * KEY_DEFECT_SHARE)) if frame.height > 4 else 0
        rows = self.rng.sample(range(frame.height), min(total, frame.height))
        key_rows, cell_rows = rows[:key_budget], rows[key_budget:]
        self._key_defects(key_rows)
        for number, index in enumerate(cell_rows):
            defects = 1 + (self.rng.randint(1, 2) if self.rng.random() < MULTI_DEFECT_SHARE else 0)
            self._row_defects(index, defects, number)
        self._apply()

    def _row_defects(self, index: int, count: int, number: int) -> None:
        row: Row = {k: ("" if v is None else str(v)) for k, v in self.generated.frame.row(index, named=True).items()}
        for change_column, values in self.changes.items():
            if index in values:
                row[change_column] = values[index]
        before = self.findings(row)
        for attempt in range(count):
            preferred = KINDS[(number + attempt) % len(KINDS)]
            for kind in (preferred, *self.rng.sample(KINDS, len(KINDS))):
                done = self._try_kind(kind, index, row, before)
                if done is not None:
                    before = done
                    break

    def _try_kind(self, kind: str, index: int, row: Row, before: set[Finding]) -> set[Finding] | None:
        items = [i for i in self.group.items if i.id not in self.key_items]
        self.rng.shuffle(items)
        touched = {column for column, _ in before}
        for item in items:
            if item.id in touched:
                continue
            for mutations, code in self._candidates(kind, item, row):
                trial = {**row, **mutations}
                after = self.findings(trial)
                if after == before | {(item.id, code)} and (item.id, code) not in before:
                    row.update(mutations)
                    for column, value in mutations.items():
                        self.changes.setdefault(column, {})[index] = value
                    self.generated.truth.append(TruthRow(self.file, index + 1, item.name_ja, code))
                    return after
        return None

    # -- candidate mutations per kind ------------------------------------------------------------

    def _candidates(self, kind: str, item: DataItem, row: Row) -> Iterator[tuple[Row, str]]:
        value = row[item.id]
        generator = _CANDIDATES.get(kind)
        if generator is not None:
            options = list(generator(item, value, self))
            self.rng.shuffle(options)
            for new, code in options:
                yield {item.id: new}, code
        if kind == "cross-field":
            yield from self._cross_field(item, row)

    def _cross_field(self, item: DataItem, row: Row) -> Iterator[tuple[Row, str]]:
        for rule in self.rules:
            if rule.item != item.id or rule.other in self.key_items:
                continue
            other = self.group.item(rule.other)
            if rule.kind is CrossFieldKind.NOT_BEFORE:
                earlier = _earlier(row[rule.other], row[item.id], item, self.rng)
                if earlier is not None:
                    yield {item.id: earlier}, "table.not-before"
            elif rule.kind is CrossFieldKind.REQUIRED_WHEN:
                yield {item.id: "", rule.other: row[rule.other] if row[rule.other] in rule.values
                       else rule.values[0]}, "table.required-when"
            else:
                filler = row[item.id] or self._valid(item)
                yield {item.id: filler, rule.other: row[rule.other] if row[rule.other] in rule.values
                       else rule.values[0]}, "table.empty-when"
            del other

    def _valid(self, item: DataItem) -> str:
        if item.type is ItemType.DATE:
            return "2001-02-03"
        if item.type is ItemType.DATETIME:
            return "2001-02-03T04:05:06+09:00"
        codes = self.codes(item)
        return value_pool(item, self.rng, self.home, sorted(codes) if codes else None, size=3)[0]

    # -- keys ------------------------------------------------------------------------------------

    def _key_defects(self, rows: list[int]) -> None:
        frame = self.generated.frame
        self.generated.reserved.update(rows)
        primary = list(self.group.primary_key)
        column = display_key(self.group, self.group.primary_key)
        safe = [i for i in range(min(frame.height, 5_000)) if i not in self.generated.reserved]
        fk_targets = [fk for fk in self.group.foreign_keys if fk.group in self.done]
        for number, index in enumerate(sorted(rows)):
            if fk_targets and number % 2 == 1:
                self._dangling(index, fk_targets[number // 2 % len(fk_targets)], number)
                continue
            sources = [i for i in safe if i < index]
            if not primary or not sources:
                continue
            source = self.rng.choice(sources)
            for item_id in primary:
                self.changes.setdefault(item_id, {})[index] = str(frame.get_column(item_id)[source])
            self.generated.truth.append(TruthRow(self.file, index + 1, column, "table.duplicate-key"))

    def _dangling(self, index: int, fk: Any, number: int) -> None:
        parent = self.done[fk.group]
        fresh_index = parent.frame.height + 100_000 + number
        for mine, theirs in zip(fk.items, fk.ref_items, strict=True):
            series = sequence_values(parent.group.item(theirs), 1, fresh_index)
            if series is None:
                return
            value = str(series[0])
            if check_cell(self.group.item(mine), value, None):
                return
            self.changes.setdefault(mine, {})[index] = value
        self.generated.truth.append(TruthRow(self.file, index + 1, display_key(self.group, fk.items),
                                             "table.foreign-key"))

    def _apply(self) -> None:
        frame = self.generated.frame
        columns = []
        for item_id, values in self.changes.items():
            indices = sorted(values)
            series = frame.get_column(item_id).clone()
            series.scatter(indices, [values[i] for i in indices])
            columns.append(series)
        if columns:
            self.generated.frame = frame.with_columns(columns)


def _earlier(other: str, mine: str, item: DataItem, rng: random.Random) -> str | None:
    base = parse_date(other[:10]) if other else None
    if base is None or base.year < 2:
        return None
    moved: date = base - timedelta(days=rng.randint(1, 400))
    text = moved.isoformat()
    if item.type is ItemType.DATETIME:
        return text + (mine[10:] if len(mine) > 10 else "T09:00:00+09:00")
    return text


def _mandatory(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.mandatory and value:
        yield "", "cell.mandatory"


def _type(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL):
        yield value.translate(_FULLWIDTH) if value else "１", "cell.type"
        yield (value or "1") + "a", "cell.type"
    elif item.type is ItemType.FLAG:
        yield "2", "cell.type"
        yield "Y", "cell.type"


def _date(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.type not in (ItemType.DATE, ItemType.DATETIME) or len(value) < 10:
        return
    year, month, day = value[:4], value[5:7], value[8:10]
    rest = value[10:]
    yield f"{year}-02-30{rest}", "cell.date-invalid"
    yield f"{year}-04-31{rest}", "cell.date-invalid"
    yield f"令和{int(year) % 50 or 1}年{int(month)}月{int(day)}日", "cell.date-wareki"
    if item.type is ItemType.DATE:
        yield f"{year}-{int(month)}-{int(day)}", "cell.date-format"
        yield f"{year}/{month}/{day}", "cell.date-format"
        yield value.translate(_FULLWIDTH), "cell.date-format"
        yield f"H{int(year) % 100:02d}.{month}.{day}", "cell.date-wareki"
    else:
        yield value.replace("T", " "), "cell.datetime-format"
        yield value[:19], "cell.datetime-format"


def _length(item: DataItem, value: str, injector: Injector) -> Iterator[tuple[str, str]]:
    if item.length is None or item.type is not ItemType.STRING or item.code_table or item.pattern:
        return
    filler = {CharClass.FULLWIDTH_KATAKANA: "ア", CharClass.HALFWIDTH_ALNUM: "A", CharClass.DIGITS: "0"}.get(
        item.char_class or CharClass.GYOSEI_STANDARD, "あ")
    base = value or injector._valid(item)
    yield base + filler * (item.length - char_length(base) + 1), "cell.length"


def _code(item: DataItem, value: str, injector: Injector) -> Iterator[tuple[str, str]]:
    codes = injector.codes(item)
    if not codes or not value:
        return
    if value.isdigit() and value.startswith("0") and len(value) > 1:
        yield value.lstrip("0") or "0", "cell.code"
    yield value.translate(_FULLWIDTH), "cell.code"
    for candidate in ("9" * len(value), "X" * len(value), "8" * len(value), "Z"):
        if candidate not in codes:
            yield candidate, "cell.code"


def _pattern(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.pattern is None or item.code_table or not value:
        return
    yield value.translate(_FULLWIDTH), "cell.pattern"
    yield value[:-1] + "-", "cell.pattern"
    yield "X" + value[1:], "cell.pattern"


def _check_digit(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.check_digit is None or not value.isdigit():
        return
    position = 0 if item.check_digit.value == "corporate-number" else len(value) - 1
    for delta in (1, 3, 7):
        digit = str((int(value[position]) + delta) % 10)
        yield value[:position] + digit + value[position + 1:], "cell.check-digit"


def _katakana(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.char_class is CharClass.FULLWIDTH_KATAKANA and value:
        yield "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ン" else c for c in value), "cell.char-katakana"


def _halfwidth(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.char_class is CharClass.FULLWIDTH_KATAKANA and value:
        yield "".join(_HALF_KANA.get(c, c) for c in value), "cell.char-halfwidth-kana"


def _gaiji(item: DataItem, value: str, injector: Injector) -> Iterator[tuple[str, str]]:
    if item.type is ItemType.STRING and not item.code_table and value:
        yield value[:-1] + chr(0xE000 + injector.rng.randint(0, 0x18FF)), "cell.char-gaiji"


def _repertoire(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.char_class is CharClass.GYOSEI_STANDARD and value:
        for odd in ("髙", "𠮷", "가"):
            yield odd + value[1:], "cell.char-repertoire"


def _alnum(item: DataItem, value: str, _: Injector) -> Iterator[tuple[str, str]]:
    if item.pattern is None and value and item.char_class in (CharClass.HALFWIDTH_ALNUM, CharClass.DIGITS):
        code = "cell.char-alnum" if item.char_class is CharClass.HALFWIDTH_ALNUM else "cell.char-digits"
        yield "Ａ" + value[1:] if code == "cell.char-alnum" else "１" + value[1:], code


_CANDIDATES: dict[str, Callable[[DataItem, str, Injector], Iterator[tuple[str, str]]]] = {
    "mandatory": _mandatory, "type": _type, "date": _date, "length": _length, "code": _code,
    "pattern": _pattern, "check-digit": _check_digit, "katakana": _katakana, "halfwidth-kana": _halfwidth,
    "gaiji": _gaiji, "repertoire": _repertoire, "alnum": _alnum,
}
