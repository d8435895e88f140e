"""A fault-seeded reference vendor: `conformance certify` refuses (exit 1, no package) and names the requirement.

Three faults of the catalogue in three businesses, each run on its own (one fault per vendor), all
stored for one product; the declarations and migration data are clean, so the linkage faults are
the only thing that blocks. The refusal must name, as 不合格 / fail, a requirement that lists the
fault's check family — the requirement the catalogue says must catch it.
"""

from __future__ import annotations

from pathlib import Path

from conformance.linkage import requirements_by_family
from conformance.reference_vendor import find_fault
from conformance.specs import default_specs_dir, load_spec
from tests.integration.support import REFERENCE_PRODUCT, REFERENCE_VERSION, invoke, reference_evidence

FAULTS = ("rr-lookup-wrong-status", "ca-file-shift-jis", "pa-changes-missing-deletions")


def test_certify_refuses_a_fault_seeded_vendor(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'evidence.db'}"
    invoke(["keys", "generate", "--out", "keys"])
    faults = [find_fault(name) for name in FAULTS]
    assert len({f.business for f in faults}) == len(faults)
    for fault in faults:
        run = reference_evidence(db, tmp_path / fault.name, [fault.business], fault=fault.name)
        assert run.exit_code == 1, run.output

    package = tmp_path / "certification.zip"
    refused = invoke(["certify", "--product", REFERENCE_PRODUCT, "--product-version", REFERENCE_VERSION,
                      "--db", db, "--signing-key", "keys/signing-key.pem", "--out", str(package)], code=1)
    assert not package.exists()
    assert "certification refused" in refused.output
    lines = refused.output.splitlines()
    for fault in faults:
        spec = load_spec(default_specs_dir(), fault.business, verify_openapi=False)
        must_catch = set(requirements_by_family(spec)[fault.family])
        named = {line.split()[0] for line in lines if "不合格 / fail" in line and line.split()[0] in must_catch}
        assert named, f"{fault.name}: no refusal line names one of {sorted(must_catch)}\n{refused.output}"
        assert any(f"{fault.business} {spec.meta.version_id}: 不適合" in line for line in lines), fault.name
