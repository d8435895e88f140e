"""Report renderers: JSON (with a published JSON Schema), JUnit XML, self-contained HTML, Excel.

Every renderer reads a finished `ReportInput` (runs + requirement rows) and returns bytes or
text; none runs checks, reads specs from disk, or calls the network.
"""

from conformance.reports.diff import RunDiff, diff_runs
from conformance.reports.html import render_html
from conformance.reports.json_report import render_json, report_document, schema_path
from conformance.reports.junit import render_junit
from conformance.reports.model import Basis, ReportInput, RequirementRow, rows_from_runs
from conformance.reports.xlsx import render_xlsx

__all__ = [
    "Basis",
    "ReportInput",
    "RequirementRow",
    "RunDiff",
    "diff_runs",
    "render_html",
    "render_json",
    "render_junit",
    "render_xlsx",
    "report_document",
    "rows_from_runs",
    "schema_path",
]
