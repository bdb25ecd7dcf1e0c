"""List pages stay fast on realistically sized tables: the same, small number of queries as on tiny ones."""

import datetime as dt
import itertools
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from events.text import statement_text_key
from negotiations.models import Actor, Negotiation, Person, ReviewStatus

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
LISTS = [
    ("events_statement", {}),
    ("events_statement", {"q": "ceasefire", "review_status__exact": "auto"}),
    ("events_evidence", {}),
    ("events_meeting", {}),
    ("events_report", {}),
    ("negotiations_person", {}),
    ("negotiations_actor", {}),
]
_counter = itertools.count()


def populate(*, statements: int, people: int, reports: int) -> None:
    """Bulk rows shaped like the pipeline's: people spread over actors, statements over people and days."""
    tag = next(_counter)
    actors = Actor.objects.bulk_create(
        Actor(name=f"State {tag}-{i}", normalized_name=f"state {tag} {i}") for i in range(20)
    )
    negotiations = Negotiation.objects.bulk_create(
        Negotiation(title=f"Talks {tag}-{i}", slug=f"talks-{tag}-{i}") for i in range(5)
    )
    persons = Person.objects.bulk_create(
        Person(name=f"Envoy {tag}-{i}", normalized_name=f"envoy {tag} {i}", affiliation=actors[i % 20])
        for i in range(people)
    )
    report_rows = Report.objects.bulk_create(
        Report(
            url=f"https://x.example/{tag}/{i}",
            canonical_url=f"https://x.example/{tag}/{i}",
            outlet=f"Outlet {i % 30}",
            title=f"Report {i}",
            text="Long article text. " * 200,
        )
        for i in range(reports)
    )
    start = dt.date(2020, 1, 1)
    rows = []
    for i in range(statements):
        text = f"The ceasefire proposal number {tag}-{i} remains on the table."
        rows.append(
            Statement(
                negotiation=negotiations[i % 5],
                speaker_person=persons[i % people],
                speaker_actor=actors[i % 20],
                text=text,
                text_key=statement_text_key(text),
                said_on=start + dt.timedelta(days=i % 1500),
                review_status=ReviewStatus.AUTO if i % 3 else ReviewStatus.REVIEWED,
            )
        )
    rows = Statement.objects.bulk_create(rows, batch_size=5000)
    Evidence.objects.bulk_create(
        (Evidence(report=report_rows[i % reports], statement=s, sentence=s.text) for i, s in enumerate(rows)),
        batch_size=5000,
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            negotiation=negotiations[i % 5],
            place_country=actors[i % 20],
            place_name="Doha",
            date_from=start + dt.timedelta(days=i),
            date_to=start + dt.timedelta(days=i),
        )
        for i in range(max(1, statements // 20))
    )
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=m, person=persons[i % people]) for i, m in enumerate(meetings)
    )


def _queries(client, name, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) > 0
    return len(ctx.captured_queries)


def test_it_makes_the_same_few_queries_on_a_large_table_as_on_a_small_one(curator_client):
    populate(statements=30, people=5, reports=5)
    small = {(name, tuple(params)): _queries(curator_client, name, params) for name, params in LISTS}

    began = time.monotonic()
    populate(statements=20_000, people=200, reports=500)
    assert Statement.objects.count() == 20_030
    large = {(name, tuple(params)): _queries(curator_client, name, params) for name, params in LISTS}

    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
    # Not a timing test; a guard against the fixture itself making the suite slow.
    assert time.monotonic() - began < 60
