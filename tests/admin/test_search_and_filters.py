"""Searching and filtering the admin lists the way curators do."""

import pytest
from django.urls import reverse

from events.models import Meeting, Report
from negotiations.models import ActorAlias, PersonAlias
from negotiations.services.merge import person_merge
from tests.factories import (
    ActorFactory,
    MeetingFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def _results(client, name, params):
    response = client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code == 200
    return [obj.pk for obj in response.context["cl"].result_list]


def test_it_finds_people_by_alias_and_actors_by_demonym(curator_client):
    araghchi = PersonFactory(name="Abbas Araghchi")
    PersonAlias.objects.create(person=araghchi, name="Abbas Araqchi")
    PersonFactory(name="Hakan Fidan")
    turkiye = ActorFactory(name="Türkiye")
    ActorAlias.objects.create(actor=turkiye, name="Turkish")
    ActorFactory(name="Egypt")

    assert _results(curator_client, "negotiations_person", {"q": "Araqchi"}) == [araghchi.pk]
    assert _results(curator_client, "negotiations_actor", {"q": "Turkish"}) == [turkiye.pk]


def test_it_finds_statements_by_words_and_by_speaker(curator_client):
    miller = PersonFactory(name="Matthew Miller")
    quote = StatementFactory(speaker_person=miller, text="We believe a deal is within reach.")
    StatementFactory(text="Nothing is agreed until everything is agreed.")

    assert _results(curator_client, "events_statement", {"q": "within reach"}) == [quote.pk]
    assert _results(curator_client, "events_statement", {"q": "Miller"}) == [quote.pk]


def test_it_filters_people_by_merge_state(curator_client):
    keep, dup = PersonFactory(), PersonFactory()
    person_merge(keep=keep, merge=[dup])

    assert _results(curator_client, "negotiations_person", {"merged": "no"}) == [keep.pk]
    assert _results(curator_client, "negotiations_person", {"merged": "yes"}) == [dup.pk]


def test_it_filters_reports_by_status_failure_reason_copy_and_outlet(curator_client):
    original = ReportFactory(outlet="Reuters")
    copy = ReportFactory(outlet="AP", duplicate_of=original)
    failed = ReportFactory(outlet="AP", status=Report.Status.FAILED, failure_reason="fetch: connection refused")
    other_failure = ReportFactory(status=Report.Status.FAILED, failure_reason="empty text")

    assert sorted(_results(curator_client, "events_report", {"status__exact": "failed"})) == sorted(
        [failed.pk, other_failure.pk]
    )
    assert _results(curator_client, "events_report", {"failure_reason": "empty text"}) == [other_failure.pk]
    assert _results(curator_client, "events_report", {"is_duplicate": "yes"}) == [copy.pk]
    assert sorted(_results(curator_client, "events_report", {"outlet": "AP"})) == sorted([copy.pk, failed.pk])
    response = curator_client.get(reverse("admin:events_report_changelist"))
    assert "fetch: connection refused (1)" in response.content.decode()


def test_it_filters_meetings_by_kind_and_negotiation(curator_client):
    call = MeetingFactory(kind=Meeting.Kind.CALL)
    MeetingFactory(kind=Meeting.Kind.TALKS)

    assert _results(curator_client, "events_meeting", {"kind__exact": "call"}) == [call.pk]
    assert _results(curator_client, "events_meeting", {"negotiation__id__exact": call.negotiation_id}) == [call.pk]


def test_it_answers_a_text_search_on_numeric_columns_without_an_error(curator_client):
    response = curator_client.get(reverse("admin:negotiations_tombstone_changelist"), {"q": "not a number"})
    assert response.status_code == 200


def test_it_links_a_person_and_a_negotiation_to_their_statements_and_meetings(curator_client):
    from events.models import MeetingParticipant

    person = PersonFactory()
    said = StatementFactory(speaker_person=person)
    StatementFactory()
    meeting = MeetingFactory(negotiation=said.negotiation)
    MeetingParticipant.objects.create(meeting=meeting, person=person)
    MeetingFactory()

    page = curator_client.get(reverse("admin:negotiations_person_change", args=[person.pk])).content.decode()
    statements_link = f"?speaker_person__id__exact={person.pk}"
    meetings_link = f"?participants__person__id__exact={person.pk}"
    assert statements_link in page and meetings_link in page

    assert _results(curator_client, "events_statement", {"speaker_person__id__exact": person.pk}) == [said.pk]
    assert _results(curator_client, "events_meeting", {"participants__person__id__exact": person.pk}) == [meeting.pk]
    assert _results(curator_client, "events_statement", {"negotiation__id__exact": said.negotiation_id}) == [said.pk]
