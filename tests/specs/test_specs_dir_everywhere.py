"""Every command that reads specs finds them the same way: `--specs-dir`, else `$CONFORMANCE_SPECS_DIR`.

`run` and `reference serve` once looked only at the checkout's `specs/`, so a vendor could be tested against
other specs than the ones `specs check` had checked. Here `$CONFORMANCE_SPECS_DIR` names a copy holding only
resident-registry: a command that honours it cannot find fixed-asset-tax (exit 2, "no spec" or "not claimed"),
while the same command on the shipped specs can. The list of commands is read from the CLI itself, so a new
command with `--specs-dir` fails this test until it is added here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from conformance.cli.main import cli
from conformance.specs import ENV_VAR, load_spec
from tests.specs.workbooks import write_data_list, write_requirements

ABSENT = "fixed-asset-tax"  # shipped, but not in the copy $CONFORMANCE_SPECS_DIR names


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def _invoke(args: list[str], env_dir: Path | None) -> Result:
    env = {ENV_VAR: str(env_dir)} if env_dir is not None else {ENV_VAR: ""}
    return CliRunner(env=env).invoke(cli, args, catch_exceptions=False)


@pytest.fixture(scope="module")
def absent_artifacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Files about the ABSENT business made on the shipped specs: a run.json and a declaration."""
    work = tmp_path_factory.mktemp("absent")
    delivery, report = work / "delivery", work / "report"
    assert _invoke(["data", "generate", "--business", ABSENT, "--rows", "5", "--seed", "1",
                    "--out", str(delivery)], None).exit_code == 0
    validated = _invoke(["data", "validate", "--business", ABSENT, "--report-dir", str(report), str(delivery)], None)
    assert validated.exit_code == 0, validated.output
    declaration = work / "declaration.yaml"
    made = _invoke(["declare", "template", "--business", ABSENT, "--product", "p", "--product-version", "1",
                    "--out", str(declaration)], None)
    assert made.exit_code == 0, made.output
    return {"run": report / "run.json", "delivery": delivery, "declaration": declaration, "work": work}


def _import_into(env_dir: Path, work: Path) -> list[str]:
    bundle = load_spec(env_dir, "resident-registry", "4.0")
    data_list = work / "001_住民基本台帳_基本データリスト【第4.7版】_20240329.xlsx"
    requirements = work / "001_住民記録システム標準仕様書_機能・帳票要件【第4.7版】_20240329.xlsx"
    write_data_list(bundle, data_list)
    write_requirements(bundle, requirements)
    return ["specs", "import", "--data-list", str(data_list), "--requirements", str(requirements),
            "--base-version", "4.0"]


Invocation = Callable[[dict[str, Path], Path], list[str]]
ABSENT_SPEC: dict[tuple[str, ...], Invocation] = {
    ("certify",): lambda a, _: ["certify", "--product", "p", "--product-version", "1", "--run", str(a["run"]),
                                "--db", f"sqlite:///{a['work'] / 'certify.db'}"],
    ("coverage",): lambda a, _: ["coverage", ABSENT, "--db", f"sqlite:///{a['work'] / 'coverage.db'}"],
    ("data", "generate"): lambda a, _: ["data", "generate", "--business", ABSENT, "--rows", "1",
                                        "--out", str(a["work"] / "unused")],
    ("data", "validate"): lambda a, _: ["data", "validate", "--business", ABSENT, str(a["delivery"])],
    ("declare", "check"): lambda a, _: ["declare", "check", str(a["declaration"])],
    ("declare", "reference"): lambda a, _: ["declare", "reference", "--business", ABSENT,
                                            "--out-dir", str(a["work"] / "declarations")],
    ("declare", "template"): lambda a, _: ["declare", "template", "--business", ABSENT,
                                           "--out", str(a["work"] / "unused.yaml")],
    ("impact",): lambda a, _: ["impact", ABSENT, "--from", "1.0", "--to", "9.9",
                               "--db", f"sqlite:///{a['work'] / 'impact.db'}"],
    ("reference", "serve"): lambda a, _: ["reference", "serve", "--business", ABSENT],
    ("report", "reference-data"): lambda a, _: ["report", "reference-data", "--business", ABSENT, "--no-store"],
    ("report", "render"): lambda a, _: ["report", "render", str(a["run"]), "--with-spec", "--format", "json",
                                        "--out", str(a["work"] / "rendered.json")],
    ("run",): lambda a, _: ["run", "--vendor", "reference", "--business", ABSENT, "--no-store",
                            "--report-dir", str(a["work"] / "run")],
    ("specs", "build-openapi"): lambda a, _: ["specs", "build-openapi", ABSENT],
    ("specs", "diff"): lambda a, _: ["specs", "diff", ABSENT, "1.0", "2.0"],
    ("specs", "show"): lambda a, _: ["specs", "show", ABSENT],
    ("waiver", "add"): lambda a, _: ["waiver", "add", "--id", "W1", "--product", "p", "--business", ABSENT,
                                     "--spec-version", "1.0", "--case", "C1", "--justification", "j",
                                     "--approver", "a", "--expires", "2099-01-01",
                                     "--db", f"sqlite:///{a['work'] / 'waiver.db'}"],
}
# Commands that read every spec rather than one: judged by what they show or write.
WHOLE_CATALOGUE = {("specs", "check"), ("specs", "list"), ("specs", "import")}


def test_every_command_with_specs_dir_is_covered() -> None:
    with_option = {path for path, command in _commands(cli) if any(p.name == "specs_dir" for p in command.params)}
    assert with_option == set(ABSENT_SPEC) | WHOLE_CATALOGUE


@pytest.mark.parametrize("path", sorted(ABSENT_SPEC), ids=" ".join)
def test_a_single_spec_command_reads_the_environment_folder(path: tuple[str, ...], specs_copy: Path,
                                                             absent_artifacts: dict[str, Path]) -> None:
    result = _invoke(ABSENT_SPEC[path](absent_artifacts, specs_copy), specs_copy)
    assert result.exit_code == 2, result.output
    assert ABSENT in result.output and ("no spec for business" in result.output or "not claimed" in result.output)


def test_specs_list_and_check_read_the_environment_folder(specs_copy: Path) -> None:
    listed = _invoke(["specs", "list", "--json"], specs_copy)
    assert listed.exit_code == 0 and ABSENT not in listed.output and "resident-registry" in listed.output
    assert ABSENT in _invoke(["specs", "list", "--json"], None).output
    (specs_copy / "resident-registry" / "4.0" / "spec.yaml").write_text("meta: [", encoding="utf-8")
    assert _invoke(["specs", "check"], specs_copy).exit_code == 2


def test_specs_import_writes_into_the_environment_folder(specs_copy: Path, tmp_path: Path) -> None:
    result = _invoke(_import_into(specs_copy, tmp_path), specs_copy)
    assert result.exit_code == 0, result.output
    assert (specs_copy / "resident-registry" / "4.7" / "spec.yaml").is_file()


def test_the_option_wins_over_the_environment(specs_copy: Path, shipped_specs_dir: Path) -> None:
    result = _invoke(["specs", "show", ABSENT, "--specs-dir", str(shipped_specs_dir)], specs_copy)
    assert result.exit_code == 0, result.output
