"""?q= is served by pg_trgm indexes (events/migrations/0003_api_indexes.py) and finds what it found before."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.models import Q

from api.v1 import selectors
from events.models import Meeting, Statement
from negotiations.models import Actor, Person
from tests.api.conftest import ids
from tests.factories import NegotiationFactory

pytestmark = pytest.mark.django_db

_MIGRATION = importlib.import_module("events.migrations.0003_api_indexes")
TRIGRAM, KEYSET = _MIGRATION.TRIGRAM_INDEXES, _MIGRATION.KEYSET_INDEXES


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return dict(cursor.fetchall())


def test_it_has_the_trigram_and_keyset_indexes():
    indexes = _indexes()
    for name, table, column in TRIGRAM:
        assert name in indexes, name
        assert f"ON public.{table} USING gin (upper(" in indexes[name] and column in indexes[name]
        assert "gin_trgm_ops" in indexes[name]
    for name, table, columns in KEYSET:
        assert f"ON public.{table} USING btree ({columns})" in indexes[name]


@pytest.fixture
def many_statements(db):
    talks = NegotiationFactory()
    speaker = Actor.objects.create(name="Spokesperson Office", normalized_name="spokesperson office")
    words = ["truce", "hostages", "border", "corridor", "monitoring", "prisoners", "guarantees", "phase"]
    rows = [
        Statement(
            negotiation=talks,
            speaker_actor=speaker,
            text=f"{words[i % 8]} {words[i * 7 % 8]} number {i}",
            text_key=f"{i:040}",
            said_on=dt.date(2024, 1, 1) + dt.timedelta(days=i % 300),
        )
        for i in range(4000)
    ]
    rows.append(Statement(negotiation=talks, speaker_actor=speaker, text="A rare ceasefire word", text_key="x" * 40))
    Statement.objects.bulk_create(rows)
    Meeting.objects.bulk_create(
        [Meeting(negotiation=talks, summary=f"Round {i} of talks", place_name=f"Town {i}") for i in range(3000)]
        + [Meeting(negotiation=talks, summary="Signing in Aqaba", place_name="Aqaba")]
    )
    with connection.cursor() as cursor:
        # Rows inserted after a GIN index was built wait in its pending list, which the planner prices as
        # a scan; VACUUM (not allowed in the test's transaction) would merge them, so merge them here.
        for name, table, _column in TRIGRAM:
            if table in ("events_statement", "events_meeting"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
        cursor.execute("ANALYZE events_statement; ANALYZE events_meeting")


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        # Sequential scans priced out: what is left shows whether an index can answer at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def test_it_answers_statement_search_from_the_trigram_index(many_statements):
    queryset = selectors.statement_search(selectors.statement_list(), terms=["ceasefire"])
    assert [s.text for s in queryset] == ["A rare ceasefire word"]
    assert "statement_text_trgm" in _plan(queryset)


def test_it_answers_meeting_search_from_the_trigram_indexes(anon, many_statements):
    queryset = Meeting.objects.filter(Q(summary__icontains="aqaba") | Q(place_name__icontains="aqaba"))
    plan = _plan(queryset)
    assert "meeting_summary_trgm" in plan and "meeting_place_name_trgm" in plan
    assert [m["summary"] for m in anon.get("/api/v1/meetings/", {"q": "aqaba"}).json()["results"]] == [
        "Signing in Aqaba"
    ]


def test_it_matches_text_title_and_either_speaker_name_with_every_term(anon, db):
    talks = NegotiationFactory()
    office = Actor.objects.create(name="Foreign Ministry", normalized_name="foreign ministry")
    envoy = Person.objects.create(name="Lena Varga", normalized_name="lena varga", affiliation=office)
    by_person = Statement.objects.create(
        negotiation=talks,
        speaker_person=envoy,
        speaker_actor=office,
        speaker_title="Special Envoy",
        text="The corridor opens at dawn.",
    )
    by_office = Statement.objects.create(negotiation=talks, speaker_actor=office, text="Talks resume on Monday.")
    url = "/api/v1/statements/"
    assert ids(anon.get(url, {"q": "varga"})) == [by_person.pk]
    assert ids(anon.get(url, {"q": "special envoy"})) == [by_person.pk]
    assert sorted(ids(anon.get(url, {"q": "ministry"}))) == sorted([by_person.pk, by_office.pk])
    assert ids(anon.get(url, {"q": "ministry monday"})) == [by_office.pk]
    assert ids(anon.get(url, {"q": "CORRIDOR"})) == [by_person.pk]
    assert ids(anon.get(url, {"q": "nobody-says-this"})) == []
