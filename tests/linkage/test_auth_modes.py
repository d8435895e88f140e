"""The OAuth2 client-credentials and mutual-TLS profiles against real loopback servers."""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conformance.linkage import ConfigurationError, auth_headers, client_options, parse_profile

SECRET_ENV = "TEST_OAUTH_CLIENT_SECRET"


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler], context: ssl.SSLContext | None = None) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if context else 'http'}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class TokenEndpoint(BaseHTTPRequestHandler):
    """Issues a token for client `acme` with the right secret; `/html` answers 200 with a web page."""

    def log_message(self, *args: object) -> None:
        return

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if self.path == "/html":
            self._send(200, "text/html", b"<html>sign in</html>")
        elif (
            form.get("grant_type") == ["client_credentials"]
            and form.get("client_id") == ["acme"]
            and form.get("client_secret") == ["s3cret"]
        ):
            self._send(200, "application/json", json.dumps({"access_token": "tok-1", "token_type": "Bearer"}).encode())
        else:
            self._send(401, "application/json", b'{"error": "invalid_client"}')

    def _send(self, status: int, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def oauth_profile(token_url: str) -> object:
    return parse_profile(
        {
            "vendor": {"name": "acme"},
            "target": {"base_url": "https://vendor.invalid"},
            "auth": {
                "type": "oauth2-client-credentials",
                "token_url": token_url,
                "client_id": "acme",
                "client_secret_env": SECRET_ENV,
            },
        }
    )


def test_client_credentials_token_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "s3cret")
    with serve(TokenEndpoint) as url, httpx.Client() as client:
        assert auth_headers(oauth_profile(f"{url}/token"), client) == {"Authorization": "Bearer tok-1"}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("secret", "path", "hint"),
    [
        ("wrong", "/token", "client_id"),  # 401 from the token endpoint
        ("s3cret", "/html", "client_id"),  # 200 but an HTML page, not a token
    ],
)
def test_client_credentials_refused_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, secret: str, path: str, hint: str
) -> None:
    monkeypatch.setenv(SECRET_ENV, secret)
    with serve(TokenEndpoint) as url, httpx.Client() as client, pytest.raises(ConfigurationError) as caught:
        auth_headers(oauth_profile(f"{url}{path}"), client)  # type: ignore[arg-type]
    assert hint in caught.value.hint
    assert "s3cret" not in str(caught.value) and "wrong" not in str(caught.value)


def test_client_credentials_without_the_secret_says_which_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    with httpx.Client() as client, pytest.raises(ConfigurationError) as caught:
        auth_headers(oauth_profile("http://127.0.0.1:9/token"), client)  # type: ignore[arg-type]
    assert SECRET_ENV in str(caught.value)


def test_unreachable_token_endpoint_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "s3cret")
    with httpx.Client() as client, pytest.raises(ConfigurationError) as caught:
        auth_headers(oauth_profile("http://127.0.0.1:9/token"), client)  # type: ignore[arg-type]
    assert "token_url" in caught.value.hint


# ------------------------------------------------------------------------------------------------ mTLS


def _cert(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool = False,
    server: bool = False,
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer[0].subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[1].public_key()), critical=False
        )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    return builder.sign(issuer[1] if issuer else key, hashes.SHA256())


def _write(folder: Path, name: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> tuple[Path, Path]:
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("test CA", ca_key, None, ca=True)
    server_key, client_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_pem, _ = _write(folder, "ca", ca, ca_key)
    server_pem, server_keyfile = _write(
        folder, "server", _cert("127.0.0.1", server_key, (ca, ca_key), server=True), server_key
    )
    client_pem, client_keyfile = _write(
        folder, "client", _cert("municipal-tester", client_key, (ca, ca_key)), client_key
    )
    return {
        "ca": ca_pem,
        "server": server_pem,
        "server_key": server_keyfile,
        "client": client_pem,
        "client_key": client_keyfile,
    }


class Hello(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return

    def do_GET(self) -> None:
        peer = self.connection.getpeercert()  # type: ignore[attr-defined]
        subject = dict(item[0] for item in peer["subject"]) if peer else {}
        body = json.dumps({"client": subject.get("commonName")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _mtls_server(pki: dict[str, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(pki["server"]), str(pki["server_key"]))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cafile=str(pki["ca"]))
    return context


def _profile(url: str, auth: dict[str, str], ca: Path) -> object:
    return parse_profile({"vendor": {"name": "acme"}, "target": {"base_url": url, "ca_bundle": str(ca)}, "auth": auth})


def test_mtls_presents_the_client_certificate(pki: dict[str, Path]) -> None:
    with serve(Hello, _mtls_server(pki)) as url:
        profile = _profile(
            url, {"type": "mtls", "cert_file": str(pki["client"]), "key_file": str(pki["client_key"])}, pki["ca"]
        )
        with httpx.Client(**client_options(profile, url)) as client:  # type: ignore[arg-type]
            response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {"client": "municipal-tester"}


def test_without_a_client_certificate_the_server_refuses(pki: dict[str, Path]) -> None:
    with serve(Hello, _mtls_server(pki)) as url:
        profile = _profile(url, {"type": "none"}, pki["ca"])
        with httpx.Client(**client_options(profile, url)) as client, pytest.raises(httpx.HTTPError):  # type: ignore[arg-type]
            client.get("/")


def test_unreadable_client_key_is_a_configuration_error(pki: dict[str, Path], tmp_path: Path) -> None:
    profile = _profile(
        "https://127.0.0.1:9",
        {"type": "mtls", "cert_file": str(pki["client"]), "key_file": str(tmp_path / "missing.key")},
        pki["ca"],
    )
    with pytest.raises(ConfigurationError) as caught:
        client_options(profile, "https://127.0.0.1:9")  # type: ignore[arg-type]
    assert "key_file" in caught.value.hint
