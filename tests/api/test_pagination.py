import pytest

from negotiations.models import Actor

pytestmark = pytest.mark.django_db


def test_it_paginates_with_page_size_and_caps_it_at_200(anon):
    Actor.objects.bulk_create([Actor(name=f"Actor {i:03}", normalized_name=f"actor {i:03}") for i in range(230)])
    body = anon.get("/api/v1/actors/", {"page_size": 10, "page": 2}).json()
    assert body["count"] == 230
    assert [row["name"] for row in body["results"]] == [f"Actor {i:03}" for i in range(10, 20)]
    assert "page=3" in body["next"] and "page_size=10" in body["next"]
    assert len(anon.get("/api/v1/actors/", {"page_size": 1000}).json()["results"]) == 200
    assert len(anon.get("/api/v1/actors/").json()["results"]) == 50
