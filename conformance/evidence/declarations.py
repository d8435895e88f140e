"""Functional self-declaration (機能要件の実装状況の申告): template, reading back, checking.

The workbook keeps the official 機能・帳票要件 column names our importer recognises (機能ID, 機能名称,
機能要件, 実装区分, 備考, …) and adds 実装状況 (a 実装 / 未実装 dropdown). `check_declaration` turns
an answered declaration into a RunResult of kind ``declaration`` with one case per requirement.

Rules: every 実装必須機能 must be 実装; no 実装不可機能 may be 実装; every requirement must be
answered (an unanswered 標準オプション機能 is a fail, as is any other unanswered line).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from conformance.domain.results import CaseResult, Finding, Location, RunResult, Subject, Verdict
from conformance.domain.spec import Category, Requirement, SpecBundle
from conformance.reports import DECLARATION_KIND
from conformance.result_store import DeclarationRecord, ResultStore

IMPLEMENTED = "実装"
NOT_IMPLEMENTED = "未実装"
ANSWERS = (IMPLEMENTED, NOT_IMPLEMENTED)
SHEET = "機能・帳票要件"
META_SHEET = "申告情報"
ID_COLUMN = "機能ID"
ANSWER_COLUMN = "実装状況"
REMARKS_COLUMN = "備考"
HEADER = (
    "大項目", "中項目", "小項目", ID_COLUMN, "機能名称", "機能要件", "実装区分", "検証方法",
    ANSWER_COLUMN, REMARKS_COLUMN,
)
READ_COLUMNS = (ID_COLUMN, ANSWER_COLUMN, REMARKS_COLUMN)  # what reading a workbook takes; the rest is for people
HEADER_SEARCH_ROWS = 10  # the header row may sit below a title or notes
META_KEYS = {"business": "業務", "spec_version": "仕様版", "product": "製品名", "product_version": "製品バージョン"}
CASE_PREFIX = "DECL:"


class DeclarationFileError(Exception):
    """The declaration file cannot be read or does not belong to the spec (a usage error, exit 2)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One line of a declaration: the vendor's answer (実装 / 未実装 / None = unanswered) and remarks."""

    requirement_id: str
    answer: str | None
    remarks: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Declaration:
    """A vendor's declaration for one product version, business and spec version."""

    business: str
    spec_version: str
    product: str
    product_version: str
    answers: tuple[Answer, ...]

    def to_dict(self) -> dict[str, Any]:
        """The YAML/JSON form (also what the store keeps)."""
        return {
            "business": self.business,
            "spec_version": self.spec_version,
            "product": self.product,
            "product_version": self.product_version,
            "answers": [{"id": a.requirement_id, "answer": a.answer, "remarks": a.remarks} for a in self.answers],
        }

    def to_yaml(self) -> str:
        """The YAML form as text (readable by `read_declaration`)."""
        return _dump(self.to_dict())

    def for_product(self, product: str | None, product_version: str | None) -> Declaration:
        """The same answers under another product and/or product version (None keeps the one named)."""
        return replace(self, product=product or self.product, product_version=product_version or self.product_version)


# ----------------------------------------------------------------------------- template


def template_workbook(spec: SpecBundle, product: str = "", product_version: str = "") -> bytes:
    """The declaration workbook for `spec` (answers empty), as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for requirement in spec.requirements:
        chapter = [*requirement.chapter, "", "", ""][:3]
        sheet.append([
            *chapter,
            requirement.id,
            requirement.title,
            requirement.text,
            requirement.category.label_ja,
            requirement.verification.method.value,
            None,
            None,
        ])
    answer_letter = chr(ord("A") + HEADER.index(ANSWER_COLUMN))
    dropdown = DataValidation(type="list", formula1=f'"{",".join(ANSWERS)}"', allow_blank=True)
    dropdown.error = "実装 または 未実装 を選択してください"
    dropdown.add(f"{answer_letter}2:{answer_letter}{len(spec.requirements) + 1}")
    sheet.add_data_validation(dropdown)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJ", (18, 18, 18, 14, 28, 60, 16, 12, 10, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    meta = workbook.create_sheet(META_SHEET)
    values = {"business": spec.meta.slug, "spec_version": spec.meta.version_id, "product": product,
              "product_version": product_version}
    for key, label in META_KEYS.items():
        meta.append([label, values[key]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_document(spec: SpecBundle, product: str = "", product_version: str = "") -> dict[str, Any]:
    """The YAML form of the template: the same lines with empty answers."""
    return {
        "business": spec.meta.slug,
        "spec_version": spec.meta.version_id,
        "product": product,
        "product_version": product_version,
        "answers": [
            {
                "id": r.id,
                "title": r.title,
                "category": r.category.label_ja,
                "method": r.verification.method.value,
                "answer": None,
                "remarks": None,
            }
            for r in spec.requirements
        ],
    }


def template_yaml(spec: SpecBundle, product: str = "", product_version: str = "") -> str:
    """The YAML template as text (answer with 実装 or 未実装)."""
    header = "# 機能要件の実装状況の申告 — answer each line with 実装 or 未実装 (remarks optional)\n"
    return header + _dump(template_document(spec, product, product_version))


TemplateRenderer = Callable[[SpecBundle, str, str], bytes | str]
# The template's file formats, by the suffix of the file asked for
TEMPLATE_FORMATS: Mapping[str, TemplateRenderer] = MappingProxyType({
    ".xlsx": template_workbook,
    ".yaml": template_yaml,
    ".yml": template_yaml,
})


def _dump(document: Mapping[str, Any]) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


# ----------------------------------------------------------------------------- reading


def read_declaration(path: Path) -> Declaration:
    """Read a declaration from .xlsx or .yaml/.yml/.json; DeclarationFileError when unreadable."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _from_workbook(path.read_bytes())
        if suffix in (".yaml", ".yml", ".json"):
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            return declaration_from_dict(document)
    except (zipfile.BadZipFile, InvalidFileException) as exc:  # .xlsx is a zip: garbage, or cut short
        raise DeclarationFileError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    except (OSError, yaml.YAMLError, ValueError, KeyError, TypeError) as exc:
        raise DeclarationFileError(f"{path}: {exc}") from exc
    raise DeclarationFileError(f"{path}: expected .xlsx, .yaml, .yml or .json")


