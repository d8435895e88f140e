"""Every command that reads a file a user names, given one that is not what it should be (binary garbage, a Shift_JIS
text, broken JSON/YAML, a folder, a database URL of no known kind), or a waiver for a business or version that does
not exist: exit 2 with a message naming the input, never an internal error or a record that can never apply. Six of
these were internal errors, and the waiver was stored, until a session fed every path-taking command such input."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli

GARBAGE = b"\xff\xfe\x00\x81garbage\x00"
SHIFT_JIS = "[vendor]\nname = \"合成ベンダー\"\n".encode("cp932")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "garbage.bin").write_bytes(GARBAGE)
    (tmp_path / "sjis.toml").write_bytes(SHIFT_JIS)
    (tmp_path / "broken.json").write_text('{"a": [1,', encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- just a string\n", encoding="utf-8")
    (tmp_path / "lacking.yaml").write_text("- waiver_id: W1\n", encoding="utf-8")
    (tmp_path / "garbage.xlsx").write_bytes(GARBAGE)
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04cut short")
    (tmp_path / "folder").mkdir()
    return tmp_path


CASES = {
    "vendor profile, binary": (["run", "--vendor", "garbage.bin"], "garbage.bin"),
    "vendor profile, Shift_JIS": (["run", "--vendor", "sjis.toml"], "not UTF-8"),
    "waivers, binary": (["certify", "--product", "p", "--product-version", "1", "--waivers", "garbage.bin",
                         "--db", "sqlite:///r.db"], "garbage.bin: not UTF-8"),
    "waivers, broken": (["certify", "--product", "p", "--product-version", "1", "--waivers", "broken.json",
                         "--db", "sqlite:///r.db"], "broken.json: not valid YAML or JSON at line 1"),
    "waivers, not mappings": (["certify", "--product", "p", "--product-version", "1", "--waivers", "list.yaml",
                               "--db", "sqlite:///r.db"], "waiver 1 is not a mapping"),
    "waivers, a field missing": (["certify", "--product", "p", "--product-version", "1", "--waivers",
                                  "lacking.yaml", "--db", "sqlite:///r.db"], "waiver 1 lacks the field product"),
    "declaration workbook, binary": (["declare", "check", "garbage.xlsx"], "garbage.xlsx: not a readable .xlsx"),
    "declaration workbook, cut short": (["declare", "check", "cut.xlsx"], "cut.xlsx: not a readable .xlsx"),
    "waiver for a business that does not exist": (
        ["waiver", "add", "--id", "W1", "--product", "p", "--business", "resident-registy", "--spec-version", "5.0",
         "--case", "X", "--justification", "j", "--approver", "a", "--expires", "2099-01-01", "--db", "sqlite:///w.db"],
        "no spec for business 'resident-registy'"),
    "waiver for a spec version that does not exist": (
        ["waiver", "add", "--id", "W1", "--product", "p", "--business", "resident-registry", "--spec-version", "9.9",
         "--case", "X", "--justification", "j", "--approver", "a", "--expires", "2099-01-01", "--db", "sqlite:///w.db"],
        "no version '9.9'"),
    "dashboard database URL": (["tracker", "serve", "--db", "nosuchdialect://x", "--port", "0"], "nosuchdialect"),
    "run.json, binary": (["report", "render", "garbage.bin", "--format", "json", "--out", "o.json"], "garbage.bin"),
    "run.json, a folder": (["report", "render", "folder", "--format", "html", "--out", "o.html"], "folder"),
    "validation reports, a folder": (["data", "compare", "folder", "folder"], "summary.json"),
    "workbook, binary": (["tracker", "import", "--db", "sqlite:///t.db", "garbage.bin"], "garbage.bin"),
    "certifications, binary": (["tracker", "import-certifications", "--db", "sqlite:///t.db", "garbage.bin"],
                               "garbage.bin"),
    "rehearsal run, broken": (["tracker", "attach-rehearsal", "--db", "sqlite:///t.db", "--body", "131016",
                               "--business", "resident-registry", "broken.json"], "broken.json"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_file_is_a_usage_error(case: str, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args, named = CASES[case]
    monkeypatch.chdir(inputs)
    if "tracker" in args and "serve" not in args:
        assert CliRunner().invoke(cli, ["tracker", "init", "--db", "sqlite:///t.db"]).exit_code == 0
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output
    assert named in result.output
