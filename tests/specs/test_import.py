"""`conformance specs import` reads official-style workbooks into the spec format."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli
from conformance.specs import business_from_name, date_from_name, load_spec, version_from_name
from tests.specs.workbooks import write_data_list, write_requirements

DATA_NAME = "001_住民基本台帳_基本データリスト【第4.1版】_20240329.xlsx"
REQ_NAME = "001_住民記録システム標準仕様書_機能・帳票要件【第4.1版】_20240329.xlsx"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def import_rr(
    tmp_path: Path,
    specs_copy: Path,
    *extra: str,
    version: str = "4.1",
    category_override: dict[str, str] | None = None,
    drop_column: str | None = None,
) -> tuple[int, str]:
    """Write resident-registry 4.0 as official-style workbooks named for `version`, then import them."""
    original = load_spec(specs_copy, "resident-registry", "4.0")
    data_list = tmp_path / DATA_NAME.replace("4.1", version)
    requirements = tmp_path / REQ_NAME.replace("4.1", version)
    write_data_list(original, data_list, drop_column=drop_column)
    write_requirements(original, requirements, category_override=category_override)
    return run(
        "specs",
        "import",
        "--data-list",
        str(data_list),
        "--requirements",
        str(requirements),
        "--specs-dir",
        str(specs_copy),
        *extra,
    )


def test_file_name_convention() -> None:
    path = Path("001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx")
    assert version_from_name(path) == "2.1"
    assert date_from_name(path) == "2023-09-29"
    found = business_from_name(path)
    assert found is not None and found.slug == "resident-registry"


def test_round_trip_through_workbooks(tmp_path: Path, specs_copy: Path) -> None:
    code, output = import_rr(tmp_path, specs_copy, "--base-version", "4.0")
    assert code == 0, output
    original = load_spec(specs_copy, "resident-registry", "4.0")
    imported = load_spec(specs_copy, "resident-registry", "4.1")
    assert imported.meta.version == "第4.1版"
    assert imported.meta.published.isoformat() == "2024-03-29"
    assert [r.id for r in imported.requirements] == [r.id for r in original.requirements]
    assert [r.category for r in imported.requirements] == [r.category for r in original.requirements]
    assert imported.requirements[3].chapter == original.requirements[3].chapter  # merged 大項目 filled in
    assert [g.id for g in imported.data_groups] == [g.id for g in original.data_groups]
    for before, after in zip(original.data_groups, imported.data_groups, strict=True):
        assert after.primary_key == before.primary_key  # two-row "キー / 主" header understood
        assert [(i.id, i.type, i.length, i.mandatory, i.code_table) for i in after.items] == [
            (i.id, i.type, i.length, i.mandatory, i.code_table) for i in before.items
        ]
    code, output = run("specs", "check", "--specs-dir", str(specs_copy))
    assert code == 0, output


def test_category_change_in_workbook_shows_up_in_diff(tmp_path: Path, specs_copy: Path) -> None:
    code, output = import_rr(
        tmp_path, specs_copy, "--base-version", "4.0", category_override={"RR-02-005": "実装必須機能"}
    )
    assert code == 0, output
    code, output = run("specs", "diff", "resident-registry", "4.0", "4.1", "--specs-dir", str(specs_copy))
    assert code == 0
    assert "RR-02-005" in output and "standard_option → mandatory" in output


def test_missing_column_is_rejected_naming_file_and_column(tmp_path: Path, specs_copy: Path) -> None:
    code, output = import_rr(tmp_path, specs_copy, "--base-version", "4.0", drop_column="データ型")
    assert code == 2
    assert DATA_NAME in output and "'データ型'" in output
    assert not (specs_copy / "resident-registry" / "4.1").exists()


def test_version_missing_from_file_names_is_rejected(tmp_path: Path, specs_copy: Path) -> None:
    original = load_spec(specs_copy, "resident-registry", "4.0")
    write_data_list(original, tmp_path / "data.xlsx")
    write_requirements(original, tmp_path / "req.xlsx")
    code, output = run(
        "specs",
        "import",
        "--data-list",
        str(tmp_path / "data.xlsx"),
        "--requirements",
        str(tmp_path / "req.xlsx"),
        "--business",
        "resident-registry",
        "--specs-dir",
        str(specs_copy),
    )
    assert code == 2
    assert "【第X.Y版】" in output


def test_not_a_workbook_is_rejected(tmp_path: Path, specs_copy: Path) -> None:
    (tmp_path / DATA_NAME).write_bytes(b"PK\x03\x04 this is not really a workbook")
    (tmp_path / REQ_NAME).write_text("nope", encoding="utf-8")
    code, output = run(
        "specs",
        "import",
        "--data-list",
        str(tmp_path / DATA_NAME),
        "--requirements",
        str(tmp_path / REQ_NAME),
        "--specs-dir",
        str(specs_copy),
    )
    assert code == 2
    assert "not a readable .xlsx workbook" in output


@pytest.mark.parametrize("label", ["実装すべき機能", "やってもよい"])
def test_unknown_category_label_names_the_row(tmp_path: Path, specs_copy: Path, label: str) -> None:
    code, output = import_rr(tmp_path, specs_copy, "--base-version", "4.0", category_override={"RR-01-003": label})
    assert code == 2
    assert "row 6" in output and "実装区分" in output
    assert not (specs_copy / "resident-registry" / "4.1").exists()


def test_existing_version_is_not_overwritten_without_force(tmp_path: Path, specs_copy: Path) -> None:
    before = (specs_copy / "resident-registry" / "4.0" / "requirements.yaml").read_text(encoding="utf-8")
    code, output = import_rr(tmp_path, specs_copy, version="4.0")
    assert code == 2 and "--force" in output
    assert (specs_copy / "resident-registry" / "4.0" / "requirements.yaml").read_text(encoding="utf-8") == before


def test_import_without_base_version_derives_operations_and_warns(tmp_path: Path, specs_copy: Path) -> None:
    code, output = import_rr(tmp_path, specs_copy)
    assert code == 0, output
    imported = load_spec(specs_copy, "resident-registry", "4.1")
    assert imported.meta.fidelity.value == "transcribed"
    assert {op.kind.value for op in imported.api.operations} == {"lookup", "search", "changes"}
    assert all(r.verification.method.value == "declaration" for r in imported.requirements)
    assert "no base version" in output
