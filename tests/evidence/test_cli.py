"""The evidence commands end to end, in-process: declare → run → import → certify → bundle verify.

Includes the canary test: a secret planted in the environment (named by a vendor profile) and a
personal name planted in the migration data must appear nowhere in any report or bundle member.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from conformance.cli.main import cli
from conformance.domain.results import Verdict
from conformance.domain.results_codec import run_to_dict
from conformance.domain.spec import SpecBundle
from conformance.evidence import ANSWER_COLUMN
from conformance.result_store import SqlResultStore
from conformance.specs import load_spec
from tests.evidence.conftest import PRODUCT, VERSION, automated_run, declaration_run

CANARY_SECRET = "CANARY-SECRET-7f3a9c"
CANARY_NAME = "カナリア試験太郎"


def _invoke(args: list[str], code: int | None = 0) -> str:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result.output


def _answered_workbook(template: Path, out: Path, answer_for: dict[str, str]) -> None:
    workbook = load_workbook(template)
    sheet = workbook["機能・帳票要件"]
    header = [c.value for c in sheet[1]]
    answer_col, category_col = header.index(ANSWER_COLUMN) + 1, header.index("実装区分") + 1
    for row in range(2, sheet.max_row + 1):
        category = sheet.cell(row=row, column=category_col).value
        sheet.cell(row=row, column=answer_col, value=answer_for[category])
    workbook.save(out)


GOOD = {"実装必須機能": "実装", "標準オプション機能": "実装", "実装不可機能": "未実装"}


def test_declare_import_certify_bundle_verify(tmp_path: Path, spec: SpecBundle) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    _invoke(["keys", "generate", "--out", str(tmp_path / "keys")])
    assert (tmp_path / "keys" / "signing-key.pem").stat().st_mode & 0o777 == 0o600
    template = tmp_path / "decl.xlsx"
    _invoke(["declare", "template", "--business", spec.meta.slug, "--product", PRODUCT, "--product-version", VERSION,
             "--out", str(template), "--out", str(tmp_path / "decl.yaml")])
    answered = tmp_path / "answered.xlsx"
    _answered_workbook(template, answered, GOOD)
    _invoke(["declare", "check", str(answered), "--save", "--db", db])
    auto = tmp_path / "auto.json"
    auto.write_text(json.dumps(run_to_dict(automated_run(spec)), ensure_ascii=False), encoding="utf-8")
    _invoke(["report", "import", str(auto), "--db", db])
    bundle = tmp_path / "bundle.zip"
    _invoke(["certify", "--product", PRODUCT, "--product-version", VERSION, "--db", db,
             "--signing-key", str(tmp_path / "keys" / "signing-key.pem"), "--out", str(bundle)])
    output = _invoke(["bundle", "verify", str(bundle), "--public-key", str(tmp_path / "keys" / "signing-key.pub.pem")])
    assert output.startswith("OK")
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bundle.write_bytes(bytes(data))
    _invoke(["bundle", "verify", str(bundle)], code=1)
    matrix = _invoke(["coverage", spec.meta.slug, "--product", PRODUCT, "--product-version", VERSION, "--db", db,
                      "--csv", str(tmp_path / "cov.csv")])
    assert "automated" in matrix
    rows = list(csv.DictReader((tmp_path / "cov.csv").open(encoding="utf-8")))
    assert {r["basis"] for r in rows} <= {"automated", "declared"}


def test_certify_refuses_and_names_the_failing_requirement(tmp_path: Path, spec: SpecBundle) -> None:
    answered = tmp_path / "answered.xlsx"
    template = tmp_path / "t.xlsx"
    _invoke(["declare", "template", "--business", spec.meta.slug, "--product", PRODUCT, "--product-version", VERSION,
             "--out", str(template)])
    bad = dict(GOOD, 実装必須機能="未実装")
    _answered_workbook(template, answered, bad)
    decl_run = tmp_path / "decl.json"
    _invoke(["declare", "check", str(answered), "--out", str(decl_run)], code=1)
    auto = tmp_path / "auto.json"
    auto.write_text(json.dumps(run_to_dict(automated_run(spec)), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "never.zip"
    result = CliRunner().invoke(cli, ["certify", "--product", PRODUCT, "--product-version", VERSION,
                                      "--run", str(decl_run), "--run", str(auto), "--out", str(out)])
    assert result.exit_code == 1
    first_mandatory = spec.requirements[0].id
    assert "certification refused" in result.output
    assert first_mandatory in result.output and "DECL-MANDATORY-NOT-IMPLEMENTED" in result.output
    assert not out.exists()


def test_report_render_diff_and_impact(tmp_path: Path, spec: SpecBundle) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(run_to_dict(automated_run(spec))), encoding="utf-8")
    failing = automated_run(spec, {spec.requirements[0].id: Verdict.FAIL}, "auto-2", 3)
    b.write_text(json.dumps(run_to_dict(failing)), encoding="utf-8")
    diff = _invoke(["report", "diff", str(a), str(b)], code=1)
    assert diff.startswith("regression")
    _invoke(["report", "diff", str(b), str(a)], code=0)
    for fmt, name in (("html", "r.html"), ("junit", "r.xml"), ("json", "r.json"), ("xlsx", "r.xlsx")):
        _invoke(["report", "render", str(b), "--format", fmt, "--out", str(tmp_path / name), "--with-spec"])
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("不合格") >= 1


@pytest.mark.parametrize("slug", ["resident-registry"])
def test_impact_lists_retests(slug: str, shipped_specs_dir: Path) -> None:
    versions = sorted(p.name for p in (shipped_specs_dir / slug).iterdir() if p.is_dir())
    if len(versions) < 2:
        pytest.skip(f"only one shipped version of {slug}")
    output = _invoke(["impact", slug, "--from", versions[0], "--to", versions[-1], "--json"])
    document = json.loads(output)
    assert document["old_version"] == versions[0]
    assert all(r["reasons"] for r in document["retests"])


def _texts(blob: bytes) -> list[str]:
    """Every text inside a zip, recursing into nested zips (xlsx)."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if data[:2] == b"PK":
                found += _texts(data)
            else:
                found.append(data.decode("utf-8", errors="replace"))
    return found


