import pytest

from events.models import Statement
from tests.api.conftest import error_of, ids

URL = "/api/v1/statements/"
pytestmark = pytest.mark.django_db


def test_it_lists_statements_with_speaker_evidence_and_corroboration(anon, world):
    response = anon.get(URL, {"negotiation": world["talks"].pk})
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {world["s_thani"].pk, world["s_blinken"].pk, world["s_hamas"].pk}
    thani = rows[world["s_thani"].pk]
    assert thani["speaker"]["type"] == "person"
    assert thani["speaker"]["id"] == world["thani"].pk
    assert thani["speaker"]["name"] == "Mohammed bin Abdulrahman Al Thani"
    assert thani["speaker"]["title"] == "Prime Minister"
    assert thani["speaker"]["api_url"].endswith(f"/api/v1/people/{world['thani'].pk}/")
    # Wire + its syndicated copy + another outlet: three outlets, two independent sources.
    assert thani["corroboration"] == {"outlets": 3, "independent_sources": 2}
    assert {e["report"]["id"] for e in thani["evidence"]} == {
        world["report_a"].pk,
        world["report_b"].pk,
        world["report_c"].pk,
    }
    copy = next(e for e in thani["evidence"] if e["report"]["id"] == world["report_b"].pk)
    assert copy["outlet"] == "Paper"
    assert copy["url"] == "https://paper.example.org/b"
    assert copy["duplicate_of"]["id"] == world["report_a"].pk
    assert (copy["char_start"], copy["char_end"]) == (5, 36)
    hamas = rows[world["s_hamas"].pk]
    assert hamas["speaker"]["type"] == "actor"
    assert hamas["speaker"]["name"] == "Hamas"
    assert hamas["corroboration"] == {"outlets": 0, "independent_sources": 0}


def test_it_orders_by_said_on(anon, world):
    # Where the undated statement goes is the database's NULL order; the dated ones are in date order.
    dated = [
        pk
        for pk in ids(anon.get(URL, {"negotiation": world["talks"].pk, "ordering": "said_on"}))
        if pk != world["s_hamas"].pk
    ]
    assert dated == [world["s_blinken"].pk, world["s_thani"].pk]
    dated = [
        pk
        for pk in ids(anon.get(URL, {"negotiation": world["talks"].pk, "ordering": "-said_on"}))
        if pk != world["s_hamas"].pk
    ]
    assert dated == [world["s_thani"].pk, world["s_blinken"].pk]


def test_it_filters_by_person_actor_and_dates(anon, world):
    assert ids(anon.get(URL, {"person": world["thani"].pk})) == [world["s_thani"].pk]
    # Actor: spoken by the actor itself or by a person affiliated with it.
    assert set(ids(anon.get(URL, {"actor": world["qatar"].pk}))) == {world["s_thani"].pk}
    assert set(ids(anon.get(URL, {"actor": world["hamas"].pk}))) == {world["s_hamas"].pk}
    assert ids(anon.get(URL, {"said_after": "2024-12-13", "said_before": "2024-12-31"})) == [world["s_thani"].pk]
    assert ids(anon.get(URL, {"kind": "reported"})) == [world["s_hamas"].pk]


def test_it_searches_text_and_speaker(anon, world):
    assert ids(anon.get(URL, {"q": "ball court"})) == [world["s_blinken"].pk]
    assert ids(anon.get(URL, {"q": "blinken"})) == [world["s_blinken"].pk]


def test_it_filters_by_report_including_its_duplicate_cluster(anon, world):
    # The wire story (an original) also brings in what its syndicated copy evidences.
    assert set(ids(anon.get(URL, {"report": world["report_a"].pk}))) == {world["s_thani"].pk, world["s_blinken"].pk}
    # Asking for the copy gives the original's facts too (either direction).
    assert set(ids(anon.get(URL, {"report": world["report_b"].pk}))) == {world["s_thani"].pk, world["s_blinken"].pk}
    # An independent report: only its own.
    assert ids(anon.get(URL, {"report": world["report_c"].pk})) == [world["s_thani"].pk]
    # The cluster filter joins evidence; the counts must not be multiplied by it.
    row = anon.get(URL, {"report": world["report_a"].pk, "person": world["thani"].pk}).json()["results"][0]
    assert row["corroboration"] == {"outlets": 3, "independent_sources": 2}


