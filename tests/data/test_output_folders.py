"""`data validate --report-dir` and `data generate --out` never leave half-written output: a run that fails, is
interrupted or gets TERM leaves the folder as it was (an earlier report or delivery stays whole), and a finished run
replaces its files as a whole."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli
from conformance.data import Defect, OutputFolderError, ReportWriter, StagedFolder
from conformance.data.report.staging import STAGING_PREFIX, remove_abandoned
from conformance.domain.spec import SpecBundle
from conformance.synthetic import generate_delivery
from conformance.synthetic import generator as generator_module

REPORT = ("defects.csv", "defects.jsonl", "run.json", "summary.json")


def _validate(*args: str) -> int:
    return CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", *args]).exit_code


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every entry of the folder (hidden ones too) with the digest of its bytes."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
            for path in folder.iterdir()}


def _bomb(tmp_path: Path) -> Path:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("kojin.csv", b"0" * (64 * 1024 * 1024))
    return bomb


def _defect(row: int) -> Defect:
    return Defect("kojin.csv", row, "氏名", "cell.mandatory", {}, None)


def _with_a_defect(clean_delivery: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "delivery"
    shutil.copytree(clean_delivery, folder)
    (folder / "notes.txt").write_text("not a data group", encoding="utf-8")  # file.unexpected
    return folder


def test_a_failed_run_leaves_the_earlier_report_whole(clean_delivery: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    assert _validate("--report-dir", str(report), str(_with_a_defect(clean_delivery, tmp_path))) == 1
    before = _fingerprint(report)
    assert sorted(before) == sorted(REPORT)
    assert "file.unexpected" in (report / "defects.csv").read_text(encoding="utf-8")
    assert _validate("--report-dir", str(report), str(_bomb(tmp_path))) == 2  # found part-way: a zip bomb
    assert _fingerprint(report) == before  # before the fix: an empty defects.csv beside the old "complete" summary


def test_a_failed_run_into_a_new_folder_leaves_nothing(tmp_path: Path) -> None:
    report = tmp_path / "new" / "report"
    assert _validate("--report-dir", str(report), str(_bomb(tmp_path))) == 2
    assert not (tmp_path / "new").exists()


def test_a_finished_run_replaces_the_whole_report(clean_delivery: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    (report / "summary.json").write_text('{"complete": true, "defects": 999}', encoding="utf-8")
    (report / "defects.csv").write_text("stale\r\n", encoding="utf-8")
    (report / "notes.txt").write_text("the user's own file", encoding="utf-8")
    assert _validate("--report-dir", str(report), str(clean_delivery)) == 0
    assert sorted(path.name for path in report.iterdir()) == sorted((*REPORT, "notes.txt"))
    assert json.loads((report / "summary.json").read_text(encoding="utf-8"))["defects"] == 0
    assert (report / "defects.csv").read_bytes() == b"file,row,column,code,message,value\r\n"
    assert (report / "notes.txt").read_text(encoding="utf-8") == "the user's own file"


def test_the_writer_publishes_only_on_commit(tmp_path: Path) -> None:
    folder = tmp_path / "made" / "here"
    with pytest.raises(RuntimeError, match="boom"), ReportWriter(folder) as writer:
        writer.add(_defect(1))
        assert not (folder / "defects.csv").exists()  # streamed to the staging folder only
        raise RuntimeError("boom")
    assert not (tmp_path / "made").exists()  # the folders it created went with it
    folder.mkdir(parents=True)
    with ReportWriter(folder) as writer:
        writer.add(_defect(2))
        writer.write_text("summary.json", "{}")
        writer.commit()
    assert sorted(path.name for path in folder.iterdir()) == ["defects.csv", "defects.jsonl", "summary.json"]
    assert "kojin.csv,2,氏名,cell.mandatory" in (folder / "defects.csv").read_text(encoding="utf-8")


def _signalled_run(report: Path, delivery: Path, signal_name: str) -> str:
    """A Python script running the real `data validate --report-dir REPORT DELIVERY` whose validation streams one
    defect into the report, then sends itself `signal_name` while the run is unfinished."""
    return (
        "import os, signal, sys, time\n"
        "import conformance.cli.data_cmd as command\n"
        "from conformance.data import Defect\n"
        "def interrupted(bundle, source, sink):\n"
        "    sink.add(Defect('kojin.csv', 1, '氏名', 'cell.mandatory', {}, None))\n"
        f"    os.kill(os.getpid(), signal.{signal_name})\n"
        "    time.sleep(30)\n"
        "command.validate_delivery = interrupted\n"
        "from conformance.cli.main import main\n"
        "sys.argv = ['conformance', 'data', 'validate', '--business', 'resident-registry', '--report-dir',\n"
        f"            {str(report)!r}, {str(delivery)!r}]\n"
        "main()\n"
    )


def test_term_signal_leaves_the_earlier_report_whole(clean_delivery: Path, tmp_path: Path) -> None:
    """A real TERM to the real command, sent while a defect has been streamed and the run is not finished."""
    report = tmp_path / "report"
    assert _validate("--report-dir", str(report), str(_with_a_defect(clean_delivery, tmp_path))) == 1
    before = _fingerprint(report)
    script = _signalled_run(report, clean_delivery, "SIGTERM")
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "CONFORMANCE_DEBUG": ""})
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "terminated" in done.stderr
    assert _fingerprint(report) == before  # no staging folder left, the earlier report untouched


def test_a_hard_kill_leaves_a_staging_folder_the_next_run_removes(clean_delivery: Path, tmp_path: Path) -> None:
    """A real SIGKILL to the real command while its report is half written: the staging folder it leaves (it cannot
    clean up) holds masked values only, the earlier report stays whole, and the next run into the folder removes it."""
    report = tmp_path / "report"
    assert _validate("--report-dir", str(report), str(_with_a_defect(clean_delivery, tmp_path))) == 1
    before = _fingerprint(report)
    script = _signalled_run(report, clean_delivery, "SIGKILL")
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = [path for path in report.iterdir() if path.name.startswith(STAGING_PREFIX)]
    assert len(left) == 1 and (left[0] / "defects.csv").exists()
    assert {name: digest for name, digest in _fingerprint(report).items() if name != left[0].name} == before
    assert _validate("--report-dir", str(report), str(_with_a_defect(clean_delivery, tmp_path / "again"))) == 1
    assert sorted(path.name for path in report.iterdir()) == sorted(REPORT)  # the abandoned folder is gone


def test_staging_folders_of_others_stay(tmp_path: Path) -> None:
    """Only this host's folders whose process is gone are removed: not a running process's (this one), not another
    host's, not one whose owner cannot be told (the names of earlier versions)."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                              capture_output=True, text=True)
    with StagedFolder(tmp_path, last="summary.json") as staged:
        mine = staged.path.name  # .partial-<host>-<this pid>-<random>
        host = mine[len(STAGING_PREFIX):].rsplit("-", 2)[0]
        gone = tmp_path / f"{STAGING_PREFIX}{host}-{finished.stdout.strip()}-abc"
        kept = [tmp_path / f"{STAGING_PREFIX}another_host-{finished.stdout.strip()}-abc",
                tmp_path / f"{STAGING_PREFIX}k2j4_x9", staged.path]
        for folder in (gone, *kept[:2]):
            folder.mkdir()
            (folder / "defects.csv").write_text("file,row\n", encoding="utf-8")
        assert remove_abandoned(tmp_path) == [gone]
        assert all(folder.is_dir() for folder in kept)