def test_canaries_appear_nowhere(tmp_path: Path, spec: SpecBundle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_API_TOKEN", CANARY_SECRET)
    profile = tmp_path / "vendor.yaml"
    profile.write_text(yaml.safe_dump({"product": PRODUCT, "auth": {"token_env": "ACME_API_TOKEN"}}), encoding="utf-8")
    data_dir = tmp_path / "delivery"
    _invoke(["data", "generate", "--business", spec.meta.slug, "--spec-version", spec.meta.version_id,
             "--rows", "30", "--out", str(data_dir)])
    kojin = data_dir / "kojin.csv"
    rows = list(csv.reader(kojin.open(encoding="utf-8", newline="")))
    name_col = rows[0].index("氏名")
    rows[1][name_col] = CANARY_NAME * 20  # too long: a finding on a personal-data column
    with kojin.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    report_dir = tmp_path / "rep"
    _invoke(["data", "validate", "--business", spec.meta.slug, "--spec-version", spec.meta.version_id,
             str(data_dir), "--report-dir", str(report_dir)], code=None)
    run_json = (report_dir / "run.json").read_text(encoding="utf-8")
    assert any(f["location"]["column"] == "氏名" for c in json.loads(run_json)["cases"] for f in c["findings"])
    _invoke(["keys", "generate", "--out", str(tmp_path / "keys")])
    _invoke(["waiver", "add", "--id", "W-CAN", "--product", PRODUCT, "--business", spec.meta.slug,
             "--spec-version", spec.meta.version_id, "--case", "none", "--justification", "j", "--approver", "a",
             "--expires", "2099-01-01", "--db", f"sqlite:///{tmp_path / 'c.db'}"])
    # the data run fails, so the package itself is refused; render every report and bundle the rest anyway
    outputs = []
    for fmt in ("html", "junit", "json", "xlsx"):
        target = tmp_path / f"report.{fmt}"
        _invoke(["report", "render", str(report_dir / "run.json"), "--format", fmt, "--out", str(target),
                 "--with-spec"])
        outputs.append(target.read_bytes())
    from datetime import UTC, date, datetime

    from conformance.domain.results_codec import run_from_dict
    from conformance.evidence import build_bundle, certify, load_private_key, package_payload

    data_run = run_from_dict(json.loads(run_json))
    data_run = type(data_run)(**{**{f: getattr(data_run, f) for f in data_run.__slots__},
                                 "subject": type(data_run.subject)(spec.meta.slug, spec.meta.version_id, PRODUCT,
                                                                    VERSION)})
    cert = certify(spec, product=PRODUCT, product_version=VERSION, runs=[data_run], waivers=[], on=date.today())
    payload = package_payload([cert], {spec.key: spec}, [], "0.1.0")
    blob = build_bundle(payload, load_private_key(tmp_path / "keys" / "signing-key.pem"),
                        created_at=datetime.now(UTC), subject={"product": PRODUCT})
    texts = _texts(blob) + [o.decode("utf-8", errors="replace") for o in outputs if o[:2] != b"PK"]
    texts += [t for o in outputs if o[:2] == b"PK" for t in _texts(o)]
    for text in texts:
        assert CANARY_SECRET not in text
        assert CANARY_NAME not in text
        assert CANARY_NAME[:4] not in text


@pytest.mark.parametrize("written", ["4.0", "第4.0版"])
def test_impact_names_the_certified_products_however_the_version_is_written(
    written: str, tmp_path: Path, shipped_specs_dir: Path
) -> None:
    old = load_spec(shipped_specs_dir, "resident-registry", "4.0", verify_openapi=False)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    store = SqlResultStore.open(db)
    store.add_run(declaration_run(old))
    store.add_run(automated_run(old))
    document = json.loads(_invoke(["impact", "resident-registry", "--from", written, "--to", "5.0", "--json",
                                   "--db", db]))
    assert [(p["product"], p["product_version"]) for p in document["products"]] == [(PRODUCT, VERSION)]
