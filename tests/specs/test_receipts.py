"""Spec schema receipts: a spec whose exact bytes passed the JSON Schema is not checked again, and nothing
else ever skips the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.specs import SpecLoadError, load_spec, loader, receipts

RR = Path("resident-registry/5.0")  # the latest version, which load_spec takes


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(receipts.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def schema_checks(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The schema definitions actually checked (not vouched for by a receipt), in order."""
    import jsonschema

    checked: list[str | None] = []
    real = jsonschema.Draft202012Validator

    def counting(schema: dict[str, object], **kwargs: object) -> object:
        ref = schema.get("$ref")
        checked.append(str(ref).rsplit("/", 1)[-1] if ref else None)
        return real(schema, **kwargs)

    monkeypatch.setattr(jsonschema, "Draft202012Validator", counting)
    monkeypatch.setattr(counting, "FORMAT_CHECKER", real.FORMAT_CHECKER, raising=False)
    return checked


def test_second_load_of_the_same_bytes_skips_the_schema(specs_copy: Path, cache: Path,
                                                        schema_checks: list[str | None]) -> None:
    first = load_spec(specs_copy, "resident-registry", verify_openapi=False)
    assert len(schema_checks) == 4  # the three common files and the business's merged document
    assert len(list((cache / receipts.FOLDER).iterdir())) == 4
    second = load_spec(specs_copy, "resident-registry", verify_openapi=False)
    assert len(schema_checks) == 4
    assert second == first


def test_a_changed_file_is_checked_again_and_its_problem_reported(specs_copy: Path, cache: Path,
                                                                  schema_checks: list[str | None]) -> None:
    load_spec(specs_copy, "resident-registry", verify_openapi=False)
    path = specs_copy / RR / "requirements.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  title: ", "  titel: ", 1), encoding="utf-8")
    with pytest.raises(SpecLoadError) as raised:
        load_spec(specs_copy, "resident-registry", verify_openapi=False)
    assert schema_checks[-1] is None  # the merged document, checked again
    assert "'titel' -> 'title'" in str(raised.value)
    with pytest.raises(SpecLoadError):  # a failure is never recorded: checked (and explained) every time
        load_spec(specs_copy, "resident-registry", verify_openapi=False)
    assert schema_checks.count(None) == 3
    assert len(list((cache / receipts.FOLDER).iterdir())) == 4


def test_a_receipt_is_bound_to_the_schema_and_the_definition() -> None:
    key = receipts.receipt_key("schema-a", None, ["file-1", "file-2"])
    assert receipts.receipt_key("schema-a", None, ["file-2", "file-1"]) == key
    assert receipts.receipt_key("schema-b", None, ["file-1", "file-2"]) != key
    assert receipts.receipt_key("schema-a", "commonCodeTablesFile", ["file-1", "file-2"]) != key
    assert receipts.receipt_key("schema-a", None, ["file-1"]) != key


def test_an_unwritable_cache_costs_only_time(specs_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             schema_checks: list[str | None]) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(receipts.ENV_VAR, str(blocked / "cache"))
    for _ in range(2):
        load_spec(specs_copy, "resident-registry", verify_openapi=False)
    assert len(schema_checks) == 8


def test_empty_setting_turns_receipts_off(specs_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                          schema_checks: list[str | None]) -> None:
    monkeypatch.setenv(receipts.ENV_VAR, "")
    assert receipts.cache_dir() is None
    for _ in range(2):
        load_spec(specs_copy, "resident-registry", verify_openapi=False)
    assert len(schema_checks) == 8


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(receipts.ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert receipts.cache_dir() == tmp_path / "conformance"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert receipts.cache_dir() == tmp_path / "home" / ".cache" / "conformance"


def test_the_schema_digest_is_of_the_bundled_schema() -> None:
    schema, digest = loader._schema()
    assert "$defs" in schema
    assert len(digest) == 64


def test_a_cache_path_the_system_refuses_costs_only_time(specs_copy: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         schema_checks: list[str | None]) -> None:
    monkeypatch.setenv(receipts.ENV_VAR, str(tmp_path / ("x" * 300)))  # a name too long: stat raises
    for _ in range(2):
        load_spec(specs_copy, "resident-registry", verify_openapi=False)
    assert len(schema_checks) == 8


def test_no_home_folder_turns_receipts_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(receipts.ENV_VAR)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert receipts.cache_dir() is None