def declaration_from_dict(document: Mapping[str, Any]) -> Declaration:
    """Rebuild a declaration from its YAML/JSON form."""
    if not isinstance(document, Mapping):
        raise ValueError("a declaration document is a mapping")
    answers = tuple(
        Answer(str(line["id"]), _answer(line.get("answer")), _text(line.get("remarks")), index + 1)
        for index, line in enumerate(document.get("answers") or [])
    )
    return Declaration(
        business=str(document["business"]),
        spec_version=str(document["spec_version"]),
        product=_text(document.get("product")) or "",
        product_version=_text(document.get("product_version")) or "",
        answers=answers,
    )


def _from_workbook(data: bytes) -> Declaration:
    """A declaration from its workbook: the answers sheet's header, its rows, and the 申告情報 sheet."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    if SHEET not in workbook.sheetnames:
        raise ValueError(f"no sheet named {SHEET}")
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    header_index, columns = _header(rows)
    answers = _answers(rows[header_index + 1 :], columns, first_line=header_index + 2)
    meta = _meta(workbook[META_SHEET].iter_rows(values_only=True) if META_SHEET in workbook.sheetnames else ())
    return Declaration(meta["business"], meta["spec_version"], meta.get("product", ""),
                       meta.get("product_version", ""), answers)


def _header(rows: Sequence[tuple[Any, ...]]) -> tuple[int, dict[str, int]]:
    """Where the header row is (within the first HEADER_SEARCH_ROWS) and the index of each column read."""
    header_index = next(
        (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if ID_COLUMN in [_text(c) for c in row]), None
    )
    if header_index is None:
        raise ValueError(f"sheet {SHEET}: no header row with {ID_COLUMN}")
    header = [_text(c) or "" for c in rows[header_index]]
    if ANSWER_COLUMN not in header:
        raise ValueError(f"sheet {SHEET}: no {ANSWER_COLUMN} column")
    return header_index, {name: header.index(name) for name in READ_COLUMNS if name in header}


def _answers(rows: Iterable[tuple[Any, ...]], columns: Mapping[str, int], *, first_line: int) -> tuple[Answer, ...]:
    """One answer per row that names a 機能ID (rows without one are skipped), with its line in the sheet."""
    answers = []
    for line, row in enumerate(rows, start=first_line):
        rid = _text(_cell(row, columns[ID_COLUMN]))
        if not rid:
            continue
        remarks = _text(_cell(row, columns[REMARKS_COLUMN])) if REMARKS_COLUMN in columns else None
        answers.append(Answer(rid, _answer(_cell(row, columns[ANSWER_COLUMN])), remarks, line))
    return tuple(answers)


def _meta(rows: Iterable[tuple[Any, ...]]) -> dict[str, str]:
    """The 申告情報 sheet (label | value rows) by META_KEYS key; 業務 and 仕様版 are required."""
    labels = {label: key for key, label in META_KEYS.items()}
    meta: dict[str, str] = {}
    for row in rows:
        label = _text(_cell(row, 0))
        if label in labels:
            meta[labels[label]] = _text(_cell(row, 1)) or ""
    if "business" not in meta or "spec_version" not in meta:
        raise ValueError(f"sheet {META_SHEET}: 業務 and 仕様版 are required")
    return meta


def _cell(row: tuple[Any, ...], index: int) -> Any:
    return row[index] if index < len(row) else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _answer(value: Any) -> str | None:
    """The answer as written (None when blank); validity is judged by `check_declaration`."""
    return _text(value)


# ----------------------------------------------------------------------------- checking


def check_declaration(
    spec: SpecBundle,
    declaration: Declaration,
    *,
    tool_version: str,
    run_id: str | None = None,
    now: datetime | None = None,
) -> RunResult:
    """Judge every line of `declaration` against `spec`; a RunResult of kind ``declaration``.

    Raises:
        DeclarationFileError: the declaration is for another business or spec version, or names no product.
    """
    if (declaration.business, declaration.spec_version) != spec.key:
        raise DeclarationFileError(
            f"the declaration is for {declaration.business} {declaration.spec_version}, "
            f"not {spec.meta.slug} {spec.meta.version_id}"
        )
    if not declaration.product or not declaration.product_version:
        raise DeclarationFileError("the declaration names no product and product version (製品名 / 製品バージョン)")
    started = now or datetime.now(UTC)
    by_id: dict[str, list[Answer]] = {}
    for answer in declaration.answers:
        by_id.setdefault(answer.requirement_id, []).append(answer)
    cases = [_judge(requirement, by_id.get(requirement.id, [])) for requirement in spec.requirements]
    known = {r.id for r in spec.requirements}
    stray = [a for a in declaration.answers if a.requirement_id not in known]
    if stray:
        cases.append(_stray_case(stray))
    return RunResult(
        run_id=run_id or f"declaration-{uuid.uuid4().hex[:12]}",
        kind=DECLARATION_KIND,
        subject=Subject(spec.meta.slug, spec.meta.version_id, declaration.product, declaration.product_version),
        started_at=started,
        finished_at=started,
        tool_version=tool_version,
        cases=tuple(cases),
    )


def declaration_record(declaration: Declaration, run: RunResult) -> DeclarationRecord:
    """What the store keeps of a checked declaration: its answers under the ID and time of its run."""
    return DeclarationRecord(run.run_id, declaration.business, declaration.spec_version, declaration.product,
                             declaration.product_version, run.started_at, declaration.to_dict())


def save_declaration(store: ResultStore, declaration: Declaration, run: RunResult) -> None:
    """Store a checked declaration and its run (`run` is what `check_declaration` returned for it)."""
    store.add_run(run)
    store.add_declaration(declaration_record(declaration, run))


def _judge(requirement: Requirement, answers: list[Answer]) -> CaseResult:
    case_id = f"{CASE_PREFIX}{requirement.id}"
    title = f"申告: {requirement.title}"
    answer = answers[0] if answers else Answer(requirement.id, None)
    evidence = {"declared": answer.answer or "", "category": requirement.category.label_ja}
    if answer.remarks:
        evidence["remarks"] = answer.remarks
    problem = _problem(requirement, answer, duplicated=len(answers) > 1)
    if problem is not None:
        code, message = problem
        finding = Finding(
            code=code,
            message=message,
            requirement_ids=(requirement.id,),
            location=Location(file="declaration", row=answer.line, column=ANSWER_COLUMN),
            value=answer.answer,
            params={"category": requirement.category.value},
        )
        return CaseResult(case_id, title, Verdict.FAIL, (requirement.id,), (finding,), evidence=evidence)
    verdict = Verdict.PASS
    reason = None
    if requirement.category is Category.STANDARD_OPTION and answer.answer == NOT_IMPLEMENTED:
        verdict = Verdict.NOT_APPLICABLE
        reason = "標準オプション機能を実装しない旨の申告 / option declared not implemented"
    return CaseResult(case_id, title, verdict, (requirement.id,), reason=reason, evidence=evidence)


def _problem(requirement: Requirement, answer: Answer, *, duplicated: bool) -> tuple[str, str] | None:
    label = requirement.category.label_ja
    if duplicated:
        return "DECL-DUPLICATE", f"{requirement.id} is answered more than once / 同じ機能IDへの回答が重複しています"
    if answer.answer is None:
        return "DECL-UNANSWERED", f"{label} {requirement.id} is not answered / 実装状況が未回答です"
    if answer.answer not in ANSWERS:
        return "DECL-INVALID-ANSWER", f"{requirement.id}: answer must be 実装 or 未実装, got {answer.answer!r}"
    if requirement.category is Category.MANDATORY and answer.answer == NOT_IMPLEMENTED:
        message = f"実装必須機能 {requirement.id} is declared 未実装 / 実装必須機能が未実装です"
        return "DECL-MANDATORY-NOT-IMPLEMENTED", message
    if requirement.category is Category.NOT_ALLOWED and answer.answer == IMPLEMENTED:
        message = f"実装不可機能 {requirement.id} is declared 実装 / 実装不可機能が実装されています"
        return "DECL-NOT-ALLOWED-IMPLEMENTED", message
    return None


def _stray_case(stray: list[Answer]) -> CaseResult:
    findings = tuple(
        Finding(
            code="DECL-UNKNOWN-REQUIREMENT",
            message=f"{a.requirement_id} is not a requirement of this spec version / 仕様書にない機能IDです",
            location=Location(file="declaration", row=a.line, column=ID_COLUMN),
            value=a.requirement_id,
        )
        for a in stray
    )
    return CaseResult(f"{CASE_PREFIX}unknown-ids", "申告: 仕様書にない機能ID", Verdict.FAIL, (), findings)
