"""The negotiation a report's parties name when the extractor recognised none
(dedup_selectors.negotiation_with_parties)."""

import pytest

from events.dedup_selectors import negotiation_with_parties
from negotiations.models import Role
from tests.factories import ActorFactory, NegotiationFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def states():
    return {name: ActorFactory(name=name) for name in ("Sudan", "RSF", "Egypt", "Saudi Arabia", "Ethiopia")}


def _talks(title, parties, mediators=(), **kwargs):
    negotiation = NegotiationFactory(title=title, **kwargs)
    for actor in parties:
        ParticipationFactory(negotiation=negotiation, actor=actor, role=Role.PARTY)
    for actor in mediators:
        ParticipationFactory(negotiation=negotiation, actor=actor, role=Role.MEDIATOR)
    return negotiation


def test_it_finds_the_negotiation_whose_parties_are_exactly_these(states):
    sudan, rsf, egypt, saudi = states["Sudan"], states["RSF"], states["Egypt"], states["Saudi Arabia"]
    _talks("Sudan, RSF and Egypt", [sudan, rsf, egypt])  # a superset
    _talks("Sudan alone", [sudan])  # a subset
    jeddah = _talks("Jeddah talks", [sudan, rsf], mediators=[saudi])
    _talks("Jeddah talks, later row", [rsf, sudan])  # the same parties, a higher id

    found = negotiation_with_parties(party_ids={sudan.id, rsf.id})

    assert found.id == jeddah.id
    # Its roles come with it, mediators too: the participations are not read again.
    assert found.known_roles == {(sudan.id, Role.PARTY), (rsf.id, Role.PARTY), (saudi.id, Role.MEDIATOR)}


def test_a_mediator_is_not_a_party(states):
    sudan, rsf, saudi = states["Sudan"], states["RSF"], states["Saudi Arabia"]
    talks = _talks("Jeddah talks", [sudan, rsf], mediators=[saudi])
    assert negotiation_with_parties(party_ids={sudan.id, rsf.id, saudi.id}) is None
    assert negotiation_with_parties(party_ids={sudan.id, rsf.id}).id == talks.id


def test_rejected_rows_do_not_count(states):
    sudan, rsf, egypt = states["Sudan"], states["RSF"], states["Egypt"]
    _talks("Rejected talks", [sudan, rsf], review_status="rejected")
    kept = _talks("Talks with a rejected party", [sudan, rsf])
    ParticipationFactory(negotiation=kept, actor=egypt, role=Role.PARTY, review_status="rejected")

    assert negotiation_with_parties(party_ids={sudan.id, rsf.id}).id == kept.id
    assert negotiation_with_parties(party_ids={sudan.id, rsf.id, egypt.id}) is None


def test_no_parties_no_negotiation(states):
    _talks("Talks", [states["Sudan"]])
    assert negotiation_with_parties(party_ids=set()) is None
