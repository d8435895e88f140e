"""Writing into a specs folder: openapi.yaml regenerated whole, and an imported version kept only once it loads."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conformance.specs import ImportedSpecError, VersionExistsError, build_openapi, import_version, load_spec
from tests.specs.workbooks import write_data_list, write_requirements

DATA_NAME = "001_住民基本台帳_基本データリスト【第4.1版】_20240329.xlsx"
REQ_NAME = "001_住民記録システム標準仕様書_機能・帳票要件【第4.1版】_20240329.xlsx"


def _workbooks(specs_copy: Path, folder: Path) -> tuple[Path, Path]:
    original = load_spec(specs_copy, "resident-registry", "4.0")
    write_data_list(original, folder / DATA_NAME)
    write_requirements(original, folder / REQ_NAME)
    return folder / DATA_NAME, folder / REQ_NAME


def test_build_openapi_rewrites_the_shipped_files_unchanged(specs_copy: Path) -> None:
    shipped = {path: path.read_bytes() for path in specs_copy.glob("resident-registry/*/openapi.yaml")}
    written = list(build_openapi(specs_copy, ["resident-registry"]))
    assert sorted(written) == sorted(shipped)
    assert {path: path.read_bytes() for path in written} == shipped
    assert not list(specs_copy.rglob("*.tmp"))


def test_an_imported_spec_that_does_not_load_leaves_the_folder_as_it_was(specs_copy: Path, tmp_path: Path) -> None:
    data_list, requirements = _workbooks(specs_copy, tmp_path)
    book = openpyxl.load_workbook(data_list)
    sheet = book.active
    assert sheet is not None
    column = next(cell.column for cell in sheet[3] if cell.value == "コード表")
    coded = next(row for row in range(5, sheet.max_row + 1) if sheet.cell(row, column).value)
    sheet.cell(coded, column, "C-NO-SUCH-TABLE")
    book.save(data_list)
    before = sorted(path.relative_to(specs_copy) for path in specs_copy.rglob("*"))
    with pytest.raises(ImportedSpecError) as raised:
        import_version(specs_copy, data_list, requirements, base_version="4.0")
    assert not raised.value.unusable
    assert any("C-NO-SUCH-TABLE" in problem.render() for problem in raised.value.problems)
    assert sorted(path.relative_to(specs_copy) for path in specs_copy.rglob("*")) == before


def test_an_imported_version_is_kept_with_its_openapi_and_not_replaced_unasked(specs_copy: Path,
                                                                               tmp_path: Path) -> None:
    data_list, requirements = _workbooks(specs_copy, tmp_path)
    imported = import_version(specs_copy, data_list, requirements, base_version="4.0")
    assert imported.target == specs_copy / "resident-registry" / "4.1"
    assert (imported.target / "openapi.yaml").is_file()
    kept = load_spec(specs_copy, "resident-registry", "4.1")  # with the OpenAPI check: the written file agrees
    assert (kept.meta, kept.requirements, kept.data_groups) == (imported.bundle.meta, imported.bundle.requirements,
                                                                imported.bundle.data_groups)
    with pytest.raises(VersionExistsError):
        import_version(specs_copy, data_list, requirements, base_version="4.0")
    assert import_version(specs_copy, data_list, requirements, base_version="4.0", force=True).target == imported.target
