"""JUnit XML for vendors' CI: one testsuite per run, one testcase per case.

fail → <failure> (one line per finding), error → <error>, skip / not_applicable / waived →
<skipped> with the verdict in the message (a waived case is never shown as a plain pass).
Each testcase carries its verdict and requirement IDs as properties.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conformance.domain.results import CaseResult, Finding, RunResult, Verdict
from conformance.reports.model import ReportInput


def render_junit(report: ReportInput) -> bytes:
    """The report as a UTF-8 JUnit XML document."""
    root = ET.Element("testsuites", name=report.title or "conformance")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for run in report.runs:
        suite = _suite(run)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _suite(run: RunResult) -> ET.Element:
    counts = run.counts()
    skipped = counts[Verdict.SKIP] + counts[Verdict.NOT_APPLICABLE] + counts[Verdict.WAIVED]
    suite = ET.Element(
        "testsuite",
        name=f"{run.subject.business} {run.subject.spec_version} {run.kind}",
        tests=str(len(run.cases)),
        failures=str(counts[Verdict.FAIL]),
        errors=str(counts[Verdict.ERROR]),
        skipped=str(skipped),
        timestamp=run.started_at.isoformat(),
        time=f"{(run.finished_at - run.started_at).total_seconds():.3f}",
        id=run.run_id,
    )
    properties = ET.SubElement(suite, "properties")
    subject = run.subject
    for name, value in (
        ("run_id", run.run_id),
        ("kind", run.kind),
        ("business", subject.business),
        ("spec_version", subject.spec_version),
        ("product", subject.product),
        ("product_version", subject.product_version),
        ("tool_version", run.tool_version),
        ("verdict", run.verdict.value),
    ):
        if value is not None:
            ET.SubElement(properties, "property", name=name, value=value)
    for case in run.cases:
        suite.append(_testcase(run, case))
    return suite


def _testcase(run: RunResult, case: CaseResult) -> ET.Element:
    element = ET.Element(
        "testcase",
        classname=f"{run.subject.business}.{run.kind}",
        name=f"{case.case_id} {case.title}",
        time=f"{case.duration_ms / 1000:.3f}",
    )
    properties = ET.SubElement(element, "properties")
    ET.SubElement(properties, "property", name="verdict", value=case.verdict.value)
    ET.SubElement(properties, "property", name="requirements", value=" ".join(case.requirement_ids))
    if case.verdict is Verdict.FAIL:
        failure = ET.SubElement(element, "failure", message=_first_line(case), type=case.findings[0].code)
        failure.text = "\n".join(_finding_line(f) for f in case.findings)
    elif case.verdict is Verdict.ERROR:
        error = ET.SubElement(element, "error", message=case.reason or "error", type="error")
        error.text = case.reason
    elif case.verdict in (Verdict.SKIP, Verdict.NOT_APPLICABLE, Verdict.WAIVED):
        ET.SubElement(element, "skipped", message=f"{case.verdict.value}: {case.reason or ''}".rstrip(": "))
    return element


def _first_line(case: CaseResult) -> str:
    extra = f" (+{len(case.findings) - 1})" if len(case.findings) > 1 else ""
    return f"{case.findings[0].code}: {case.findings[0].message}{extra}"


def _finding_line(finding: Finding) -> str:
    where = finding.location.describe()
    value = f" value={finding.value}" if finding.value is not None else ""
    return f"[{finding.code}] {where} {finding.message}{value}".replace("  ", " ")