def test_it_answers_400_for_bad_filter_values(anon, world):
    for params in ({"report": "abc"}, {"said_after": "yesterday"}, {"person": "-1"}, {"negotiation": "1" * 30}):
        body = error_of(anon.get(URL, params), 400, "invalid")
        assert set(body["fields"]) == set(params)


def test_it_shows_one_statement(anon, world):
    response = anon.get(f"{URL}{world['s_blinken'].pk}/")
    assert response.status_code == 200
    assert response.json()["text"] == "The ball is in Hamas's court."
    assert response.json()["corroboration"] == {"outlets": 1, "independent_sources": 1}
    error_of(anon.get(f"{URL}999999/"), 404, "not_found")


def test_it_creates_with_permission_and_records_the_api_user(editor, world):
    payload = {
        "negotiation": world["talks"].pk,
        "speaker_person": world["thani"].pk,
        "speaker_title": "Prime Minister",
        "text": "A new quote.",
        "said_on": "2024-12-18",
        "kind": "direct",
    }
    response = editor.post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    created = Statement.objects.get(pk=response.json()["id"])
    assert created.text == "A new quote."
    assert response.json()["speaker"]["id"] == world["thani"].pk
    assert created.history.latest().history_user == editor.user


def test_it_runs_the_model_rules_on_writes(editor, world):
    # No speaker at all: the model's check constraint, as a 400 with a message, not a 500.
    body = error_of(editor.post(URL, {"negotiation": world["talks"].pk, "text": "x"}, format="json"), 400)
    assert body["fields"]["non_field_errors"]
    # The same words by the same speaker (folded: case, quotes, trailing dot) already exist.
    same = {"negotiation": world["talks"].pk, "speaker_person": world["thani"].pk, "text": "we are close to a deal"}
    body = error_of(editor.post(URL, same, format="json"), 400, "invalid")
    assert "non_field_errors" in body["fields"]
    assert Statement.objects.filter(speaker_person=world["thani"]).count() == 1


def test_it_refuses_writes_without_permission(anon, reader, world):
    payload = {"negotiation": world["talks"].pk, "speaker_actor": world["hamas"].pk, "text": "New."}
    error_of(anon.post(URL, payload, format="json"), 401, "not_authenticated")
    error_of(reader.post(URL, payload, format="json"), 403, "permission_denied")
    error_of(reader.delete(f"{URL}{world['s_hamas'].pk}/"), 403)
    assert Statement.objects.filter(text="New.").count() == 0


def test_it_updates_and_deletes_with_permission(editor, world):
    response = editor.patch(f"{URL}{world['s_hamas'].pk}/", {"setting": "press briefing"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["setting"] == "press briefing"
    assert response.json()["corroboration"] == {"outlets": 0, "independent_sources": 0}
    assert editor.delete(f"{URL}{world['s_hamas'].pk}/").status_code == 204
    assert not Statement.objects.filter(pk=world["s_hamas"].pk).exists()


def test_it_accepts_search_as_well_as_q(anon, world):
    assert ids(anon.get(URL, {"search": "ball court"})) == [world["s_blinken"].pk]
    error_of(anon.get(URL, {"q": "a\x00b"}), 400, "invalid")


def test_it_lists_statements_that_gained_evidence_since(anon, world):
    import datetime as dt

    from django.utils import timezone

    from events.models import Evidence
    from tests.factories import ReportFactory

    Statement.objects.update(updated_at=timezone.now() - dt.timedelta(days=30))
    Evidence.objects.update(created_at=timezone.now() - dt.timedelta(days=30))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(anon.get(URL, {"updated_since": since})) == []
    # A new report corroborates Blinken's quote; the pipeline adds evidence without saving the statement.
    Evidence.objects.bulk_create([Evidence(report=ReportFactory(outlet="Late"), statement=world["s_blinken"])])
    rows = anon.get(URL, {"updated_since": since}).json()["results"]
    assert [(r["id"], r["corroboration"]["outlets"]) for r in rows] == [(world["s_blinken"].pk, 2)]
