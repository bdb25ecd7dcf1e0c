import datetime as dt

import pytest

from events.pipeline.normalize import (
    EmptyReportError,
    NormalizationError,
    canonical_url,
    normalize_report,
    text_fingerprint,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example.COM/World/Story", "https://news.example.com/World/Story"),
        ("https://example.com/a/?utm_source=tw&utm_medium=social", "https://example.com/a"),
        ("https://example.com/a?b=2&fbclid=x&a=1&gclid=y&mc_cid=z&ref=home", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a/", "https://example.com:8443/a"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com//a//b/", "https://example.com/a/b"),
        ("  https://example.com/a?id=7  ", "https://example.com/a?id=7"),
    ],
)
def test_it_canonicalizes_urls(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url", ["", "ftp://example.com/a", "javascript:alert(1)", "https:///nohost", "http://[::1", "x" * 3000]
)
def test_it_refuses_urls_that_are_not_web_pages(url):
    with pytest.raises(NormalizationError):
        canonical_url(url)


def test_it_keeps_the_same_page_under_tracking_parameters_the_same():
    seed = "https://anews.com.tr/americas/2024/12/17/us-says-gaza-talks"
    assert canonical_url(seed + "/?utm_campaign=x&utm_source=y#top") == canonical_url(seed)


ARTICLE = """<!doctype html><html><head><title>Talks resume in Doha</title>
<meta property="article:published_time" content="2024-12-17T09:30:00+00:00">
<script>window.tracker = "ignore me";</script><style>p {color: red}</style></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<article><h1>Talks resume in Doha</h1>
<p>Negotiators from both sides returned to Doha on Monday for a new round of indirect talks on a cease-fire, officials said.</p>
<p>"We are closer than we have been in months, but nothing is agreed until everything is agreed," a senior official told reporters.</p>
<p>The mediators are expected to present a revised proposal later this week, according to two people familiar with the talks.</p>
<img src="https://tracker.invalid/pixel.gif"></article>
<aside><h3>Most read</h3><ul><li>Football results</li></ul></aside>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>"""


def test_it_extracts_the_article_text_from_html_as_paragraph_lines():
    report = normalize_report(url="https://example.com/doha", html=ARTICLE)
    lines = report.text.split("\n")
    assert lines[0].startswith("Negotiators from both sides returned to Doha on Monday")
    assert lines[1].startswith('"We are closer than we have been in months')
    assert lines[2].startswith("The mediators are expected")
    assert len(lines) == 3
    assert "tracker" not in report.text and "Football" not in report.text and "Copyright" not in report.text


def test_it_finds_the_publication_date_in_the_html_when_missing():
    report = normalize_report(url="https://example.com/doha", html=ARTICLE)
    assert report.published_at == dt.datetime(2024, 12, 17, tzinfo=dt.timezone.utc)


def test_it_keeps_a_given_publication_date_over_the_html_one():
    report = normalize_report(url="https://example.com/doha", html=ARTICLE, published_at="2024-12-18")
    assert report.published_at == dt.datetime(2024, 12, 18, tzinfo=dt.timezone.utc)


def test_it_reads_a_bare_html_fragment():
    report = normalize_report(url="https://example.com/a", html="<p>The talks ended without a deal on Sunday.</p>")
    assert report.text == "The talks ended without a deal on Sunday."


def test_it_detects_the_language_when_missing():
    en = normalize_report(
        url="https://example.com/a", text="The negotiations have been productive in recent days, the spokesman said."
    )
    fr = normalize_report(
        url="https://example.com/b",
        text="Les négociations ont été productives ces derniers jours, a déclaré le porte-parole.",
    )
    given = normalize_report(url="https://example.com/c", text="Talks went on.", language="EN")
    assert (en.language, fr.language, given.language) == ("en", "fr", "en")


def test_it_cleans_whitespace_and_control_characters_but_keeps_paragraphs():
    report = normalize_report(
        url="https://example.com/a", text="  First   line\x07 here.\r\n\r\n\n Second\u00a0line.  "
    )
    assert report.text == "First line here.\nSecond line."


def test_it_fingerprints_the_words_not_the_layout():
    a = text_fingerprint('"The talks," he said, "were productive."')
    b = text_fingerprint("the talks he said were\nproductive")
    c = text_fingerprint("the talks he said were unproductive")
    assert a == b
    assert a != c
    assert len(a) == 64


@pytest.mark.parametrize(
    "kwargs",
    [
        {"text": ""},
        {"text": "   \n\t "},
        {"text": "... !!! ---"},
        {"html": "<html><body><script>var a = 1;</script></body></html>"},
        {"html": "\x00\x01\x02\xff"},
        {"html": "<<<>>>"},
    ],
)
def test_it_refuses_a_report_without_text(kwargs):
    with pytest.raises(EmptyReportError, match="no text"):
        normalize_report(url="https://example.com/a", **kwargs)


def test_it_refuses_oversized_input():
    with pytest.raises(NormalizationError, match="longer than"):
        normalize_report(url="https://example.com/a", text="word " * 300_000)
    with pytest.raises(NormalizationError, match="larger than"):
        normalize_report(url="https://example.com/a", html="<p>" + "x" * 5_000_001 + "</p>")


def test_it_refuses_a_malformed_publication_date():
    with pytest.raises(NormalizationError, match="published_at"):
        normalize_report(url="https://example.com/a", text="Talks went on.", published_at="next Tuesday")


def test_it_never_fetches_a_url_given_as_html(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("normalize must not touch the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    report = normalize_report(url="https://example.com/a", html="https://example.com/other-page")
    assert report.text == "https://example.com/other-page"  # read as markup text, not downloaded
