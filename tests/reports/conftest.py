"""Report fixtures: a finished run with every verdict, an HTTP exchange and a file-cell finding."""

from __future__ import annotations

import pytest

from conformance.domain.results import RunResult, Verdict
from conformance.domain.spec import Category, VerificationMethod
from conformance.reports import Basis, ReportInput, RequirementRow
from tests.result_store.factories import case, run


@pytest.fixture
def mixed_run() -> RunResult:
    """A run with one case of each verdict, evidence with an HTTP exchange, and markup to escape."""
    return run(
        "run-mixed",
        (
            case("DATA-001", Verdict.PASS, ("RR-01-001",)),
            case("DATA-002", Verdict.FAIL, ("RR-01-002",)),
            case(
                "API-001",
                Verdict.FAIL,
                ("RR-02-001",),
                evidence={"request": "GET /residents/123 <script>", "response": "HTTP/1.1 500\n{\"氏名\": \"山***\"}"},
            ),
            case("API-002", Verdict.ERROR, ("RR-02-002",)),
            case("API-003", Verdict.SKIP, ("RR-02-003",)),
            case("API-004", Verdict.NOT_APPLICABLE, ("RR-02-004",)),
            case("API-005", Verdict.WAIVED, ("RR-02-005",)),
        ),
    )


@pytest.fixture
def report(mixed_run: RunResult) -> ReportInput:
    """The mixed run with two spec-aware requirement rows."""
    rows = (
        RequirementRow(
            requirement_id="RR-01-001",
            title="住民データの管理",
            verdict=Verdict.PASS,
            basis=Basis.AUTOMATED,
            case_ids=("DATA-001",),
            chapter=("第3章 機能要件", "1 管理項目", "1.1 住民データ"),
            text="住民票の記載事項を管理できること。",
            category=Category.MANDATORY,
            method=VerificationMethod.AUTOMATED,
            checks=("data.type",),
        ),
        RequirementRow(
            requirement_id="RR-09-001",
            title="帳票の出力",
            verdict=Verdict.PASS,
            basis=Basis.DECLARED,
            category=Category.STANDARD_OPTION,
            method=VerificationMethod.DECLARATION,
            not_tested_reason="帳票レイアウトは目視確認",
            declared="実装",
        ),
    )
    return ReportInput(runs=(mixed_run,), requirements=rows, title="Acme住民記録 1.0 — 住民記録 第4.0版")
