"""The README's demo command runs end to end on the embedded defaults and leaves every output it announces."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_demo_runs_the_whole_flow(tmp_path: Path) -> None:
    out = tmp_path / "demo out"  # a space in the path on purpose
    done = subprocess.run(
        [sys.executable, "-m", "conformance", "demo", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for produced in ("data/defects.csv", "data/summary.json", "tracker.db", "linkage/run.json", "linkage/junit.xml",
                     "results.db", "certification.zip"):
        assert (out / produced).exists(), produced
    with zipfile.ZipFile(out / "certification.zip") as bundle:
        names = bundle.namelist()
    assert "manifest.json" in names and "manifest.sig" in names
    text = done.stdout
    assert "OK:" in text  # bundle verify accepted the package
    assert "http://127.0.0.1:8000/" in text and "demo-agency-2025" in text  # how to open the dashboard
