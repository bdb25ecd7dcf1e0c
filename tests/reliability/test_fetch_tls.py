"""HTTPS through the pinned connection: the TCP connection goes to the checked address while TLS sends
the host name (SNI) and verifies the certificate against that name."""

import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from events.fetch import FetchError, fetch_url


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=pinned.example",
            "-addext",
            "subjectAltName=DNS:pinned.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate):
    cert, key = certificate
    seen = {"sni": [], "host": []}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            seen["host"].append(self.headers.get("Host"))
            body = b"<html><body><p>Talks resumed in Muscat, officials said.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: seen["sni"].append(name)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], seen
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def resolve_to_loopback(monkeypatch):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in ("pinned.example", "other.example"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_it_sends_the_name_as_sni_and_verifies_the_certificate(tls_server, certificate, settings, resolve_to_loopback):
    port, seen = tls_server
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["pinned.example"]
    settings.FETCH_CA_BUNDLE = str(certificate[0])

    page = fetch_url(f"https://pinned.example:{port}/")

    assert "Talks resumed in Muscat" in page.text
    assert seen == {"sni": ["pinned.example"], "host": [f"pinned.example:{port}"]}


def test_it_refuses_a_certificate_for_another_name(tls_server, certificate, settings, resolve_to_loopback):
    port, _ = tls_server
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["other.example"]
    settings.FETCH_CA_BUNDLE = str(certificate[0])

    with pytest.raises(FetchError, match="TLS error"):
        fetch_url(f"https://other.example:{port}/")


def test_it_refuses_a_certificate_no_trusted_ca_signed(tls_server, settings, resolve_to_loopback):
    port, _ = tls_server
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["pinned.example"]
    settings.FETCH_CA_BUNDLE = ""  # the public CAs: the self-signed certificate is not trusted

    with pytest.raises(FetchError, match="TLS error"):
        fetch_url(f"https://pinned.example:{port}/")
