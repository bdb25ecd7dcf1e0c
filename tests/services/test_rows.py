"""Rows written with their history in one statement (events.services.rows), as simple_history would."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Statement
from events.services.rows import row_update, rows_insert
from negotiations.models import Actor, Negotiation, Participation, Person

pytestmark = pytest.mark.django_db


def _statement(negotiation, person, text):
    return Statement(
        negotiation=negotiation, speaker_person=person, text=text, text_key=text.lower(), review_status="auto"
    )


@pytest.fixture
def negotiation():
    return Negotiation.objects.create(title="Gaza truce talks", slug="gaza-truce-talks")


@pytest.fixture
def person():
    return Person.objects.create(name="Majed al-Ansari", normalized_name="majed al ansari")


def test_it_inserts_rows_and_their_history_in_one_statement(negotiation, person):
    rows = [_statement(negotiation, person, f"We are close to an agreement, round {i}") for i in range(3)]

    with CaptureQueriesContext(connection) as queries:
        written = rows_insert(model=Statement, rows=rows, reason="pipeline: report 7", key=("uid",))

    assert len(queries) == 1
    assert written == rows
    assert [r.pk for r in rows] == list(Statement.objects.order_by("id").values_list("id", flat=True))
    for row in rows:
        history = list(row.history.all())
        assert len(history) == 1
        assert history[0].history_type == "+"
        assert history[0].history_change_reason == "pipeline: report 7"
        assert history[0].history_user_id is None
        assert history[0].text == row.text
        assert history[0].speaker_person_id == person.id
        assert history[0].negotiation_id == negotiation.id


def test_it_leaves_out_a_row_a_unique_constraint_refuses_without_aborting_the_transaction(negotiation, person):
    stored = Statement.objects.create(
        negotiation=negotiation, speaker_person=person, text="We are close", review_status="auto"
    )
    again = _statement(negotiation, person, "We are close")
    again.text_key = stored.text_key
    other = _statement(negotiation, person, "Talks resume on Monday")

    written = rows_insert(model=Statement, rows=[again, other], reason="pipeline: report 8", key=("uid",))

    assert written == [other]
    assert again.pk is None
    assert Statement.objects.count() == 2
    # No history row for the refused one, and the connection still works (no aborted transaction).
    assert Statement.history.filter(history_change_reason="pipeline: report 8").count() == 1
    assert Statement.objects.filter(text="Talks resume on Monday").exists()


def test_it_matches_returned_rows_by_their_key_when_some_are_refused(negotiation):
    qatar = Actor.objects.create(name="Qatar", kind="state")
    Participation.objects.create(negotiation=negotiation, actor=qatar, role="mediator")
    egypt = Actor.objects.create(name="Egypt", kind="state")
    rows = [
        Participation(negotiation=negotiation, actor=qatar, role="mediator", review_status="auto"),
        Participation(negotiation=negotiation, actor=egypt, role="mediator", review_status="auto"),
    ]

    written = rows_insert(model=Participation, rows=rows, reason="pipeline: report 9", key=("actor_id", "role"))

    assert [(p.actor_id, p.role) for p in written] == [(egypt.id, "mediator")]
    assert rows[1].pk == Participation.objects.get(actor=egypt).pk
    assert rows[0].pk is None


def test_it_updates_named_fields_with_a_history_row_in_one_statement(negotiation, person):
    statement = Statement.objects.create(
        negotiation=negotiation, speaker_person=person, text="We are close", review_status="auto"
    )
    statement.said_on, statement.setting = dt.date(2025, 1, 15), "press briefing"
    statement.speaker_title = "not written: not named"

    with CaptureQueriesContext(connection) as queries:
        row_update(instance=statement, fields=["said_on", "setting"], reason="pipeline: report 10")

    assert len(queries) == 1
    stored = Statement.objects.get()
    assert (stored.said_on, stored.setting, stored.speaker_title) == (dt.date(2025, 1, 15), "press briefing", "")
    latest = stored.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_change_reason) == ("~", "pipeline: report 10")
    assert latest.said_on == dt.date(2025, 1, 15)
    assert latest.updated_at == stored.updated_at
