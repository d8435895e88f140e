"""Probes before testing: is the vendor reachable, does authentication work, is the advertised spec
version the claimed one? A failing probe is a configuration or environment problem (`error` with a
hint), never the vendor's non-conformance."""

from __future__ import annotations

from dataclasses import dataclass

from conformance.domain.spec import SpecBundle
from conformance.linkage.transport import Exchange, Transport


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """One probe's outcome."""

    probe: str
    ok: bool
    detail: str
    hint: str | None = None


def run_probes(bundle: SpecBundle, transport: Transport, base_url: str) -> list[ProbeResult]:
    """Reachability, then authentication, then the advertised spec version (stops at the first failure)."""
    meta_path = f"{bundle.api.base_path}/meta"
    exchange = transport.send("GET", meta_path)
    reach = _reachability(exchange, base_url, meta_path)
    if not reach.ok:
        return [reach]
    auth = _authentication(exchange)
    if not auth.ok:
        return [reach, auth]
    return [reach, auth, _version(bundle, exchange)]


def _reachability(exchange: Exchange, base_url: str, path: str) -> ProbeResult:
    if exchange.failure is None and exchange.status not in (0, 404, 502, 503, 504):
        return ProbeResult("reachable", True, f"{base_url} answered {exchange.status}")
    if exchange.failure is not None:
        kind, detail = exchange.failure
        hints = {
            "connect": f"check target.base_url ({base_url}): is the service running and the port open?",
            "timeout": "the vendor did not answer in time: check the URL, or raise target.timeout_seconds",
            "tls": "the TLS certificate is not trusted: fix the certificate or set target.ca_bundle",
            "redirect": "the base URL redirects: use the final URL as target.base_url",
        }
        return ProbeResult("reachable", False, detail, hints.get(kind, "check target.base_url in the profile"))
    return ProbeResult("reachable", False, f"GET {path} answered {exchange.status}",
                       f"check target.base_url ({base_url}) and that the business is deployed there")


def _authentication(exchange: Exchange) -> ProbeResult:
    if exchange.status in (401, 403):
        return ProbeResult("authentication", False, f"the vendor refused the credentials ({exchange.status})",
                           "check the token in the environment variable named by auth.token_env (or the OAuth2 "
                           "client settings)")
    return ProbeResult("authentication", True, "credentials accepted")


def _version(bundle: SpecBundle, exchange: Exchange) -> ProbeResult:
    try:
        body = exchange.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    advertised = body.get("spec_version") if isinstance(body, dict) else None
    claimed = bundle.meta.version
    if advertised in (claimed, bundle.meta.version_id):
        return ProbeResult("spec-version", True, f"the vendor advertises {claimed}")
    return ProbeResult("spec-version", False, f"the vendor advertises {advertised!r}, the run tests {claimed}",
                       "claim the version the system implements in the profile's [[businesses]] spec_version")
