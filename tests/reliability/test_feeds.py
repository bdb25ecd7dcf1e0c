"""events.feeds.parse_feed: safe parsing of RSS and Atom; hostile XML is refused with a reason."""

import datetime as dt

import pytest

from events.feeds import FeedError, parse_feed
from tests.reliability.feeds_data import (
    ATOM,
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    EXTERNAL_ENTITY_URL,
    LONG_PARAGRAPH,
    MALFORMED_WITH_ENTITY,
    rss,
    rss_item,
)


def test_it_reads_rss_entries():
    feed = parse_feed(
        rss(rss_item("https://wire.example/a", "Talks resume") + rss_item("https://wire.example/b", "Envoy visits"))
    )

    assert feed.kind == "rss"
    assert feed.title == "Wire"
    assert [(e.url, e.title) for e in feed.entries] == [
        ("https://wire.example/a", "Talks resume"),
        ("https://wire.example/b", "Envoy visits"),
    ]
    assert feed.entries[0].published_at == dt.datetime(2025, 11, 4, 10, 0, tzinfo=dt.timezone.utc)


def test_it_reads_atom_entries():
    feed = parse_feed(ATOM)

    assert feed.kind == "atom"
    assert [(e.url, e.title, e.html) for e in feed.entries] == [
        ("https://agency.example/geneva", "Envoys meet in Geneva", "")
    ]
    assert feed.entries[0].published_at == dt.datetime(2025, 11, 4, 9, 30, tzinfo=dt.timezone.utc)


def test_it_keeps_the_article_when_the_entry_carries_it():
    article = "<p>" + LONG_PARAGRAPH * 8 + "</p>"
    feed = parse_feed(rss(rss_item("https://wire.example/full", "Full", content=article)), min_article_chars=600)

    assert "third round of talks" in feed.entries[0].html


def test_it_leaves_a_teaser_out_so_the_worker_fetches_the_page():
    feed = parse_feed(rss(rss_item("https://wire.example/teaser", "Teaser", summary="Talks resume. Read more.")))

    assert feed.entries[0].html == ""
    assert feed.entries[0].summary == "Talks resume. Read more."


def test_it_drops_scripts_from_entry_html():
    article = "<p>" + LONG_PARAGRAPH * 8 + "</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    feed = parse_feed(rss(rss_item("https://wire.example/xss", "X", content=article)))

    assert "<script" not in feed.entries[0].html
    assert "onerror" not in feed.entries[0].html


def test_it_skips_entries_whose_link_is_not_http():
    feed = parse_feed(
        rss(
            rss_item("javascript:alert(1)", "Bad")
            + rss_item("file:///etc/passwd", "Worse")
            + rss_item("https://ok.example/", "Good")
        )
    )

    assert [e.url for e in feed.entries] == ["https://ok.example/"]


def test_it_caps_the_number_of_entries():
    items = "".join(rss_item(f"https://wire.example/{i}", f"Story {i}") for i in range(50))

    assert len(parse_feed(rss(items), max_entries=10).entries) == 10


@pytest.mark.parametrize(
    "payload",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_ENTITY_URL, MALFORMED_WITH_ENTITY],
    ids=["billion-laughs", "external-entity-file", "external-parameter-entity-url", "malformed-with-entity"],
)
def test_it_refuses_entity_tricks(payload):
    with pytest.raises(FeedError, match="feed refused"):
        parse_feed(payload)


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"   ",
        b"<html><body><p>Not a feed</p></body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"<rss><channel><item>",
    ],
    ids=["empty", "blank", "html-page", "binary", "truncated"],
)
def test_it_refuses_what_is_not_a_feed(payload):
    with pytest.raises(FeedError):
        parse_feed(payload)
