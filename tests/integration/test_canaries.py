"""Canary secret and canary personal data appear in no report file and no bundle member.

The vendor profile's bearer-token variable holds a canary secret (the reference vendor requires
exactly that token); the vendor is fault-seeded so its run carries failing findings with request
evidence. The migration data holds a canary name in a cell that fails validation, so its finding
carries the (masked) value. Both failing cases are waived, so the package is built and every
member — runs, reports, the workbook's sheet XML — can be read.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.integration.support import invoke, zip_texts

CANARY_SECRET = "CANARY-SECRET-e91c4b7d"
CANARY_NAME = "カナリア試験花子"
TOKEN_ENV = "CANARY_VENDOR_TOKEN"
PRODUCT, VERSION = "試験住民記録", "9.1"
BUSINESS = "resident-registry"
PROFILE = f"""
[vendor]
name = "canary"
product = "{PRODUCT}"
product_version = "{VERSION}"

[target]
base_url = "reference"
files = "/files/{{business}}/"

[auth]
type = "bearer"
token_env = "{TOKEN_ENV}"
"""


def _plant_name(delivery: Path) -> None:
    path = delivery / "kojin.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("氏名")] = CANARY_NAME * 20  # too long: a finding on a personal-data column
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def _failing_cases(run_json: Path) -> list[tuple[str, str]]:
    document = json.loads(run_json.read_text(encoding="utf-8"))
    runs = document.get("runs", [document])
    return [(run["subject"]["spec_version"], case["case_id"]) for run in runs for case in run["cases"]
            if case["verdict"] == "fail"]


def test_canaries_appear_in_no_report_and_no_bundle_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, CANARY_SECRET)
    db = f"sqlite:///{tmp_path / 'evidence.db'}"
    profile = tmp_path / "canary.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    reports = tmp_path / "reports"

    run = invoke(["run", "--vendor", str(profile), "--business", BUSINESS, "--fault", "rr-lookup-wrong-status",
                  "--report-dir", str(reports / "linkage"), "--db", db, "--no-generated"], code=1)
    assert "FAIL" in run.output
    delivery = tmp_path / "delivery"
    invoke(["data", "generate", "--business", BUSINESS, "--rows", "30", "--out", str(delivery)])
    _plant_name(delivery)
    invoke(["data", "validate", "--business", BUSINESS, str(delivery), "--report-dir", str(reports / "data")], code=1)
    data_run = json.loads((reports / "data" / "run.json").read_text(encoding="utf-8"))
    assert any(f["location"]["column"] == "氏名" for c in data_run["cases"] for f in c["findings"])
    invoke(["report", "import", str(reports / "data" / "run.json"), "--product", PRODUCT,
            "--product-version", VERSION, "--db", db])
    invoke(["declare", "reference", "--business", BUSINESS, "--product", PRODUCT, "--product-version", VERSION,
            "--save", "--db", db])

    failing = _failing_cases(reports / "linkage" / "run.json") + _failing_cases(reports / "data" / "run.json")
    assert len(failing) >= 2
    for number, (spec_version, case_id) in enumerate(failing):
        invoke(["waiver", "add", "--id", f"W-CANARY-{number}", "--product", PRODUCT, "--business", BUSINESS,
                "--spec-version", spec_version, "--case", case_id, "--justification", "canary test",
                "--approver", "標準化PMO", "--expires", "2099-12-31", "--db", db])
    invoke(["keys", "generate", "--out", "keys"])
    package = tmp_path / "canary.zip"
    invoke(["certify", "--product", PRODUCT, "--product-version", VERSION, "--db", db,
            "--signing-key", "keys/signing-key.pem", "--out", str(package)])
    invoke(["bundle", "verify", str(package)])

    texts = zip_texts(package.read_bytes())
    assert any(name.endswith("requirements.xlsx!xl/worksheets/sheet1.xml") for name in texts)
    assert "conformant_with_waivers" in texts["certification.json"]
    runs = [text for name, text in texts.items() if name.startswith("runs/")]
    assert any('"column": "氏名"' in text for text in runs)  # the planted cell's finding is in the package
    assert any("Authorization" not in text and "/residents/" in text for text in runs)  # request evidence too
    for path in sorted(p for p in reports.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts[str(path)] = data.decode("utf-8", errors="replace")
    for name, text in texts.items():
        assert CANARY_SECRET not in text, name
        assert CANARY_NAME[:4] not in text, name
