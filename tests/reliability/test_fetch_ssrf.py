"""SSRF: URLs pointing inside the network are refused before connecting, directly, through DNS and
after a redirect; the address checked is the address connected to (no second lookup)."""

import ipaddress
import socket

import pytest

from events import fetch
from events.fetch import BlockedAddressError, FetchError, address_block_reason, fetch_url


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 wrapping 10.0.0.1
    ],
)
def test_it_blocks_internal_addresses(address):
    assert address_block_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_it_allows_public_addresses(address):
    assert address_block_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.0.0.1:6379/",
        "http://10.0.0.5/admin",
        "http://172.16.3.4/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 as a decimal number
        "http://0x7f.1/",  # 127.0.0.1 in hex shorthand
    ],
)
def test_it_refuses_internal_urls_directly(url, deny_private, monkeypatch):
    connects = []
    monkeypatch.setattr(fetch, "_get_pinned", lambda *a: connects.append(a))

    with pytest.raises(BlockedAddressError, match="refused"):
        fetch_url(url)

    assert connects == []  # refused before any connection


def test_it_refuses_a_name_that_resolves_to_loopback(deny_private, local_server):
    # "localhost" goes through DNS (the resolver) and lands on 127.0.0.1, where a server really listens.
    with pytest.raises(BlockedAddressError, match="loopback"):
        fetch_url(f"http://localhost:{local_server.port}/article")

    assert local_server.hits == []


def test_it_refuses_a_name_with_one_private_address_among_public_ones(deny_private, monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)

    with pytest.raises(BlockedAddressError, match="10.0.0.7 is a private address"):
        fetch_url("http://mixed.example/")


def test_it_refuses_a_redirect_from_an_allowed_server_to_a_private_address(local_server, allow_local):
    local_server.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")

    with pytest.raises(BlockedAddressError, match="169.254.169.254"):
        fetch_url(f"{local_server.base}/to-metadata")


def test_it_refuses_a_redirect_to_a_name_resolving_to_loopback(local_server, allow_local):
    # 127.0.0.1 is allowed by name; "localhost" is not, although it resolves to the same address.
    local_server.redirect("/to-localhost", f"http://localhost:{local_server.port}/article")

    with pytest.raises(BlockedAddressError, match="loopback"):
        fetch_url(f"{local_server.base}/to-localhost")

    assert [path for path, _ in local_server.hits] == ["/to-localhost"]


def test_it_connects_to_the_checked_address_without_a_second_lookup(local_server, settings, monkeypatch):
    # DNS rebinding: the first answer is checked, a later answer would point elsewhere. The fetch must
    # connect to the first answer and never ask again.
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["rebind.example"]
    answers = ["127.0.0.1"]
    real = socket.getaddrinfo

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host == "rebind.example":
            address = answers.pop(0) if answers else "10.9.9.9"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)

    page = fetch_url(f"http://rebind.example:{local_server.port}/article")

    assert "Doha" in page.text
    assert answers == []  # exactly one lookup was consumed
    assert local_server.hits == [("/article", f"rebind.example:{local_server.port}")]


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:6379/_INFO", "javascript:alert(1)"]
)
def test_it_refuses_schemes_other_than_http(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url(url)


def test_it_refuses_urls_with_credentials():
    with pytest.raises(FetchError, match="credentials"):
        fetch_url("http://user:pass@example.org/")


def test_it_refuses_the_local_server_when_the_allow_list_is_empty(local_server, deny_private):
    with pytest.raises(BlockedAddressError):
        fetch_url(f"{local_server.base}/article")

    assert local_server.hits == []
