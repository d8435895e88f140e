"""The one door to a vendor's HTTP API: a small `Transport` protocol, its httpx implementation.

Every response is captured as an `Exchange` (never an exception): a transport failure — refused
connection, timeout, reset, invalid TLS certificate, a body over the size cap, a redirect — is an
`Exchange` with `failure` set, so suites can record it as evidence. Redirects are never followed
(a redirect to another host could leak the token). Tests substitute any ``httpx.Client`` (e.g. a
Starlette TestClient over the reference app) as the in-memory twin.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

TRANSPORT_FAILURES = ("connect", "timeout", "reset", "tls", "too-large", "redirect", "protocol")


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and what came back.

    Attributes:
        method: the HTTP method.
        path: the path and query as sent (never the host's credentials).
        status: the status code (0 when no response arrived).
        headers: response headers (lower-case names).
        body: the response body (possibly truncated at the size cap).
        elapsed_ms: wall time of the exchange.
        failure: a transport failure kind (see TRANSPORT_FAILURES) and detail, or None.
    """

    method: str
    path: str
    status: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    elapsed_ms: float = 0.0
    failure: tuple[str, str] | None = None

    @property
    def media_type(self) -> str:
        """The response's media type without parameters (lower case)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def json(self) -> Any:
        """The body parsed as JSON; ValueError when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))

    @property
    def request_line(self) -> str:
        """``GET /path?query``."""
        return f"{self.method} {self.path}"


class Transport(Protocol):
    """Sends one GET-style request to the vendor and always returns an Exchange."""

    def send(self, method: str, path: str, *, params: Mapping[str, str] | None = None,
             authenticated: bool = True, headers: Mapping[str, str] | None = None) -> Exchange:
        """Send a request; `authenticated=False` leaves the credentials out."""
        ...


class HttpTransport:
    """A Transport over an httpx.Client: auth header, size cap, rate limit, no redirects.

    Args:
        client: the httpx client (base URL, timeouts, TLS settings already applied).
        auth_headers: headers that authenticate a request (e.g. the bearer token).
        max_body_bytes: bodies larger than this are cut and recorded as ``too-large``.
        rate_limit: at most this many requests per second (None: unlimited).
    """

    def __init__(self, client: httpx.Client, *, auth_headers: Mapping[str, str] | None = None,
                 max_body_bytes: int = 5 * 1024 * 1024, rate_limit: float | None = None) -> None:
        self.client = client
        self.auth_headers = dict(auth_headers or {})
        self.max_body_bytes = max_body_bytes
        self._interval = 1.0 / rate_limit if rate_limit else 0.0
        self._next_slot = 0.0
        self._lock = threading.Lock()

    def send(self, method: str, path: str, *, params: Mapping[str, str] | None = None,
             authenticated: bool = True, headers: Mapping[str, str] | None = None) -> Exchange:
        self._wait_for_slot()
        sent = dict(headers or {})
        if authenticated:
            sent.update(self.auth_headers)
        shown = str(httpx.URL(path, params=dict(params or {})))
        started = time.perf_counter()
        try:
            with self.client.stream(method, path, params=dict(params or {}), headers=sent) as response:
                body, too_large = self._read(response)
                elapsed = (time.perf_counter() - started) * 1000
                failure = _redirect_failure(response) or (
                    ("too-large", f"body larger than {self.max_body_bytes} bytes") if too_large else None)
                headers = {k.lower(): v for k, v in response.headers.items()}
                return Exchange(method, shown, response.status_code, headers, body, elapsed, failure)
        except httpx.HTTPError as exc:
            return Exchange(method, shown, elapsed_ms=(time.perf_counter() - started) * 1000,
                            failure=classify(exc))

    def _read(self, response: httpx.Response) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_body_bytes:
                return b"".join(chunks)[: self.max_body_bytes], True
        return b"".join(chunks), False

    def _wait_for_slot(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
        if slot > now:
            time.sleep(slot - now)


def _redirect_failure(response: httpx.Response) -> tuple[str, str] | None:
    if response.is_redirect:
        target = httpx.URL(response.headers.get("location", ""))
        other = target.host and target.host != response.request.url.host
        where = f"to another host ({target.host})" if other else "(not followed)"
        return ("redirect", f"redirect {response.status_code} {where}")
    return None


def classify(exc: BaseException) -> tuple[str, str]:
    """A transport exception as (failure kind, short detail without secrets)."""
    text = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, httpx.TimeoutException):
        return ("timeout", f"{type(exc).__name__}: no answer within the timeout")
    if isinstance(exc, httpx.ConnectError):
        if isinstance(cause, ssl.SSLError) or "CERTIFICATE" in text.upper() or "SSL" in text.upper():
            return ("tls", f"TLS handshake failed: {text}")
        return ("connect", f"cannot connect: {text}")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return ("reset", f"connection reset or closed: {text}")
    return ("protocol", f"{type(exc).__name__}: {text}")
