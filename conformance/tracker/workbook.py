"""The liaison workbook: one row per body × business, one column per step, plus the assignment fields.

Read from Excel (.xlsx) or CSV (UTF-8, BOM allowed) and validated before anything is written;
every problem names its file, sheet, row and column. Column-by-column format:
docs/reference/tracker-workbook.md.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from conformance.domain.bodies import BodyKind, PublicBody
from conformance.domain.businesses import BUSINESSES, Business
from conformance.domain.identifiers import is_valid_lg_code
from conformance.municipalities import body_index
from conformance.tracker.records import DEADLINE, AssignmentFields, Problem, ReportedRow
from conformance.tracker.steps import STEP_COUNT, StepStatus, parse_status

SHEET = "移行状況"
EARLIEST, LATEST = date(2020, 1, 1), date(2035, 12, 31)


@dataclass(frozen=True, slots=True)
class Column:
    """One non-step column: Japanese header (written on export), English alias, record field."""

    header: str
    alias: str
    field: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("団体コード", "lg_code", "lg_code", True),
    Column("団体名", "body_name", "body_name"),
    Column("業務", "business", "business", True),
    Column("基準日", "as_of", "as_of"),
    Column("現行システム", "current_system", "current_system"),
    Column("現行ベンダ", "current_vendor", "current_vendor"),
    Column("標準準拠製品", "product", "product"),
    Column("製品バージョン", "product_version", "product_version"),
    Column("製品ベンダ", "product_vendor", "product_vendor"),
    Column("仕様書版", "spec_version", "spec_version"),
    Column("クラウド", "cloud_provider", "cloud_provider"),
    Column("移行予定日", "planned_cutover", "planned_cutover"),
    Column("移行実績日", "actual_cutover", "actual_cutover"),
    Column("特定移行支援", "specific_support", "specific_support"),
    Column("事由", "reason_code", "reason_code"),
    Column("新目標日", "new_target_date", "new_target_date"),
)
TEXT_FIELDS = ("current_system", "current_vendor", "product", "product_version", "product_vendor",
               "spec_version", "cloud_provider")
DATE_FIELDS = ("planned_cutover", "actual_cutover", "new_target_date")
_STEP_HEADER = re.compile(r"^\s*(?:S|s|手順)?\s*0*(\d{1,2})(?:\s|$|[:：.．])")
_TRUE = {"○", "〇", "◯", "はい", "有", "あり", "1", "true", "yes", "y", "x", "✓"}
_FALSE = {"", "×", "いいえ", "無", "なし", "0", "false", "no", "n", "-", "－"}


def step_header(number: int) -> str:
    """The header written for a step column, e.g. ``S24``."""
    return f"S{number:02d}"


def business_by_label() -> dict[str, Business]:
    """Businesses by slug, statutory name, dashboard label and number."""
    out: dict[str, Business] = {}
    for b in BUSINESSES:
        for label in (b.slug, b.name_ja, b.label_ja, str(b.number), f"{b.number:02d}"):
            out[label] = b
    return out


@dataclass(frozen=True, slots=True)
class Sheet:
    """Raw cells of a workbook: header row and data rows with their 1-based row numbers."""

    file: str
    name: str | None
    header: tuple[Any, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


def read_sheet(path: Path) -> Sheet:
    """Read raw cells from .xlsx or .csv; raises InputRejectedError-compatible ValueError text if unreadable."""
    if path.suffix.lower() == ".csv":
        lines = list(csv.reader(io.StringIO(csv_text(path.read_bytes()), newline="")))
        return _sheet(path.name, None, lines)
    name, grid = _read_excel(path)
    return _sheet(path.name, name, grid)


def csv_text(data: bytes) -> str:
    """A CSV's text: UTF-8 (with or without BOM), else Shift_JIS (CP932), which Excel on a Japanese Windows writes
    when a sheet is saved as "CSV (コンマ区切り)". UTF-8 is tried first: Shift_JIS text holding Japanese is almost
    never valid UTF-8, and pure ASCII reads the same either way.

    Raises:
        UnicodeDecodeError: neither (the UTF-8 error, which names the first bad byte).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as not_utf8:
        try:
            return data.decode("cp932")
        except UnicodeDecodeError:
            raise not_utf8 from None


