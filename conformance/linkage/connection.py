"""Turn a vendor profile into a ready Transport: httpx client settings and resolved credentials.

Credentials come from environment variables named in the profile; a missing variable or a token
endpoint that refuses the client is a configuration problem (`ConfigurationError`, verdict
``error`` with a hint), never a vendor failure.
"""

from __future__ import annotations

import os
import ssl
from typing import Any

import httpx

from conformance.linkage.profile import VendorProfile
from conformance.linkage.transport import HttpTransport, classify


class ConfigurationError(Exception):
    """The profile or environment cannot be used; `hint` says what to fix."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def client_options(profile: VendorProfile, base_url: str) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client`` (timeouts, TLS, client certificate; redirects off)."""
    verify: Any = profile.verify_tls
    if profile.ca_bundle and profile.verify_tls:
        try:
            verify = ssl.create_default_context(cafile=profile.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigurationError(f"the CA bundle cannot be loaded ({type(exc).__name__})",
                                     "check target.ca_bundle in the profile") from exc
    options: dict[str, Any] = {
        "base_url": base_url,
        "timeout": httpx.Timeout(profile.timeout, connect=profile.connect_timeout),
        "follow_redirects": False,
        "verify": verify,
        "trust_env": False,
    }
    if profile.auth.type == "mtls":
        context = ssl.create_default_context(cafile=profile.ca_bundle) if profile.verify_tls else \
            ssl._create_unverified_context()
        try:
            context.load_cert_chain(str(profile.auth.cert_file), str(profile.auth.key_file))
        except (OSError, ssl.SSLError) as exc:
            raise ConfigurationError(f"the client certificate cannot be loaded ({type(exc).__name__})",
                                     "check auth.cert_file and auth.key_file in the profile") from exc
        options["verify"] = context
    return options


def auth_headers(profile: VendorProfile, client: httpx.Client) -> dict[str, str]:
    """The headers that authenticate a request under this profile."""
    auth = profile.auth
    if auth.type == "bearer":
        return {"Authorization": f"Bearer {_env(str(auth.token_env))}"}
    if auth.type == "oauth2-client-credentials":
        return {"Authorization": f"Bearer {_client_credentials(profile, client)}"}
    return {}


def open_transport(profile: VendorProfile, base_url: str, client: httpx.Client | None = None) -> HttpTransport:
    """A Transport for the profile; `client` replaces the real HTTP client (tests)."""
    http = client if client is not None else httpx.Client(**client_options(profile, base_url))
    return HttpTransport(http, auth_headers=auth_headers(profile, http), max_body_bytes=profile.max_body_bytes,
                         rate_limit=profile.rate_limit)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ConfigurationError(f"environment variable {name} is not set",
                                 f"export {name}=<the token the vendor issued> before the run")
    return value


def _client_credentials(profile: VendorProfile, client: httpx.Client) -> str:
    auth = profile.auth
    data = {"grant_type": "client_credentials", "client_id": str(auth.client_id),
            "client_secret": _env(str(auth.client_secret_env))}
    if auth.scope:
        data["scope"] = auth.scope
    try:
        response = client.post(str(auth.token_url), data=data)
    except httpx.HTTPError as exc:
        kind, detail = classify(exc)
        raise ConfigurationError(f"the token endpoint cannot be reached ({kind}: {detail})",
                                 "check auth.token_url in the profile") from exc
    try:
        body = response.json() if response.status_code == 200 else {}
    except ValueError:  # a 200 that is not JSON (e.g. an HTML login page)
        body = {}
    token = body.get("access_token") if isinstance(body, dict) else None
    if not token:
        raise ConfigurationError(f"the token endpoint answered {response.status_code} without an access_token",
                                 "check auth.client_id and the secret in auth.client_secret_env")
    return str(token)
