"""File-level defects of the generator (`--file-defects`): reported exactly, spread over the files,
changing nothing else, and the default output untouched."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli
from conformance.data import FolderSource, MemorySink, validate_delivery
from conformance.domain.spec import SpecBundle
from conformance.synthetic import generate_delivery
from conformance.synthetic.file_defects import FILE_KINDS, plan_file_defects
from conformance.synthetic.file_rewrite import lf_line_ends, line_blocks, rewrite_file
from tests.data.conftest import shipped_bundles

BUNDLES = shipped_bundles()
Found = tuple[str, int | None, str | None, str]


def _truth(folder: Path) -> set[Found]:
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["file"], int(r["row"]) if r["row"] else None, r["column"] or None, r["code"])
                for r in csv.DictReader(handle)}


def _validate(bundle: SpecBundle, folder: Path) -> set[Found]:
    sink = MemorySink()
    outcome = validate_delivery(bundle, FolderSource(folder), sink)
    assert outcome.complete
    return {(d.file, d.row, d.column, d.code) for d in sink.defects}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: f"{b.meta.slug}-{b.meta.version_id}")
def test_validator_reports_exactly_the_truth_with_file_defects(bundle: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(bundle, 2_000, tmp_path, seed=31, defect_rate=0.03, file_defects=True)
    truth = _truth(tmp_path)
    found = _validate(bundle, tmp_path)
    assert sorted(truth - found)[:5] == [], "missed"
    assert sorted(found - truth)[:5] == [], "extra"
    file_level = [(file, code) for file, row, column, code in truth if row is None]
    assert all(column is None for _, row, column, _ in truth if row is None)
    assert {code for _, code in file_level} >= set(FILE_KINDS) - {"file.encoding"}
    assert len(file_level) == len(set(file_level)), "one finding per kind"


def test_every_file_level_kind_is_injected_over_the_businesses(tmp_path: Path) -> None:
    codes: dict[str, set[str]] = {}
    for bundle in BUNDLES:
        folder = tmp_path / f"{bundle.meta.slug}-{bundle.meta.version_id}"
        generate_delivery(bundle, 400, folder, seed=32, file_defects=True)
        for file, row, _, code in _truth(folder):
            if row is None:
                codes.setdefault(code, set()).add(file)
    assert set(codes) == set(FILE_KINDS)
    assert len(codes["file.encoding"]) > 1


def test_file_defects_are_spread_over_the_files(resident_registry: SpecBundle) -> None:
    heights = {group.id: 100 for group in resident_registry.data_groups}
    targets = set()
    for seed in range(8):
        plan = plan_file_defects(resident_registry, heights, seed)
        assert plan.swapped is not None
        kinds = (plan.extra_column.file, plan.swapped.file, plan.lf_file, plan.bom)
        assert len(set(kinds)) == len(kinds), "four groups: one kind per file"
        assert plan.bom not in plan.encoding_candidates
        targets.add(kinds)
    assert len(targets) > 1, "the seed chooses the files"


def test_file_defects_change_nothing_but_the_file_level(resident_registry: SpecBundle, tmp_path: Path) -> None:
    """Undo each file-level defect and the bytes are the default delivery's; the cell truth is the same."""
    plain, defective = tmp_path / "plain", tmp_path / "defective"
    generate_delivery(resident_registry, 3_000, plain, seed=33, defect_rate=0.02)
    result = generate_delivery(resident_registry, 3_000, defective, seed=33, defect_rate=0.02, file_defects=True)
    truth = _truth(defective)
    assert {t for t in truth if t[1] is not None} == _truth(plain)
    by_file = {(file, code) for file, row, _, code in truth if row is None}
    unexpected = [file for file, code in by_file if code == "file.unexpected"]
    assert [p.name for p in result.files] == [f"{g.file}.csv" for g in resident_registry.data_groups] + unexpected
    for path in sorted(plain.glob("*.csv")):
        if path.name == "truth.csv":
            continue
        data = (defective / path.name).read_bytes()
        kinds = {code for file, code in by_file if file == path.name}
        if "file.bom" in kinds:
            assert data.startswith(codecs.BOM_UTF8)
            data = data[len(codecs.BOM_UTF8):]
        text = data.decode("cp932" if "file.encoding" in kinds else "utf-8")
        if "file.line-ending" in kinds:
            assert "\r\n" in text and text.count("\n") > text.count("\r\n")
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        else:
            assert text.count("\n") == text.count("\r\n")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        expected = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header = expected[0]
        if "file.header-extra" in kinds:
            extra = [i for i, name in enumerate(rows[0]) if name not in header]
            assert len(extra) == 1
            rows = [row[: extra[0]] + row[extra[0] + 1:] for row in rows]
        if "file.header-order" in kinds:
            assert rows[0] != header and sorted(rows[0]) == sorted(header)
            order = [rows[0].index(name) for name in header]
            rows = [[row[i] for i in order] for row in rows]
        assert rows == expected, path.name
    assert {p.name for p in defective.iterdir()} == {p.name for p in plain.iterdir()} | set(unexpected)


