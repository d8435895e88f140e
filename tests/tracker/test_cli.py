"""`conformance tracker …` in-process: init, demo, import, status, export, evidence links."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from conformance.cli.main import cli
from conformance.domain.results import CaseResult, Finding, RunResult, Subject, Verdict
from conformance.domain.results_codec import run_to_dict
from conformance.municipalities import municipalities
from conformance.storage import make_engine
from conformance.tracker import TrackerStore
from tests.tracker.conftest import steps_row

Build = Callable[..., Path]


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["tracker", *args], catch_exceptions=False)


def _status_json(db: str, *args: str) -> Any:
    result = _run("status", "--db", db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_tokyo_grid_matches_a_hand_computation(db_url: str, make_workbook: Build) -> None:
    assert _run("init", "--db", db_url).exit_code == 0
    path = make_workbook([
        {"lg_code": "131016", "business": "resident-registry", "as_of": "2025-07-31",
         "steps": steps_row(20, 3, (22, 30))},
        {"lg_code": "132012", "business": "国民年金", "as_of": "2025-07-31", "steps": steps_row(39)},
        {"lg_code": "133086", "business": "生活保護", "as_of": "2025-07-31", "steps": ["対象外"] * 40},
        {"lg_code": "130001", "business": "生活保護", "as_of": "2025-07-31", "steps": steps_row(8, 2)},
    ])
    result = _run("import", "--db", db_url, str(path), "--actor", "tokyo-liaison")
    assert result.exit_code == 0, result.output
    grid = _status_json(db_url, "--prefecture", "13")
    bodies = {b["lg_code"]: b for b in grid["bodies"]}
    tokyo_municipalities = [m for m in municipalities() if m.prefecture_code == "13"]
    assert len(tokyo_municipalities) == 62
    assert set(bodies) == {m.lg_code for m in tokyo_municipalities} | {"130001"}
    assert all(len(bodies[m.lg_code]["cells"]) == 20 for m in tokyo_municipalities)
    assert set(bodies["130001"]["cells"]) == {"child-rearing-allowance", "public-assistance"}
    # Hand computation: 完了率 = (完了済み + 対象外) / 40.
    chiyoda = bodies["131016"]["cells"]["resident-registry"]
    assert (chiyoda["done"], chiyoda["not_applicable"], chiyoda["in_progress"]) == (20, 2, 2)
    assert chiyoda["completion_rate"] == 22 / 40  # (20 完了済み + 2 対象外) / 40
    assert bodies["132012"]["cells"]["national-pension"]["completion_rate"] == 39 / 40
    assert bodies["133086"]["cells"]["public-assistance"]["completion_rate"] == 1.0
    assert bodies["130001"]["cells"]["public-assistance"]["completion_rate"] == 8 / 40
    assert bodies["130001"]["cells"]["public-assistance"]["in_progress_rate"] == 2 / 40
    assert bodies["131024"]["cells"]["resident-registry"]["completion_rate"] == 0.0
    assert grid["synthetic"] is False and "CC BY 4.0" in grid["attribution"]


def test_invalid_code_rejected_whole_with_row_named(db_url: str, make_workbook: Build) -> None:
    _run("init", "--db", db_url)
    path = make_workbook([
        {"lg_code": "131016", "business": "resident-registry", "as_of": "2025-07-31", "steps": steps_row(5)},
        {"lg_code": "131019", "business": "resident-registry", "as_of": "2025-07-31", "steps": steps_row(5)},
    ], name="chiyoda.xlsx")
    result = _run("import", "--db", db_url, str(path))
    assert result.exit_code == 2
    assert "chiyoda.xlsx:移行状況:row 3:団体コード: [bad_body_code]" in result.stderr
    assert "nothing was written" in result.stderr
    grid = _status_json(db_url, "--prefecture", "13")
    chiyoda = next(b for b in grid["bodies"] if b["lg_code"] == "131016")
    assert chiyoda["cells"]["resident-registry"]["done"] == 0


def test_uninitialised_database_and_bad_prefecture_exit_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    result = _run("status", "--db", db, "--prefecture", "13")
    assert result.exit_code == 2 and "tracker init" in result.stderr
    _run("init", "--db", db)
    assert _run("status", "--db", db, "--prefecture", "48").exit_code == 2


def test_demo_export_round_trip_and_evidence_links(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = _run("init", "--db", db, "--demo", "--demo-prefecture", "13")
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" in result.stderr
    grid = _status_json(db, "--prefecture", "13")
    assert grid["synthetic"] is True
    store = TrackerStore(make_engine(db))
    states = store.states([b["lg_code"] for b in grid["bodies"]])
    for body in grid["bodies"]:  # every cell equals the rate recomputed from the stored step rows
        for slug, cell in body["cells"].items():
            steps = states[(body["lg_code"], slug)].steps
            assert cell["completion_rate"] == sum(s.value in ("done", "not_applicable") for s in steps) / 40
    exported = tmp_path / "tokyo.xlsx"
    assert _run("export", "--db", db, str(exported), "--prefecture", "13").exit_code == 0
    sheet = load_workbook(exported, read_only=True)["移行状況"]
    assert sum(1 for _ in sheet.iter_rows()) == 1 + 62 * 20 + 2
    again = _run("import", "--db", db, str(exported))
    assert again.exit_code == 0 and "no change" in again.stdout
    for view in ("readiness", "rollup", "forecast"):
        assert _run("export", "--db", db, str(tmp_path / f"{view}.xlsx"), "--view", view,
                    "--prefecture", "13").exit_code == 0
    body = _status_json(db, "--body", "131016")
    assert {a["readiness"]["level"] for a in body["assignments"]} <= {
        "ready", "on_track", "at_risk", "late", "contradicted", "not_applicable"}
    assert all(a["readiness"]["rule"] and a["readiness"]["explanation_en"] for a in body["assignments"])
    nation = _status_json(db, "--by", "business")
    assert len(nation["rows"]) == 20 and nation["synthetic"] is True
    forecast = _run("forecast", "--db", db, "--json")
    assert forecast.exit_code == 0 and json.loads(forecast.stdout)["vendor_load"]


def _run_file(tmp_path: Path, verdict: Verdict) -> Path:
    finding = Finding("DATA-001", "value masked", value="***")
    case = CaseResult("c1", "t", verdict, findings=(finding,) if verdict is Verdict.FAIL else ())
    run = RunResult("run-42", "data", Subject("resident-registry", "第4.0版", "P", "1.0"),
                    datetime(2025, 7, 1, tzinfo=UTC), datetime(2025, 7, 1, 1, tzinfo=UTC), "0.1", (case,))
    path = tmp_path / "run.json"
    path.write_text(json.dumps(run_to_dict(run)), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "csv", "csv-shift-jis"])  # the last as Japanese Excel saves CSV
def test_certifications_and_rehearsal_drive_readiness(tmp_path: Path, make_workbook: Build, fmt: str) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    _run("init", "--db", db)
    live = make_workbook([{"lg_code": "131016", "business": "resident-registry", "as_of": "2025-07-31",
                           "product": "P", "product_version": "1.0", "spec_version": "第4.0版",
                           "actual_cutover": "2025-07-01", "steps": steps_row(40)}])
    assert _run("import", "--db", db, str(live)).exit_code == 0
    record = {"product": "P", "product_version": "1.0", "business": "resident-registry",
              "spec_version": "第4.0版", "status": "not_certified", "evidence_ref": "bundle-1", "as_of": "2025-06-30"}
    certs = tmp_path / ("certs.json" if fmt == "json" else "certs.csv")
    encoding = "cp932" if fmt == "csv-shift-jis" else "utf-8"
    if fmt == "json":
        certs.write_text(json.dumps([record]), encoding="utf-8")
    else:
        certs.write_text(",".join(record) + "\n" + ",".join(record.values()) + "\n", encoding=encoding)
    assert _run("import-certifications", "--db", db, str(certs)).exit_code == 0

    def rule() -> str:
        detail = _status_json(db, "--body", "131016")
        return str(next(a for a in detail["assignments"] if a["business"] == "resident-registry")
                   ["readiness"]["rule"])

    assert rule() == "C-CERT"
    record["status"], record["as_of"] = "certified", "2025-07-15"
    certs.write_text(json.dumps([record]) if fmt == "json"
                     else ",".join(record) + "\n" + ",".join(record.values()) + "\n", encoding=encoding)
    _run("import-certifications", "--db", db, str(certs))
    assert rule() == "R-LIVE"
    attached = _run("attach-rehearsal", "--db", db, "--body", "131016", "--business", "resident-registry",
                    str(_run_file(tmp_path, Verdict.FAIL)))
    assert attached.exit_code == 0, attached.output
    assert rule() == "C-REHEARSAL"
    rehearsal = TrackerStore(make_engine(db)).rehearsals(["131016"])
    stored = asdict(next(iter(rehearsal.values())))  # the record as plain data
    assert stored["counts"]["fail"] == 1 and "***" not in json.dumps(stored, default=str)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert _run("import-certifications", "--db", db, str(bad)).exit_code == 2
    bad.write_text("[]", encoding="utf-8")  # a list where a run is expected: a clear refusal, not a traceback
    refused = _run("attach-rehearsal", "--db", db, "--body", "131016", "--business", "resident-registry", str(bad))
    assert refused.exit_code == 2 and "not a RunResult JSON" in refused.output
