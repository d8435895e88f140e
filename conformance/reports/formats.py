"""The one table of report formats: each format's name, its renderer, and the file it is written as.

Every caller that offers or writes report formats reads `REPORT_FORMATS`: `report render --format`
(the choice and the renderer), and the certification package (one file of each format per business).
A new format is one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from conformance.reports.html import render_html
from conformance.reports.json_report import render_json
from conformance.reports.junit import render_junit
from conformance.reports.model import ReportInput
from conformance.reports.xlsx import render_xlsx


@dataclass(frozen=True, slots=True)
class ReportFormat:
    """One report format.

    Attributes:
        name: what `--format` takes (json, junit, html, xlsx).
        render: the renderer: text (UTF-8 when written) or bytes.
        file_name: the file it is written as where the tool names it, e.g. in a certification package.
    """

    name: str
    render: Callable[[ReportInput], bytes | str]
    file_name: str

    def render_bytes(self, report: ReportInput) -> bytes:
        """The rendered report as the bytes of its file (text as UTF-8)."""
        data = self.render(report)
        return data.encode("utf-8") if isinstance(data, str) else data


REPORT_FORMATS: Mapping[str, ReportFormat] = MappingProxyType({
    fmt.name: fmt
    for fmt in (
        ReportFormat("json", render_json, "report.json"),
        ReportFormat("junit", render_junit, "junit.xml"),
        ReportFormat("html", render_html, "report.html"),
        ReportFormat("xlsx", render_xlsx, "requirements.xlsx"),
    )
})
