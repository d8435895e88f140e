"""Vendor profiles: one TOML file per vendor target, validated by a bundled JSON Schema.

A profile holds the base URL, authentication (by *environment-variable name*, never a secret),
the claimed businesses and spec versions, timeouts and a request-rate limit. Unknown keys get a
did-you-mean. The format is documented in docs/reference/vendor-profile.md.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

REFERENCE = "reference"
REFERENCE_TOKEN_ENV = "CONFORMANCE_REFERENCE_TOKEN"
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONNECT_TIMEOUT = 3.0
DEFAULT_MAX_BODY = 5 * 1024 * 1024


class ProfileError(Exception):
    """A profile that cannot be used; `problems` lists every reason (``where: message``)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class UnclaimedBusinessError(Exception):
    """A run was asked for businesses the profile does not claim."""

    def __init__(self, unclaimed: Sequence[str], claimed: Sequence[str]) -> None:
        super().__init__(f"{', '.join(unclaimed)}: not claimed by the profile (claimed: {', '.join(claimed)})")
        self.unclaimed = tuple(unclaimed)
        self.claimed = tuple(claimed)


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """How to authenticate. Secrets are read from the named environment variables at run time."""

    type: str = "none"
    token_env: str | None = None
    token_url: str | None = None
    client_id: str | None = None
    client_secret_env: str | None = None
    scope: str | None = None
    cert_file: str | None = None
    key_file: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A business and spec version the vendor claims to implement."""

    slug: str
    spec_version: str


@dataclass(frozen=True, slots=True)
class VendorProfile:
    """One vendor target."""

    name: str
    base_url: str
    auth: AuthConfig = field(default_factory=AuthConfig)
    claims: tuple[Claim, ...] = ()
    files: str | None = None
    product: str | None = None
    product_version: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    rate_limit: float | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY
    verify_tls: bool = True
    ca_bundle: str | None = None
    source: str = ""

    @property
    def is_reference(self) -> bool:
        """True when the profile asks for the built-in reference vendor."""
        return self.base_url == REFERENCE

    def files_location(self, slug: str) -> str | None:
        """The file drop of one business (folder or URL), or None when the profile names none."""
        return self.files.replace("{business}", slug) if self.files else None

    def secret_values(self) -> tuple[str, ...]:
        """The secrets this profile resolves to (to redact them from any output)."""
        names = (self.auth.token_env, self.auth.client_secret_env)
        return tuple(value for name in names if name and (value := os.environ.get(name)))


def schema() -> dict[str, Any]:
    """The bundled JSON Schema of vendor profiles."""
    text = resources.files("conformance.linkage").joinpath("schema/vendor-profile.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def load_profile(path: Path) -> VendorProfile:
    """Read and validate a profile file; ProfileError listing every problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError([f"{path}: cannot read the profile ({exc.strerror or type(exc).__name__})"]) from exc
    except UnicodeDecodeError as exc:
        raise ProfileError([f"{path}: not UTF-8 text (byte {exc.start}); a profile is a UTF-8 TOML file"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError([f"{path}: not valid TOML: {exc}"]) from exc
    return parse_profile(data, str(path))


def parse_profile(data: dict[str, Any], source: str = "<profile>") -> VendorProfile:
    """Validate already-parsed profile data; ProfileError listing every problem."""
    problems = [_render(error, source) for error in Draft202012Validator(schema()).iter_errors(data)]
    if problems:
        raise ProfileError(sorted(problems))
    target = data["target"]
    auth = AuthConfig(**data.get("auth", {}))
    problems = _auth_problems(auth, source)
    if problems:
        raise ProfileError(problems)
    return VendorProfile(
        name=data["vendor"]["name"],
        base_url=target["base_url"].rstrip("/"),
        auth=auth,
        claims=tuple(Claim(c["slug"], c["spec_version"]) for c in data.get("businesses", [])),
        files=target.get("files"),
        product=data["vendor"].get("product"),
        product_version=data["vendor"].get("product_version"),
        timeout=float(target.get("timeout_seconds", DEFAULT_TIMEOUT)),
        connect_timeout=float(target.get("connect_timeout_seconds", DEFAULT_CONNECT_TIMEOUT)),
        rate_limit=target.get("rate_limit_per_second"),
        max_body_bytes=int(target.get("max_body_bytes", DEFAULT_MAX_BODY)),
        verify_tls=bool(target.get("verify_tls", True)),
        ca_bundle=target.get("ca_bundle"),
        source=source,
    )


def reference_profile() -> VendorProfile:
    """The built-in profile of the reference vendor (same as vendors/reference.toml)."""
    return parse_profile({
        "vendor": {"name": "reference", "product": "conformance reference vendor", "product_version": "1"},
        "target": {"base_url": REFERENCE, "files": "/files/{business}/", "timeout_seconds": 10},
        "auth": {"type": "bearer", "token_env": REFERENCE_TOKEN_ENV},
    }, "<built-in reference profile>")


def claims_to_run(profile: VendorProfile, only: Sequence[str],
                  every_business: Callable[[], Iterable[str]]) -> list[tuple[str, str | None]]:
    """The (business, spec version) pairs a run covers, in claim order; version None is the latest.

    They are the profile's claims, or — when it claims none — every business of `every_business()` (asked
    only then) at its latest version, narrowed to `only` when it names any.

    Raises:
        UnclaimedBusinessError: `only` names a business that is not claimed.
    """
    claims = {c.slug: c.spec_version for c in profile.claims}
    if not claims:
        claims = dict.fromkeys(every_business(), "")
    unclaimed = [slug for slug in only if slug not in claims]
    if unclaimed:
        raise UnclaimedBusinessError(unclaimed, sorted(claims))
    return [(slug, version or None) for slug, version in claims.items() if not only or slug in only]


_AUTH_NEEDS = {
    "bearer": ("token_env",),
    "oauth2-client-credentials": ("token_url", "client_id", "client_secret_env"),
    "mtls": ("cert_file", "key_file"),
    "none": (),
}


def _auth_problems(auth: AuthConfig, source: str) -> list[str]:
    return [f"{source}: auth: type '{auth.type}' needs '{key}'" for key in _AUTH_NEEDS[auth.type]
            if getattr(auth, key) is None]


def _render(error: Any, source: str) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        messages = []
        for key in unknown:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            messages.append(f"{source}: {where}: unknown key '{key}'{hint}")
        return "; ".join(messages)
    return f"{source}: {where}: {error.message}"
