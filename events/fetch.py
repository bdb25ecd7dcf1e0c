"""Fetch a web page safely (SSRF-safe): the host is resolved once, every address is checked, and the
connection is made to that checked address (no second DNS lookup, so DNS rebinding cannot swap in an
internal address). TLS still verifies the certificate of the *name* (SNI + hostname check) and the
Host header carries the name. Redirects are followed by hand, each hop checked again.

Bounded in every dimension an attacker controls: connect/read timeouts, a wall-clock budget, a size
cap (the body is streamed and dropped past the cap), a redirect limit, http/https only, text-like
content types only, and a decoding step that refuses binary or undecodable bodies.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from charset_normalizer import from_bytes
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import connection as urllib3_connection

ALLOWED_SCHEMES = {"http", "https"}
TEXT_CONTENT_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Cloud metadata endpoints: link-local or private already, listed so the intent is explicit.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""")


class FetchError(ValueError):
    """The page could not be fetched safely; the message is the reason shown on the report."""


class BlockedAddressError(FetchError):
    """The URL points (directly, through DNS or after a redirect) at an address we never connect to."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str
    text: str
    redirects: tuple[str, ...] = ()
    # The raw body, for parsers that read the encoding themselves (feeds); kept out of repr.
    content: bytes = field(default=b"", repr=False)

    @property
    def html(self) -> str:
        return self.text if self.content_type in {"text/html", "application/xhtml+xml"} else ""


# --- address policy (pure) -------------------------------------------------------------


def address_block_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why this address must not be connected to, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and friends reach the IPv4 address: judge that one.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            reason = address_block_reason(embedded)
            return f"{reason} (embedded in {ip})" if reason else None
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata address"
    for attr, label in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attr):
            return f"{ip} is a {label} address"
    if not ip.is_global:
        # Shared address space (100.64/10), benchmarking nets, documentation ranges...
        return f"{ip} is not a public address"
    return None


def _host_allowed_private(host: str) -> bool:
    allowed = {h.strip().lower().strip("[]") for h in getattr(settings, "FETCH_ALLOW_PRIVATE_HOSTS", []) if h.strip()}
    return host.lower().strip("[]") in allowed


def resolve_checked(host: str, port: int) -> str:
    """Resolve host once and return the one address to connect to; refuse if any address is unsafe.

    Every address of the name is checked (not only the first): a name that resolves to a public and a
    private address is refused, since a client might pick either.
    """
    host = host.strip("[]")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
        addresses = []
        for info in infos:
            # Strip an IPv6 zone id ("fe80::1%eth0") before parsing.
            ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise FetchError(f"host {host!r} has no address")
    if not _host_allowed_private(host):
        for ip in addresses:
            reason = address_block_reason(ip)
            if reason:
                raise BlockedAddressError(f"refused to fetch {host!r}: {reason}")
    return str(addresses[0])


# --- a requests adapter whose connections go to one pinned address ----------------------


def _pinned_new_conn(conn, ip: str) -> socket.socket:
    # Same as urllib3's _new_conn but to the checked address: self.host stays the name, so the
    # Host header, SNI and certificate verification all use the name.
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

    try:
        return urllib3_connection.create_connection(
            (ip, conn.port), conn.timeout, source_address=conn.source_address, socket_options=conn.socket_options
        )
    except socket.timeout as exc:
        raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out") from exc
    except OSError as exc:
        raise NewConnectionError(conn, f"Failed to establish a new connection: {exc}") from exc


class PinnedAddressAdapter(HTTPAdapter):
    """Transport adapter that connects to ``ip`` whatever the URL's host resolves to now."""

    def __init__(self, ip: str):
        self._ip = ip
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        ip = self._ip

        class _HTTPConnection(HTTPConnection):
            def _new_conn(self):
                return _pinned_new_conn(self, ip)

        class _HTTPSConnection(HTTPSConnection):
            def _new_conn(self):
                return _pinned_new_conn(self, ip)

        class _HTTPPool(HTTPConnectionPool):
            ConnectionCls = _HTTPConnection

        class _HTTPSPool(HTTPSConnectionPool):
            ConnectionCls = _HTTPSConnection

        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


# --- decoding (pure) ---------------------------------------------------------------------


def _looks_binary(body: bytes) -> bool:
    # NUL bytes never occur in 8-bit or UTF-8 text (UTF-16 with a BOM is handled before this).
    return b"\x00" in body[:4096]


def decode_body(body: bytes, *, header_charset: str = "") -> tuple[str, str]:
    """Bytes -> (text, charset): the header's charset, else a BOM / <meta> / XML declaration, else
    detection. Binary or undecodable bodies raise FetchError."""
    if not body.strip():
        raise FetchError("the page is empty")
    if body.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif body.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if _looks_binary(body):
            raise FetchError("the page is binary, not text")
        candidates = []
        if header_charset:
            candidates.append(header_charset)
        found = _META_CHARSET.search(body[:4096]) or _XML_ENCODING.search(body[:1024])
        if found:
            candidates.append(found.group(1).decode("ascii", "replace"))
    for charset in candidates:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        return _check_text(text), charset.lower()
    best = from_bytes(body).best()
    if best is None or best.encoding is None:
        raise FetchError("the page is not decodable text")
    return _check_text(str(best)), best.encoding


