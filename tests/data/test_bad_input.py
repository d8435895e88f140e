"""Bad input: encodings, 外字, half-width kana, broken layout, garbage, huge lines, zip bombs, masking."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli
from conformance.data import (
    CATALOGUE,
    HEAD_BYTES,
    FileStatus,
    FolderSource,
    MemorySink,
    UnusableDeliveryError,
    ZipSource,
    validate_delivery,
)
from conformance.data.read import csvfile
from conformance.domain.spec import SpecBundle
from conformance.synthetic import generate_delivery

REPO = Path(__file__).resolve().parents[2]
CANARY_NAME = "鈴木\u3000花子"
CANARY_KANA = "ｽｽﾞｷ\u3000ﾊﾅｺ"
CANARY_GAIJI = "山田\ue021太郎"


def _copy(clean: Path, tmp: Path) -> Path:
    target = tmp / "delivery"
    shutil.copytree(clean, target)
    (target / "truth.csv").unlink(missing_ok=True)
    return target


def _replace_cell(path: Path, row: int, column: str, value: str) -> None:
    """Put `value` into one cell (row = 1-based record) of a UTF-8 CRLF file."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def _run(bundle: SpecBundle, folder: Path) -> tuple[MemorySink, int]:
    sink = MemorySink()
    outcome = validate_delivery(bundle, FolderSource(folder), sink)
    return sink, outcome.exit_code


def _cli(folder: Path, report: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry",
                                      "--report-dir", str(report), str(folder)])
    return result.exit_code, result.output


def _report_text(report: Path) -> str:
    return "".join((report / name).read_text(encoding="utf-8")
                   for name in ("defects.csv", "defects.jsonl", "summary.json", "run.json"))


def _codes(sink: MemorySink) -> set[str]:
    return {d.code for d in sink.defects}


def test_every_code_is_documented() -> None:
    text = (REPO / "docs/reference/finding-codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9.-]+)` \|", text, flags=re.MULTILINE))
    assert {entry.code for entry in CATALOGUE} == documented


