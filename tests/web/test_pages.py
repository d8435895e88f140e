"""Every page and every role boundary, through FastAPI's TestClient (tested, not assumed)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from conformance.municipalities import ATTRIBUTION_JA
from conformance.web.palette import BANDS, NO_DATA_FILL, contrast

Client = Callable[[str | None], TestClient]
VENDOR_A = quote("合成ベンダーA")
VENDOR_B = quote("合成ベンダーB")

PAGES_BY_ROLE = {
    # path: who may open it (others get 403)
    "/national": {"agency"},
    "/map/national.svg": {"agency"},
    "/prefectures/13": {"agency", "liaison"},
    "/prefectures/14": {"agency", "liaison"},
    "/prefectures/13/grid.xlsx": {"agency", "liaison"},
    "/prefectures/13/map.svg": {"agency", "liaison"},
    "/bodies/131016": {"agency", "liaison", "chiyoda"},
    "/bodies/131024": {"agency", "liaison"},
    f"/vendors/{VENDOR_A}": {"agency", "vendor-a"},
    f"/vendors/{VENDOR_B}": {"agency", "vendor-b"},
    "/registry": {"agency", "liaison", "chiyoda", "vendor-a", "vendor-b", "liaison-osaka"},
    "/api/national": {"agency"},
    "/api/prefectures/13": {"agency", "liaison"},
    "/api/bodies/131016": {"agency", "liaison", "chiyoda"},
    f"/api/vendors/{VENDOR_A}": {"agency", "vendor-a"},
    "/api/registry": {"agency", "liaison", "chiyoda", "vendor-a", "vendor-b", "liaison-osaka"},
}
USERS = ("agency", "liaison", "chiyoda", "vendor-a", "vendor-b", "liaison-osaka")


@pytest.mark.parametrize("path", sorted(PAGES_BY_ROLE))
@pytest.mark.parametrize("username", USERS)
def test_role_boundaries(as_user: Client, path: str, username: str) -> None:
    response = as_user(username).get(path)
    expected = 200 if username in PAGES_BY_ROLE[path] else 403
    assert response.status_code == expected, (username, path, response.text[:200])


@pytest.mark.parametrize("path", ["/national", "/prefectures/13", "/bodies/131016", "/registry",
                                  f"/vendors/{VENDOR_A}"])
def test_pages_need_sign_in(as_user: Client, path: str) -> None:
    response = as_user(None).get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/api/national", "/api/prefectures/13", "/api/bodies/131016", "/api/registry",
                                  "/api/me"])
def test_api_needs_sign_in(as_user: Client, path: str) -> None:
    assert as_user(None).get(path).status_code == 401


def test_liaison_cannot_read_another_prefecture(as_user: Client) -> None:
    osaka = as_user("liaison-osaka")
    for path in ("/prefectures/13", "/bodies/131016", "/prefectures/13/grid.xlsx", "/api/prefectures/13",
                 "/api/bodies/131016", "/national"):
        assert osaka.get(path).status_code == 403, path
    assert "千代田区" not in osaka.get("/prefectures/13").text


def test_vendor_sees_no_municipality_plans(as_user: Client) -> None:
    vendor = as_user("vendor-a")
    for path in ("/prefectures/13", "/bodies/131016", "/national", "/api/bodies/131016", "/api/prefectures/13",
                 f"/vendors/{VENDOR_B}"):
        assert vendor.get(path).status_code == 403, path
    page = vendor.get(f"/vendors/{VENDOR_A}").text
    assert "千代田区" not in page and "/bodies/" not in page


def test_national_page_content(as_user: Client) -> None:
    html = as_user("agency").get("/national").text
    for text in ("全国概況", "特定移行支援", "事業者のリソース不足", "2025-07-31", "合成データ", ATTRIBUTION_JA,
                 "/map/national.svg", 'lang="ja"', "本文へスキップ"):
        assert text in html, text
    assert re.search(r"<img[^>]+alt=\"[^\"]+\"", html)
    # each bar of the distribution is its count's share of the largest count
    bars = [(float(share), int(count.replace(",", ""))) for share, count in
            re.findall(r'class="bar" style="--share:([0-9.]+)"></span><span class="num">([0-9,]+)<', html)]
    assert len(bars) >= 5
    peak = max(count for _, count in bars)
    assert all(abs(share - count / peak) < 1e-4 for share, count in bars)


def test_national_map_is_svg_with_every_municipality(as_user: Client) -> None:
    response = as_user("agency").get("/map/national.svg")
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.count("<path") > 1700


def test_english(as_user: Client) -> None:
    client = as_user("agency")
    response = client.get("/national?lang=en")
    assert 'lang="en"' in response.text and "National overview" in response.text
    assert "SYNTHETIC demo data" in response.text
    assert 'lang="en"' in client.get("/registry").text  # remembered in a cookie


def test_prefecture_grid_shows_numbers_and_filters(as_user: Client) -> None:
    client = as_user("liaison")
    html = client.get("/prefectures/13").text
    assert "千代田区" in html and "八王子市" in html
    assert re.search(r'class="cell[^"]*" style="background:#[0-9a-f]{6};color:#[0-9a-f]{6}">\d+%', html)
    filtered = client.get("/prefectures/13", params={"q": "千代田"}).text
    assert "千代田区" in filtered and "八王子市" not in filtered
    wards = client.get("/prefectures/13", params={"body_class": "special_ward", "sort": "low"}).text
    assert "千代田区" in wards and "八王子市" not in wards


def test_excel_download_opens(as_user: Client) -> None:
    response = as_user("liaison").get("/prefectures/13/grid.xlsx", params={"body_class": "special_ward"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].values)
    names = [r[1] for r in rows]
    assert "千代田区" in names and "八王子市" not in names
    assert "出典" in book.sheetnames


def test_body_page_shows_certification_and_history(as_user: Client) -> None:
    html = as_user("chiyoda").get("/bodies/131016").text
    for text in ("千代田区", "住民記録", "適合確認", "synthetic-demo", "変更履歴", "矛盾・注意点", 'name="csrf_token"'):
        assert text in html, text


def test_vendor_and_registry_pages(as_user: Client) -> None:
    html = as_user("vendor-a").get(f"/vendors/{VENDOR_A}").text
    assert "合成ベンダーA 標準住民記録" in html and "適合" in html and "2025" in html
    registry = as_user("chiyoda").get("/registry", params={"status": "not_certified"}).text
    assert "不適合" in registry


def test_home_redirects_by_role(as_user: Client) -> None:
    assert as_user("agency").get("/").headers["location"] == "/national"
    assert as_user("liaison").get("/").headers["location"] == "/prefectures/13"
    assert as_user("chiyoda").get("/").headers["location"] == "/bodies/131016"
    assert as_user("vendor-a").get("/").headers["location"] == f"/vendors/{VENDOR_A}"


def test_unknown_things_are_404(as_user: Client) -> None:
    client = as_user("agency")
    assert client.get("/prefectures/99").status_code == 404
    assert client.get("/bodies/999999").status_code == 404
    assert client.get("/api/vendors/nobody").status_code == 404


def test_no_external_urls_in_html(as_user: Client) -> None:
    client = as_user("agency")
    for path in ("/national", "/prefectures/13", "/bodies/131016", "/registry", f"/vendors/{VENDOR_A}", "/login"):
        html = client.get(path).text
        for attribute in re.findall(r'(?:src|href|action)="([^"]*)"', html):
            assert not attribute.startswith(("http:", "https:", "//")), (path, attribute)
    css = client.get("/static/dashboard.css").text
    assert "http" not in css and "@import" not in css
    svg = client.get("/map/national.svg").text
    assert not re.search(r'(?:href|src)="https?:', svg)


def test_colours_pass_wcag_aa() -> None:
    for band in BANDS:
        assert contrast(band.text, band.fill) >= 4.5, band
    assert contrast("#1a1a1c", NO_DATA_FILL) >= 4.5


def test_every_readiness_level_has_its_own_label() -> None:
    from conformance.tracker import Level
    from conformance.web.i18n import MESSAGES

    for level in Level:
        ja, en = MESSAGES[f"lvl_{level.value}"]
        assert ja == level.label_ja and en


def test_body_page_labels_levels_in_english(as_user: Client) -> None:
    html = as_user("agency").get("/bodies/131016", params={"lang": "en"}).text
    assert "Certification" in html and "期限超過見込み" not in html


def test_prefecture_map_frames_the_mainland(as_user: Client) -> None:
    svg = as_user("liaison").get("/prefectures/13/map.svg").text
    match = re.search(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"', svg)
    assert match
    assert float(match.group(3)) < 150 and float(match.group(4)) < 150  # not stretched down to 小笠原
    assert svg.count("<path") >= 62