def _check_text(text: str) -> str:
    # Control characters other than whitespace mean binary data that happened to decode.
    sample = text[:20000]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    if sample and control / len(sample) > 0.01:
        raise FetchError("the page is binary, not text")
    return text


# --- fetching ------------------------------------------------------------------------------


def _parse_content_type(value: str) -> tuple[str, str]:
    parts = [p.strip() for p in (value or "").split(";")]
    mime = parts[0].lower()
    charset = ""
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("\"'")
    return mime, charset


def _check_url(url: str):
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}")
    if not parts.hostname:
        raise FetchError(f"URL without a host: {url!r}")
    if parts.username or parts.password:
        raise FetchError("URLs with credentials are not fetched")
    return parts.hostname, port or (443 if parts.scheme.lower() == "https" else 80)


def fetch_url(
    url: str,
    *,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    total_timeout: float | None = None,
    allowed_types: set[str] | frozenset[str] = frozenset(TEXT_CONTENT_TYPES),
) -> FetchedPage:
    """GET url and return its decoded text; FetchError (with the reason) on anything unsafe or bad."""
    max_bytes = max_bytes if max_bytes is not None else settings.FETCH_MAX_BYTES
    max_redirects = max_redirects if max_redirects is not None else settings.FETCH_MAX_REDIRECTS
    timeout = (
        connect_timeout if connect_timeout is not None else settings.FETCH_CONNECT_TIMEOUT,
        read_timeout if read_timeout is not None else settings.FETCH_READ_TIMEOUT,
    )
    deadline = time.monotonic() + (total_timeout if total_timeout is not None else settings.FETCH_TOTAL_TIMEOUT)
    current = url
    hops: list[str] = []
    seen: set[str] = set()
    while True:
        host, port = _check_url(current)
        ip = resolve_checked(host, port)
        seen.add(current)
        if time.monotonic() > deadline:
            raise FetchError("fetch took too long (total timeout)")
        session, response = _get_pinned(current, ip, timeout)
        try:
            if response.status_code in REDIRECT_STATUSES:
                location = response.headers.get("Location", "")
                if not location:
                    raise FetchError(f"redirect without a Location from {current}")
                if len(hops) >= max_redirects:
                    raise FetchError(f"too many redirects (more than {max_redirects})")
                nxt = urljoin(current, location)
                if nxt in seen:
                    raise FetchError(f"redirect loop at {nxt}")
                hops.append(nxt)
                current = nxt
                continue
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} from {current}")
            mime, header_charset = _parse_content_type(response.headers.get("Content-Type", ""))
            if mime not in allowed_types:
                raise FetchError(f"unsupported content type {mime or 'none'!r} from {current}")
            body = _read_capped(response, max_bytes=max_bytes, deadline=deadline)
        finally:
            response.close()
            session.close()
        text, charset = decode_body(body, header_charset=header_charset)
        return FetchedPage(
            url=url,
            final_url=current,
            status=response.status_code,
            content_type=mime,
            charset=charset,
            text=text,
            redirects=tuple(hops),
            content=body,
        )


def _get_pinned(url: str, ip: str, timeout) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    # No proxies or .netrc from the environment: a proxy would do its own (unchecked) DNS lookup.
    session.trust_env = False
    adapter = PinnedAddressAdapter(ip)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    try:
        response = session.get(
            url,
            timeout=timeout,
            allow_redirects=False,
            stream=True,
            verify=getattr(settings, "FETCH_CA_BUNDLE", "") or True,
            headers={
                "User-Agent": settings.FETCH_USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8",
            },
        )
    except requests.exceptions.ConnectTimeout as exc:
        session.close()
        raise FetchError(f"connect timeout fetching {url}") from exc
    except requests.exceptions.ReadTimeout as exc:
        session.close()
        raise FetchError(f"read timeout fetching {url}") from exc
    except requests.exceptions.SSLError as exc:
        session.close()
        raise FetchError(f"TLS error fetching {url}: {exc}") from exc
    except requests.exceptions.RequestException as exc:
        session.close()
        raise FetchError(f"network error fetching {url}: {exc.__class__.__name__}") from exc
    return session, response


def _read_capped(response: requests.Response, *, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"page too large: {int(declared)} bytes declared, limit {max_bytes}")
    from urllib3.exceptions import HTTPError as Urllib3Error
    from urllib3.exceptions import ReadTimeoutError

    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            # read1: returns as soon as some bytes arrive, so a server dripping a byte at a time is caught
            # by the wall-clock budget below (read() would wait for a full chunk, timeout reset per byte).
            # decode_content: the cap applies to the decompressed size (a gzip bomb stops at the cap).
            chunk = raw.read1(65536, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"page too large: more than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchError("fetch took too long (total timeout)")
            chunks.append(chunk)
    except (ReadTimeoutError, socket.timeout) as exc:
        raise FetchError("read timeout while downloading the page") from exc
    except (Urllib3Error, OSError) as exc:
        raise FetchError(f"connection lost while downloading the page: {exc.__class__.__name__}") from exc
    return b"".join(chunks)
