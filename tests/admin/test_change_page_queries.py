"""A statement or meeting page costs the same few queries with 1 or 40 evidence rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EvidenceFactory, MeetingFactory, ReportFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _page(client, fact, rows):
    for i in range(rows):
        report = ReportFactory(title=f"Wire story {fact.pk}-{i}")
        if fact._meta.model_name == "statement":
            EvidenceFactory(statement=fact, report=report)
        else:
            EvidenceFactory(meeting=fact, report=report)
    url = reverse(f"admin:events_{fact._meta.model_name}_change", args=[fact.pk])
    client.get(url)  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    # Every evidence row shows its report, as a link that opens in a new tab.
    assert body.count('target="_blank" rel="noopener" class="report-link">Wire story') == rows
    return len(ctx.captured_queries)


@pytest.mark.parametrize("factory", [StatementFactory, MeetingFactory])
def test_it_renders_a_fact_page_in_a_constant_number_of_queries(curator_client, factory):
    assert _page(curator_client, factory(), 1) == _page(curator_client, factory(), 40)


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_renders_a_meeting_with_many_participants_in_a_constant_number_of_queries(curator_client):
    from events.models import MeetingParticipant
    from tests.factories import PersonFactory

    def page(rows):
        meeting = MeetingFactory()
        for _ in range(rows):
            MeetingParticipant.objects.create(meeting=meeting, person=PersonFactory())
        return _queries(curator_client, reverse("admin:events_meeting_change", args=[meeting.pk]))

    assert page(1) == page(15)


def test_it_renders_a_negotiation_with_many_parties_in_a_constant_number_of_queries(curator_client):
    from tests.factories import NegotiationFactory, ParticipationFactory

    def page(rows):
        negotiation = NegotiationFactory()
        for _ in range(rows):
            ParticipationFactory(negotiation=negotiation)
        return _queries(curator_client, reverse("admin:negotiations_negotiation_change", args=[negotiation.pk]))

    assert page(1) == page(15)


def test_it_renders_a_report_with_many_extracted_facts_in_a_constant_number_of_queries(curator_client):
    def page(rows):
        report = ReportFactory()
        for _ in range(rows):
            EvidenceFactory(report=report, statement=StatementFactory())
        return _queries(curator_client, reverse("admin:events_report_change", args=[report.pk]))

    assert page(1) == page(20)


def test_it_shows_corroboration_by_outlets_and_independent_sources(curator_client):
    statement = StatementFactory()
    wire = ReportFactory(outlet="Reuters")
    copy = ReportFactory(outlet="Al Jazeera", duplicate_of=wire)
    own = ReportFactory(outlet="Al Jazeera")
    for report in (wire, copy, own):
        EvidenceFactory(statement=statement, report=report)

    body = curator_client.get(reverse("admin:events_statement_change", args=[statement.pk])).content.decode()

    assert "3 reports, 2 outlets, 2 independent sources" in body
