"""Helpers of the end-to-end tests: the CLI in-process, in a fresh working directory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner, Result

from conformance.cli.main import cli

REFERENCE_PRODUCT, REFERENCE_VERSION = "conformance reference vendor", "1"
TOKEN_ENV = "CONFORMANCE_REFERENCE_TOKEN"


def invoke(args: list[str], code: int | None = 0) -> Result:
    """Run `conformance ARGS` in-process; assert the exit code unless `code` is None."""
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, f"conformance {' '.join(args)} -> {result.exit_code}\n{result.output}"
    return result


def reference_evidence(db: str, folder: Path, businesses: list[str], *, fault: str | None = None,
                       vendor: str = "reference", product: tuple[str, str] | None = None) -> Result:
    """The three kinds of runs of a certification: linkage (`run`), declaration, migration data.

    Returns the result of `conformance run` (exit 0 for the clean reference vendor, 1 with a fault).
    """
    scope = [arg for slug in businesses for arg in ("--business", slug)]
    named = ["--product", product[0], "--product-version", product[1]] if product else []
    linkage = ["run", "--vendor", vendor, "--report-dir", str(folder / "linkage"), "--db", db, "--no-generated",
               "--workers", "4", *scope]
    run = invoke([*linkage, "--fault", fault] if fault else linkage, code=None)
    invoke(["declare", "reference", "--save", "--db", db, "--out-dir", str(folder / "declarations"), *scope, *named])
    invoke(["report", "reference-data", "--db", db, *scope, *named])
    return run


def zip_texts(blob: bytes) -> dict[str, str]:
    """Every member of a zip as text, recursing into nested zips (an xlsx: its sheet XML, shared strings)."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if data[:2] == b"PK":
                found.update({f"{info.filename}!{name}": text for name, text in zip_texts(data).items()})
            else:
                found[info.filename] = data.decode("utf-8", errors="replace")
    return found
