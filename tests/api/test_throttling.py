import pytest

from api.v1.throttling import V1AnonThrottle, V1UserThrottle
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def test_it_throttles_anonymous_clients_more_than_users(anon, reader, monkeypatch):
    # Rates come from settings at import; lowered here for the test only.
    monkeypatch.setattr(V1AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    monkeypatch.setattr(V1UserThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    assert [anon.get("/api/v1/actors/").status_code for _ in range(3)] == [200, 200, 200]
    response = anon.get("/api/v1/actors/")
    error_of(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert [reader.get("/api/v1/actors/").status_code for _ in range(5)] == [200] * 5
    error_of(reader.get("/api/v1/actors/"), 429, "throttled")


def test_a_history_stored_as_a_list_counts_as_before(anon, monkeypatch):
    # DRF's own throttle stores a list of request times; the v1 throttles store an array and read either.
    import time

    from django.core.cache import cache

    monkeypatch.setattr(V1AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    assert anon.get("/api/v1/actors/").status_code == 200
    key = V1AnonThrottle.cache_format % {"scope": "anon", "ident": "127.0.0.1"}
    assert len(cache.get(key)) == 1
    now = time.time()
    cache.set(key, [now - 1, now - 2, now - 120], 60)
    assert anon.get("/api/v1/actors/").status_code == 200  # the one two minutes old no longer counts
    error_of(anon.get("/api/v1/actors/"), 429, "throttled")
