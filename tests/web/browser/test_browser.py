"""A real headless Chromium (Debian's ``chromium``, driven by Playwright) against uvicorn on loopback.

Signs in with a demo account, filters the prefecture grid, opens a municipality, downloads the
Excel file (it must open with openpyxl) and saves screenshots of the map and the heat-map grid
into ``reports/screenshots/`` (override with CONFORMANCE_SCREENSHOTS).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from openpyxl import load_workbook

CHROMIUM = os.environ.get("CONFORMANCE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("CONFORMANCE_SCREENSHOTS", Path(__file__).resolve().parents[3] / "reports" / "screenshots"))

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and shutil.which("chromium") is None,
                       reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from the Debian package (never a downloaded browser)."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_load_state("networkidle")


def test_liaison_filters_opens_a_body_and_downloads_excel(browser: Any, base_url: str, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="ja-JP")
    page = context.new_page()
    _sign_in(page, base_url, "liaison", "demo-liaison-2025")
    assert page.url.endswith("/prefectures/13")
    assert page.locator("table#grid tbody tr").count() > 50
    page.screenshot(path=str(SHOTS / "prefecture-grid.png"))

    page.get_by_label("団体区分").select_option("special_ward")
    page.get_by_label("並べ替え").select_option("low")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="適用").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("table#grid tbody tr")
    assert rows.count() == 23
    assert "八王子市" not in page.locator("table#grid").inner_text()
    page.screenshot(path=str(SHOTS / "prefecture-grid-filtered.png"), full_page=False)

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel でダウンロード").click()
    target = tmp_path / "grid.xlsx"
    info.value.save_as(target)
    sheet = load_workbook(target).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "千代田区" in names and "八王子市" not in names

    page.get_by_role("link", name="千代田区").first.click()
    page.wait_for_load_state("networkidle")
    assert "/bodies/131016" in page.url
    assert page.get_by_role("heading", name="千代田区").count() >= 1
    page.screenshot(path=str(SHOTS / "municipality.png"))
    context.close()


def test_agency_national_map(browser: Any, base_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="ja-JP")
    page = context.new_page()
    _sign_in(page, base_url, "agency", "demo-agency-2025")
    assert page.url.endswith("/national")
    image = page.locator("img.map")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => { const i = document.querySelector('img.map'); return i && i.complete "
                           "&& i.naturalWidth > 0; }")
    assert page.get_by_text("国土数値情報").count() >= 1
    # the distribution's bars are as long as their counts say (the longest ones were cut to one length before)
    bars = page.locator("table.bars").first.locator("tr:has(.bar)")
    measured = [(int(row.locator(".num").inner_text().replace(",", "")), row.locator(".bar").bounding_box()["width"])
                for row in bars.all()]
    peak_count, peak_width = max(measured)
    assert peak_width > 100
    for count, width in measured:
        assert abs(width - peak_width * count / peak_count) <= 1.5, (count, width, peak_count, peak_width)
    page.screenshot(path=str(SHOTS / "national.png"))
    # the same with counts close together (the demo's are): 100 %, 93 % and 86 % of the track, not one length
    page.set_content(f'<link rel="stylesheet" href="{base_url}/static/dashboard.css"><table class="bars"><tr><td>'
                     + "".join(f'<span class="bar" style="--share:{share}"></span>' for share in (1, 0.93, 0.86))
                     + "</td></tr></table>")
    widths = [box["width"] for box in (bar.bounding_box() for bar in page.locator(".bar").all())]
    assert widths[0] > 100
    assert [round(width / widths[0], 2) for width in widths] == [1.0, 0.93, 0.86]
    page.goto(f"{base_url}/national?lang=en")
    assert page.get_by_role("heading", name="National overview").count() == 1
    context.close()


def test_keyboard_reaches_the_skip_link(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert "本文へスキップ" in focused
    context.close()