def _read_excel(path: Path) -> tuple[str, list[tuple[Any, ...]]]:
    """The tracker sheet (or the first worksheet) as rows of cell values, row 1 first, column A first.

    Read with calamine (Rust): the national workbook's two million cells take about a second
    instead of twenty with openpyxl. Values are normalised by `excel_value` to what openpyxl's
    reader gave, so validation and its messages do not depend on the reader.
    """
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        names = [m.name for m in workbook.sheets_metadata if m.typ is SheetTypeEnum.WorkSheet]
        if not names:
            raise ValueError("the workbook has no worksheet")
        name = SHEET if SHEET in names else names[0]
        raw = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    finally:
        close = getattr(workbook, "close", None)  # python-calamine 0.3+; before it the file closes with the object
        if close is not None:
            close()
    grid = [tuple([None if v == "" else v if type(v) is str else excel_value(v) for v in row]) for row in raw]
    for (row, column), value in _error_cells(path, name).items():
        while len(grid) <= row:
            grid.append(())
        cells = list(grid[row]) + [None] * (column + 1 - len(grid[row]))
        cells[column] = value
        grid[row] = tuple(cells)
    return name, grid


def excel_value(value: Any) -> Any:
    """One cell value from calamine, normalised to what openpyxl gave (the one place that does it).

    Empty cells are None (calamine gives ""); whole numbers are int (calamine gives every number as
    a float: 131001.0 for 131001, -0.0 for 0); a date-formatted cell is a datetime at midnight
    (calamine gives a date when there is no time part). Strings, booleans, datetimes, times and
    durations are kept.
    """
    if value == "" and isinstance(value, str):
        return None
    if type(value) is float and value.is_integer() and abs(value) < _EXACT_INT:
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


_EXACT_INT = 1e15  # below this Excel writes a whole number without a decimal point or an exponent
_ERROR_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']e["'][^>]*>""")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})(\d+)["']""")
_CELL_VALUE = re.compile(  # an optional <f>formula</f>, then <v>value</v>
    rb"""\s*(?:<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>[^<]*</(?:[\w.-]+:)?f>)\s*)?<(?:[\w.-]+:)?v>([^<]*)<""")
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _error_cells(path: Path, name: str) -> dict[tuple[int, int], str | None]:
    """Error cells (#N/A, #REF!, ...) of a sheet by 0-based (row, column), with their error text.

    calamine reads an error cell as empty, which would let a broken formula in a step column pass as
    未着手; openpyxl gave the error text, which validation then refuses with the cell's location.
    The sheet's XML is scanned only when it has an error cell at all (a substring test).
    """
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, name)
        if part is None:
            return {}
        data = archive.read(part)
    if b't="e"' not in data and b"t='e'" not in data:
        return {}
    out: dict[tuple[int, int], str | None] = {}
    for tag in _ERROR_CELL.finditer(data):
        ref = _CELL_REF.search(tag.group(0))
        if ref is None:
            continue
        column = 0
        for letter in ref.group(1):
            column = column * 26 + letter - 64
        value = None if tag.group(0).endswith(b"/>") else _CELL_VALUE.match(data, tag.end())
        out[(int(ref.group(2)) - 1, column - 1)] = value.group(1).decode() if value else None
    return out


def _sheet_part(archive: zipfile.ZipFile, name: str) -> str | None:
    """The archive member holding the worksheet called `name` (workbook.xml and its relationships)."""
    from xml.etree import ElementTree

    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return None
    rid = next((s.get(f"{_REL_NS}id") for s in book.iter() if s.tag.endswith("}sheet") and s.get("name") == name),
               None)
    target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
    if target is None:
        return None
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _sheet(file: str, name: str | None, lines: Sequence[Sequence[Any]]) -> Sheet:
    if not lines:
        return Sheet(file, name, (), ())
    body = tuple(
        (number, tuple(line)) for number, line in enumerate(lines[1:], start=2)
        if any(cell not in (None, "") for cell in line)
    )
    return Sheet(file, name, tuple(lines[0]), body)


def parse_workbook(path: Path, default_as_of: date | None) -> tuple[list[ReportedRow], list[Problem]]:
    """Read and validate a workbook. Returns the rows and every problem (rows are unusable if any)."""
    try:
        sheet = read_sheet(path)
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile, KeyError, ValueError, csv.Error,
            CalamineError) as error:
        return [], [Problem("unreadable", f"cannot read the workbook: {type(error).__name__}: {error}", path.name)]
    return _Validator(sheet, default_as_of).run()


