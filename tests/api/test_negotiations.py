import pytest

from negotiations.models import Negotiation
from tests.api.conftest import error_of, ids

URL = "/api/v1/negotiations/"
pytestmark = pytest.mark.django_db


def test_it_lists_negotiations_with_their_participations(anon, world):
    response = anon.get(URL, {"count": "true"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    talks = next(row for row in body["results"] if row["id"] == world["talks"].pk)
    assert talks["slug"] == "gaza-cease-fire-talks"
    roles = sorted((p["role"], p["actor"]["name"]) for p in talks["participations"])
    assert roles == [("mediator", "Qatar"), ("party", "Hamas"), ("party", "Israel")]


def test_it_shows_one_negotiation(anon, world):
    response = anon.get(f"{URL}{world['talks'].pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == "Gaza cease-fire talks"
    assert response.json()["api_url"].endswith(f"/api/v1/negotiations/{world['talks'].pk}/")


def test_it_filters_by_actor_role_status_dates_and_text(anon, world):
    assert ids(anon.get(URL, {"actor": world["qatar"].pk})) == [world["talks"].pk]
    assert ids(anon.get(URL, {"actor": world["qatar"].pk, "role": "party"})) == []
    assert ids(anon.get(URL, {"actor": world["egypt"].pk, "role": "mediator"})) == [world["other"].pk]
    assert ids(anon.get(URL, {"role": "mediator", "ordering": "id"})) == [world["talks"].pk, world["other"].pk]
    assert ids(anon.get(URL, {"started_after": "2024-01-01"})) == [world["talks"].pk]
    assert ids(anon.get(URL, {"q": "sudan"})) == [world["other"].pk]
    Negotiation.objects.filter(pk=world["other"].pk).update(status="stalled")
    assert ids(anon.get(URL, {"status": "stalled"})) == [world["other"].pk]
    error_of(anon.get(URL, {"status": "sleeping"}), 400, "invalid")


def test_it_orders_by_title_and_on_request(anon, world):
    assert ids(anon.get(URL)) == [world["talks"].pk, world["other"].pk]
    assert ids(anon.get(URL, {"ordering": "-title"})) == [world["other"].pk, world["talks"].pk]


def test_it_creates_with_a_default_slug_and_status_time(editor, db):
    response = editor.post(URL, {"title": "Ukraine grain deal", "status": "active"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "ukraine-grain-deal"
    assert response.json()["status_changed_at"] is not None
    negotiation = Negotiation.objects.get(slug="ukraine-grain-deal")
    assert negotiation.history.latest().history_user == editor.user
    # The same slug again is the model's unique rule: a 400 on the field.
    body = error_of(editor.post(URL, {"title": "Ukraine grain deal"}, format="json"), 400, "invalid")
    assert "slug" in body["fields"]


def test_it_records_when_the_status_changes(editor, world):
    url = f"{URL}{world['talks'].pk}/"
    assert world["talks"].status_changed_at is None
    response = editor.patch(url, {"summary": "Phase one"}, format="json")
    assert response.json()["status_changed_at"] is None
    response = editor.patch(url, {"status": "agreement_reached"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "agreement_reached"
    assert response.json()["status_changed_at"] is not None


def test_it_rejects_an_end_before_the_start(editor, world):
    payload = {"started_on": "2024-05-01", "ended_on": "2024-01-01"}
    body = error_of(editor.patch(f"{URL}{world['talks'].pk}/", payload, format="json"), 400, "invalid")
    assert body["fields"]["non_field_errors"]


def test_it_refuses_writes_without_permission(anon, reader, world):
    error_of(anon.post(URL, {"title": "X"}, format="json"), 401, "not_authenticated")
    error_of(reader.post(URL, {"title": "X"}, format="json"), 403, "permission_denied")
    error_of(reader.delete(f"{URL}{world['other'].pk}/"), 403, "permission_denied")
    assert Negotiation.objects.count() == 2


def test_it_accepts_session_auth_for_the_browsable_api(world):
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    User.objects.create_superuser("curator", password="pw-curator-123")
    client = APIClient(enforce_csrf_checks=False)
    assert client.login(username="curator", password="pw-curator-123")
    response = client.delete(f"{URL}{world['other'].pk}/")
    assert response.status_code == 204
    assert not Negotiation.objects.filter(pk=world["other"].pk).exists()
