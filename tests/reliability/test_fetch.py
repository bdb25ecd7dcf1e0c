"""events.fetch.fetch_url against a real local HTTP server (allowed through the explicit allow-list)."""

import pytest

from events.fetch import FetchError, decode_body, fetch_url


def test_it_fetches_an_html_page(local_server, allow_local):
    page = fetch_url(f"{local_server.base}/article")

    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert "Negotiators met in Doha on Monday" in page.text
    assert page.html == page.text
    assert page.final_url == f"{local_server.base}/article"


def test_it_sends_the_host_name_in_the_host_header(local_server, allow_local):
    fetch_url(f"{local_server.base}/article")

    assert local_server.hits[-1] == ("/article", f"127.0.0.1:{local_server.port}")


def test_it_follows_a_redirect_and_reports_the_final_url(local_server, allow_local):
    local_server.redirect("/old", "/article", status=301)

    page = fetch_url(f"{local_server.base}/old")

    assert page.final_url == f"{local_server.base}/article"
    assert page.redirects == (f"{local_server.base}/article",)
    assert "Doha" in page.text


def test_it_decodes_with_the_meta_charset_when_the_header_has_none(local_server, allow_local):
    body = '<html><head><meta charset="iso-8859-1"></head><body><p>Erdoğan? no: Müller à Genève</p></body></html>'
    local_server.static("/latin", body.replace("ğ", "g").encode("iso-8859-1"), content_type="text/html")

    page = fetch_url(f"{local_server.base}/latin")

    assert page.charset == "iso-8859-1"
    assert "Müller à Genève" in page.text


def test_it_detects_the_charset_when_nothing_declares_it(local_server, allow_local):
    text = (
        "<html><body><p>"
        + "Les négociateurs se sont réunis à Genève, a déclaré le ministère. " * 20
        + "</p></body></html>"
    )
    local_server.static("/guess", text.encode("utf-8"), content_type="text/html")

    page = fetch_url(f"{local_server.base}/guess")

    assert "réunis à Genève" in page.text


def test_it_accepts_plain_text(local_server, allow_local):
    local_server.static("/plain", "Talks resumed.", content_type="text/plain; charset=utf-8")

    page = fetch_url(f"{local_server.base}/plain")

    assert page.text == "Talks resumed."
    assert page.html == ""


def test_it_refuses_an_http_error(local_server, allow_local):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{local_server.base}/missing")


def test_it_refuses_a_body_that_does_not_decode():
    # Invalid UTF-8 declared as UTF-8 and full of control bytes: neither the declared charset nor detection
    # gives text.
    with pytest.raises(FetchError, match="binary|decodable"):
        decode_body(bytes(range(1, 32)) * 200, header_charset="utf-8")


def test_it_refuses_an_empty_body():
    with pytest.raises(FetchError, match="empty"):
        decode_body(b"   \n ")
