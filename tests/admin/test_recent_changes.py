"""The Recent changes page: edits from the admin and from code (pipeline, API) with who, why, before -> after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.admin.selectors import recent_changes
from negotiations.models import Person
from tests.factories import ActorFactory, PersonFactory, StatementFactory

pytestmark = pytest.mark.django_db

URL = reverse("curator:recent_changes")


def _edit_person_in_admin(client, person, **changes):
    data = {
        "name": person.name,
        "title": person.title,
        "affiliation": person.affiliation_id or "",
        "review_status": person.review_status,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        **changes,
    }
    response = client.post(reverse("admin:negotiations_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_it_shows_an_edit_made_in_the_admin_with_user_and_before_after(curator_client):
    person = PersonFactory(name="Antony Blinken", title="Secretary of State")

    _edit_person_in_admin(curator_client, person, title="Former Secretary of State")
    response = curator_client.get(URL)

    row = response.context["rows"][0]
    assert (row.model_name, row.object_id, row.action, row.user) == ("person", person.pk, "changed", "root")
    assert row.reason == "admin: changed title"
    assert row.object_label == "Antony Blinken"
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("title", "Secretary of State", "Former Secretary of State")
    ]
    body = response.content.decode()
    assert "Secretary of State &rarr; Former Secretary of State" in body
    assert reverse("admin:negotiations_person_change", args=[person.pk]) in body


def test_it_shows_an_edit_made_by_code_with_its_change_reason(curator_client):
    old, new = ActorFactory(name="Egypt"), ActorFactory(name="Qatar")
    person = PersonFactory(name="Majed al-Ansari", affiliation=old)
    person.affiliation = new
    person._change_reason = "pipeline: report 12"
    person.save()

    response = curator_client.get(URL)

    row = response.context["rows"][0]
    assert (row.object_id, row.user, row.reason) == (person.pk, "", "pipeline: report 12")
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("affiliation", f"Egypt (#{old.pk})", f"Qatar (#{new.pk})")
    ]
    assert "pipeline: report 12" in response.content.decode()


def test_it_filters_by_reason_model_and_object(curator_client):
    a, b = PersonFactory(name="Person A"), PersonFactory(name="Person B")
    StatementFactory(speaker_person=a)
    for person, reason in ((a, "pipeline: report 1"), (b, "api: update")):
        person.title = "Envoy"
        person._change_reason = reason
        person.save()

    by_reason = curator_client.get(URL, {"reason": "pipeline"}).context["rows"]
    by_model = curator_client.get(URL, {"model": "statement"}).context["rows"]
    by_object = curator_client.get(URL, {"model": "person", "object": b.pk}).context["rows"]

    assert [(r.object_id, r.reason) for r in by_reason] == [(a.pk, "pipeline: report 1")]
    assert {r.model_name for r in by_model} == {"statement"}
    assert [r.action for r in by_object] == ["changed", "created"]


def test_it_pages_back_in_time():
    person = PersonFactory(title="v0")
    for n in range(1, 6):
        person.title = f"v{n}"
        person.save()

    first = recent_changes(limit=3, model_name="person", object_id=person.pk)
    older = recent_changes(limit=3, model_name="person", object_id=person.pk, before=first[-1].date)

    assert [r.changes[0].new for r in first] == ["v5", "v4", "v3"]
    assert [r.changes[0].new if r.changes else r.action for r in older] == ["v2", "v1", "created"]


def test_it_uses_the_same_number_of_queries_for_a_full_page():
    def queries_after_adding(n):
        for i in range(n):
            person = Person.objects.create(name=f"Person {n}-{i}")
            person.title = "Mediator"
            person.save()
        with CaptureQueriesContext(connection) as ctx:
            rows = recent_changes(limit=50)
        records = 2 * Person.objects.count()  # one "created", one "changed" each
        assert len(rows) == min(50, records)
        return len(ctx.captured_queries)

    assert queries_after_adding(2) == queries_after_adding(40)


def test_it_sends_anonymous_users_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "params",
    [
        {"before": "yesterday"},
        {"before": "2024-13-45T99:00:00"},
        {"object": "abc"},
        {"model": "nonsense"},
        {"user": "nobody", "reason": "x" * 500},
    ],
)
def test_it_answers_nonsense_filters_without_an_error(curator_client, params):
    PersonFactory(affiliation=None)
    response = curator_client.get(URL, params)
    assert response.status_code == 200
    expected = 0 if params.get("model") or params.get("user") else 1
    assert len(response.context["rows"]) == expected
