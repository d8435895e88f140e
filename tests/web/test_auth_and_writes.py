"""Sign-in (argon2 passwords, proxy header), CSRF on every form, and writes recorded in the tracker history."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from conformance.tracker import TrackerService
from conformance.web import CSRF_COOKIE, SESSION_COOKIE, Settings, create_app
from tests.web.conftest import SECRET

Client = Callable[[str | None], TestClient]


def _csrf(client: TestClient, path: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, path
    return match.group(1)


def test_password_sign_in_and_out(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        token = _csrf(client, "/login")
        bad = client.post("/login", data={"username": "liaison", "password": "wrong", "csrf_token": token})
        assert bad.status_code == 401 and "違います" in bad.text
        good = client.post("/login", data={"username": "liaison", "password": "demo-liaison-2025",
                                           "csrf_token": token})
        assert good.status_code == 303 and good.headers["location"] == "/prefectures/13"
        assert client.cookies.get(SESSION_COOKIE)
        assert client.get("/prefectures/14").status_code == 200
        out = client.post("/logout", data={"csrf_token": _csrf(client, "/registry")})
        assert out.status_code == 303
        client.cookies.delete(SESSION_COOKIE)
        assert client.get("/prefectures/14").status_code == 303


def test_sign_in_keeps_a_local_next_only(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        token = _csrf(client, "/login")
        response = client.post("/login", data={"username": "agency", "password": "demo-agency-2025",
                                               "csrf_token": token, "next": "//evil.example/"})
        assert response.headers["location"] == "/national"


def test_post_without_csrf_token_is_rejected(app: FastAPI, as_user: Client) -> None:
    with TestClient(app, follow_redirects=False) as client:
        client.get("/login")
        assert client.post("/login", data={"username": "agency", "password": "demo-agency-2025"}).status_code == 403
        assert client.post("/login", data={"username": "agency", "password": "demo-agency-2025",
                                           "csrf_token": "forged"}).status_code == 403
    liaison = as_user("liaison")
    liaison.get("/bodies/131016")
    response = liaison.post("/bodies/131016/steps", data={"business": "resident-registry", "step": "40",
                                                          "status": "done"})
    assert response.status_code == 403
    other = as_user("agency")
    token = _csrf(other, "/registry")  # a token bound to someone else's CSRF cookie
    liaison.cookies.set(CSRF_COOKIE, "another-cookie")
    assert liaison.post("/bodies/131016/steps", data={"business": "resident-registry", "step": "40",
                                                      "status": "done", "csrf_token": token}).status_code == 403


def test_step_update_is_recorded_with_who(demo_db: str, as_user: Client) -> None:
    client = as_user("liaison")
    token = _csrf(client, "/bodies/131024")
    response = client.post("/bodies/131024/steps", data={"business": "family-register", "step": "40",
                                                         "status": "in_progress", "csrf_token": token})
    assert response.status_code == 303 and "saved=1" in response.headers["location"]
    history = TrackerService.from_url(demo_db).history("131024", "family-register")
    assert history[0].actor == "liaison" and history[0].field == "step:40"
    assert history[0].new_value == "in_progress"
    assert "liaison" in client.get("/bodies/131024").text
    again = client.post("/bodies/131024/steps", data={"business": "family-register", "step": "40",
                                                      "status": "not_started", "csrf_token": token})
    assert "error=" in again.headers["location"]  # going backwards is refused, as in imports


def test_roles_cannot_write_outside_scope(as_user: Client) -> None:
    for username in ("vendor-a", "liaison-osaka", "chiyoda"):
        client = as_user(username)
        token = _csrf(client, "/registry")
        response = client.post("/bodies/131024/steps", data={"business": "family-register", "step": "39",
                                                             "status": "in_progress", "csrf_token": token})
        assert response.status_code == 403, username


def test_proxy_header_mode(demo_db: str) -> None:
    settings = Settings(db_url=demo_db, secret_key=SECRET, auth_mode="proxy-header", proxy_header="X-Remote-User",
                        trusted_proxies=frozenset({"testclient"}))
    proxied = create_app(settings)
    with TestClient(proxied, follow_redirects=False) as client:
        assert client.get("/national", headers={"X-Remote-User": "proxy-only"}).status_code == 200
        assert client.get("/national", headers={"X-Remote-User": "vendor-a"}).status_code == 403
        assert client.get("/national", headers={"X-Remote-User": "nobody"}).status_code == 303
        assert client.get("/national").status_code == 303
    untrusted = create_app(Settings(db_url=demo_db, secret_key=SECRET, auth_mode="proxy-header",
                                    trusted_proxies=frozenset({"10.0.0.1"})))
    with TestClient(untrusted, follow_redirects=False) as client:
        assert client.get("/national", headers={"X-Remote-User": "proxy-only"}).status_code == 303


def test_assignment_edit_is_recorded_and_scoped(demo_db: str, as_user: Client) -> None:
    agency = as_user("agency")
    token = _csrf(agency, "/bodies/141003")
    response = agency.post("/bodies/141003/fields", data={
        "business": "school-enrollment", "product": "合成ベンダーJ 標準就学", "product_version": "3.0",
        "product_vendor": "合成ベンダーJ", "planned_cutover": "2026-01-31", "csrf_token": token})
    assert response.status_code == 303 and "saved=1" in response.headers["location"]
    fields = {h.field: h for h in TrackerService.from_url(demo_db).history("141003", "school-enrollment")[:6]}
    assert fields["product_version"].new_value == "3.0" and fields["product_version"].actor == "agency"
    assert fields["planned_cutover"].new_value == "2026-01-31"
    for username in ("chiyoda", "vendor-a", "liaison-osaka"):
        client = as_user(username)
        assert client.post("/bodies/141003/fields", data={
            "business": "school-enrollment", "product": "x", "csrf_token": _csrf(client, "/registry")}
        ).status_code == 403, username
    bad = agency.post("/bodies/141003/fields", data={"business": "school-enrollment", "planned_cutover": "soon",
                                                     "csrf_token": token})
    assert bad.status_code == 400
