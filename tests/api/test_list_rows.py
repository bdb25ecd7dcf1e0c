"""The plain-row lists: their page reads (api/v1/selectors.py) answer the same in SQL (PostgreSQL) as
through the ORM (the path other databases take), and their renderer writes DRF's bytes."""

import pytest
from django.db import connection
from rest_framework.renderers import JSONRenderer

from api.v1 import selectors
from api.v1.renderers import FastJSONRenderer
from events.models import Meeting, Statement
from negotiations.models import Actor, ActorAlias, Person, PersonAlias

pytestmark = pytest.mark.django_db


def _both_paths(monkeypatch, read):
    assert connection.vendor == "postgresql"
    in_sql = read()
    with monkeypatch.context() as patch:
        patch.setattr(connection, "vendor", "sqlite")
        through_orm = read()
    return in_sql, through_orm


def test_it_reads_a_pages_evidence_alike_both_ways(monkeypatch, world):
    statement_ids = list(Statement.objects.values_list("pk", flat=True))
    meeting_ids = list(Meeting.objects.values_list("pk", flat=True))
    for fact_field, fact_ids in (("statement", statement_ids), ("meeting", meeting_ids)):
        in_sql, through_orm = _both_paths(
            monkeypatch, lambda f=fact_field, i=fact_ids: selectors.evidence_rows(fact_field=f, fact_ids=i)
        )
        assert in_sql == through_orm
        assert sum(len(rows) for rows in in_sql.values()) >= 2
    s_thani = selectors.evidence_rows(fact_field="statement", fact_ids=[world["s_thani"].pk])[world["s_thani"].pk]
    assert {row["report__outlet"] for row in s_thani} >= {"Wire"}
    assert [row["id"] for row in s_thani] == sorted(row["id"] for row in s_thani)


def test_it_reads_meeting_attendance_in_name_order_alike_both_ways(monkeypatch, world):
    doha = world["meeting_doha"].pk
    people, people_orm = _both_paths(monkeypatch, lambda: selectors.meeting_people_rows(meeting_ids=[doha]))
    actors, actors_orm = _both_paths(monkeypatch, lambda: selectors.meeting_actor_rows(meeting_ids=[doha]))
    assert (people, actors) == (people_orm, actors_orm)
    assert [row["person__name"] for row in people[doha]] == ["Antony Blinken", "Mohammed bin Abdulrahman Al Thani"]
    assert [(row["actor__name"], row["actor__kind"]) for row in actors[doha]] == [("Hamas", "armed_group")]


def test_it_reads_aliases_and_report_extraction_alike_both_ways(monkeypatch, world):
    PersonAlias.objects.create(person=world["thani"], name="Sheikh Mohammed")
    PersonAlias.objects.create(person=world["thani"], name="Al Thani")
    ActorAlias.objects.create(actor=world["qatar"], name="State of Qatar")
    people = list(Person.objects.values_list("pk", flat=True))
    actors = list(Actor.objects.values_list("pk", flat=True))
    names, names_orm = _both_paths(monkeypatch, lambda: selectors.alias_names(Person, ids=people))
    assert names == names_orm == {world["thani"].pk: ["Al Thani", "Sheikh Mohammed"]}
    names, names_orm = _both_paths(monkeypatch, lambda: selectors.alias_names(Actor, ids=actors))
    assert names == names_orm == {world["qatar"].pk: ["State of Qatar"]}
    report = world["report_a"].pk
    extraction, extraction_orm = _both_paths(monkeypatch, lambda: selectors.report_extraction_rows(report_ids=[report]))
    assert sorted(extraction[report], key=str) == sorted(extraction_orm[report], key=str)
    # report_a evidences s_thani and meeting_doha, both of the talks.
    talks, s_thani, doha = world["talks"].pk, world["s_thani"].pk, world["meeting_doha"].pk
    assert sorted(extraction[report], key=str) == sorted(
        [(s_thani, talks, None, None), (None, None, doha, talks)], key=str
    )


def test_it_renders_line_separators_and_curly_quotes_as_drf_does():
    data = {"text": "\u201cWe are close,\u201d he said.\u2028Next line\u2029", "plain": "ascii only", "n": [1, None]}
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
    assert b"\\u2028" in FastJSONRenderer().render(data)
    assert FastJSONRenderer().render({"plain": "ascii only"}) == JSONRenderer().render({"plain": "ascii only"})