def test_shift_jis_delivery(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    kojin = folder / "kojin.csv"
    kojin.write_bytes(kojin.read_bytes().decode("utf-8").encode("cp932", errors="replace"))
    sink, code = _run(resident_registry, folder)
    encoding = [d for d in sink.defects if d.code == "file.encoding"]
    assert [d.file for d in encoding] == ["kojin.csv"]
    assert "Shift_JIS" in encoding[0].message
    assert code == 1


def test_private_use_gaiji_is_found_and_masked(resident_registry: SpecBundle, clean_delivery: Path,
                                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(clean_delivery, tmp_path)
    _replace_cell(folder / "kojin.csv", 3, "氏名", CANARY_GAIJI)
    code, output = _cli(folder, tmp_path / "report")
    assert code == 1
    defects = (tmp_path / "report" / "defects.csv").read_text(encoding="utf-8")
    assert "kojin.csv,3,氏名,cell.char-gaiji" in defects
    everything = _report_text(tmp_path / "report") + output + capsys.readouterr().out
    assert CANARY_GAIJI not in everything
    assert "太郎" not in defects


def test_halfwidth_kana_is_found_and_masked(resident_registry: SpecBundle, clean_delivery: Path,
                                            tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    _replace_cell(folder / "kojin.csv", 5, "氏名カナ", CANARY_KANA)
    code, output = _cli(folder, tmp_path / "report")
    assert code == 1
    found = [json.loads(line) for line in (tmp_path / "report/defects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(d["row"], d["column"], d["code"]) for d in found] == [(5, "氏名カナ", "cell.char-halfwidth-kana")]
    assert found[0]["requirement_ids"]
    assert CANARY_KANA not in _report_text(tmp_path / "report") + output


def test_personal_values_never_appear_in_full(resident_registry: SpecBundle, clean_delivery: Path,
                                              tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    canaries = {"氏名": CANARY_NAME + "髙", "個人番号": "983205673215", "生年月日": "1987-02-30",
                "転入前住所": "東京都千代田区霞が関" + "あ" * 200}
    for row, (column, value) in enumerate(canaries.items(), start=2):
        _replace_cell(folder / "kojin.csv", row, column, value)
    code, output = _cli(folder, tmp_path / "report")
    text = _report_text(tmp_path / "report") + output
    assert code == 1
    for value in canaries.values():
        assert value not in text
    assert "1987-**-**" in text
    assert {"cell.char-repertoire", "cell.check-digit", "cell.date-invalid", "cell.length"} <= set(
        re.findall(r"cell\.[a-z-]+", text))


def test_bom_utf16_and_line_endings(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    setai = folder / "setai.csv"
    setai.write_bytes(b"\xef\xbb\xbf" + setai.read_bytes())
    kojin = folder / "kojin.csv"
    kojin.write_bytes(kojin.read_bytes().decode("utf-8").encode("utf-16"))
    ido = folder / "ido_rireki.csv"
    ido.write_bytes(ido.read_bytes().replace(b"\r\n", b"\n"))
    sink, code = _run(resident_registry, folder)
    by_file = {(d.file, d.code) for d in sink.defects}
    assert by_file == {("setai.csv", "file.bom"), ("kojin.csv", "file.encoding"),
                       ("ido_rireki.csv", "file.line-ending")}
    assert "UTF-16" in next(d.message for d in sink.defects if d.code == "file.encoding")
    assert code == 1


@pytest.mark.parametrize("ending", [b"\r", b"\n"])
def test_lines_ending_in_a_lone_cr_or_lf(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path,
                                         ending: bytes) -> None:
    """Classic Mac (CR) or Unix (LF) line ends throughout: every line counted, the records read as usual."""
    folder = _copy(clean_delivery, tmp_path)
    shien = folder / "shien_sochi.csv"
    lines = shien.read_bytes().count(b"\r\n")
    shien.write_bytes(shien.read_bytes().replace(b"\r\n", ending))
    sink, code = _run(resident_registry, folder)
    assert [(d.file, d.code, d.params) for d in sink.defects] == [
        ("shien_sochi.csv", "file.line-ending", {"count": lines})]  # before: a CR-only file was an internal error
    assert code == 1


def test_layout_problems(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    (folder / "shien_sochi.csv").unlink()
    setai = folder / "setai.csv"
    with setai.open(encoding="utf-8", newline="") as handle:
        rows = [[r[1], r[0], *r[2:]] for r in csv.reader(handle)]
    with setai.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    ido = folder / "ido_rireki.csv"
    data = ido.read_bytes()
    ido.write_bytes(data[: len(data) - 40])  # cut the last record
    sink, code = _run(resident_registry, folder)
    codes = _codes(sink)
    assert {"file.missing", "file.header-order", "file.truncated"} <= codes
    assert not [d for d in sink.defects if d.file == "setai.csv" and d.code.startswith("cell.")]
    assert code == 2  # a group's file is missing: the delivery could not be checked completely


def test_binary_garbage_and_empty(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    (folder / "kojin.csv").write_bytes(bytes(range(256)) * 100)
    (folder / "setai.csv").write_bytes(b"")
    sink, code = _run(resident_registry, folder)
    assert {"file.binary", "file.empty"} <= _codes(sink)
    assert code == 2


def test_huge_line_and_many_columns(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    (folder / "kojin.csv").write_bytes(b"x" * (17 * 1024 * 1024))
    (folder / "setai.csv").write_text(",".join(f"c{i}" for i in range(10_000)) + "\r\n1\r\n", encoding="utf-8")
    sink, code = _run(resident_registry, folder)
    assert {"file.record-too-long", "file.too-many-columns"} <= _codes(sink)
    assert code == 2


def test_a_100_mb_data_line(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path) -> None:
    """A 100 MB record after a good header (a file large enough for the whole-file read): a clear finding on the
    record, the file marked as not fully read, exit 2 — no traceback, no partial result presented as complete."""
    folder = _copy(clean_delivery, tmp_path)
    kojin = folder / "kojin.csv"
    header, _, rest = kojin.read_bytes().partition(b"\r\n")
    with kojin.open("wb") as handle:
        handle.write(header + b"\r\n" + rest[: rest.index(b"\r\n") + 2])
        for _ in range(100):
            handle.write(b"x" * (1024 * 1024))
        handle.write(b"\r\n" + rest)
    sink = MemorySink()
    outcome = validate_delivery(resident_registry, FolderSource(folder), sink)
    assert [(d.file, d.row, d.code) for d in sink.defects if d.code.startswith("file.")] == [
        ("kojin.csv", 2, "file.record-too-long")]
    assert {f.name: f.status for f in outcome.files}["kojin.csv"] is FileStatus.INCOMPLETE
    assert outcome.exit_code == 2


def test_a_long_line_deep_in_the_file_is_located(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """With many blocks read before it (small blocks here), the record that straddles two blocks is named exactly."""
    monkeypatch.setattr(csvfile, "BLOCK_BYTES", 1 << 14)
    folder = _copy(clean_delivery, tmp_path)
    kojin = folder / "kojin.csv"
    lines = kojin.read_bytes().split(b"\r\n")
    lines[401] = b"x" * (64 * 1024)  # record 401: longer than four blocks
    kojin.write_bytes(b"\r\n".join(lines))
    sink = MemorySink()
    validate_delivery(resident_registry, FolderSource(folder), sink)
    assert [(d.file, d.row, d.code, d.params["detail"]) for d in sink.defects if d.code.startswith("file.")] == [
        ("kojin.csv", 401, "file.record-too-long", "401 行目")]


def test_zip_delivery_and_zip_bomb(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path) -> None:
    archive = tmp_path / "delivery.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(clean_delivery.glob("*.csv")):
            zipped.write(path, path.name)
    sink = MemorySink()
    outcome = validate_delivery(resident_registry, ZipSource(archive), sink)
    assert outcome.exit_code == 0, [(d.file, d.code) for d in sink.defects][:3]
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("kojin.csv", b"0" * (64 * 1024 * 1024))
    with pytest.raises(UnusableDeliveryError, match="zip bomb"):
        validate_delivery(resident_registry, ZipSource(bomb), MemorySink())
    result = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", str(bomb)])
    assert result.exit_code == 2
    assert "zip bomb" in result.output


def test_linkage_file_names_are_recognised(resident_registry: SpecBundle, clean_delivery: Path,
                                           tmp_path: Path) -> None:
    folder = _copy(clean_delivery, tmp_path)
    for path in folder.glob("*.csv"):
        path.rename(folder / f"131016_{path.stem}_full_20240401090000.csv")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    sink, code = _run(resident_registry, folder)
    assert [(d.file, d.code) for d in sink.defects] == [("notes.txt", "file.unexpected")]
    assert code == 1


def test_cli_generate_then_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["data", "generate", "--business", "resident-registry", "--rows", "800",
                               "--defect-rate", "0.02", "--seed", "4", "--out", str(tmp_path / "d")])
    assert made.exit_code == 0, made.output
    checked = runner.invoke(cli, ["data", "validate", "--business", "resident-registry", "--report-dir",
                                  str(tmp_path / "r"), str(tmp_path / "d")])
    assert checked.exit_code == 1
    truth = (tmp_path / "d/truth.csv").read_text(encoding="utf-8").splitlines()[1:]
    defects = [",".join(line.split(",")[:4]) for line in
               (tmp_path / "r/defects.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert sorted(truth) == sorted(defects)
    summary = json.loads((tmp_path / "r/summary.json").read_text(encoding="utf-8"))
    assert summary["complete"] is True
    assert summary["defects"] == len(truth)
    missing = runner.invoke(cli, ["data", "validate", "--business", "resident-registry", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_errors_quote_the_path_verbatim(tmp_path: Path) -> None:
    """A path that looks like console markup is printed as it is, not taken as a style and dropped."""
    missing = tmp_path / "[bold]delivery[/bold].zip"
    result = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", str(missing)])
    assert result.exit_code == 2
    assert "[bold]delivery[/bold].zip" in result.output


def _archive(clean: Path, target: Path, compression: int) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(target, "w", compression) as zipped:
        for path in sorted(clean.glob("*.csv")):
            if path.name != "truth.csv":  # (not read by the validator)
                zipped.write(path, path.name)
    with zipfile.ZipFile(target) as zipped:
        return zipped.infolist()


def _patch(path: Path, at: int, data: bytes) -> None:
    content = bytearray(path.read_bytes())
    content[at:at + len(data)] = data
    path.write_bytes(bytes(content))


def _data_start(path: Path, info: zipfile.ZipInfo) -> int:
    header = path.read_bytes()[info.header_offset:info.header_offset + 30]
    return info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")


@pytest.mark.parametrize(("damage", "message"), [
    ("bad-checksum", "damaged (Bad CRC-32"),  # a stored member with one byte changed
    ("bad-deflate", "damaged (Error -3 while decompressing"),  # compressed bytes that are not Deflate
    ("bad-header", "cannot be opened (Bad magic number"),  # the member's local header overwritten
    ("encrypted", "is encrypted"),
    ("compression", "compression method 9"),  # Deflate64, which Python's zipfile cannot read
])
def test_damaged_or_unreadable_zip_members(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path,
                                           damage: str, message: str) -> None:
    archive = tmp_path / "delivery.zip"
    infos = _archive(clean_delivery, archive, zipfile.ZIP_STORED if damage == "bad-checksum" else zipfile.ZIP_DEFLATED)
    last = infos[-1]  # the earlier members are read (and checked) before the damage is met
    if damage == "bad-checksum":
        _patch(archive, _data_start(archive, last) + last.compress_size // 2, b"#")
    elif damage == "bad-deflate":
        _patch(archive, _data_start(archive, last), b"\xff" * 64)
    elif damage == "bad-header":
        _patch(archive, last.header_offset, b"XXXX")
    else:
        central = archive.read_bytes().rfind(b"PK\x01\x02")  # the last member's central directory entry
        if damage == "encrypted":
            _patch(archive, last.header_offset + 6, bytes([last.flag_bits | 1]))
            _patch(archive, central + 8, bytes([last.flag_bits | 1]))
        else:
            _patch(archive, last.header_offset + 8, (9).to_bytes(2, "little"))
            _patch(archive, central + 10, (9).to_bytes(2, "little"))
    with pytest.raises(UnusableDeliveryError, match=re.escape(message)):
        validate_delivery(resident_registry, ZipSource(archive), MemorySink())
    report = tmp_path / "report"
    code, output = _cli(archive, report)
    assert code == 2
    assert message in output
    assert "internal error" not in output
    assert not report.exists()  # nothing half-written


def test_a_device_is_not_a_delivery(tmp_path: Path) -> None:
    code, output = _cli(Path("/dev/zero"), tmp_path / "report")  # would never end; is_zipfile alone read it all
    assert code == 2
    assert "not a regular file: /dev/zero" in output


def _cut_inside_a_character(data: bytes, before: int) -> bytes:
    """`data` cut `before` bytes from its end, just after the lead byte of a multi-byte character."""
    at = len(data) - before
    while data[at] < 0xC0:
        at += 1
    return data[:at + 1]


def test_a_file_cut_inside_a_character(resident_registry: SpecBundle, clean_delivery: Path, tmp_path: Path,
                                       capfd: pytest.CaptureFixture[str]) -> None:
    """The commonest truncation in practice: a transfer stopped part-way, inside a multi-byte character."""
    folder = _copy(clean_delivery, tmp_path)
    setai = folder / "setai.csv"
    cut = _cut_inside_a_character(setai.read_bytes(), 300)
    setai.write_bytes(cut)
    sink, _ = _run(resident_registry, folder)
    last = cut.count(b"\n")  # the header is line 1, so the cut record is record number (line breaks)
    assert [(d.file, d.row, d.code) for d in sink.defects if d.file == "setai.csv"] == [
        ("setai.csv", last, "file.truncated")]  # before: file.quoting at an earlier row, and a traceback
    assert "Traceback" not in capfd.readouterr().err


def test_invalid_utf8_in_a_row_of_the_wrong_width(resident_registry: SpecBundle, tmp_path: Path,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "delivery"
    generate_delivery(resident_registry, 8_000, folder, seed=5)  # setai.csv ≈ 380 KB: the row lies past the head
    setai = folder / "setai.csv"
    lines = setai.read_bytes().split(b"\r\n")
    bad = 1_900
    assert len(b"\r\n".join(lines[:bad])) > HEAD_BYTES  # read by the block reader, not judged by the sniffed head
    lines[bad] = lines[bad].replace(b",", b"", 1).replace("　".encode(), b"\xe3\x80", 1)  # a field and a byte less
    with pytest.raises(UnicodeDecodeError):
        lines[bad].decode("utf-8")
    setai.write_bytes(b"\r\n".join(lines))
    sink, code = _run(resident_registry, folder)
    found = [(d.file, d.row, d.code) for d in sink.defects if d.file == "setai.csv"]
    assert found == [("setai.csv", bad, "file.invalid-utf8")]  # line bad + 1 is record `bad`
    assert code == 2
    assert "Traceback" not in capfd.readouterr().err


def test_a_delivery_one_folder_down_is_pointed_at(clean_delivery: Path, tmp_path: Path) -> None:
    """An unpacked archive often nests the delivery in a folder of its own: the files are missing, and the message says
    where they are."""
    shutil.copytree(clean_delivery, tmp_path / "unpacked" / "delivery-2024")
    done = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", str(tmp_path / "unpacked")])
    assert done.exit_code == 2
    assert "file.missing" in done.output
    nested = tmp_path / "unpacked" / "delivery-2024"
    assert f"CSV files in delivery-2024/: only a folder's own files are read (give e.g. {nested})" in done.output


@pytest.mark.parametrize("refused", ["setai.csv", "delivery"])
def test_a_file_or_folder_that_cannot_be_read_is_an_unusable_delivery(clean_delivery: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      refused: str) -> None:
    """No permission (simulated: the tests may run as root, whom permissions do not stop): exit 2 naming the path
    and the reason, no report written, never an internal error."""
    folder = _copy(clean_delivery, tmp_path)
    assert folder.name == "delivery"
    denied = PermissionError(13, "Permission denied")
    opened, listed = Path.open, Path.iterdir

    def open_refusing(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == refused:
            raise denied
        return opened(self, *args, **kwargs)

    def iterdir_refusing(self: Path) -> Any:
        if self.name == refused:
            raise denied
        return listed(self)

    monkeypatch.setattr(Path, "open", open_refusing)
    monkeypatch.setattr(Path, "iterdir", iterdir_refusing)
    report = tmp_path / "report"
    done = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", "--report-dir",
                                    str(report), str(folder)])
    assert done.exit_code == 2
    assert f"{refused}: cannot be read (Permission denied)" in done.output
    assert "internal error" not in done.output
    assert not report.exists()


class _FailingPartWay:
    """A file stream whose reads fail with an I/O error once `good` bytes have been read (a disk or a network share
    failing during the read; simulated, as no real device here fails on demand)."""

    def __init__(self, inner: Any, good: int) -> None:
        self._inner, self._left = inner, good

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            raise OSError(5, "Input/output error")
        data = self._inner.read(self._left if size < 0 else min(size, self._left))
        self._left -= len(data)
        return bytes(data)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()


def test_an_io_error_part_way_through_a_file_is_an_unusable_delivery(resident_registry: SpecBundle,
                                                                     clean_delivery: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The read of a file fails after its first half: exit 2 naming the file and the error, no report, and the
    records read before are not presented as a checked file."""
    folder = _copy(clean_delivery, tmp_path)
    failing = folder / "kojin.csv"
    good = failing.stat().st_size // 2
    opened = Path.open

    def open_failing(self: Path, *args: Any, **kwargs: Any) -> Any:
        stream = opened(self, *args, **kwargs)
        return _FailingPartWay(stream, good) if self == failing else stream

    monkeypatch.setattr(Path, "open", open_failing)
    with pytest.raises(UnusableDeliveryError, match=re.escape("kojin.csv: reading failed part-way (Input/output")):
        validate_delivery(resident_registry, FolderSource(folder), MemorySink())
    report = tmp_path / "report"
    code, output = _cli(folder, report)
    assert code == 2
    assert "kojin.csv: reading failed part-way (Input/output error)" in output
    assert "internal error" not in output
    assert not report.exists()  # nothing half-written
