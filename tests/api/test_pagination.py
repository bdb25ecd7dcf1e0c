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


def test_it_breaks_ordering_ties_by_id_so_pages_are_stable(anon):
    import datetime as dt

    from tests.factories import NegotiationFactory, StatementFactory

    talks = NegotiationFactory()
    made = [StatementFactory(negotiation=talks, said_on=dt.date(2024, 5, 1)).pk for _ in range(6)]
    seen = []
    for page in range(1, 7):
        body = anon.get("/api/v1/statements/", {"ordering": "said_on", "page_size": 1, "page": page}).json()
        seen += [row["id"] for row in body["results"]]
    assert seen == sorted(made)
    body = anon.get("/api/v1/statements/", {"ordering": "-said_on", "page_size": 6}).json()
    assert [row["id"] for row in body["results"]] == sorted(made, reverse=True)
