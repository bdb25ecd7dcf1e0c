import pytest
from django.contrib.auth import get_user_model

from events.models import MeetingParticipant, ReportBand, Source
from negotiations.models import ActorAlias, NegotiationAlias, PersonAlias, Tombstone
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


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def curator_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def world(db):
    """One row of every model, linked the way the pipeline links them."""
    actor = ActorFactory(name="Qatar", iso_code="QA")
    ActorAlias.objects.create(actor=actor, name="Qatari")
    person = PersonFactory(name="Majed al-Ansari", title="Foreign Ministry spokesperson", affiliation=actor)
    PersonAlias.objects.create(person=person, name="Majed Al Ansari")
    negotiation = NegotiationFactory(title="Gaza cease-fire talks")
    NegotiationAlias.objects.create(negotiation=negotiation, name="Gaza truce talks")
    participation = ParticipationFactory(negotiation=negotiation, actor=actor, role="mediator")
    source = Source.objects.create(name="Wire", url="https://wire.example.org/feed.xml", last_error="timeout")
    report = ReportFactory(title="Talks resume in Doha", source=source)
    ReportBand.objects.create(report=report, band=0, hash=123456789)
    statement = StatementFactory(
        negotiation=negotiation, speaker_person=person, speaker_actor=actor, text="We are cautiously optimistic."
    )
    meeting = MeetingFactory(negotiation=negotiation, place_country=actor)
    MeetingParticipant.objects.create(meeting=meeting, person=person)
    EvidenceFactory(report=report, statement=statement)
    EvidenceFactory(report=report, meeting=meeting)
    Tombstone.objects.create(model="person", object_id=999, merged_into_id=person.pk)
    return {
        "actor": actor,
        "person": person,
        "negotiation": negotiation,
        "participation": participation,
        "report": report,
        "statement": statement,
        "meeting": meeting,
        "source": source,
    }
