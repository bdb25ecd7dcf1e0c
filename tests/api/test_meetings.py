import pytest

from events.models import Meeting
from tests.api.conftest import error_of, ids

URL = "/api/v1/meetings/"
pytestmark = pytest.mark.django_db


def test_it_lists_meetings_with_participants_evidence_and_corroboration(anon, world):
    rows = {row["id"]: row for row in anon.get(URL).json()["results"]}
    doha = rows[world["meeting_doha"].pk]
    assert doha["place_name"] == "Doha"
    assert doha["place_country"]["name"] == "Qatar"
    assert sorted(p["name"] for p in doha["people"]) == ["Antony Blinken", "Mohammed bin Abdulrahman Al Thani"]
    thani = next(p for p in doha["people"] if p["id"] == world["thani"].pk)
    assert thani["title"] == "Prime Minister"
    assert [a["name"] for a in doha["actors"]] == ["Hamas"]
    assert [e["report"]["id"] for e in doha["evidence"]] == [world["report_a"].pk]
    assert doha["evidence"][0]["sentence"] == "They met in Doha."
    assert doha["corroboration"] == {"outlets": 1, "independent_sources": 1}
    assert doha["negotiation"]["id"] == world["talks"].pk


def test_it_orders_newest_first_by_default_and_on_request(anon, world):
    assert ids(anon.get(URL)) == [world["meeting_cairo"].pk, world["meeting_doha"].pk]
    assert ids(anon.get(URL, {"ordering": "date_from"})) == [world["meeting_doha"].pk, world["meeting_cairo"].pk]


def test_it_filters_by_person_actor_negotiation_dates_and_kind(anon, world):
    assert ids(anon.get(URL, {"person": world["blinken"].pk})) == [world["meeting_doha"].pk]
    # Hamas attended as an actor; Qatar hosted (and its prime minister attended); Egypt hosted Cairo.
    assert ids(anon.get(URL, {"actor": world["hamas"].pk})) == [world["meeting_doha"].pk]
    assert ids(anon.get(URL, {"actor": world["qatar"].pk})) == [world["meeting_doha"].pk]
    assert ids(anon.get(URL, {"actor": world["egypt"].pk})) == [world["meeting_cairo"].pk]
    assert ids(anon.get(URL, {"negotiation": world["other"].pk})) == []
    assert ids(anon.get(URL, {"date_after": "2024-12-15"})) == [world["meeting_cairo"].pk]
    assert ids(anon.get(URL, {"date_before": "2024-12-15"})) == [world["meeting_doha"].pk]
    assert ids(anon.get(URL, {"kind": "visit"})) == [world["meeting_cairo"].pk]
    assert ids(anon.get(URL, {"q": "cairo"})) == [world["meeting_cairo"].pk]


def test_it_filters_by_report_including_its_duplicate_cluster(anon, world):
    # Doha is evidenced by the wire story only; its syndicated copy finds it through duplicate_of.
    assert ids(anon.get(URL, {"report": world["report_b"].pk})) == [world["meeting_doha"].pk]
    assert ids(anon.get(URL, {"report": world["report_c"].pk})) == [world["meeting_cairo"].pk]
    assert ids(anon.get(URL, {"report": 987654})) == []


def test_it_creates_a_meeting_with_participants(editor, world):
    payload = {
        "negotiation": world["talks"].pk,
        "kind": "call",
        "date_from": "2024-12-21",
        "date_to": "2024-12-21",
        "people": [world["thani"].pk],
        "actors": [world["israel"].pk],
        "summary": "Phone call",
    }
    response = editor.post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert list(meeting.people.values_list("pk", flat=True)) == [world["thani"].pk]
    assert [a["id"] for a in response.json()["actors"]] == [world["israel"].pk]
    assert meeting.history.latest().history_user == editor.user


def test_it_rejects_dates_out_of_order_with_the_model_constraint(editor, world):
    payload = {"negotiation": world["talks"].pk, "date_from": "2024-12-21", "date_to": "2024-12-01"}
    body = error_of(editor.post(URL, payload, format="json"), 400, "invalid")
    assert body["fields"]["non_field_errors"]
    body = error_of(editor.post(URL, {"negotiation": world["talks"].pk, "kind": "party"}, format="json"), 400)
    assert "kind" in body["fields"]
    body = error_of(editor.post(URL, {"negotiation": 424242}, format="json"), 400)
    assert "negotiation" in body["fields"]


def test_it_refuses_writes_without_permission(anon, reader, world):
    error_of(anon.patch(f"{URL}{world['meeting_doha'].pk}/", {"summary": "x"}, format="json"), 401)
    error_of(reader.patch(f"{URL}{world['meeting_doha'].pk}/", {"summary": "x"}, format="json"), 403)
    world["meeting_doha"].refresh_from_db()
    assert world["meeting_doha"].summary == "Talks in Doha"


def test_it_updates_participants_and_deletes(editor, world):
    url = f"{URL}{world['meeting_doha'].pk}/"
    response = editor.patch(url, {"people": [world["blinken"].pk]}, format="json")
    assert response.status_code == 200, response.content
    assert [p["id"] for p in response.json()["people"]] == [world["blinken"].pk]
    assert editor.delete(url).status_code == 204
    error_of(editor.get(url), 404, "not_found")
