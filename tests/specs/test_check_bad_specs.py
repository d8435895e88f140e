"""`conformance specs check` names the file and place for each kind of broken spec."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli

RR = Path("resident-registry/4.0")


def run_check(specs_dir: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["specs", "check", "--specs-dir", str(specs_dir)])
    return result.exit_code, result.output


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_copy_is_clean(specs_copy: Path) -> None:
    code, output = run_check(specs_copy)
    assert code == 0, output


def test_yaml_syntax_error_is_unusable_and_names_file_and_line(specs_copy: Path) -> None:
    path = specs_copy / RR / "requirements.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + " : [unclosed"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = run_check(specs_copy)
    assert code == 2
    assert "resident-registry/4.0/requirements.yaml:" in output
    assert "YAML syntax error" in output


def test_dangling_code_table_reference(specs_copy: Path) -> None:
    replace_once(specs_copy / RR / "data.yaml", "code_table: RR-HOUSEHOLD-STATUS", "code_table: RR-HOUSEHOLD-STATS")
    code, output = run_check(specs_copy)
    assert code == 1
    assert "resident-registry/4.0/data.yaml:" in output
    assert "unknown code table 'RR-HOUSEHOLD-STATS'" in output
    assert "did you mean 'RR-HOUSEHOLD-STATUS'" in output


def test_duplicate_requirement_id(specs_copy: Path) -> None:
    replace_once(specs_copy / RR / "requirements.yaml", "id: RR-01-002", "id: RR-01-001")
    code, output = run_check(specs_copy)
    assert code == 1
    assert "resident-registry/4.0/requirements.yaml:" in output
    assert "duplicate requirement id 'RR-01-001'" in output


def test_api_schema_disagreeing_with_its_data_item(specs_copy: Path) -> None:
    openapi = specs_copy / RR / "openapi.yaml"
    text = openapi.read_text(encoding="utf-8")
    marker = "x-item-id: COM-0003"
    assert marker in text
    before, after = text.split(marker, 1)
    # the full_name property precedes its x-item-id; change its maxLength 60 -> 80
    head, sep, tail = before.rpartition("maxLength: 60")
    assert sep, "expected maxLength: 60 on the full_name property"
    openapi.write_text(head + "maxLength: 80" + tail + marker + after, encoding="utf-8")
    code, output = run_check(specs_copy)
    assert code == 1
    assert "resident-registry/4.0/openapi.yaml:" in output
    assert "maxLength is 80 but data item COM-0003" in output


def test_changing_a_data_item_without_regenerating_openapi_is_caught(specs_copy: Path) -> None:
    replace_once(specs_copy / RR / "data.yaml", "length: 18", "length: 20")
    code, output = run_check(specs_copy)
    assert code == 1
    assert "RR-D0301" in output and "openapi.yaml" in output


def test_schema_error_gives_did_you_mean(specs_copy: Path) -> None:
    replace_once(specs_copy / RR / "requirements.yaml", "  title: ", "  titel: ")
    code, output = run_check(specs_copy)
    assert code == 1
    assert "requirements.yaml:" in output
    assert "'titel' -> 'title'" in output


def test_missing_common_folder_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "resident-registry" / "4.0").mkdir(parents=True)
    code, output = run_check(tmp_path)
    assert code == 2
    assert "common/code-tables.yaml" in output


@pytest.mark.parametrize("bad", ["unknown-business", "resident-registy"])
def test_unknown_slug_in_show_exits_2(bad: str, specs_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["specs", "show", bad, "--specs-dir", str(specs_copy)])
    assert result.exit_code == 2
    assert bad in result.output


def test_show_did_you_mean_for_slug_typo(specs_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["specs", "show", "resident-registy", "--specs-dir", str(specs_copy)])
    assert "did you mean 'resident-registry'" in result.output
