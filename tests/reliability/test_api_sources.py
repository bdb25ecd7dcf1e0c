"""The Source resource: /api/v1/sources/ (read for all, writes with model permissions, poll now)."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token

from events.models import Report, Source


def _user_with(*codenames):
    user = User.objects.create_user(username="-".join(codenames) or "nobody", password="x")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="events", codename__in=codenames))
    return user


def _auth(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


@pytest.mark.django_db
def test_it_lists_sources_with_last_poll_errors_and_counts(api_client):
    source = Source.objects.create(
        name="Wire",
        url="https://wire.example/rss",
        last_error="HTTP 500 from https://wire.example/rss",
        entries_seen=12,
        reports_created=7,
    )
    Report.objects.create(url="https://wire.example/a", canonical_url="https://wire.example/a", source=source)
    Source.objects.create(name="Agency", url="https://agency.example/atom", kind="atom", active=False)

    response = api_client.get("/api/v1/sources/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["active"], r["kind"]) for r in rows] == [("Agency", False, "atom"), ("Wire", True, "rss")]
    wire = rows[1]
    assert wire["last_error"] == "HTTP 500 from https://wire.example/rss"
    assert (wire["entries_seen"], wire["reports_created"], wire["reports_count"]) == (12, 7, 1)
    assert wire["last_polled_at"] is None
    assert wire["api_url"].endswith(f"/api/v1/sources/{source.id}/")


@pytest.mark.django_db
def test_it_filters_by_active(api_client):
    Source.objects.create(name="On", url="https://on.example/rss")
    Source.objects.create(name="Off", url="https://off.example/rss", active=False)

    response = api_client.get("/api/v1/sources/?active=false")

    assert [r["name"] for r in response.json()["results"]] == ["Off"]


@pytest.mark.django_db
def test_it_refuses_anonymous_writes(api_client):
    response = api_client.post("/api/v1/sources/", {"name": "X", "url": "https://x.example/rss"}, format="json")

    assert response.status_code in (401, 403)
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_user_without_the_permission(api_client):
    _auth(api_client, _user_with())

    response = api_client.post("/api/v1/sources/", {"name": "X", "url": "https://x.example/rss"}, format="json")

    assert response.status_code == 403


@pytest.mark.django_db
def test_it_creates_and_updates_a_source(api_client):
    _auth(api_client, _user_with("add_source", "change_source"))

    created = api_client.post("/api/v1/sources/", {"name": "Wire", "url": "https://wire.example/rss"}, format="json")
    assert created.status_code == 201
    source_id = created.json()["id"]
    updated = api_client.patch(f"/api/v1/sources/{source_id}/", {"active": False}, format="json")

    assert updated.status_code == 200
    assert updated.json()["active"] is False
    assert Source.objects.get(id=source_id).active is False


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["ftp://wire.example/rss", "file:///etc/passwd", "not a url"])
def test_it_refuses_a_feed_url_that_is_not_http(api_client, url):
    _auth(api_client, _user_with("add_source"))

    response = api_client.post("/api/v1/sources/", {"name": "Bad", "url": url}, format="json")

    assert response.status_code == 400
    assert "url" in str(response.json())
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_it_answers_400_for_a_known_feed_url(api_client):
    _auth(api_client, _user_with("add_source"))
    Source.objects.create(name="Wire", url="https://wire.example/rss")

    response = api_client.post("/api/v1/sources/", {"name": "Again", "url": "https://wire.example/rss"}, format="json")

    assert response.status_code == 400
    assert "url" in response.json()["error"]["fields"]
    assert Source.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_polls_a_source_now(api_client, monkeypatch):
    from events import tasks

    polled = []
    monkeypatch.setattr(tasks.poll_source, "apply_async", lambda args, **kw: polled.append(args))
    source = Source.objects.create(name="Wire", url="https://wire.example/rss")
    _auth(api_client, _user_with("change_source"))

    response = api_client.post(f"/api/v1/sources/{source.id}/poll/")

    assert response.status_code == 202
    assert polled == [[source.id]]
