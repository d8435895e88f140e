"""Fixtures of the dashboard tests: one SQLite demo subset (Tokyo + Kanagawa) shared by the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from conformance.tracker import TrackerService
from conformance.web import AccountStore, Role, Settings, create_app, issue_session

SECRET = "test-secret-key-0123456789"
DEMO_PREFECTURES = ("13", "14")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite tracker with the synthetic demo for Tokyo and Kanagawa, plus the demo accounts."""
    path: Path = tmp_path_factory.mktemp("web") / "tracker.db"
    url = f"sqlite:///{path}"
    service = TrackerService.from_url(url)
    service.init(demo=True, prefectures=DEMO_PREFECTURES)
    accounts = AccountStore(service.store.engine)
    accounts.upgrade()
    accounts.create_demo_accounts()
    accounts.add("liaison-osaka", Role.LIAISON, ("27",), password="x-osaka-pass", display_name="大阪リエゾン")
    accounts.add("vendor-b", Role.VENDOR, ("合成ベンダーB",), password="x-vendor-b-pass", display_name="B")
    accounts.add("proxy-only", Role.AGENCY, (), password=None, display_name="via proxy")
    return url


@pytest.fixture(scope="session")
def app(demo_db: str) -> FastAPI:
    """The dashboard in password mode."""
    return create_app(Settings(db_url=demo_db, secret_key=SECRET))


def client_for(app: FastAPI, username: str | None) -> TestClient:
    """A client signed in as `username` (a session cookie made with the app's secret), or anonymous."""
    client = TestClient(app, follow_redirects=False)
    if username is not None:
        client.cookies.set("cf_session", issue_session(SECRET, username, hours=1))
    return client


@pytest.fixture
def as_user(app: FastAPI) -> Iterator[object]:
    """A factory: ``as_user("agency")`` → a signed-in TestClient."""
    clients: list[TestClient] = []

    def make(username: str | None) -> TestClient:
        client = client_for(app, username)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