class _Validator:
    """Validates one sheet; collects every problem instead of stopping at the first."""

    def __init__(self, sheet: Sheet, default_as_of: date | None) -> None:
        self.sheet = sheet
        self.default_as_of = default_as_of
        self.problems: list[Problem] = []
        self.bodies = body_index()
        self.businesses = business_by_label()
        self._statuses: dict[tuple[type, Any], StepStatus | None] = {}  # 1.4 M step cells, a handful of distinct values

    def problem(self, code: str, message: str, row: int | None, column: str | None) -> None:
        self.problems.append(Problem(code, message, self.sheet.file, self.sheet.name, row, column))

    def run(self) -> tuple[list[ReportedRow], list[Problem]]:
        positions, steps = self._header()
        if self.problems:
            return [], self.problems
        if not self.sheet.rows:
            self.problem("empty", "the workbook has a header but no data rows", None, None)
        seen: dict[tuple[str, str], int] = {}
        out: list[ReportedRow] = []
        for number, cells in self.sheet.rows:
            row = self._row(number, cells, positions, steps)
            if row is None:
                continue
            key = (row.lg_code, row.business)
            if key in seen:
                self.problem("duplicate_row", f"{row.lg_code} × {row.business} already given on row {seen[key]}",
                             number, "団体コード")
                continue
            seen[key] = number
            out.append(row)
        return (out if not self.problems else []), self.problems

    def _header(self) -> tuple[dict[str, int], dict[int, int]]:
        """Where each column is: field → index and step number → index; missing columns are problems."""
        positions, steps = self._locate_columns()
        self._missing_columns(positions, steps)
        return positions, steps

    def _locate_columns(self) -> tuple[dict[str, int], dict[int, int]]:
        positions: dict[str, int] = {}
        steps: dict[int, int] = {}
        by_name = {c.header: c for c in COLUMNS} | {c.alias: c for c in COLUMNS}
        for index, cell in enumerate(self.sheet.header):
            text = "" if cell is None else str(cell).strip()
            if text in by_name:
                positions[by_name[text].field] = index
                continue
            number = _step_number(text)
            if number is not None:
                if number in steps:
                    self.problem("duplicate_column", f"step {number} appears twice", 1, text)
                steps[number] = index
        return positions, steps

    def _missing_columns(self, positions: dict[str, int], steps: dict[int, int]) -> None:
        for column in COLUMNS:
            if column.required and column.field not in positions:
                self.problem("missing_column", f"required column {column.header} ({column.alias}) is missing",
                             1, column.header)
        missing = [n for n in range(1, STEP_COUNT + 1) if n not in steps]
        if missing:
            self.problem("missing_column", f"step columns missing: {', '.join(step_header(n) for n in missing)}",
                         1, step_header(missing[0]))

    def _row(self, number: int, cells: tuple[Any, ...], positions: dict[str, int],
             steps: dict[int, int]) -> ReportedRow | None:
        before = len(self.problems)

        def cell(field: str) -> Any:
            index = positions.get(field)
            return cells[index] if index is not None and index < len(cells) else None

        body = self._body(cell("lg_code"), number)
        business = self._business(cell("business"), body, number)
        as_of = self._date(cell("as_of"), number, "基準日") or self.default_as_of
        if as_of is None:
            self.problem("missing_as_of", "no 基準日 in the row and no --as-of given", number, "基準日")
        statuses = self._steps(cells, steps, number)
        fields = self._fields(cell, number, as_of)
        if len(self.problems) > before or body is None or business is None or as_of is None:
            return None
        return ReportedRow(body.lg_code, business.slug, fields, statuses, as_of, number)

    def _body(self, value: Any, row: int) -> PublicBody | None:
        text = _text(value)
        if isinstance(value, int | float) and text is not None:
            text = text.zfill(6)
        if not text:
            self.problem("missing_value", "団体コード is empty", row, "団体コード")
            return None
        if not is_valid_lg_code(text):
            hint = " (a 5-digit code: give the 6-digit code with its check digit)" if len(text) == 5 else ""
            self.problem("bad_body_code", f"{text!r} is not a valid 6-digit 地方公共団体コード "
                         f"(check digit){hint}", row, "団体コード")
            return None
        body = self.bodies.get(text)
        if body is None:
            self.problem("unknown_body", f"{text} is not in the list of local public bodies", row, "団体コード")
            return None
        if body.is_hoppo:
            self.problem("hoppo_body", f"{text} {body.name} is a Northern-Territories village (not tracked)",
                         row, "団体コード")
            return None
        return body

    def _business(self, value: Any, body: PublicBody | None, row: int) -> Business | None:
        text = _text(value) or ""
        found = self.businesses.get(text)
        if found is None:
            self.problem("unknown_business", f"{text!r} is not one of the 20 businesses", row, "業務")
            return None
        if body is not None and body.kind is BodyKind.PREFECTURE and not found.prefecture_scope:
            self.problem("not_in_scope", f"prefectures do not run {found.name_ja}", row, "業務")
            return None
        return found

    def _steps(self, cells: tuple[Any, ...], steps: dict[int, int], row: int) -> tuple[StepStatus, ...]:
        out: list[StepStatus] = []
        for number in range(1, STEP_COUNT + 1):
            index = steps[number]
            raw = cells[index] if index < len(cells) else None
            key = (type(raw), raw)  # the type too: True == 1 but they read differently
            try:
                status = self._statuses[key]
            except KeyError:
                status = self._statuses[key] = parse_status(_text(raw) or "")
            if status is None:
                self.problem("bad_status", f"{raw!r} is not 完了済み / 作業中 / 未着手 / 対象外", row,
                             step_header(number))
                status = StepStatus.NOT_STARTED
            out.append(status)
        return tuple(out)

    def _fields(self, cell: Any, row: int, as_of: date | None) -> AssignmentFields:
        texts = {name: _text(cell(name)) for name in TEXT_FIELDS}
        dates = {name: self._date(cell(name), row, _header(name)) for name in DATE_FIELDS}
        flag = self._flag(cell("specific_support"), row)
        reason = self._reason(cell("reason_code"), row)
        self._coherence(dates, flag, reason, row, as_of)
        return AssignmentFields(**texts, **dates, specific_support=flag, reason_code=reason)  # type: ignore[arg-type]

    def _coherence(self, dates: dict[str, date | None], flag: bool, reason: int | None, row: int,
                   as_of: date | None) -> None:
        actual, target = dates["actual_cutover"], dates["new_target_date"]
        if actual is not None and as_of is not None and actual > as_of:
            self.problem("impossible_date", f"移行実績日 {actual} is after the 基準日 {as_of}", row, "移行実績日")
        if flag and reason is None:
            self.problem("missing_reason", "特定移行支援 systems need a reason code 1–4", row, "事由")
        if flag and target is None:
            self.problem("missing_target", "特定移行支援 systems need a 新目標日", row, "新目標日")
        if flag and target is not None and target <= DEADLINE:
            self.problem("impossible_date", f"新目標日 {target} is not after the deadline {DEADLINE}", row,
                         "新目標日")
        if not flag and reason is not None:
            self.problem("reason_without_flag", "a reason code is given but 特定移行支援 is not set", row, "事由")

    def _date(self, value: Any, row: int, column: str) -> date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            parsed: date | None = value.date()
        elif isinstance(value, date):
            parsed = value
        else:
            parsed = _parse_date(str(value).strip())
            if parsed is None:
                self.problem("bad_date", f"{value!r} is not a date (YYYY-MM-DD)", row, column)
                return None
        if parsed is not None and not EARLIEST <= parsed <= LATEST:
            self.problem("impossible_date", f"{parsed} is outside {EARLIEST}..{LATEST}", row, column)
            return None
        return parsed

    def _flag(self, value: Any, row: int) -> bool:
        text = (_text(value) or "").lower()
        if text in _TRUE:
            return True
        if text not in _FALSE:
            self.problem("bad_flag", f"{value!r} is not ○ / blank", row, "特定移行支援")
        return False

    def _reason(self, value: Any, row: int) -> int | None:
        text = _text(value)
        if not text:
            return None
        if text in {"1", "2", "3", "4"}:
            return int(text)
        self.problem("bad_reason", f"{value!r} is not a reason code 1–4", row, "事由")
        return None


