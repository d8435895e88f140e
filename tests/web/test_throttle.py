"""Sign-in throttling: repeated failures lock a user name (then an address) for a while, even for the right password."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from conformance.tracker import TrackerService
from conformance.web import Settings, create_app
from conformance.web.throttle import SignInThrottle
from tests.web.conftest import SECRET


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_locks_after_the_limit_and_forgets_on_success() -> None:
    clock = FakeClock()
    throttle = SignInThrottle(max_failures=3, window=60, lockout=120, clock=clock)
    for _ in range(2):
        throttle.failed("user:sato")
    assert throttle.retry_after("user:sato") == 0
    throttle.failed("user:sato")
    assert throttle.retry_after("user:sato") == 120
    clock.now += 121
    assert throttle.retry_after("user:sato") == 0
    throttle.failed("user:sato")
    throttle.succeeded("user:sato")
    throttle.failed("user:sato")
    throttle.failed("user:sato")
    assert throttle.retry_after("user:sato") == 0  # the success reset the count


def test_old_failures_fall_out_of_the_window() -> None:
    clock = FakeClock()
    throttle = SignInThrottle(max_failures=2, window=60, lockout=120, clock=clock)
    throttle.failed("user:sato")
    clock.now += 61
    throttle.failed("user:sato")
    assert throttle.retry_after("user:sato") == 0


def test_the_sign_in_page_refuses_after_five_failures_even_the_right_password(demo_db: str) -> None:
    app = create_app(Settings(db_url=demo_db, secret_key=SECRET), TrackerService.from_url(demo_db))
    with TestClient(app, follow_redirects=False) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token
        form = {"username": "chiyoda", "csrf_token": token.group(1)}
        for _ in range(5):
            assert client.post("/login", data={**form, "password": "guess"}).status_code == 401
        locked = client.post("/login", data={**form, "password": "demo-city-2025"})
        assert locked.status_code == 429
        assert int(locked.headers["Retry-After"]) > 0
        assert "サインインの失敗が続いた" in locked.text
        other = client.post("/login", data={**form, "username": "agency", "password": "demo-agency-2025"})
        assert other.status_code == 303  # another user from the same address is not locked by 5 failures
