"""The admin's "poll now" action on feeds: the selected sources are polled (eager task here)."""

import pytest
from django.contrib.auth.models import User

from events.models import Report, Source
from tests.reliability.feeds_data import rss, rss_item


@pytest.mark.django_db
def test_it_polls_the_selected_sources(client, local_server, allow_local):
    local_server.static(
        "/feed.xml",
        rss(rss_item("https://wire.example/a", "A") + rss_item("https://wire.example/b", "B")),
        content_type="application/rss+xml",
    )
    picked = Source.objects.create(name="Wire", url=f"{local_server.base}/feed.xml")
    other = Source.objects.create(name="Other", url=f"{local_server.base}/other.xml")
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw"))

    response = client.post(
        "/admin/events/source/", {"action": "poll_now", "_selected_action": [picked.id]}, follow=True
    )

    assert response.status_code == 200
    assert "1 of 1 feed(s) queued for polling." in response.content.decode()
    picked.refresh_from_db()
    other.refresh_from_db()
    assert (picked.entries_seen, picked.reports_created, picked.last_error) == (2, 2, "")
    assert other.last_polled_at is None
    assert sorted(Report.objects.values_list("outlet", "url")) == [
        ("Wire", "https://wire.example/a"),
        ("Wire", "https://wire.example/b"),
    ]