def test_an_interrupted_generation_leaves_the_earlier_delivery_whole(resident_registry: SpecBundle, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "delivery"
    generate_delivery(resident_registry, 400, out, seed=1, defect_rate=0.05)
    before = _fingerprint(out)

    def interrupted(path: Path, truth: object) -> None:  # every CSV of the new delivery is written by now
        raise KeyboardInterrupt

    monkeypatch.setattr(generator_module, "write_truth", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate_delivery(resident_registry, 400, out, seed=2, defect_rate=0.05)
    assert _fingerprint(out) == before  # not the new CSVs beside the old truth.csv
    with pytest.raises(KeyboardInterrupt):
        generate_delivery(resident_registry, 400, tmp_path / "new" / "delivery", seed=2)
    assert not (tmp_path / "new").exists()


def test_generate_names_files_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "delivery"
    args = ["data", "generate", "--business", "resident-registry", "--rows", "300", "--out", str(out)]
    assert CliRunner().invoke(cli, [*args, "--file-defects"]).exit_code == 0
    first = {path.name for path in out.iterdir()}
    again = CliRunner().invoke(cli, args)  # no file defects now: the unexpected file of the first run stays
    assert again.exit_code == 0
    written = {line.removeprefix(f"wrote {out}/") for line in again.output.splitlines() if line.startswith("wrote ")}
    (left,) = first - written - {"truth.csv"}
    assert f"also holds {left}," in again.output


def test_a_folder_that_cannot_be_written_is_a_usage_error(clean_delivery: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    report = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", "--report-dir",
                                      str(blocker / "report"), str(clean_delivery)])
    assert report.exit_code == 2
    assert "report not written" in report.output
    assert "Not a directory" in report.output
    generated = CliRunner().invoke(cli, ["data", "generate", "--business", "resident-registry", "--rows", "10",
                                         "--out", str(blocker / "out")])
    assert generated.exit_code == 2
    assert "nothing generated" in generated.output


def test_a_full_disk_is_reported_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "report"
    with ReportWriter(folder) as writer, Path("/dev/full").open("w", encoding="utf-8") as full:
        writer._jsonl = full  # the disk fills up under the report
        writer.add(_defect(1))
        with pytest.raises(OutputFolderError, match="No space left on device"):
            writer.commit()
    assert not folder.exists()


def test_the_report_cannot_go_into_the_delivery_folder(clean_delivery: Path, tmp_path: Path) -> None:
    """Its files would be unexpected files of the same delivery at the next run; a subfolder is fine (only the
    folder's own files are read)."""
    folder = tmp_path / "delivery"
    shutil.copytree(clean_delivery, folder)
    before = _fingerprint(folder)
    done = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", "--report-dir",
                                    f"{folder}/../delivery", str(folder)])
    assert done.exit_code == 2
    assert "is the delivery folder itself" in done.output
    assert _fingerprint(folder) == before
    assert _validate("--report-dir", str(folder / "report"), str(folder)) == 0
    assert _validate("--report-dir", str(folder / "report"), str(folder)) == 0  # the report below is not read
