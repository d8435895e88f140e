"""Declarations: the template reads back with our importer's column names; the rules judge every line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conformance.domain.results import Verdict
from conformance.domain.spec import Category, SpecBundle
from conformance.evidence import (
    ANSWER_COLUMN,
    IMPLEMENTED,
    NOT_IMPLEMENTED,
    Answer,
    Declaration,
    DeclarationFileError,
    check_declaration,
    read_declaration,
    template_workbook,
    template_yaml,
)
from conformance.specs import REQ_COLUMNS
from tests.evidence.conftest import PRODUCT, VERSION, declaration_run, good_answers


def _first(spec: SpecBundle, category: Category) -> str:
    return next(r.id for r in spec.requirements if r.category is category)


def test_template_has_importer_columns_and_a_dropdown(spec: SpecBundle) -> None:
    workbook = load_workbook(io.BytesIO(template_workbook(spec, PRODUCT, VERSION)))
    sheet = workbook["機能・帳票要件"]
    header = [c.value for c in sheet[1]]
    for key in ("id", "title", "text", "category", "note"):
        assert any(name in header for name in REQ_COLUMNS[key]), key
    assert ANSWER_COLUMN in header
    assert sheet.max_row == len(spec.requirements) + 1
    validations = sheet.data_validations.dataValidation
    assert validations and '"実装,未実装"' in validations[0].formula1


def test_answered_workbook_reads_back(spec: SpecBundle, tmp_path: Path) -> None:
    workbook = load_workbook(io.BytesIO(template_workbook(spec, PRODUCT, VERSION)))
    sheet = workbook["機能・帳票要件"]
    header = [c.value for c in sheet[1]]
    answer_col = header.index(ANSWER_COLUMN) + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=answer_col, value=IMPLEMENTED)
    path = tmp_path / "decl.xlsx"
    workbook.save(path)
    declaration = read_declaration(path)
    assert (declaration.business, declaration.spec_version, declaration.product) == (*spec.key, PRODUCT)
    assert len(declaration.answers) == len(spec.requirements)
    assert {a.answer for a in declaration.answers} == {IMPLEMENTED}


def test_yaml_template_round_trips(spec: SpecBundle, tmp_path: Path) -> None:
    document = yaml.safe_load(template_yaml(spec, PRODUCT, VERSION))
    for line in document["answers"]:
        line["answer"] = NOT_IMPLEMENTED if line["category"] == "実装不可機能" else IMPLEMENTED
    path = tmp_path / "decl.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    run = check_declaration(spec, read_declaration(path), tool_version="0")
    assert run.kind == "declaration"
    assert run.verdict is Verdict.PASS
    assert len(run.cases) == len(spec.requirements)


def test_rules_mandatory_notallowed_and_unanswered_option(spec: SpecBundle) -> None:
    mandatory = _first(spec, Category.MANDATORY)
    option = _first(spec, Category.STANDARD_OPTION)
    answers = {a.requirement_id: a for a in good_answers(spec)}
    answers[mandatory] = Answer(mandatory, NOT_IMPLEMENTED)
    answers[option] = Answer(option, None)
    not_allowed = [r.id for r in spec.requirements if r.category is Category.NOT_ALLOWED]
    if not_allowed:
        answers[not_allowed[0]] = Answer(not_allowed[0], IMPLEMENTED)
    run = declaration_run(spec, tuple(answers.values()))
    codes = {f.requirement_ids[0]: f.code for c in run.cases for f in c.findings}
    assert codes[mandatory] == "DECL-MANDATORY-NOT-IMPLEMENTED"
    assert codes[option] == "DECL-UNANSWERED"
    if not_allowed:
        assert codes[not_allowed[0]] == "DECL-NOT-ALLOWED-IMPLEMENTED"
    assert run.verdict is Verdict.FAIL


def test_option_declared_not_implemented_is_not_applicable(spec: SpecBundle) -> None:
    option = _first(spec, Category.STANDARD_OPTION)
    answers = tuple(Answer(a.requirement_id, NOT_IMPLEMENTED) if a.requirement_id == option else a
                    for a in good_answers(spec))
    run = declaration_run(spec, answers)
    verdicts = {c.requirement_ids[0]: c.verdict for c in run.cases}
    assert verdicts[option] is Verdict.NOT_APPLICABLE
    assert run.verdict is Verdict.PASS


def test_invalid_unknown_and_wrong_spec(spec: SpecBundle) -> None:
    answers = (*good_answers(spec)[1:], Answer(spec.requirements[0].id, "たぶん"), Answer("XX-99-999", IMPLEMENTED))
    run = declaration_run(spec, answers)
    codes = {f.code for c in run.cases for f in c.findings}
    assert {"DECL-INVALID-ANSWER", "DECL-UNKNOWN-REQUIREMENT"} <= codes
    with pytest.raises(DeclarationFileError):
        check_declaration(spec, Declaration("seal-registration", "2.1", PRODUCT, VERSION, ()), tool_version="0")
