import pytest

from negotiations.models import Person, PersonAlias
from tests.api.conftest import error_of, ids

URL = "/api/v1/people/"
pytestmark = pytest.mark.django_db


def test_it_lists_live_people_with_affiliation_and_aliases(anon, world):
    PersonAlias.objects.create(person=world["thani"], name="Mohammed Al-Thani")
    rows = {row["id"]: row for row in anon.get(URL).json()["results"]}
    thani = rows[world["thani"].pk]
    assert thani["affiliation"]["name"] == "Qatar"
    assert thani["aliases"] == ["Mohammed Al-Thani"]
    assert rows[world["blinken"].pk]["affiliation"] is None


def test_it_hides_merged_people_but_answers_their_detail(anon, world):
    twin = Person.objects.create(name="Antony J. Blinken", merged_into=world["blinken"])
    assert twin.pk not in ids(anon.get(URL))
    body = anon.get(f"{URL}{twin.pk}/").json()
    assert body["name"] == "Antony J. Blinken"
    assert body["merged_into"]["id"] == world["blinken"].pk


def test_it_filters_by_actor_negotiation_and_text(anon, world):
    assert ids(anon.get(URL, {"actor": world["qatar"].pk})) == [world["thani"].pk]
    assert ids(anon.get(URL, {"negotiation": world["talks"].pk})) == [world["blinken"].pk, world["thani"].pk]
    assert ids(anon.get(URL, {"negotiation": world["other"].pk})) == []
    PersonAlias.objects.create(person=world["blinken"], name="Tony Blinken")
    assert ids(anon.get(URL, {"q": "tony"})) == [world["blinken"].pk]
    assert ids(anon.get(URL, {"ordering": "-name"})) == [world["thani"].pk, world["blinken"].pk]


def test_it_creates_updates_and_refuses_without_permission(anon, reader, editor, world):
    error_of(anon.post(URL, {"name": "Abbas Araghchi"}, format="json"), 401)
    error_of(reader.post(URL, {"name": "Abbas Araghchi"}, format="json"), 403)
    response = editor.post(URL, {"name": "Abbas Araghchi", "title": "Foreign Minister"}, format="json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.normalized_name == "abbas araghchi"
    response = editor.patch(f"{URL}{person.pk}/", {"affiliation": world["qatar"].pk}, format="json")
    assert response.json()["affiliation"]["id"] == world["qatar"].pk
    body = error_of(editor.patch(f"{URL}{person.pk}/", {"name": ""}, format="json"), 400, "invalid")
    assert "name" in body["fields"]
