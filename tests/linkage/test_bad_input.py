"""Bad vendors: HTML instead of JSON, hangs, resets, 50 MB bodies, redirects to another host, invalid TLS.

Each is recorded as a finding or an error with evidence; the run completes and says what it could
not decide. The transport is exercised directly, then a whole run against the worst of them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx

from conformance.domain.results import Verdict
from conformance.linkage import (
    Budget,
    BusinessFinished,
    build_targets,
    client_options,
    open_transport,
    parse_profile,
    run_all,
)

from .misbehaving import self_signed, serve
from .support import TOKEN, TOKEN_ENV, bundle, profile_data


def _transport(base_url: str, **target: object) -> object:
    os.environ[TOKEN_ENV] = TOKEN
    data = profile_data(base_url)
    data["target"].update(target)  # type: ignore[union-attr]
    profile = parse_profile(data)
    return open_transport(profile, base_url)


def test_html_instead_of_json_is_evidence() -> None:
    with serve("html") as url:
        exchange = _transport(url).send("GET", "/x")  # type: ignore[attr-defined]
    assert exchange.status == 200
    assert exchange.media_type == "text/html"
    assert exchange.failure is None


def test_hang_times_out() -> None:
    with serve("hang") as url:
        started = time.monotonic()
        exchange = _transport(url, timeout_seconds=0.5).send("GET", "/x")  # type: ignore[attr-defined]
    assert exchange.failure is not None and exchange.failure[0] == "timeout"
    assert time.monotonic() - started < 3


def test_reset_is_recorded() -> None:
    with serve("reset") as url:
        exchange = _transport(url).send("GET", "/x")  # type: ignore[attr-defined]
    assert exchange.failure is not None and exchange.failure[0] in ("reset", "protocol")


def test_fifty_megabyte_body_is_capped() -> None:
    with serve("huge") as url:
        exchange = _transport(url, max_body_bytes=1024 * 1024).send("GET", "/x")  # type: ignore[attr-defined]
    assert exchange.failure is not None and exchange.failure[0] == "too-large"
    assert len(exchange.body) <= 1024 * 1024


def test_redirect_to_another_host_is_not_followed() -> None:
    with serve("redirect") as url:
        exchange = _transport(url).send("GET", "/x")  # type: ignore[attr-defined]
    assert exchange.status == 302
    assert exchange.failure is not None and exchange.failure[0] == "redirect"
    assert "other-host.invalid" in exchange.failure[1]


def test_invalid_tls_certificate(tmp_path: Path) -> None:
    with serve("ok", tls=self_signed(tmp_path)) as url:
        exchange = _transport(url).send("GET", "/x")  # type: ignore[attr-defined]
    assert exchange.failure is not None and exchange.failure[0] == "tls"


def test_run_against_html_vendor_completes_with_error_and_hint() -> None:
    os.environ[TOKEN_ENV] = TOKEN
    with serve("html") as url:
        profile = parse_profile(profile_data(url))
        targets = build_targets(profile, [bundle("national-pension")], url, suites_dir=None,
                                budget=Budget(samples=2), generated=False)
        events = list(run_all(targets, "test"))
    runs = [e.run for e in events if isinstance(e, BusinessFinished)]
    assert len(runs) == 1
    cases = runs[0].cases
    assert cases and all(c.verdict is Verdict.ERROR for c in cases)
    assert "spec-version" in (cases[0].reason or "")


def test_client_never_follows_redirects_nor_trusts_env() -> None:
    profile = parse_profile(profile_data("https://vendor.example"))
    options = client_options(profile, "https://vendor.example")
    assert options["follow_redirects"] is False
    assert options["trust_env"] is False
    assert isinstance(options["timeout"], httpx.Timeout)
