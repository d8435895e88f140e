"""The fast paths change nothing: the per-column screen (expressions.cell_ok) and the block-parallel reader
(csvfile.read_tables) give exactly the findings of the detailed rules and the streaming reader."""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import polars as pl
import pytest

from conformance.data import FolderSource, MemorySink, check_cell, filecheck, validate_delivery
from conformance.data.read import csvfile, frames
from conformance.data.rules.characters import printable_ascii_pattern as _printable_ascii_pattern
from conformance.data.rules.expressions import cell_ok
from conformance.domain.spec import ItemType, SpecBundle
from conformance.synthetic import generate_delivery
from tests.data.conftest import shipped_bundles

BUNDLES = shipped_bundles()
SAMPLED = BUNDLES[:: max(1, len(BUNDLES) // 6)]


def _run(bundle: SpecBundle, folder: Path, *, screen: bool, monkeypatch: pytest.MonkeyPatch,
         fast_read: bool = True, whole_file: bool = False) -> list[tuple[object, ...]]:
    monkeypatch.setattr(filecheck, "SCREEN", screen)
    monkeypatch.setattr(filecheck, "FAST_READ", fast_read)
    monkeypatch.setattr(filecheck, "WHOLE_FILE", whole_file)
    monkeypatch.setattr(filecheck, "WHOLE_FILE_MIN_BYTES", 0)
    sink = MemorySink()
    outcome = validate_delivery(bundle, FolderSource(folder), sink)
    statuses = [(f.name, f.status, f.rows, f.reason, f.defects) for f in outcome.files]
    return [*((d.file, d.row, d.column, d.code, d.params, d.value) for d in sink.defects),
            (outcome.exit_code, statuses, outcome.notes)]


@pytest.mark.parametrize("bundle", SAMPLED, ids=lambda b: f"{b.meta.slug}-{b.meta.version_id}")
def test_screened_and_detailed_paths_agree(bundle: SpecBundle, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    generate_delivery(bundle, 3_000, tmp_path, seed=21, defect_rate=0.05)
    detailed = _run(bundle, tmp_path, screen=False, fast_read=False, monkeypatch=monkeypatch)
    assert len(detailed) > 1
    assert _run(bundle, tmp_path, screen=True, monkeypatch=monkeypatch) == detailed


def test_screen_agrees_on_malformed_files(resident_registry: SpecBundle, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    generate_delivery(resident_registry, 4_000, tmp_path, seed=22, defect_rate=0.02)
    kojin = tmp_path / "kojin.csv"
    lines = kojin.read_bytes().split(b"\r\n")
    lines[10] = lines[10] + b",extra"  # a field too many
    lines[20] = lines[20].rsplit(b",", 3)[0]  # fields missing
    lines[30] = lines[30].replace(b"\r", b"")
    kojin.write_bytes(b"\r\n".join(lines[:200]) + b"\n" + b"\r\n".join(lines[200:]))
    setai = tmp_path / "setai.csv"
    setai.write_bytes(setai.read_bytes()[:-25])  # truncated
    detailed = _run(resident_registry, tmp_path, screen=False, fast_read=False, monkeypatch=monkeypatch)
    assert {"file.field-count", "file.line-ending"} <= {d[3] for d in detailed[:-1]}
    assert _run(resident_registry, tmp_path, screen=True, monkeypatch=monkeypatch) == detailed


def _mangle(path: Path, case: str) -> None:
    data = path.read_bytes()
    lines = data.split(b"\r\n")
    if case == "field-counts":
        for index in range(5, len(lines) - 1, 97):
            lines[index] = lines[index] + b",x" if index % 2 else lines[index].rsplit(b",", 2)[0]
    elif case == "empty-lines":
        for index in range(7, len(lines) - 1, 101):
            lines[index] = b"" if index % 3 else lines[index] + b"\r\n"
        lines[300] = lines[300] + b",x"
    elif case == "quoting":
        lines[len(lines) // 2] = b'"' + lines[len(lines) // 2]
    elif case == "invalid-utf8":
        lines[len(lines) * 2 // 3] = lines[len(lines) * 2 // 3] + b"\xff\xfe"
    elif case == "long-line":
        lines[len(lines) // 3] = lines[len(lines) // 3] + b"x" * (9 * 1024 * 1024)
    elif case == "no-final-newline":
        lines = lines[:-1]
    path.write_bytes(b"\r\n".join(lines))


READER_CASES = [
    (case, block)
    for case in ("field-counts", "empty-lines", "invalid-utf8", "long-line", "no-final-newline")
    for block in (csvfile.BLOCK_BYTES, 64 * 1024)
    if not (case == "long-line" and block != csvfile.BLOCK_BYTES)  # the long line is sized for the real block
]


@pytest.mark.parametrize(("case", "block"), READER_CASES)
def test_block_reader_agrees_with_streaming_reader(resident_registry: SpecBundle, tmp_path: Path, case: str,
                                                   block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvfile, "BLOCK_BYTES", block)
    generate_delivery(resident_registry, 6_000, tmp_path, seed=24, defect_rate=0.01)
    _mangle(tmp_path / "kojin.csv", case)
    streaming = _run(resident_registry, tmp_path, screen=False, fast_read=False, monkeypatch=monkeypatch)
    assert _run(resident_registry, tmp_path, screen=True, fast_read=True, monkeypatch=monkeypatch) == streaming


def _record_whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the whole-file read is taken for (filled as validation runs)."""
    accepted: list[str] = []
    original = filecheck.FileChecker._read_whole

    def recording(self: filecheck.FileChecker, path: Path) -> bool:
        done = original(self, path)
        accepted.extend([path.name] if done else [])
        return done

    monkeypatch.setattr(filecheck.FileChecker, "_read_whole", recording)
    return accepted


WHOLE_FILE_CASES = ["clean", "field-counts", "empty-lines", "quoting", "invalid-utf8", "long-line",
                    "no-final-newline", "lone-cr", "lf-only", "stray-quote", "doubled-quote", "doubled-quote-field",
                    "empty-quoted-line",
                    *(f"noise-{seed}" for seed in range(8))]


def _mangle_whole(path: Path, case: str) -> None:
    """The READER_CASES manglings, plus line endings, quotes and random noise in the data lines."""

    if case in ("field-counts", "empty-lines", "quoting", "invalid-utf8", "long-line", "no-final-newline"):
        _mangle(path, case)
        return
    header, _, data = path.read_bytes().partition(b"\r\n")
    lines = data.split(b"\r\n")
    middle = len(lines) // 2
    if case == "lone-cr":
        lines[middle] = lines[middle].replace(b",", b"\r,", 1)
    elif case == "lf-only":
        data = b"\r\n".join(lines[:middle]) + b"\n" + b"\n".join(lines[middle:])
        path.write_bytes(header + b"\r\n" + data)
        return
    elif case == "stray-quote":
        lines[middle] = lines[middle].replace(b",", b',a"b"c,', 1)
    elif case == "doubled-quote":
        lines[middle] = lines[middle].replace(b",", b',"a""b",', 1)
    elif case == "doubled-quote-field":  # the first value replaced: the row keeps its field count
        lines[middle] = b'"a""b,""c"' + lines[middle][lines[middle].index(b","):]
    elif case == "empty-quoted-line":
        lines[middle] = b'""'
    elif case.startswith("noise-"):
        rng = random.Random(int(case.removeprefix("noise-")))
        raw = bytearray(b"\r\n".join(lines))
        noise = [b",", b'"', b'""', b"\r\n", b"\n", b"\r", b'a""b', b'"a"b', b'a"b"c', b'""""', b'"\r\n"',
                 b"\r\n\r\n", b",,", b'",\r\n"']
        for _ in range(rng.choice([1, 2, 5])):
            at = rng.randrange(len(raw) + 1)
            while at < len(raw) and raw[at] & 0xC0 == 0x80:  # not inside a UTF-8 sequence
                at += 1
            raw[at:at] = rng.choice(noise)
        path.write_bytes(header + b"\r\n" + bytes(raw))
        return
    path.write_bytes(header + b"\r\n" + b"\r\n".join(lines))


@pytest.mark.parametrize("case", WHOLE_FILE_CASES)
def test_whole_file_read_agrees_with_block_reader(resident_registry: SpecBundle, tmp_path: Path, case: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole-file read (polars streaming + the byte-count proof) gives exactly the block reader's findings,
    rows and statuses, on clean and malformed files; it is taken on clean files and refused where unprovable."""
    generate_delivery(resident_registry, 6_000, tmp_path, seed=25, defect_rate=0.01)
    _mangle_whole(tmp_path / "kojin.csv", case)
    accepted = _record_whole_reads(monkeypatch)
    blocks = _run(resident_registry, tmp_path, screen=True, monkeypatch=monkeypatch)
    assert not accepted
    assert _run(resident_registry, tmp_path, screen=True, whole_file=True, monkeypatch=monkeypatch) == blocks
    assert "ido_rireki.csv" in accepted  # an untouched file with quotes only around whole fields
    assert "setai.csv" in accepted  # an untouched file with doubled quotes inside quoted fields (方書)
    if case in ("clean", "lf-only", "no-final-newline", "doubled-quote-field"):
        assert "kojin.csv" in accepted
    if case in ("field-counts", "empty-lines", "quoting", "invalid-utf8", "long-line", "lone-cr", "stray-quote",
                "doubled-quote", "empty-quoted-line"):
        assert "kojin.csv" not in accepted


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: f"{b.meta.slug}-{b.meta.version_id}")
def test_whole_file_read_agrees_on_every_business(bundle: SpecBundle, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Every business's corpus (3 % of rows with defects): the whole-file read is taken for some file and the
    findings equal the block reader's (which the round-trip tests hold to truth.csv)."""
    generate_delivery(bundle, 3_000, tmp_path, seed=26, defect_rate=0.03)
    accepted = _record_whole_reads(monkeypatch)
    blocks = _run(bundle, tmp_path, screen=True, monkeypatch=monkeypatch)
    assert _run(bundle, tmp_path, screen=True, whole_file=True, monkeypatch=monkeypatch) == blocks
    assert accepted


def _probe_values(item_type: ItemType) -> list[str]:
    days = [f"{y}-{m:02d}-{d:02d}" for y, m, d in itertools.product(("0000", "0001", "1900", "2000", "2023", "2024"),
                                                                       range(13), (0, 1, 28, 29, 30, 31, 32))]
    common = ["", " ", "0", "1", "01", "-1", "1.5", "１", "Ａ", "ｱ", "ア", "あ", "山田", "\ue021", "葛\U000e0100",
              "髙", "𠮷", "\x01", "a\tb", "X" * 300, "ア" * 300, "123456789012", "1234567890123", "131016", "131017",
              "000000000000001", "令和3年4月1日", "H02.01.01", "2023-2-3", "１９９０-０１-０１"]
    if item_type is ItemType.DATETIME:
        times = ["T00:00:00Z", "T23:59:59+09:00", "T24:00:00Z", "T12:60:00Z", "T12:00:00.123+14:00",
                 "T12:00:00+15:00", "T12:00:00-09:60", "T12:00:00", " 12:00:00Z"]
        return common + [d + t for d in days[::3] for t in times]
    return common + days


def test_cell_ok_implies_no_plain_finding() -> None:
    """Wherever the screen says a cell is fine, the plain-Python rules find nothing in it."""
    checked = 0
    for bundle in BUNDLES:
        for group in bundle.data_groups:
            for item in group.items:
                table = bundle.code_tables.get(item.code_table) if item.code_table else None
                codes = table.values() if table is not None else None
                values = _probe_values(item.type) + sorted(codes or ())[:50]
                frame = pl.DataFrame({"c0": values}, schema={"c0": pl.String})
                ok = frame.select(cell_ok("c0", item, codes)).to_series().to_list()
                for value, fine in zip(values, ok, strict=True):
                    if fine:
                        assert check_cell(item, value, codes) == [], (bundle.meta.slug, item.id, value)
                        checked += 1
    assert checked > 1_000


def test_clean_values_mostly_pass_the_screen(resident_registry: SpecBundle, tmp_path: Path) -> None:
    """A clean delivery's rows almost all pass the screen (else the fast path would not be fast)."""
    generate_delivery(resident_registry, 4_000, tmp_path, seed=23)
    for group in resident_registry.data_groups:
        with (tmp_path / f"{group.file}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        frame = pl.DataFrame({f"c{i}": [r[i] for r in rows[1:]] for i in range(len(rows[0]))},
                             schema={f"c{i}": pl.String for i in range(len(rows[0]))})
        for index, name in enumerate(rows[0]):
            item = next(i for i in group.items if i.name_ja == name)
            table = resident_registry.code_tables.get(item.code_table) if item.code_table else None
            ok = frame.select(cell_ok(f"c{index}", item, table.values() if table else None)).to_series()
            assert ok.mean() > 0.98, (group.file, name)  # type: ignore[operator]


def test_printable_ascii_patterns() -> None:
    assert _printable_ascii_pattern("[0-9]{15}")
    assert _printable_ascii_pattern("^[A-Z][A-Z0-9_]*$")
    assert _printable_ascii_pattern("[0-9]{4}(?:0[1-9]|1[0-2])")
    assert not _printable_ascii_pattern(".{3}")
    assert not _printable_ascii_pattern("[^0-9]+")
    assert not _printable_ascii_pattern("\\d+")
    assert not _printable_ascii_pattern("(?i)k")
    assert not _printable_ascii_pattern("[ア-ン]+")


@pytest.mark.parametrize("case", ["unbalanced", "embedded-line-break"])
def test_a_quote_across_a_line_break_stops_reading(resident_registry: SpecBundle, tmp_path: Path, case: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The streaming reader merged such records silently when they fell in the last block; both now stop, at the
    record where the quoted field opens."""
    generate_delivery(resident_registry, 3_000, tmp_path, seed=25)
    kojin = tmp_path / "kojin.csv"
    lines = kojin.read_bytes().split(b"\r\n")
    if case == "unbalanced":
        lines[700] = b'"' + lines[700]
    else:
        lines[700] = lines[700] + b',"a\r\nb"'
    kojin.write_bytes(b"\r\n".join(lines))
    found = _run(resident_registry, tmp_path, screen=True, fast_read=True, monkeypatch=monkeypatch)
    assert ("kojin.csv", 700, None, "file.quoting", {"detail": "700 行目で引用符の中に改行"}, None) in found
    statuses = {name: status for name, status, *_ in found[-1][1]}  # type: ignore[index]
    assert statuses["kojin.csv"] == "incomplete"
    assert found[-1][0] == 2  # type: ignore[index]


def test_a_quoted_line_break_is_located_across_blocks(resident_registry: SpecBundle, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """With small blocks the record lies many blocks in: its number counts the records of the blocks before."""
    generate_delivery(resident_registry, 3_000, tmp_path, seed=25)
    kojin = tmp_path / "kojin.csv"
    lines = kojin.read_bytes().split(b"\r\n")
    lines[1] = lines[1] + b"\r\n"  # an empty line: pyarrow does not number it, nor do the records
    lines[613] = lines[613] + b',"\r\n"'
    kojin.write_bytes(b"\r\n".join(lines))
    monkeypatch.setattr(csvfile, "BLOCK_BYTES", 1 << 14)
    found = _run(resident_registry, tmp_path, screen=True, fast_read=True, monkeypatch=monkeypatch)
    assert ("kojin.csv", 613, None, "file.quoting", {"detail": "613 行目で引用符の中に改行"}, None) in found


@pytest.mark.parametrize(("lines", "expected"), [
    ([b'a,"b""c",d', b"e"], None),  # a doubled quote inside a quoted field
    ([b'a,"b', b'c",d'], 0),
    ([b"x", b'a,b"c,d'], None),  # a quote inside an unquoted field is a character
    ([b"x", b'a,b"c,"d'], 1),  # ... and a later quoted field may still open
    ([b'"a""', b'b"'], 0),  # the doubled quote does not close it
    ([b'"",""', b'"'], 1),
])
def test_the_line_where_a_quoted_field_stays_open(lines: list[bytes], expected: int | None) -> None:
    assert csvfile.open_quote_line(lines) == expected


@pytest.mark.parametrize("size", [10, 70_000, 1 << 20])
def test_line_end_counts(size: int) -> None:
    rng = random.Random(size)
    data = bytes(rng.choice(b"ab,\r\n\"") for _ in range(size))
    for chunk in (data, b"\n" + data, data + b"\r", b"\r\n" * (size // 2)):
        assert csvfile.line_ends(chunk) == (chunk.count(b"\n"), chunk.count(b"\r\n"))


def test_jis_scan_matches_the_codec_exceptions() -> None:
    from conformance.data.rules import charsets

    expected: list[int] = []
    for cp in range(0x20, 0x2FFFF + 1):
        if 0xD800 <= cp <= 0xDFFF or cp == 0x7F:
            continue
        try:
            chr(cp).encode("euc_jis_2004")
        except UnicodeEncodeError:
            continue
        expected.append(cp)
    scanned = [cp for lo, hi in charsets.jis_x_0213_codepoints() for cp in range(lo, hi + 1)]
    assert scanned == expected


def _read_all(data: bytes, columns: int, *, polars_read: bool,
              monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    import io

    import pyarrow as pa

    monkeypatch.setattr(csvfile, "POLARS_READ", polars_read)
    reader = csvfile.CountingReader(io.BytesIO(data))
    bad: list[csvfile.BadRow] = []
    try:
        rows = [row for frame in frames.regrouped(csvfile.read_tables(reader, columns, bad)) for row in frame.rows()]
    except csvfile.QuotedLineBreakError as exc:
        return ("error", str(exc), exc.record, bad)
    except pa.ArrowInvalid as exc:
        return ("error", str(exc), bad)
    return (rows, bad, reader.lf, reader.crlf, reader.last_byte)


@pytest.mark.parametrize("seed", range(6))
def test_polars_blocks_agree_with_pyarrow_blocks(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks read by polars (when their byte counts allow it) give pyarrow's rows, rejects and line ends,
    on random CSV with stray quotes, short and long rows, empty lines, lone CRs and line breaks in quotes."""
    rng = random.Random(seed)
    monkeypatch.setattr(csvfile, "BLOCK_BYTES", 1 << 12)
    noise = [b",", b'"', b'""', b"\r\n", b"\n", b"\r", b'a""b', b'"a"b', b'a"b"c', b'""""', b'"\r\n"',
             b"\r\n\r\n", b",,", b'",\r\n"', "あ".encode()]
    accepted = 0
    original = csvfile._parse_polars

    def counting(*args: object) -> object:
        nonlocal accepted
        frame = original(*args)  # type: ignore[arg-type]
        accepted += frame is not None
        return frame

    monkeypatch.setattr(csvfile, "_parse_polars", counting)
    for _ in range(150):
        columns = rng.choice([2, 3, 4])
        lines = []
        for _ in range(rng.randint(1, 300)):
            fields = []
            for _ in range(columns):
                value = b"".join(rng.choices([b"a", b"x", "あ".encode(), b" ", b'"', b","], [10, 5, 2, 1, 0.01, 0.01],
                                             k=rng.randint(0, 5)))
                if b'"' in value or b"," in value or rng.random() < 0.2:
                    value = b'"' + value.replace(b'"', b'""') + b'"'
                fields.append(value)
            lines.append(b",".join(fields))
        data = bytearray(b"\r\n".join(lines) + (b"\r\n" if rng.random() < 0.8 else b""))
        for _ in range(rng.choice([0, 0, 0, 1, 2, 5])):
            at = rng.randrange(len(data) + 1)
            while at < len(data) and data[at] & 0xC0 == 0x80:  # not inside a UTF-8 sequence
                at += 1
            data[at:at] = rng.choice(noise)
        fast = _read_all(bytes(data), columns, polars_read=True, monkeypatch=monkeypatch)
        assert fast == _read_all(bytes(data), columns, polars_read=False, monkeypatch=monkeypatch)
    assert accepted > 20  # the polars path is exercised


@pytest.mark.parametrize("size", [10, 70_000, 1 << 20])
def test_block_counts(size: int) -> None:
    rng = random.Random(size)
    data = bytes(rng.choice(b'ab,\r\n""') for _ in range(size))
    for chunk in (data, b'"' + data + b'"', b"\n" + data + b"\r", b"\r\n" * (size // 2)):
        assert csvfile._count_block(csvfile.CountingReader(None), chunk) == csvfile._small_counts(chunk)


def _random_csv(rng: random.Random, columns: int, lines: int) -> bytes:
    """RFC 4180 lines of random values: some quoted, inner quotes doubled, no line break inside a value."""
    out = []
    for _ in range(lines):
        fields = []
        for _ in range(columns):
            value = b"".join(rng.choices([b"a", "あ".encode(), b" ", b'"', b","], [10, 2, 1, 1, 1],
                                         k=rng.randint(0, 6)))
            if b'"' in value or b"," in value or rng.random() < 0.2:
                value = b'"' + value.replace(b'"', b'""') + b'"'
            fields.append(value)
        out.append(b",".join(fields))
    return b"\r\n".join(out) + b"\r\n"


@pytest.mark.parametrize("seed", range(4))
def test_file_counts_do_not_depend_on_chunking(seed: int) -> None:
    """count_data reads chunks into one buffer and counts the line a chunk cuts on its own: the counts are those
    of the whole data at once, for any chunk size (RFC 4180 data: nothing misplaced, every doubled pair found;
    with a stray quote in an unquoted field: misplaced, whatever the chunking)."""
    import io

    from conformance.data.read.fileproof import count_data

    rng = random.Random(seed)
    data = _random_csv(rng, rng.choice([2, 5]), 2_000)
    whole = csvfile._small_counts(data)
    assert whole.misplaced == 0 and whole.escaped > 0
    for chunk in (64, 1_000, 5_000, 1 << 20):
        counts = count_data(io.BytesIO(data), chunk)
        assert (counts.size, counts.lf, counts.crlf, counts.cr, counts.quotes, counts.misplaced, counts.escaped) == (
            len(data), whole.lf, whole.crlf, whole.cr, whole.quotes, 0, whole.escaped)
        at = data.index(b",a") + 1  # a quote inside an unquoted field
        assert count_data(io.BytesIO(data[:at] + b'a"' + data[at:]), chunk).misplaced > 0


@pytest.mark.parametrize("seed", range(4))
def test_long_line_check_is_conservative(seed: int) -> None:
    """has_long_line flags every block holding a line of `limit` bytes or more, and none whose lines are all
    shorter than half of it."""
    from conformance.data.read.fileproof import has_long_line

    rng = random.Random(seed)
    limit = 64
    for _ in range(500):
        data = b"".join(b"x" * rng.choice([0, 3, 20, 31, 40, 63, 64, 90, 200]) + b"\n"
                        for _ in range(rng.randint(0, 12)))
        data += b"y" * rng.choice([0, 5, 70])
        *ended, rest = data.split(b"\n")
        longest = max([len(line) + 1 for line in ended] + [len(rest)])
        if longest >= limit:
            assert has_long_line(data, limit), data
        if longest < limit // 2:
            assert not has_long_line(data, limit), data


_KEEP_FLAGGED_ROWS = """
import gc, sys
import polars as pl
from conformance.data.read import frames

def anon_mib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("RssAnon:"))

kept, start = [], None
for batch_number in range(6):  # six ~150 MiB batches; a few rows of each are kept, as flagged rows are
    frame = pl.select(pl.concat_str([pl.lit(f"{batch_number}-{c}-" + "x" * 60), pl.int_range(400_000).cast(pl.String)])
                      .alias(f"c{c}") for c in range(4))
    flagged = frame.filter(pl.col("c0").str.ends_with("77777"))
    kept.append(frames.owned(flagged, flagged.columns) if sys.argv[1] == "owned" else flagged)
    del frame, flagged
    gc.collect()
    start = anon_mib() if start is None else start
print(anon_mib() - start)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the resident set from /proc")
def test_flagged_rows_kept_across_frames_do_not_keep_their_frames_alive() -> None:
    """The rows the screen flags are held until the file's detailed pass; a filtered frame's strings point into
    the whole batch, so they are copied first (frames.owned), or memory would grow with the file."""
    import subprocess
    import sys

    def growth(mode: str) -> int:
        done = subprocess.run([sys.executable, "-c", _KEEP_FLAGGED_ROWS, mode], capture_output=True, text=True,
                              check=True)
        return int(done.stdout.strip())

    assert growth("filtered") > 300  # the measurement sees the effect: five batches pinned by a few rows each
    assert growth("owned") < 100


def test_defects_held_beyond_memory_come_back_in_order(resident_registry: SpecBundle, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole-file read holds its defects until it is proven; past HELD_IN_MEMORY they go to a temporary file
    (a column wrong throughout gives a defect per row) and must come back complete and in order."""
    generate_delivery(resident_registry, 2_000, tmp_path, seed=8, defect_rate=0.3)
    monkeypatch.setattr(filecheck, "HELD_IN_MEMORY", 7)
    spilled = _run(resident_registry, tmp_path, screen=True, monkeypatch=monkeypatch, whole_file=True)
    assert len(spilled) > 10 * 7  # many batches of 7 went through the file
    assert spilled == _run(resident_registry, tmp_path, screen=True, monkeypatch=monkeypatch, whole_file=False)
    # every field comes back, the requirements too (spilled as plain tuples, rebuilt on replay)
    monkeypatch.setattr(filecheck, "WHOLE_FILE", True)
    held, direct = MemorySink(), MemorySink()
    validate_delivery(resident_registry, FolderSource(tmp_path), held)
    monkeypatch.setattr(filecheck, "WHOLE_FILE", False)
    validate_delivery(resident_registry, FolderSource(tmp_path), direct)
    assert held.defects == direct.defects
    assert all(defect.requirement_ids for defect in held.defects)
