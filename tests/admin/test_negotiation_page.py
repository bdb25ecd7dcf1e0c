"""The negotiation page: parties, mediators, status over time and a month-by-month timeline with sources."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Evidence, MeetingParticipant, Statement
from negotiations.models import NegotiationStatus, ReviewStatus
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    NegotiationFactory,
    ParticipationFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def talks(db):
    negotiation = NegotiationFactory(title="Gaza cease-fire talks", slug="gaza-cease-fire-talks")
    qatar, egypt = ActorFactory(name="Qatar"), ActorFactory(name="Egypt")
    israel, hamas = ActorFactory(name="Israel"), ActorFactory(name="Hamas")
    for actor, role in ((qatar, "mediator"), (egypt, "mediator"), (israel, "party"), (hamas, "party")):
        ParticipationFactory(negotiation=negotiation, actor=actor, role=role)
    negotiation.status = NegotiationStatus.STALLED
    negotiation.save()
    ansari = PersonFactory(name="Majed al-Ansari", affiliation=qatar)
    meeting = MeetingFactory(
        negotiation=negotiation,
        place_name="Doha",
        place_country=qatar,
        date_from=dt.date(2024, 12, 9),
        date_to=dt.date(2024, 12, 9),
    )
    MeetingParticipant.objects.create(meeting=meeting, person=ansari)
    said = StatementFactory(
        negotiation=negotiation,
        speaker_person=ansari,
        said_on=dt.date(2024, 12, 10),
        text="We are cautiously optimistic about a deal.",
    )
    wire = ReportFactory(title="Talks resume in Doha", outlet="Wire", url="https://wire.example.org/doha")
    paper = ReportFactory(title="Mediators upbeat", outlet="Daily Paper")
    copy = ReportFactory(title="Talks resume in Doha (copy)", outlet="Wire")
    for report in (wire, paper, copy):
        EvidenceFactory(report=report, statement=said)
    EvidenceFactory(report=wire, meeting=meeting)
    waiting = StatementFactory(
        negotiation=negotiation,
        speaker_person=None,
        speaker_actor=hamas,
        said_on=dt.date(2024, 11, 20),
        text="No agreement without a full withdrawal.",
        review_status=ReviewStatus.AUTO,
    )
    StatementFactory(
        negotiation=negotiation,
        said_on=dt.date(2024, 12, 11),
        text="Rejected words.",
        review_status=ReviewStatus.REJECTED,
    )
    return {"negotiation": negotiation, "meeting": meeting, "said": said, "waiting": waiting, "wire": wire}


def _url(negotiation, **params):
    url = reverse("pages:negotiation", args=[negotiation.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_it_asks_for_a_staff_login(client, talks):
    response = client.get(_url(talks["negotiation"]))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/negotiations/gaza-cease-fire-talks/")


def test_it_shows_parties_mediators_and_the_status_over_time(curator_client, talks):
    page = curator_client.get(_url(talks["negotiation"])).context["page"]

    assert [p.actor.name for p in page.parties] == ["Hamas", "Israel"]
    assert [p.actor.name for p in page.mediators] == ["Egypt", "Qatar"]
    assert [change.status for change in page.status_changes] == ["Active", "Stalled"]


def test_it_shows_the_newest_month_with_meetings_before_statements_and_their_corroboration(curator_client, talks):
    response = curator_client.get(_url(talks["negotiation"]))
    page = response.context["page"]

    assert [(m.key, m.meetings, m.statements, m.awaiting) for m in page.months] == [
        ("2024-12", 1, 1, 0),
        ("2024-11", 0, 1, 1),
    ]
    assert page.month.key == "2024-12"
    assert [(e.kind, e.fact.pk, e.reports, e.outlets) for e in page.entries] == [
        ("meeting", talks["meeting"].pk, 1, 1),
        ("statement", talks["said"].pk, 3, 2),
    ]
    body = response.content.decode()
    assert "Rejected words." not in body
    source = (
        '<a href="https://wire.example.org/doha" target="_blank" rel="noopener noreferrer">Talks resume in Doha</a>'
    )
    assert source in body
    assert "3 reports, 2 outlets" in body
    flat = " ".join(body.split())  # the template wraps its lines; the browser folds the whitespace the same way
    assert "Majed al-Ansari</a>" in flat and "<strong>Talks</strong> in Doha (Qatar)" in flat


def test_it_flags_facts_awaiting_a_curator(curator_client, talks):
    response = curator_client.get(_url(talks["negotiation"], month="2024-11"))
    page = response.context["page"]

    assert [(e.fact.pk, e.awaiting, e.unassigned) for e in page.entries] == [(talks["waiting"].pk, True, False)]
    assert page.awaiting_total == 1
    body = response.content.decode()
    assert '<span class="flag awaiting">awaiting review</span>' in body
    assert "1 fact written by the pipeline await a curator" in body


def test_it_flags_a_meeting_without_participants(curator_client, talks):
    MeetingFactory(negotiation=talks["negotiation"], date_from=dt.date(2024, 10, 1), date_to=dt.date(2024, 10, 1))

    page = curator_client.get(_url(talks["negotiation"], month="2024-10")).context["page"]

    assert [(e.kind, e.unassigned) for e in page.entries] == [("meeting", True)]


def test_it_is_linked_from_the_negotiation_list_and_page(curator_client, talks):
    url = _url(talks["negotiation"])
    link = f'<a href="{url}" class="negotiation-page-link">View page</a>'

    assert link in curator_client.get(reverse("admin:negotiations_negotiation_changelist")).content.decode()
    change = reverse("admin:negotiations_negotiation_change", args=[talks["negotiation"].pk])
    assert link in curator_client.get(change).content.decode()


def test_it_answers_404_for_an_unknown_negotiation_and_ignores_a_bad_month_or_page(curator_client, talks):
    assert curator_client.get(reverse("pages:negotiation", args=["no-such-talks"])).status_code == 404
    response = curator_client.get(_url(talks["negotiation"], month="2024-99", page="x"))
    assert response.status_code == 200
    assert response.context["page"].month.key == "2024-12"


def test_it_pages_a_big_month_in_a_constant_number_of_queries(curator_client, django_assert_max_num_queries):
    negotiation = NegotiationFactory(slug="big-talks")
    speakers = [PersonFactory() for _ in range(5)]
    reports = [ReportFactory(outlet=f"Outlet {i % 3}") for i in range(6)]
    statements = Statement.objects.bulk_create(
        Statement(
            negotiation=negotiation,
            speaker_person=speakers[i % 5],
            text=f"Words number {i}.",
            text_key=f"key-{i}",
            said_on=dt.date(2024, 12, 1 + i % 28),
        )
        for i in range(300)
    )
    Evidence.objects.bulk_create(
        Evidence(report=reports[(i + k) % 6], statement=s) for i, s in enumerate(statements) for k in range(2)
    )
    for i in range(20):
        meeting = MeetingFactory(
            negotiation=negotiation, date_from=dt.date(2024, 12, 1 + i), date_to=dt.date(2024, 12, 1 + i)
        )
        MeetingParticipant.objects.create(meeting=meeting, person=speakers[i % 5])
        EvidenceFactory(meeting=meeting, report=reports[i % 6])
    curator_client.get(_url(negotiation))  # warm per-process caches (content types, sessions)

    with django_assert_max_num_queries(14):
        first = curator_client.get(_url(negotiation))
    with django_assert_max_num_queries(14):
        last = curator_client.get(_url(negotiation, page=3))

    first_page, last_page = first.context["page"], last.context["page"]
    assert [(m.key, m.statements, m.meetings) for m in first_page.months] == [("2024-12", 300, 20)]
    assert len(first_page.entries) == 120 and len(last_page.entries) == 100
    assert last_page.statements_page.number == 3
    assert all(e.reports == 2 and len(e.sources) == 2 for e in last_page.entries)
