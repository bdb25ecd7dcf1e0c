"""No fact is dropped: a report whose negotiation the pipeline cannot determine still has its statements
and meetings written, unassigned (negotiation NULL) and awaiting review; the API shows them and what each
report left to assign; a second outlet's copy of the quote corroborates the same row; a curator assigns
them in the admin. Real extractor, real gazetteer, PostgreSQL."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from events.models import Meeting, Statement
from events.services.reports import report_process, report_submit
from negotiations.models import Negotiation
from negotiations.services.gazetteer import gazetteer_load
from tests.factories import NegotiationFactory

pytestmark = pytest.mark.django_db

# The example report of the README, as its curl command submits it.
README_REPORT = {
    "url": "https://example.org/talks",
    "outlet": "Example",
    "published_at": "2025-05-16",
    "text": "Foreign Minister Hakan Fidan met Ukrainian Defence Minister Rustem Umerov in Istanbul on Friday. "
    '"We want a lasting peace," Umerov said.',
}
# Talks between two made-up delegations the gazetteer knows nothing of: no negotiation can be determined.
HARBOUR_QUOTE = "Every fishing family on both shores deserves a season without patrol boats"
HARBOUR_REPORT = {
    "url": "https://coast-herald.example.org/harbour-talks",
    "outlet": "Coast Herald",
    "published_at": "2025-09-03",
    "text": "Fisheries Minister Ilse Vandermolen met Captain Orrin Kesterby in Valletta on Tuesday to talk about "
    f'the disputed fishing grounds. "{HARBOUR_QUOTE}," Vandermolen said after the meeting.',
}
HARBOUR_COPY = {
    "url": "https://islands-daily.example.org/fishing-grounds",
    "outlet": "Islands Daily",
    "published_at": "2025-09-04",
    "text": f'"{HARBOUR_QUOTE}," fisheries minister Ilse Vandermolen told reporters on Wednesday, a day after her '
    "first talks with Captain Orrin Kesterby.",
}


@pytest.fixture(autouse=True)
def _gazetteer():
    gazetteer_load()


def process(payload: dict):
    report, _ = report_submit(**payload, enqueue=False)
    return report_process(report_id=report.id)


@pytest.fixture
def api():
    user = get_user_model().objects.create_user("reader", password="pw")
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_writes_the_readme_example_statement_and_meeting():
    report = process(README_REPORT)

    assert report.status == "processed"
    statement = Statement.objects.get(evidence__report=report)
    assert (statement.speaker_person.name, statement.text) == ("Rustem Umerov", "We want a lasting peace")
    meeting = Meeting.objects.get(evidence__report=report)
    assert meeting.place_name == "Istanbul"
    assert sorted(meeting.people.values_list("name", flat=True)) == ["Hakan Fidan", "Rustem Umerov"]
    assert statement.review_status == meeting.review_status == "auto"


def test_it_writes_an_unrecognised_negotiations_facts_unassigned_and_shows_them(api):
    report = process(HARBOUR_REPORT)

    assert report.status == "processed"
    assert Negotiation.objects.count() == 0
    statement = Statement.objects.get()
    assert (statement.negotiation_id, statement.review_status, statement.speaker_person.name) == (
        None,
        "auto",
        "Ilse Vandermolen",
    )
    assert statement.text == HARBOUR_QUOTE
    meeting = Meeting.objects.get()
    assert (meeting.negotiation_id, meeting.place_name) == (None, "Valletta")

    shown = api.get(f"/api/v1/reports/{report.id}/").json()
    assert shown["extracted"] == {"statements": 1, "meetings": 1, "unassigned_statements": 1, "unassigned_meetings": 1}
    listed = api.get("/api/v1/statements/", {"unassigned": "true"}).json()["results"]
    assert [(s["id"], s["negotiation"], s["text"]) for s in listed] == [(statement.id, None, HARBOUR_QUOTE)]
    assert [m["id"] for m in api.get("/api/v1/meetings/", {"unassigned": "true"}).json()["results"]] == [meeting.id]
    assert api.get("/api/v1/statements/", {"unassigned": "false"}).json()["results"] == []


def test_it_adds_a_second_outlets_report_as_evidence_of_the_same_unassigned_statement(api):
    first = process(HARBOUR_REPORT)
    second = process(HARBOUR_COPY)

    assert second.status == "processed" and second.duplicate_of_id is None
    statement = Statement.objects.get()
    assert statement.negotiation_id is None
    assert sorted(statement.evidence.values_list("report_id", flat=True)) == [first.id, second.id]
    shown = api.get(f"/api/v1/reports/{second.id}/").json()
    assert (shown["extracted"]["statements"], shown["extracted"]["unassigned_statements"]) == (1, 1)
    corroboration = api.get(f"/api/v1/statements/{statement.id}/").json()["corroboration"]
    assert corroboration == {"outlets": 2, "independent_sources": 2}


def test_it_lets_a_curator_assign_unassigned_facts_in_the_admin(client):
    process(HARBOUR_REPORT)
    statement, meeting = Statement.objects.get(), Meeting.objects.get()
    talks = NegotiationFactory(title="Fishing grounds talks")
    client.force_login(get_user_model().objects.create_superuser("curator", "c@example.org", "pw"))

    listed = client.get("/admin/events/statement/", {"unassigned": "yes"})
    assert listed.status_code == 200
    assert list(listed.context["cl"].queryset) == [statement]
    page = client.get(f"/admin/events/statement/{statement.id}/change/")
    form = page.context["adminform"].form
    data = {**{k: v for k, v in form.initial.items() if v is not None}, **_inline_management(page)}
    data.update(negotiation=talks.id, review_status="reviewed", said_on="", speaker_actor="")
    saved = client.post(f"/admin/events/statement/{statement.id}/change/", data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    statement.refresh_from_db()
    assert (statement.negotiation, statement.review_status) == (talks, "reviewed")
    assert list(client.get("/admin/events/statement/", {"unassigned": "yes"}).context["cl"].queryset) == []
    assert list(client.get("/admin/events/meeting/", {"unassigned": "yes"}).context["cl"].queryset) == [meeting]


def _inline_management(page) -> dict:
    """The inline formsets' management data as the change page renders it (the evidence stays as it is)."""
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        for i, form in enumerate(fs.forms):
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is not None:
                    data[f"{fs.prefix}-{i}-{name}"] = getattr(value, "pk", value)
    return data
