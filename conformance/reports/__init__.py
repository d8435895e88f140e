"""Report renderers: JSON (with a published JSON Schema), JUnit XML, self-contained HTML, Excel.

Every renderer reads a finished `ReportInput` (runs + requirement rows) and returns bytes or
text; none runs checks, reads specs from disk, or calls the network. `REPORT_FORMATS` is the one
table of the formats (name → renderer and file name) every caller offers and writes.
"""

from conformance.reports.diff import CaseChange, RunDiff, diff_runs
from conformance.reports.formats import REPORT_FORMATS, ReportFormat
from conformance.reports.html import render_html
from conformance.reports.json_report import render_json, report_document, requirement_document, schema_path
from conformance.reports.junit import render_junit
from conformance.reports.model import DECLARATION_KIND, Basis, ReportInput, RequirementRow, rows_from_runs
from conformance.reports.xlsx import render_xlsx

__all__ = [
    "DECLARATION_KIND",
    "REPORT_FORMATS",
    "Basis",
    "CaseChange",
    "ReportFormat",
    "ReportInput",
    "RequirementRow",
    "RunDiff",
    "diff_runs",
    "render_html",
    "render_json",
    "render_junit",
    "render_xlsx",
    "report_document",
    "requirement_document",
    "rows_from_runs",
    "schema_path",
]
