import pytest

from tests.api.conftest import error_of, ids

pytestmark = pytest.mark.django_db


def test_it_lists_parties_of_a_negotiation_with_the_actor_nested(anon, world):
    response = anon.get("/api/v1/parties/", {"negotiation": world["talks"].pk})
    assert [row["actor"]["name"] for row in response.json()["results"]] == ["Hamas", "Israel"]
    assert {row["role"] for row in response.json()["results"]} == {"party"}


def test_it_lists_mediators_filterable_by_negotiation(anon, world):
    assert set(ids(anon.get("/api/v1/mediators/"))) == {world["p_qatar"].pk, world["p_egypt"].pk}
    assert ids(anon.get("/api/v1/mediators/", {"negotiation": world["other"].pk})) == [world["p_egypt"].pk]
    assert ids(anon.get("/api/v1/mediators/", {"actor": world["qatar"].pk})) == [world["p_qatar"].pk]


def test_it_answers_detail_only_within_the_role(anon, world):
    assert anon.get(f"/api/v1/mediators/{world['p_qatar'].pk}/").json()["actor"]["name"] == "Qatar"
    error_of(anon.get(f"/api/v1/parties/{world['p_qatar'].pk}/"), 404, "not_found")


def test_it_is_read_only(editor, world):
    payload = {"negotiation": world["talks"].pk, "actor": world["egypt"].pk}
    error_of(editor.post("/api/v1/parties/", payload, format="json"), 405, "method_not_allowed")
