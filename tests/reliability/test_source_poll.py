"""source_poll: a feed's new entries become reports; hostile or broken feeds are recorded, never raised."""

import base64
import json

import pytest

from events.models import Report, Source
from events.services.sources import source_poll, sources_enqueue_active
from tests.reliability.feeds_data import BILLION_LAUGHS, EXTERNAL_ENTITY, LONG_PARAGRAPH, rss, rss_item


def _feed(local_server, body: bytes, path="/feed.xml", content_type="application/rss+xml") -> Source:
    local_server.static(path, body, content_type=content_type)
    return Source.objects.create(name="Wire Service", url=f"{local_server.base}{path}")


@pytest.mark.django_db
def test_it_turns_new_entries_into_reports(local_server, allow_local):
    article = "<p>" + LONG_PARAGRAPH * 8 + "</p>"
    source = _feed(
        local_server,
        rss(
            rss_item("https://wire.example/full?utm_source=rss", "Talks resume", content=article)
            + rss_item("https://wire.example/teaser", "Envoy visits", summary="Short teaser.")
        ),
    )

    outcome = source_poll(source_id=source.id)

    assert outcome == {"entries": 2, "created": 2, "errors": 0, "error": ""}
    full, teaser = Report.objects.order_by("id")
    assert (full.canonical_url, full.title, full.outlet, full.source_id) == (
        "https://wire.example/full",
        "Talks resume",
        "Wire Service",
        source.id,
    )
    assert "third round of talks" in full.html
    assert full.published_at.isoformat() == "2025-11-04T10:00:00+00:00"
    # A teaser is not the article: the report holds only the URL, and the worker fetches the page.
    assert (teaser.url, teaser.html, teaser.text, teaser.status) == ("https://wire.example/teaser", "", "", "pending")
    source.refresh_from_db()
    assert (source.entries_seen, source.reports_created, source.last_error, source.kind) == (2, 2, "", "rss")
    assert source.last_polled_at is not None


@pytest.mark.django_db
def test_it_creates_nothing_for_entries_already_known(local_server, allow_local):
    source = _feed(local_server, rss(rss_item("https://wire.example/a", "A") + rss_item("https://wire.example/b", "B")))
    source_poll(source_id=source.id)

    outcome = source_poll(source_id=source.id)

    assert (outcome["entries"], outcome["created"]) == (2, 0)
    assert Report.objects.count() == 2
    source.refresh_from_db()
    assert (source.entries_seen, source.reports_created) == (4, 2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, content_type, reason",
    [
        (BILLION_LAUGHS, "application/rss+xml", "feed refused: EntitiesForbidden"),
        (EXTERNAL_ENTITY, "application/xml", "feed refused: EntitiesForbidden"),
        (b"<html><body>Not a feed</body></html>", "text/html", "not a feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "unsupported content type 'image/png'"),
    ],
    ids=["billion-laughs", "external-entity", "html-page", "binary"],
)
def test_it_records_a_hostile_or_broken_feed_as_the_last_error(local_server, allow_local, body, content_type, reason):
    source = _feed(local_server, body, content_type=content_type)

    outcome = source_poll(source_id=source.id)

    assert outcome["created"] == 0
    assert Report.objects.count() == 0
    source.refresh_from_db()
    assert reason in source.last_error
    assert source.last_polled_at is not None


@pytest.mark.django_db
def test_it_refuses_a_feed_url_inside_the_network(local_server, deny_private):
    source = Source.objects.create(name="Internal", url="http://169.254.169.254/latest/meta-data/")

    source_poll(source_id=source.id)

    source.refresh_from_db()
    assert source.last_error == "refused to fetch '169.254.169.254': 169.254.169.254 is a cloud metadata address"


@pytest.mark.django_db
def test_it_clears_the_last_error_after_a_good_poll(local_server, allow_local):
    source = _feed(local_server, rss(rss_item("https://wire.example/a", "A")))
    Source.objects.filter(id=source.id).update(last_error="HTTP 500 from earlier")

    source_poll(source_id=source.id)

    source.refresh_from_db()
    assert source.last_error == ""


@pytest.mark.django_db
def test_it_enqueues_one_poll_per_active_source(broker):
    on = Source.objects.create(name="On", url="https://on.example/rss")
    Source.objects.create(name="Off", url="https://off.example/rss", active=False)
    also_on = Source.objects.create(name="Also on", url="https://also.example/rss")

    assert sources_enqueue_active() == 2

    messages = [json.loads(m) for m in reversed(broker.client().lrange("celery", 0, -1))]
    assert [m["headers"]["task"] for m in messages] == ["events.poll_source", "events.poll_source"]
    assert [json.loads(base64.b64decode(m["body"]))[0][0] for m in messages] == [on.id, also_on.id]