def test_default_output_is_unchanged(resident_registry: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(resident_registry, 600, tmp_path / "a", seed=34, defect_rate=0.05)
    generate_delivery(resident_registry, 600, tmp_path / "b", seed=34, defect_rate=0.05, file_defects=False)
    generate_delivery(resident_registry, 600, tmp_path / "c", seed=34, defect_rate=0.05, file_defects=True)
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")
    assert _hashes(tmp_path / "a") != _hashes(tmp_path / "c")
    for folder in ("a", "b"):
        truth = _truth(tmp_path / folder)
        assert all(row is not None for _, row, _, _ in truth)
        for path in (tmp_path / folder).glob("*.csv"):
            data = path.read_bytes()
            assert not data.startswith(codecs.BOM_UTF8)
            assert data.count(b"\n") == data.count(b"\r\n")
            data.decode("utf-8")


def test_file_defects_are_deterministic(resident_registry: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(resident_registry, 500, tmp_path / "a", seed=35, defect_rate=0.02, file_defects=True)
    generate_delivery(resident_registry, 500, tmp_path / "b", seed=35, defect_rate=0.02, file_defects=True)
    generate_delivery(resident_registry, 500, tmp_path / "c", seed=36, defect_rate=0.02, file_defects=True)
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")
    assert _hashes(tmp_path / "a") != _hashes(tmp_path / "c")


def test_no_encodable_file_means_no_encoding_defect(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("氏名\r\n𠮷田\r\n".encode())
    assert rewrite_file(tmp_path / "a.csv", codec="cp932") is False
    assert (tmp_path / "a.csv").read_bytes() == "氏名\r\n𠮷田\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]
    (tmp_path / "b.csv").write_bytes("値\r\n\u2212\r\n".encode())  # CP932 maps U+2212 back to U+FF0D
    assert rewrite_file(tmp_path / "b.csv", codec="cp932") is False
    assert rewrite_file(tmp_path / "b.csv", codec="cp932", accept=lambda _: False) is False
    assert rewrite_file(tmp_path / "a.csv", prefix=codecs.BOM_UTF8, lf_lines=(1,)) is True
    assert (tmp_path / "a.csv").read_bytes() == codecs.BOM_UTF8 + "氏名\r\n𠮷田\n".encode()


def test_rewrite_streams_in_line_blocks(tmp_path: Path) -> None:
    lines = [f"{n},値{n}\r\n".encode() for n in range(5_000)]
    blocks = list(line_blocks(io.BytesIO(b"".join(lines)), size=1_000))
    assert len(blocks) > 10 and all(block.endswith(b"\n") and len(block) < 1_100 for block in blocks)
    assert b"".join(blocks) == b"".join(lines)
    assert list(line_blocks(io.BytesIO(b"a\r\nb"), size=2)) == [b"a\r\n", b"b"]
    assert lf_line_ends(b"x\r\ny\r\nz\r\n", 10, [9, 11, 13]) == b"x\r\ny\nz\r\n"
    assert lf_line_ends(b"x\ny\r\n", 0, [0]) == b"x\ny\r\n", "a line already ending in LF keeps its value"
    path = tmp_path / "big.csv"
    path.write_bytes(b"".join(lines))
    targets = (0, 1, 2_345, 4_999)
    assert rewrite_file(path, lf_lines=targets, codec="cp932")
    expected = [line[:-2] + b"\n" if n in targets else line for n, line in enumerate(lines)]
    assert path.read_bytes() == b"".join(expected).decode("utf-8").encode("cp932")


def test_cli_generate_with_file_defects_then_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["data", "generate", "--business", "corporate-inhabitant-tax", "--rows", "900",
                               "--defect-rate", "0.02", "--seed", "4", "--file-defects", "--out", str(tmp_path / "d")])
    assert made.exit_code == 0, made.output
    assert "file-level" in made.output
    checked = runner.invoke(cli, ["data", "validate", "--business", "corporate-inhabitant-tax", "--report-dir",
                                  str(tmp_path / "r"), str(tmp_path / "d")])
    assert checked.exit_code == 1, checked.output
    truth = _rows(tmp_path / "d/truth.csv")
    assert truth == _rows(tmp_path / "r/defects.csv")
    assert {row[3] for row in truth if row[1] == "" and row[2] == ""} == set(FILE_KINDS)
    plain = runner.invoke(cli, ["data", "generate", "--business", "corporate-inhabitant-tax", "--rows", "900",
                                "--defect-rate", "0.02", "--seed", "4", "--out", str(tmp_path / "p")])
    assert plain.exit_code == 0, plain.output
    assert "file-level" not in plain.output
    assert all(row[1] for row in _rows(tmp_path / "p/truth.csv"))


def _rows(path: Path) -> list[tuple[str, ...]]:
    """The first four columns of a CSV's data rows, sorted (the header skipped)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return sorted(tuple(row[:4]) for row in reader)
