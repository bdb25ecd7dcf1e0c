"""Slow, huge, looping, binary and wrongly typed downloads end in a FetchError with the reason."""

import socket
import time

import pytest

from events.fetch import FetchError, fetch_url


def test_it_gives_up_on_a_slow_server_at_the_read_timeout(local_server, allow_local):
    local_server.slow("/slow", delay=5)

    started = time.monotonic()
    with pytest.raises(FetchError, match="read timeout"):
        fetch_url(f"{local_server.base}/slow", read_timeout=0.5)

    assert time.monotonic() - started < 3


def test_it_gives_up_on_a_connect_that_hangs(allow_local):
    # A listening socket that never accepts, its backlog filled: the next SYN goes unanswered.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        fillers.append(s)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="connect timeout"):
            fetch_url(f"http://127.0.0.1:{port}/", connect_timeout=0.5)
    finally:
        for s in fillers:
            s.close()
        listener.close()

    assert time.monotonic() - started < 3


def test_it_stops_a_huge_download_at_the_size_cap(local_server, allow_local):
    local_server.huge("/huge", size=50 * 1024 * 1024, declare_length=False)

    with pytest.raises(FetchError, match="too large: more than 1048576 bytes"):
        fetch_url(f"{local_server.base}/huge", max_bytes=1024 * 1024)


def test_it_refuses_a_declared_length_over_the_cap_before_reading(local_server, allow_local):
    local_server.huge("/huge-declared", size=50 * 1024 * 1024, declare_length=True)

    with pytest.raises(FetchError, match="52428800 bytes declared"):
        fetch_url(f"{local_server.base}/huge-declared", max_bytes=1024 * 1024)


def test_it_stops_at_the_redirect_limit(local_server, allow_local):
    for i in range(10):
        local_server.redirect(f"/hop{i}", f"/hop{i + 1}")

    with pytest.raises(FetchError, match="too many redirects"):
        fetch_url(f"{local_server.base}/hop0", max_redirects=5)

    assert len(local_server.hits) == 6  # the first request and five redirects, no more


def test_it_detects_a_redirect_loop(local_server, allow_local):
    local_server.redirect("/a", "/b")
    local_server.redirect("/b", "/a")

    with pytest.raises(FetchError, match="redirect loop"):
        fetch_url(f"{local_server.base}/a")


@pytest.mark.parametrize("content_type", ["application/octet-stream", "image/png", "application/pdf", ""])
def test_it_refuses_non_text_content_types(local_server, allow_local, content_type):
    local_server.static("/file", b"\x89PNG\r\n\x1a\n\x00\x00", content_type=content_type)

    with pytest.raises(FetchError, match="unsupported content type"):
        fetch_url(f"{local_server.base}/file")


def test_it_refuses_binary_served_as_html(local_server, allow_local):
    local_server.static("/fake-html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100, content_type="text/html")

    with pytest.raises(FetchError, match="binary"):
        fetch_url(f"{local_server.base}/fake-html")


def test_it_refuses_a_redirect_without_location(local_server, allow_local):
    local_server.static("/nowhere", b"", content_type="text/plain", status=302)

    with pytest.raises(FetchError, match="without a Location"):
        fetch_url(f"{local_server.base}/nowhere")


def test_it_gives_up_on_a_drip_feed_at_the_total_timeout(local_server, allow_local):
    # Each byte arrives well within the read timeout; only the wall-clock budget stops it.
    local_server.drip("/drip", interval=0.2, count=100)

    started = time.monotonic()
    with pytest.raises(FetchError, match="total timeout"):
        fetch_url(f"{local_server.base}/drip", read_timeout=1, total_timeout=1.5)

    assert time.monotonic() - started < 4


def test_it_stops_a_compressed_bomb_at_the_size_cap(local_server, allow_local):
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * (20 * 1024 * 1024) + b"</p>")  # 20 MB of text in ~20 KB
    local_server.static("/bomb", bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchError, match="too large: more than 1048576 bytes"):
        fetch_url(f"{local_server.base}/bomb", max_bytes=1024 * 1024)


def test_it_decodes_a_gzip_page(local_server, allow_local):
    import gzip

    local_server.static(
        "/gz",
        gzip.compress("<p>Talks in Doha</p>".encode()),
        content_type="text/html; charset=utf-8",
        headers={"Content-Encoding": "gzip"},
    )

    assert fetch_url(f"{local_server.base}/gz").text == "<p>Talks in Doha</p>"
