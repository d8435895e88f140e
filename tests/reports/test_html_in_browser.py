"""The HTML report opens offline in a real browser (Debian's headless Chromium) and shows its Japanese text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conformance.reports import ReportInput, render_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def test_html_report_renders_offline_with_japanese_text(report: ReportInput, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(report), encoding="utf-8")
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(offline=True, locale="ja-JP", viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(page_file.as_uri())
        text = page.inner_text("body")
        # Japanese-first labels, with English alongside
        assert "不合格" in text and "fail" in text
        assert "山***" in text  # masked evidence, as rendered (escaped markup must not execute)
        assert page.evaluate("() => document.querySelectorAll('script').length") == 0
        # a CJK glyph is drawn with real width (a missing font would fall back to zero-width/tofu boxes
        # of identical width for every character)
        widths = page.evaluate(
            """() => ['適', '合', 'W', 'i'].map(ch => {
                   const s = document.createElement('span'); s.textContent = ch; s.style.fontSize = '40px';
                   document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; })"""
        )
        assert widths[0] > 30 and widths[1] > 30, widths  # full-width ideographs are about 1 em wide
        assert widths[2] != widths[3], widths  # proportional Latin: the page really uses a font
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert [url for url in requested if not url.startswith("file://")] == []
