"""?cursor= walks a whole list once, in the list's order, ties broken by id, undated rows included."""

import base64
import datetime as dt
import json

import pytest

from events.models import Meeting, Report, Statement
from negotiations.models import Actor, Person
from tests.api.conftest import error_of
from tests.factories import ActorFactory, NegotiationFactory

pytestmark = pytest.mark.django_db


def _walk(client, url: str, **params) -> tuple[list[int], int]:
    """Follow next links from an empty cursor; returns the ids seen and the number of pages."""
    response = client.get(url, {"cursor": "", **params})
    seen, pages = [], 0
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "results"}
        seen += [row["id"] for row in body["results"]]
        pages += 1
        if body["next"] is None:
            return seen, pages
        assert "cursor=" in body["next"]
        response = client.get(body["next"])


def _order(rows, key: str, *, desc: bool) -> list[int]:
    # NULL is the largest value: first in descending order, last in ascending order; ties by id.
    def sort_key(row):
        value = getattr(row, key)
        return (value is None, value or 0, row.pk) if not isinstance(value, str) else (False, value, row.pk)

    return [row.pk for row in sorted(rows, key=sort_key, reverse=desc)]


@pytest.fixture
def statements(db):
    talks = NegotiationFactory()
    speaker = ActorFactory(name="Speaker")
    dates = [dt.date(2024, 5, 1), dt.date(2024, 5, 2), None, dt.date(2024, 4, 30)]
    rows = [
        Statement(negotiation=talks, speaker_actor=speaker, text=f"Line {i}", text_key=f"{i:040}", said_on=dates[i % 4])
        for i in range(23)
    ]
    return Statement.objects.bulk_create(rows)


def test_it_walks_every_statement_once_in_the_default_order(anon, statements):
    seen, pages = _walk(anon, "/api/v1/statements/", page_size=5)
    assert seen == _order(statements, "said_on", desc=True)
    assert len(seen) == len(set(seen)) == 23
    assert pages == 5


def test_it_walks_ascending_with_undated_rows_last(anon, statements):
    seen, _ = _walk(anon, "/api/v1/statements/", page_size=4, ordering="said_on")
    assert seen == _order(statements, "said_on", desc=False)
    assert seen[-1] == max(s.pk for s in statements if s.said_on is None)


def test_it_pages_through_ties_on_one_date_by_id(anon, statements):
    # Pages of 2 cut the runs of equal said_on in the middle: the id decides where the next page starts.
    seen, _ = _walk(anon, "/api/v1/statements/", page_size=2, said_after="2024-05-01")
    expected = [s for s in statements if s.said_on and s.said_on >= dt.date(2024, 5, 1)]
    assert seen == _order(expected, "said_on", desc=True)


def test_it_walks_meetings_reports_people_and_actors(anon, db):
    talks = NegotiationFactory()
    meetings = Meeting.objects.bulk_create(
        [Meeting(negotiation=talks, date_from=None if i % 5 == 0 else dt.date(2024, 1, 1 + i % 3)) for i in range(13)]
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                url=f"https://r.example.org/{i}",
                canonical_url=f"https://r.example.org/{i}",
                published_at=None if i % 4 == 0 else dt.datetime(2024, 2, 1 + i % 2, tzinfo=dt.UTC),
            )
            for i in range(11)
        ]
    )
    people = Person.objects.bulk_create(
        [Person(name=f"Person {i % 3}", normalized_name=f"person {i}") for i in range(9)]
    )
    actors = Actor.objects.bulk_create(
        [Actor(name=f"Actor {i:02}", normalized_name=f"actor {i:02}") for i in range(12)]
    )
    assert _walk(anon, "/api/v1/meetings/", page_size=3)[0] == _order(meetings, "date_from", desc=True)
    assert _walk(anon, "/api/v1/reports/", page_size=3)[0] == _order(reports, "published_at", desc=True)
    assert _walk(anon, "/api/v1/people/", page_size=2)[0] == _order(people, "name", desc=False)
    assert _walk(anon, "/api/v1/actors/", page_size=5)[0] == _order(actors, "name", desc=False)


def test_it_keeps_filters_and_the_page_size_in_the_next_link(anon, statements):
    body = anon.get("/api/v1/statements/", {"cursor": "", "page_size": 3, "said_after": "2024-05-01"}).json()
    assert "page_size=3" in body["next"] and "said_after=2024-05-01" in body["next"]


def test_it_answers_400_for_a_broken_or_foreign_cursor(anon, statements):
    assert error_of(anon.get("/api/v1/statements/", {"cursor": "not a cursor"}), 400)
    body = anon.get("/api/v1/statements/", {"cursor": "", "page_size": 2}).json()
    token = body["next"].split("cursor=")[1].split("&")[0]
    # The same cursor under another ordering would skip or repeat rows: refused.
    error_of(anon.get("/api/v1/statements/", {"cursor": token, "ordering": "updated_at"}), 400)
    forged = base64.urlsafe_b64encode(json.dumps({"o": ["-said_on", "-id"], "v": ["May", 1]}).encode()).decode()
    error_of(anon.get("/api/v1/statements/", {"cursor": forged}), 400)
    huge = base64.urlsafe_b64encode(json.dumps({"o": ["-said_on", "-id"], "v": [None, 2**70]}).encode()).decode()
    error_of(anon.get("/api/v1/statements/", {"cursor": huge}), 400)


def test_it_refuses_cursors_on_an_ordering_of_several_columns(anon, world):
    error_of(anon.get("/api/v1/participations/", {"cursor": ""}), 400)
    error_of(anon.get(f"/api/v1/negotiations/{world['talks'].pk}/timeline/", {"cursor": ""}), 400)


def test_it_documents_a_cursor_page_as_a_valid_paginated_answer(anon):
    # A cursor page has no count: the schema must not require one (schemathesis found the mismatch).
    schema = anon.get("/api/v1/schema/", {"format": "json"}).json()
    for name in ("PaginatedPersonList", "PaginatedStatementList"):
        assert schema["components"]["schemas"][name]["required"] == ["results"]
    assert set(anon.get("/api/v1/people/", {"cursor": ""}).json()) == {"next", "results"}


def test_pages_from_the_kept_sql_are_the_pages_the_orm_builds(anon, statements):
    # With only the page and cursor in the query string, the SQL of each kind of cursor is compiled once
    # and reused (V1Pagination); naming the default ordering builds every page through the ORM instead.
    from api.v1 import pagination

    pagination._KEYSET_SQL.clear()
    kept, _ = _walk(anon, "/api/v1/statements/", page_size=3)
    assert any(sql is not None for sql in pagination._KEYSET_SQL.values())
    built, _ = _walk(anon, "/api/v1/statements/", page_size=3, ordering="-said_on")
    assert kept == built == _order(statements, "said_on", desc=True)
    # Twice through the kept SQL, whatever the cursor (dated, undated): the same again.
    assert _walk(anon, "/api/v1/statements/", page_size=4)[0] == kept
    full = anon.get("/api/v1/statements/", {"cursor": "", "page_size": 3}).json()
    again = anon.get("/api/v1/statements/", {"cursor": "", "page_size": 3, "ordering": "-said_on"}).json()
    assert full["results"] == again["results"]
