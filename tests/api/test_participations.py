import pytest

from negotiations.models import Participation
from tests.api.conftest import error_of, ids

URL = "/api/v1/participations/"
pytestmark = pytest.mark.django_db


def test_it_lists_participations_with_nested_actor_and_negotiation(anon, world):
    row = next(r for r in anon.get(URL).json()["results"] if r["id"] == world["p_qatar"].pk)
    assert row["role"] == "mediator"
    assert row["actor"]["name"] == "Qatar"
    assert row["negotiation"]["slug"] == "gaza-cease-fire-talks"


def test_it_filters_by_negotiation_actor_and_role(anon, world):
    assert set(ids(anon.get(URL, {"negotiation": world["talks"].pk}))) == {
        world["p_israel"].pk,
        world["p_hamas"].pk,
        world["p_qatar"].pk,
    }
    assert ids(anon.get(URL, {"actor": world["egypt"].pk})) == [world["p_egypt"].pk]
    assert set(ids(anon.get(URL, {"role": "mediator"}))) == {world["p_qatar"].pk, world["p_egypt"].pk}
    assert ids(anon.get(URL, {"ordering": "-id"}))[0] == world["p_egypt"].pk


def test_it_creates_one_role_per_actor_and_negotiation(editor, world):
    payload = {"negotiation": world["talks"].pk, "actor": world["egypt"].pk, "role": "mediator"}
    response = editor.post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["actor"]["id"] == world["egypt"].pk
    error_of(editor.post(URL, payload, format="json"), 400, "invalid")
    bad = {**payload, "role": "guarantor", "since": "2025-01-02", "until": "2025-01-01"}
    error_of(editor.post(URL, bad, format="json"), 400, "invalid")
    assert Participation.objects.filter(actor=world["egypt"], negotiation=world["talks"]).count() == 1


def test_it_refuses_writes_without_permission(anon, reader, world):
    error_of(anon.delete(f"{URL}{world['p_qatar'].pk}/"), 401)
    error_of(reader.delete(f"{URL}{world['p_qatar'].pk}/"), 403)
    assert Participation.objects.filter(pk=world["p_qatar"].pk).exists()
