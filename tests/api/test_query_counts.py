"""Every list endpoint makes the same number of queries for 1 row and for 50 rows per page, and no COUNT(*)
unless ?count=true asks for one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Evidence, Meeting, Report, Statement
from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Person, PersonAlias, Tombstone

pytestmark = pytest.mark.django_db

N = 55


@pytest.fixture
def many(db):
    """N rows of every resource, each with the relations its serializer nests."""
    actors = Actor.objects.bulk_create(
        [Actor(name=f"Actor {i}", normalized_name=f"actor {i}", iso_code="") for i in range(N)]
    )
    ActorAlias.objects.bulk_create(
        [ActorAlias(actor=a, name=f"Alias {a.name}", normalized_name=f"alias {i}") for i, a in enumerate(actors)]
    )
    negotiations = Negotiation.objects.bulk_create(
        [Negotiation(title=f"Talks {i}", slug=f"talks-{i}") for i in range(N)]
    )
    Participation.objects.bulk_create(
        [
            Participation(negotiation=n, actor=actors[i], role=("party" if i % 2 else "mediator"))
            for i, n in enumerate(negotiations)
        ]
        + [Participation(negotiation=negotiations[0], actor=a, role="observer") for a in actors[1:]]
    )
    people = Person.objects.bulk_create(
        [Person(name=f"Person {i}", normalized_name=f"person {i}", affiliation=actors[i]) for i in range(N)]
    )
    PersonAlias.objects.bulk_create(
        [PersonAlias(person=p, name=f"P{i}", normalized_name=f"p{i}") for i, p in enumerate(people)]
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                url=f"https://n.example.org/{i}",
                canonical_url=f"https://n.example.org/{i}",
                outlet=f"Outlet {i % 7}",
                published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=i),
            )
            for i in range(N)
        ]
    )
    Report.objects.filter(pk__in=[r.pk for r in reports[1::2]]).update(duplicate_of=reports[0])
    talks = negotiations[0]
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(negotiation=talks, date_from=dt.date(2024, 1, 1) + dt.timedelta(days=i), place_country=actors[i])
            for i in range(N)
        ]
    )
    for i, m in enumerate(meetings):
        m.people.set(people[i : i + 3])
        m.actors.set(actors[i : i + 2])
    statements = [
        Statement(
            negotiation=talks,
            speaker_person=people[i] if i % 3 else None,
            speaker_actor=None if i % 3 else actors[i],
            text=f"Quote {i}",
            text_key=f"{i:040}",
            said_on=dt.date(2024, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(N)
    ]
    statements = Statement.objects.bulk_create(statements)
    Evidence.objects.bulk_create(
        [
            Evidence(report=reports[(i + k) % N], statement=s, sentence="s")
            for i, s in enumerate(statements)
            for k in range(3)
        ]
        + [
            Evidence(report=reports[(i + k) % N], meeting=m, sentence="m")
            for i, m in enumerate(meetings)
            for k in range(2)
        ]
    )
    Tombstone.objects.bulk_create([Tombstone(model="person", object_id=10_000 + i) for i in range(N)])
    return {"talks": talks, "report": reports[0]}


LISTS = [
    "/api/v1/negotiations/",
    "/api/v1/actors/",
    "/api/v1/parties/",
    "/api/v1/mediators/",
    "/api/v1/participations/",
    "/api/v1/people/",
    "/api/v1/meetings/",
    "/api/v1/statements/",
    "/api/v1/reports/",
    "/api/v1/tombstones/",
    "/api/v1/statements/?report={report}",
    "/api/v1/meetings/?report={report}",
    "/api/v1/negotiations/{talks}/timeline/",
    # The hot lists' cursor pages and searches.
    "/api/v1/statements/?cursor=",
    "/api/v1/meetings/?cursor=",
    "/api/v1/reports/?cursor=",
    "/api/v1/people/?cursor=",
    "/api/v1/actors/?cursor=",
    "/api/v1/statements/?q=quote",
    "/api/v1/statements/?q=person&cursor=",
    "/api/v1/meetings/?date_after=2024-01-02&cursor=",
    "/api/v1/reports/?q=example",
]


def _queries(client, url: str, page_size: int) -> tuple[int, int]:
    separator = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{url}{separator}page_size={page_size}")
    assert response.status_code == 200, response.content
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert not counts, f"{url}: counted rows without ?count=true: {counts}"
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("template", LISTS)
def test_it_makes_the_same_number_of_queries_for_a_small_page_and_50_rows(anon, many, template, record_property):
    url = template.format(report=many["report"].pk, talks=many["talks"].pk)
    anon.get(url)  # Warm-up: content types and other one-off lookups are not per page.
    # The timeline fetches meetings and statements of the page separately: its smallest page
    # that can hold both kinds is 2 (the data interleaves them by date).
    small = 2 if "timeline" in url else 1
    one, rows_one = _queries(anon, url, small)
    fifty, rows_fifty = _queries(anon, url, 50)
    assert rows_one == small
    assert rows_fifty >= 25  # Enough rows that an N+1 would show.
    assert one == fifty, f"{url}: {one} queries for 1 row, {fifty} for {rows_fifty}"
    record_property("queries", fifty)
    print(f"QUERIES {url} {fifty}")


@pytest.mark.parametrize("resource", ["statements", "meetings", "reports", "people", "actors"])
def test_it_counts_once_when_asked(anon, many, resource):
    with CaptureQueriesContext(connection) as captured:
        body = anon.get(f"/api/v1/{resource}/", {"count": "true", "page_size": 5}).json()
    assert body["count"] == N
    assert len([q for q in captured if "COUNT(" in q["sql"].upper()]) == 1
