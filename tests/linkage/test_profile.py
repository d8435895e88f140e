"""Vendor profiles: parsing, every problem reported, did-you-mean for unknown keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli
from conformance.linkage import (
    ProfileError,
    UnclaimedBusinessError,
    VendorProfile,
    claims_to_run,
    load_profile,
    parse_profile,
    reference_profile,
)

REPO = Path(__file__).resolve().parents[2]


def test_reference_profile_loads() -> None:
    profile = load_profile(REPO / "vendors" / "reference.toml")
    assert profile.is_reference
    assert profile.auth.type == "bearer"
    assert profile.auth.token_env == "CONFORMANCE_REFERENCE_TOKEN"
    assert profile.files_location("resident-registry") == "/files/resident-registry/"


def test_the_built_in_reference_profile_is_the_shipped_file() -> None:
    shipped = load_profile(REPO / "vendors" / "reference.toml")
    assert replace(reference_profile(), source="") == replace(shipped, source="")


def test_unknown_key_gets_did_you_mean() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"vendor": {"name": "x"}, "target": {"base_url": "https://v.example", "timout_seconds": 3}})
    assert any("did you mean 'timeout_seconds'" in p for p in caught.value.problems)


def test_every_problem_is_reported() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"vendor": {}, "target": {"base_url": "ftp://x"}})
    text = "\n".join(caught.value.problems)
    assert "'name' is a required property" in text
    assert "base_url" in text


def test_auth_type_needs_its_settings() -> None:
    with pytest.raises(ProfileError, match="needs 'token_env'"):
        parse_profile({"vendor": {"name": "x"}, "target": {"base_url": "https://v.example"},
                       "auth": {"type": "bearer"}})


def test_secrets_are_env_names_not_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDOR_TOKEN", "s3cret-value")
    profile = parse_profile({"vendor": {"name": "x"}, "target": {"base_url": "https://v.example"},
                             "auth": {"type": "bearer", "token_env": "VENDOR_TOKEN"}})
    assert profile.secret_values() == ("s3cret-value",)
    assert "s3cret" not in repr(profile)


def test_a_profile_that_is_not_utf8_is_a_profile_error(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_bytes("[vendor]\nname = \"合成ベンダー\"\n".encode("cp932"))  # saved as Shift_JIS by an editor
    with pytest.raises(ProfileError, match="not UTF-8 text"):
        load_profile(path)


def test_bad_toml_is_a_profile_error(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_text("[vendor\nname=", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(path)


def _claiming(*claims: tuple[str, str]) -> VendorProfile:
    return parse_profile({"vendor": {"name": "x"}, "target": {"base_url": "https://v.example"},
                          "businesses": [{"slug": slug, "spec_version": version} for slug, version in claims]})


def test_a_run_covers_the_claims_in_profile_order() -> None:
    def never() -> list[str]:
        raise AssertionError("the businesses there are are asked only when the profile claims none")

    profile = _claiming(("individual-tax", "3.0"), ("resident-registry", "5.0"))
    assert claims_to_run(profile, (), never) == [("individual-tax", "3.0"), ("resident-registry", "5.0")]
    assert claims_to_run(profile, ("resident-registry",), never) == [("resident-registry", "5.0")]
    with pytest.raises(UnclaimedBusinessError) as caught:
        claims_to_run(profile, ("resident-registry", "fixed-asset-tax"), never)
    assert caught.value.unclaimed == ("fixed-asset-tax",)
    assert caught.value.claimed == ("individual-tax", "resident-registry")


def test_a_profile_claiming_nothing_covers_every_business_at_its_latest_version() -> None:
    profile = reference_profile()
    assert profile.is_reference and not profile.claims
    assert claims_to_run(profile, (), lambda: ["a", "b"]) == [("a", None), ("b", None)]
    assert claims_to_run(profile, ("b",), lambda: ["a", "b"]) == [("b", None)]


@pytest.mark.parametrize("command", [["run", "--vendor", "reference", "--no-store"], ["reference", "serve"]],
                         ids=" ".join)
def test_a_missing_specs_folder_is_a_spec_error_not_an_internal_one(command: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*command, "--specs-dir", str(tmp_path / "missing")])
    assert result.exit_code == 2, result.output
    assert "specs directory not found" in result.output