def _header(field: str) -> str:
    return next(c.header for c in COLUMNS if c.field == field)


def _step_number(header: str) -> int | None:
    """The step (1..40) a column header names (``S24``, ``24``, ``手順24``, ``24 RFP…``), or None."""
    match = _STEP_HEADER.match(header)
    if match and 1 <= int(match.group(1)) <= STEP_COUNT:
        return int(match.group(1))
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _parse_date(text: str) -> date | None:
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?", text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def header_row() -> list[str]:
    """The header written on export: the columns, then S01..S40."""
    return [c.header for c in COLUMNS] + [step_header(n) for n in range(1, STEP_COUNT + 1)]


def rows_iter(rows: Sequence[tuple[ReportedRow, str, str]]) -> Iterator[list[Any]]:
    """Workbook rows for (row, body name, business label) triples, in the header's order."""
    for reported, body_name, business_label in rows:
        f = reported.fields
        yield [
            reported.lg_code, body_name, business_label, reported.as_of, f.current_system, f.current_vendor,
            f.product, f.product_version, f.product_vendor, f.spec_version, f.cloud_provider, f.planned_cutover,
            f.actual_cutover, "○" if f.specific_support else "", f.reason_code, f.new_target_date,
            *(s.label_ja for s in reported.steps),
        ]
