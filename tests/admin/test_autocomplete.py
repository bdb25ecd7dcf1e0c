"""The admin autocomplete endpoint behind the actor and person pickers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.models import PersonAlias
from negotiations.services.merge import person_merge
from tests.factories import ActorFactory, PersonFactory, ReportFactory, StatementFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:autocomplete")


def _names(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_it_suggests_people_by_name_and_alias(curator_client):
    person = PersonFactory(name="Abbas Araghchi")
    PersonAlias.objects.create(person=person, name="Abbas Araqchi")
    PersonFactory(name="Hakan Fidan")

    for term in ("Araghchi", "Araqchi"):
        names = _names(
            curator_client, app_label="events", model_name="statement", field_name="speaker_person", term=term
        )
        assert names == ["Abbas Araghchi"]


def test_it_suggests_actors_for_a_persons_affiliation(curator_client):
    ActorFactory(name="Qatar")
    ActorFactory(name="Egypt")

    assert _names(
        curator_client, app_label="negotiations", model_name="person", field_name="affiliation", term="Qat"
    ) == ["Qatar"]


def test_it_never_suggests_a_merged_away_row(curator_client):
    keep = PersonFactory(name="Steven Witkoff")
    dup = PersonFactory(name="Steve Witkoff")
    person_merge(keep=keep, merge=[dup])

    assert _names(
        curator_client, app_label="events", model_name="statement", field_name="speaker_person", term="Witkoff"
    ) == ["Steven Witkoff"]


def test_it_refuses_anonymous_users(client):
    response = client.get(URL, {"app_label": "events", "model_name": "statement", "field_name": "speaker_person"})
    assert response.status_code == 302


def test_it_suggests_statements_and_reports_in_a_constant_number_of_queries(curator_client):
    def suggest(field):
        with CaptureQueriesContext(connection) as ctx:
            names = _names(
                curator_client, app_label="events", model_name="evidence", field_name=field, term="Ceasefire"
            )
        return len(names), len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            StatementFactory(text=f"Ceasefire holds, day {i}.")
            ReportFactory(title=f"Ceasefire report {i}")

    add(2)
    small = {field: suggest(field) for field in ("statement", "report")}
    add(25)
    large = {field: suggest(field) for field in ("statement", "report")}

    assert {field: n for field, (n, _) in small.items()} == {"statement": 2, "report": 2}
    assert {field: n for field, (n, _) in large.items()} == {"statement": 20, "report": 20}  # one page
    assert {field: q for field, (_, q) in large.items()} == {field: q for field, (_, q) in small.items()}
