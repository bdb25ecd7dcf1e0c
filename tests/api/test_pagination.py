import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Report
from negotiations.models import Actor, ActorAlias, PersonAlias
from tests.api.conftest import error_of
from tests.factories import EvidenceFactory, NegotiationFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _actors(n: int) -> list[Actor]:
    return Actor.objects.bulk_create([Actor(name=f"Actor {i:03}", normalized_name=f"actor {i:03}") for i in range(n)])


def test_it_paginates_with_page_size_and_caps_it_at_200(anon):
    _actors(230)
    body = anon.get("/api/v1/actors/", {"page_size": 10, "page": 2}).json()
    assert [row["name"] for row in body["results"]] == [f"Actor {i:03}" for i in range(10, 20)]
    assert "page=3" in body["next"] and "page_size=10" in body["next"]
    assert "page=" not in body["previous"] and "page_size=10" in body["previous"]
    assert len(anon.get("/api/v1/actors/", {"page_size": 1000}).json()["results"]) == 200
    assert len(anon.get("/api/v1/actors/").json()["results"]) == 50


def test_it_counts_only_when_asked(anon):
    _actors(23)
    with CaptureQueriesContext(connection) as captured:
        body = anon.get("/api/v1/actors/", {"page_size": 10}).json()
    assert body["count"] is None
    assert not [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    with CaptureQueriesContext(connection) as captured:
        body = anon.get("/api/v1/actors/", {"page_size": 10, "page": 3, "count": "true"}).json()
    assert body["count"] == 23
    assert [row["name"] for row in body["results"]] == ["Actor 020", "Actor 021", "Actor 022"]
    assert body["next"] is None and "page=2" in body["previous"]
    assert len([q for q in captured if "COUNT(" in q["sql"].upper()]) == 1


def test_it_finds_the_last_page_without_a_count(anon):
    _actors(20)
    body = anon.get("/api/v1/actors/", {"page_size": 10, "page": 2}).json()
    assert [row["name"] for row in body["results"]][-1] == "Actor 019"
    assert body["next"] is None and body["previous"]
    error_of(anon.get("/api/v1/actors/", {"page_size": 10, "page": 3}), 404)
    error_of(anon.get("/api/v1/actors/", {"page": "zero"}), 404)
    error_of(anon.get("/api/v1/actors/", {"page": "0"}), 404)


def test_it_breaks_ordering_ties_by_id_so_pages_are_stable(anon):
    talks = NegotiationFactory()
    made = [StatementFactory(negotiation=talks, said_on=dt.date(2024, 5, 1)).pk for _ in range(6)]
    seen = []
    for page in range(1, 7):
        body = anon.get("/api/v1/statements/", {"ordering": "said_on", "page_size": 1, "page": page}).json()
        seen += [row["id"] for row in body["results"]]
    assert seen == sorted(made)
    body = anon.get("/api/v1/statements/", {"ordering": "-said_on", "page_size": 6}).json()
    assert [row["id"] for row in body["results"]] == sorted(made, reverse=True)


@pytest.mark.parametrize("resource", ["statements", "meetings", "reports", "people", "actors"])
def test_it_answers_each_list_row_as_its_detail_page_does(anon, world, resource):
    # The hot lists build their rows from plain dicts; the detail pages from model instances.
    for mode in ({"count": "true"}, {"cursor": ""}):
        rows = anon.get(f"/api/v1/{resource}/", mode).json()["results"]
        assert len(rows) >= 2
        for row in rows:
            detail = anon.get(f"/api/v1/{resource}/{row['id']}/").json()
            if resource == "reports":
                del detail["text"]  # The article text is on detail pages only.
            assert row == detail


def test_it_answers_list_rows_as_detail_pages_with_aliases_failures_and_unassigned_facts(anon, editor, world):
    # What the plain-row lists build themselves: alias lists, a staff user's full failure reason,
    # a report's unassigned facts and a duplicate_of link.
    PersonAlias.objects.create(person=world["thani"], name="Sheikh Mohammed")
    PersonAlias.objects.create(person=world["thani"], name="Al Thani")
    ActorAlias.objects.create(actor=world["qatar"], name="State of Qatar")
    report = world["report_b"]
    Report.objects.filter(pk=report.pk).update(status="failed", failure_reason="fetch timed out after 30 s")
    unassigned = StatementFactory(negotiation=None, speaker_person=world["thani"])
    User.objects.filter(pk=editor.user.pk).update(is_staff=True)  # staff read the full failure reason
    EvidenceFactory(report=report, statement=unassigned)
    for client in (anon, editor):
        for resource in ("people", "actors", "reports", "statements"):
            rows = client.get(f"/api/v1/{resource}/", {"page_size": 200}).json()["results"]
            for row in rows:
                detail = client.get(f"/api/v1/{resource}/{row['id']}/").json()
                if resource == "reports":
                    del detail["text"]
                assert row == detail
    people = {row["id"]: row for row in anon.get("/api/v1/people/").json()["results"]}
    assert people[world["thani"].pk]["aliases"] == ["Al Thani", "Sheikh Mohammed"]
    reports = {row["id"]: row for row in editor.get("/api/v1/reports/").json()["results"]}
    assert reports[report.pk]["failure_reason"] == "fetch timed out after 30 s"
    assert reports[report.pk]["extracted"]["unassigned_statements"] == 1
    assert reports[report.pk]["duplicate_of"]["id"] == world["report_a"].pk


def test_it_answers_each_timeline_entry_as_its_detail_page_does(anon, world):
    entries = anon.get(f"/api/v1/negotiations/{world['talks'].pk}/timeline/").json()["results"]
    assert {e["type"] for e in entries} == {"meeting", "statement"}
    for entry in entries:
        kind = entry["type"]
        resource = "meetings" if kind == "meeting" else "statements"
        assert entry[kind] == anon.get(f"/api/v1/{resource}/{entry[kind]['id']}/").json()


def test_it_pages_the_timeline_without_a_count_as_with_one(anon, world):
    # Without ?count=true each part of the timeline is cut to the rows the page can reach.
    url = f"/api/v1/negotiations/{world['talks'].pk}/timeline/"
    everything = [(e["type"], e["date"]) for e in anon.get(url, {"count": "true"}).json()["results"]]
    paged, page = [], 1
    while True:
        body = anon.get(url, {"page_size": 2, "page": page}).json()
        paged += [(e["type"], e["date"]) for e in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert len(everything) == 5 and paged == everything


def test_a_page_from_the_kept_sql_is_the_page_the_orm_builds(anon, world):
    # A query string naming only the page runs SQL compiled once (V1Mixin.list_rows); naming the default
    # ordering builds the page through the ORM. Same rows, same JSON, for statements and meetings.
    for url, ordering in (("/api/v1/statements/", "-said_on"), ("/api/v1/meetings/", "-date_from")):
        for page in (1, 2):
            kept = anon.get(url, {"page_size": 1, "page": page}).json()
            built = anon.get(url, {"page_size": 1, "page": page, "ordering": ordering}).json()
            assert kept["results"] == built["results"]
            assert kept["results"]
