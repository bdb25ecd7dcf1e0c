"""Hostile input: whatever a client sends, the answer is a 4xx in the JSON error shape (or a 503 for a
query that ran out of time), never a 500, and never a request that holds the database."""

import json
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings

from api.v1.throttling import V1AnonThrottle
from negotiations.models import Actor
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db

FAR_OFFSET = "2025-01-01T00:00:00+20:00"


@pytest.mark.parametrize(
    "url,param",
    [
        ("/api/v1/actors/", "updated_since"),
        ("/api/v1/statements/", "updated_since"),
        ("/api/v1/meetings/", "updated_since"),
        ("/api/v1/reports/", "published_after"),
        ("/api/v1/tombstones/", "updated_since"),
        ("/api/v1/sources/", "updated_since"),
    ],
)
def test_it_answers_400_for_a_utc_offset_postgresql_cannot_store(anon, url, param):
    body = error_of(anon.get(url, {param: FAR_OFFSET}), 400, "invalid")
    assert list(body["fields"]) == [param]
    assert "offset" in body["fields"][param][0]


def test_it_still_takes_the_widest_offsets_postgresql_stores(anon):
    for value in ("2025-01-01T00:00:00+15:59", "2025-01-01T00:00:00-15:59", "2025-01-01T00:00:00+05:30"):
        assert anon.get("/api/v1/actors/", {"updated_since": value}).status_code == 200


