import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.selectors import gazetteer_build, gazetteer_cache_clear
from negotiations.models import ActorAlias, ActorKind, PersonAlias, ReviewStatus, Role
from tests.factories import ActorFactory, NegotiationFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    gazetteer_cache_clear()
    yield
    gazetteer_cache_clear()


def test_it_reflects_live_actors_people_and_negotiations():
    israel = ActorFactory(name="Israel", iso_code="IL")
    ActorAlias.objects.create(actor=israel, name="Israeli")
    hamas = ActorFactory(name="Hamas", kind=ActorKind.ARMED_GROUP)
    qatar = ActorFactory(name="Qatar", iso_code="QA")
    person = PersonFactory(name="Recep Tayyip Erdoğan", title="President", affiliation=qatar)
    PersonAlias.objects.create(person=person, name="Erdogan")
    negotiation = NegotiationFactory(title="Gaza talks", topic="cease-fire")
    ParticipationFactory(negotiation=negotiation, actor=israel, role=Role.PARTY)
    ParticipationFactory(negotiation=negotiation, actor=hamas, role=Role.PARTY)
    ParticipationFactory(negotiation=negotiation, actor=qatar, role=Role.MEDIATOR)

    gazetteer = gazetteer_build()

    actors = {a.name: a for a in gazetteer.actors}
    assert set(actors) == {"Israel", "Hamas", "Qatar"}
    assert (actors["Israel"].id, actors["Israel"].iso_code, actors["Israel"].aliases) == (israel.pk, "IL", ("Israeli",))
    assert actors["Hamas"].kind == "armed_group"
    [known] = gazetteer.people
    assert (known.id, known.name, known.title, known.affiliation, known.aliases) == (
        person.pk, "Recep Tayyip Erdoğan", "President", "Qatar", ("Erdogan",)
    )
    [talks] = gazetteer.negotiations
    assert (talks.id, talks.title, talks.topic) == (negotiation.pk, "Gaza talks", "cease-fire")
    assert (set(talks.parties), talks.mediators) == ({"Israel", "Hamas"}, ("Qatar",))


def test_it_excludes_merged_rows_and_names_the_kept_actor():
    kept = ActorFactory(name="Türkiye", iso_code="TR")
    merged = ActorFactory(name="Turkey", merged_into=kept)
    person = PersonFactory(name="Hakan Fidan", affiliation=merged)
    PersonFactory(name="H. Fidan", merged_into=person, affiliation=kept)
    negotiation = NegotiationFactory()
    ParticipationFactory(negotiation=negotiation, actor=merged, role=Role.MEDIATOR)

    gazetteer = gazetteer_build()

    assert [a.name for a in gazetteer.actors] == ["Türkiye"]
    assert [(p.name, p.affiliation) for p in gazetteer.people] == [("Hakan Fidan", "Türkiye")]
    assert gazetteer.negotiations[0].mediators == ("Türkiye",)


def test_it_leaves_out_rejected_participations():
    negotiation = NegotiationFactory()
    ParticipationFactory(negotiation=negotiation, actor=ActorFactory(name="Egypt"), role=Role.MEDIATOR)
    ParticipationFactory(
        negotiation=negotiation, actor=ActorFactory(name="Oman"), role=Role.MEDIATOR, review_status=ReviewStatus.REJECTED
    )
    assert gazetteer_build().negotiations[0].mediators == ("Egypt",)


def test_it_costs_a_constant_number_of_queries():
    for i in range(3):
        actor = ActorFactory(name=f"State {i}")
        ActorAlias.objects.create(actor=actor, name=f"Alias {i}")
        PersonAlias.objects.create(person=PersonFactory(name=f"Person {i}", affiliation=actor), name=f"P {i}")
        ParticipationFactory(actor=actor)
    with CaptureQueriesContext(connection) as few:
        gazetteer_build(use_cache=False)
    for i in range(3, 30):
        actor = ActorFactory(name=f"State {i}")
        ActorAlias.objects.create(actor=actor, name=f"Alias {i}")
        PersonAlias.objects.create(person=PersonFactory(name=f"Person {i}", affiliation=actor), name=f"P {i}")
        ParticipationFactory(actor=actor)
    with CaptureQueriesContext(connection) as many:
        gazetteer = gazetteer_build(use_cache=False)
    assert len(gazetteer.people) == 30
    assert len(many.captured_queries) == len(few.captured_queries) <= 6


def test_it_serves_a_cached_copy_until_the_database_changes():
    actor = ActorFactory(name="Egypt")
    first = gazetteer_build()
    with CaptureQueriesContext(connection) as cached:
        second = gazetteer_build()
    assert second is first
    assert len(cached.captured_queries) == 1  # the version check only

    ActorAlias.objects.create(actor=actor, name="Cairo")
    assert gazetteer_build().actors[0].aliases == ("Cairo",)

    actor.name = "Arab Republic of Egypt"
    actor.save()
    assert gazetteer_build().actors[0].name == "Arab Republic of Egypt"

    ActorAlias.objects.filter(actor=actor).delete()
    assert gazetteer_build().actors[0].aliases == ()


def test_it_sees_deleted_and_merged_rows_through_their_tombstones():
    israel = ActorFactory(name="Israel")
    person = PersonFactory(name="Hakan Fidan", affiliation=israel)
    negotiation = NegotiationFactory()
    participation = ParticipationFactory(negotiation=negotiation, actor=israel, role=Role.PARTY)
    assert [p.name for p in gazetteer_build().people] == ["Hakan Fidan"]

    person.delete()
    assert gazetteer_build().people == []

    participation.delete()
    assert gazetteer_build().negotiations[0].parties == ()


def test_it_rebuilds_after_the_ttl_even_when_the_version_cannot_see_a_change(monkeypatch):
    from events import selectors

    actor = ActorFactory(name="Egypt")
    first = gazetteer_build()
    # A queryset.update() leaves updated_at alone: invisible to the version check.
    type(actor).objects.filter(pk=actor.pk).update(name="Arab Republic of Egypt")
    assert gazetteer_build() is first

    monkeypatch.setattr(selectors, "CACHE_TTL_SECONDS", 0.0)
    assert gazetteer_build().actors[0].name == "Arab Republic of Egypt"
