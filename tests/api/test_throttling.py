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
