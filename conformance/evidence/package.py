"""The certification package: what goes into a bundle for one product version, and the gate before it.

`blocking_reasons` lists why a package must not be built (any business not conformant or
incomplete, with the exact requirements). `package_payload` renders every file of the bundle from
finished runs only: runs (as stored, before waivers), reports (after waivers), certification
statuses, the waivers used, the SHA-256 of the exact spec files, and the allow-listed environment;
`certification_bundle` signs them into the package (`bundle.build_bundle`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conformance.domain.results_codec import run_to_dict
from conformance.domain.spec import SpecBundle
from conformance.evidence.bundle import build_bundle
from conformance.evidence.certification import Certification
from conformance.evidence.coverage import rows_to_csv
from conformance.evidence.environment import environment_info
from conformance.reports import REPORT_FORMATS
from conformance.result_store import Waiver, waiver_to_dict


def blocking_reasons(certifications: Sequence[Certification]) -> list[str]:
    """Why no package may be built; empty when every business is conformant (with or without waivers)."""
    reasons = []
    for cert in certifications:
        if cert.status.certifiable:
            continue
        reasons.append(f"{cert.business} {cert.spec_version}: {cert.status.label_ja} / {cert.status.value}")
        reasons.extend(f"  {reason}" for reason in cert.reasons)
    return reasons


def package_payload(
    certifications: Sequence[Certification],
    specs: Mapping[tuple[str, str], SpecBundle],
    waivers: Sequence[Waiver],
    tool_version: str,
) -> dict[str, bytes]:
    """Every payload file of the bundle, by member name."""
    payload: dict[str, bytes] = {}
    for cert in certifications:
        spec = specs[(cert.business, cert.spec_version)]
        folder = f"{cert.business}/{cert.spec_version}"
        for run in cert.runs:
            payload[f"runs/{folder}/{_safe(run.run_id)}.json"] = _json(run_to_dict(run))
        report = cert.report_input(
            f"{cert.product} {cert.product_version} — {spec.meta.label_ja} {spec.meta.version}"
        )
        for fmt in REPORT_FORMATS.values():
            payload[f"reports/{folder}/{fmt.file_name}"] = fmt.render_bytes(report)
        payload[f"reports/{folder}/coverage.csv"] = rows_to_csv(cert.rows).encode("utf-8")
    used = _relevant(waivers, certifications)
    payload["certification.json"] = _json([_certification(c) for c in certifications])
    payload["waivers.json"] = _json([waiver_to_dict(w) for w in used])
    payload["specs.json"] = _json(_spec_hashes(certifications, specs))
    payload["environment.json"] = _json(environment_info(tool_version))
    return payload


def certification_bundle(
    certifications: Sequence[Certification],
    specs: Mapping[tuple[str, str], SpecBundle],
    waivers: Sequence[Waiver],
    key: Ed25519PrivateKey,
    *,
    product: str,
    product_version: str,
    tool_version: str,
    created_at: datetime,
) -> bytes:
    """The signed certification package (zip) of `product` `product_version`; check `blocking_reasons` first."""
    payload = package_payload(certifications, specs, waivers, tool_version)
    return build_bundle(payload, key, created_at=created_at,
                        subject={"product": product, "product_version": product_version})


def _json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _safe(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", run_id).strip(".") or "run"


def _certification(cert: Certification) -> dict[str, Any]:
    return {
        "product": cert.product,
        "product_version": cert.product_version,
        "business": cert.business,
        "spec_version": cert.spec_version,
        "status": cert.status.value,
        "reasons": list(cert.reasons),
        "runs": [run.run_id for run in cert.runs],
        "requirements": {row.requirement_id: {"verdict": row.verdict.value, "basis": row.basis.value}
                         for row in cert.rows},
    }


def _relevant(waivers: Sequence[Waiver], certifications: Sequence[Certification]) -> list[Waiver]:
    return [
        w
        for w in waivers
        if any(w.matches(c.product, c.product_version, c.business, c.spec_version) for c in certifications)
    ]


def _spec_hashes(
    certifications: Sequence[Certification], specs: Mapping[tuple[str, str], SpecBundle]
) -> dict[str, Any]:
    hashes: dict[str, Any] = {}
    for cert in certifications:
        spec = specs[(cert.business, cert.spec_version)]
        hashes[f"{cert.business}/{cert.spec_version}"] = {
            "version": spec.meta.version,
            "published": spec.meta.published.isoformat(),
            "fidelity": spec.meta.fidelity.value,
            "files": dict(sorted(spec.source_files.items())),
        }
    return hashes