def test_it_answers_the_admin_date_filter_with_a_far_offset_without_a_500(db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get("/admin/events/report/", {"published_at__gte": FAR_OFFSET})
    # The admin's own answer to lookup parameters it cannot use: a redirect to the list with ?e=1.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def _nested(depth: int) -> str:
    return '{"title": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_it_answers_400_for_json_nested_too_deep(editor, depth):
    response = editor.post("/api/v1/negotiations/", data=_nested(depth), content_type="application/json")
    body = error_of(response, 400, "parse_error")
    assert "deep" in body["message"]


def test_it_still_parses_json_nested_within_the_limit(editor):
    response = editor.post("/api/v1/negotiations/", data=_nested(20), content_type="application/json")
    # Parsed: the nesting reaches the serializer, which refuses a list for a title.
    assert set(error_of(response, 400, "invalid")["fields"]) == {"title"}


@pytest.mark.parametrize("charset", ["rot13", "zlib", "bz2", "utf-16", "latin-1", "no-such-codec"])
def test_it_answers_415_for_a_request_charset_other_than_utf8(editor, charset):
    response = editor.post(
        "/api/v1/actors/", data=b'{"name": "Oman"}', content_type=f"application/json; charset={charset}"
    )
    body = error_of(response, 415, "unsupported_media_type")
    assert "UTF-8" in body["message"]
    assert not Actor.objects.exists()


@pytest.mark.parametrize("charset", ["utf-8", "UTF8", "us-ascii", "ascii"])
def test_it_accepts_utf8_and_ascii_request_charsets(editor, charset):
    response = editor.post(
        "/api/v1/actors/", data=b'{"name": "Oman"}', content_type=f"application/json; charset={charset}"
    )
    assert response.status_code == 201, response.content
    assert Actor.objects.get().name == "Oman"


def test_it_never_inflates_a_zlib_body_past_the_size_limit(editor):
    # 10 MB of JSON compresses to a few KB: as charset=zlib it would be inflated by the decoder.
    inflated = json.dumps({"url": "https://news.example.org/zip", "text": "a" * (10 * 1024 * 1024)}).encode()
    body = zlib.compress(inflated, 9)
    assert len(body) < 64 * 1024
    response = editor.generic("POST", "/api/v1/reports/", body, content_type="application/json; charset=zlib")
    error_of(response, 415, "unsupported_media_type")


def test_it_answers_400_for_a_search_with_too_many_words(anon):
    body = error_of(anon.get("/api/v1/actors/", {"q": " ".join(f"w{i}" for i in range(11))}), 400, "invalid")
    assert list(body["fields"]) == ["q"]
    assert "10 words" in body["fields"]["q"][0]
    assert anon.get("/api/v1/actors/", {"q": " ".join(f"w{i}" for i in range(10))}).status_code == 200


def test_it_answers_400_for_a_search_too_long(anon):
    body = error_of(anon.get("/api/v1/statements/", {"q": "x" * 201}), 400, "invalid")
    assert "200 characters" in body["fields"]["q"][0]
    # The same limit holds for the ?search= spelling.
    error_of(anon.get("/api/v1/statements/", {"search": "x" * 201}), 400, "invalid")
    assert anon.get("/api/v1/statements/", {"q": "x" * 200}).status_code == 200


def _sleeping_list(self, request, *args, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.5)")
    from rest_framework.response import Response

    return Response({"slept": True})


@override_settings(API_ANON_STATEMENT_TIMEOUT_MS=100)
def test_it_answers_503_when_an_anonymous_query_runs_past_the_timeout(anon, reader, monkeypatch):
    from api.v1.views import ActorViewSet

    monkeypatch.setattr(ActorViewSet, "list", _sleeping_list)
    body = error_of(anon.get("/api/v1/actors/"), 503, "query_timeout")
    assert "took too long" in body["message"]
    # Authenticated clients are not cut short, and the connection is still usable afterwards.
    assert reader.get("/api/v1/actors/").json() == {"slept": True}
    monkeypatch.undo()
    assert anon.get("/api/v1/actors/").status_code == 200


def test_it_leaves_no_statement_timeout_behind_after_an_anonymous_request(anon):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    assert anon.get("/api/v1/actors/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


def _timeout_list(self, request, *args, **kwargs):
    from rest_framework.response import Response

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return Response({"statement_timeout": cursor.fetchone()[0]})


@pytest.fixture
def session_timeout_reset():
    # The connection keeps an anonymous request's timeout between requests: none for the next test.
    from api.middleware import session_timeout_clear

    yield
    session_timeout_clear()


@pytest.mark.django_db(transaction=True)
@override_settings(API_ANON_STATEMENT_TIMEOUT_MS=100)
def test_outside_a_transaction_the_timeout_stays_on_the_connection_for_anonymous_requests_only(
    anon, monkeypatch, session_timeout_reset
):
    # Outside a transaction (as served), the timeout is set once on the connection, not per request.
    from api.v1.views import ActorViewSet

    user = get_user_model().objects.create_user("reader2", password="pw-reader-123")
    reader = Client()
    reader.force_login(user)
    monkeypatch.setattr(ActorViewSet, "list", _timeout_list)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        own = cursor.fetchone()[0]
    assert own != "100ms"
    assert anon.get("/api/v1/actors/").json() == {"statement_timeout": "100ms"}
    assert anon.get("/api/v1/actors/").json() == {"statement_timeout": "100ms"}
    # A logged-in client (and the admin, and any other page) runs with the connection's own setting.
    assert reader.get("/api/v1/actors/").json() == {"statement_timeout": own}
    assert anon.get("/api/v1/actors/").json() == {"statement_timeout": "100ms"}
    assert reader.get("/admin/").status_code == 302  # not staff: to the login page
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == own
    # A query past the timeout is cancelled (503) and the connection still serves the next request.
    monkeypatch.setattr(ActorViewSet, "list", _sleeping_list)
    error_of(anon.get("/api/v1/actors/"), 503, "query_timeout")
    assert reader.get("/api/v1/actors/").json() == {"slept": True}
    monkeypatch.setattr(ActorViewSet, "list", _timeout_list)
    assert anon.get("/api/v1/actors/").json() == {"statement_timeout": "100ms"}
    # A new connection starts without the setting, and gets it again.
    connection.close()
    assert anon.get("/api/v1/actors/").json() == {"statement_timeout": "100ms"}


@override_settings(API_ANON_STATEMENT_TIMEOUT_MS=100, API_ANON_STATEMENT_TIMEOUT_PER_TRANSACTION=True)
def test_behind_a_transaction_pooler_each_anonymous_request_sets_its_own_timeout(anon, monkeypatch):
    from api.v1.views import ActorViewSet

    monkeypatch.setattr(ActorViewSet, "list", _timeout_list)
    assert anon.get("/api/v1/actors/").json() == {"statement_timeout": "100ms"}
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "100ms"


def test_it_throttles_an_anonymous_client_whatever_x_forwarded_for_it_sends(anon, monkeypatch):
    monkeypatch.setattr(V1AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    codes = [anon.get("/api/v1/actors/", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]


def test_it_trusts_x_forwarded_for_behind_a_configured_proxy(anon, monkeypatch, settings):
    monkeypatch.setattr(V1AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # Behind one proxy, the address that proxy saw is the client: each gets its own budget.
    codes = [anon.get("/api/v1/actors/", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 200]
