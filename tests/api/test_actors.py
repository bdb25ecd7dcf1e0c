import pytest

from negotiations.models import Actor, ActorAlias
from tests.api.conftest import error_of, ids

URL = "/api/v1/actors/"
pytestmark = pytest.mark.django_db


def test_it_lists_live_actors_with_aliases(anon, world):
    ActorAlias.objects.create(actor=world["qatar"], name="Doha")
    rows = {row["name"]: row for row in anon.get(URL).json()["results"]}
    assert list(rows) == ["Egypt", "Hamas", "Israel", "Qatar"]
    assert rows["Qatar"]["aliases"] == ["Doha"]
    assert rows["Qatar"]["iso_code"] == "QA"
    assert rows["Qatar"]["merged_into"] is None


def test_it_hides_merged_rows_from_lists_but_answers_their_detail(anon, world):
    twin = Actor.objects.create(name="State of Qatar", merged_into=world["qatar"])
    assert twin.pk not in ids(anon.get(URL, {"page_size": 200}))
    response = anon.get(f"{URL}{twin.pk}/")
    assert response.status_code == 200
    assert response.json()["merged_into"]["id"] == world["qatar"].pk
    assert response.json()["merged_into"]["api_url"].endswith(f"/api/v1/actors/{world['qatar'].pk}/")


def test_it_filters_by_negotiation_role_kind_and_text(anon, world):
    assert ids(anon.get(URL, {"negotiation": world["talks"].pk})) == [
        world["hamas"].pk,
        world["israel"].pk,
        world["qatar"].pk,
    ]
    assert ids(anon.get(URL, {"negotiation": world["talks"].pk, "role": "mediator"})) == [world["qatar"].pk]
    assert ids(anon.get(URL, {"role": "mediator"})) == [world["egypt"].pk, world["qatar"].pk]
    assert ids(anon.get(URL, {"kind": "armed_group"})) == [world["hamas"].pk]
    ActorAlias.objects.create(actor=world["israel"], name="Jerusalem")
    assert ids(anon.get(URL, {"q": "jerusalem"})) == [world["israel"].pk]
    assert ids(anon.get(URL, {"iso_code": "EG"})) == [world["egypt"].pk]


def test_it_orders_by_name_and_on_request(anon, world):
    assert ids(anon.get(URL, {"ordering": "-name"}))[0] == world["qatar"].pk


def test_it_creates_with_the_models_rules(editor, world):
    response = editor.post(URL, {"name": "Jordan", "kind": "state", "iso_code": "jo"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["iso_code"] == "JO"
    # One live actor per canonical name, folded (case, accents): the model's constraint.
    body = error_of(editor.post(URL, {"name": "  JORDAN", "kind": "state"}, format="json"), 400, "invalid")
    assert body["fields"]
    body = error_of(editor.post(URL, {"name": "Qatar 2", "iso_code": "qa"}, format="json"), 400, "invalid")
    assert body["fields"]
    assert Actor.objects.filter(normalized_name="jordan").count() == 1


def test_it_refuses_writes_without_permission(anon, reader, world):
    error_of(anon.post(URL, {"name": "Oman"}, format="json"), 401)
    error_of(reader.post(URL, {"name": "Oman"}, format="json"), 403)
    assert not Actor.objects.filter(name="Oman").exists()


def test_it_answers_409_when_a_delete_is_blocked_by_statements(editor, world):
    # Hamas speaks in a statement (PROTECT): deleting it must be a clear conflict, not a 500.
    error_of(editor.delete(f"{URL}{world['hamas'].pk}/"), 409, "conflict")
    assert Actor.objects.filter(pk=world["hamas"].pk).exists()
    assert editor.delete(f"{URL}{world['israel'].pk}/").status_code == 204
