"""Actor mention stages: the known actors a report names, then settled once people are known."""

from events.pipeline.extraction.organisations import find_actor_mentions, settle_actor_mentions
from events.pipeline.extraction.people import find_people, person_mentions
from events.pipeline.types import KnownActor
from tests.extraction.conftest import STAGE_ACTORS, make_document

WAGNER = KnownActor(7, "Wagner", "armed_group")
TEXT = (
    "Culture Minister Anna Wagner Lind of Norway spoke to the Coastal Liberation Front on Friday. "
    "The Wagner group was not invited, said Peru's envoy."
)


def _settled(doc):
    found = find_actor_mentions(doc)
    people = find_people(doc, found)
    mentions = person_mentions(doc, people=people.people, named=people.named)
    return found, settle_actor_mentions(doc, actor_mentions=found, mentions=mentions)


def test_it_finds_known_actors_by_name_and_demonym():
    doc = make_document("Norwegian mediators met Chile's envoy and a Peruvian official.")
    assert [(a.surface, a.actor.name) for a in find_actor_mentions(doc)] == [
        ("Norwegian", "Norway"),
        ("Chile", "Chile"),
        ("Peruvian", "Peru"),
    ]


def test_it_drops_an_actor_name_inside_a_person_name_and_keeps_it_elsewhere():
    doc = make_document(TEXT, actors=(*STAGE_ACTORS, WAGNER))
    found, settled = _settled(doc)
    assert [a.start for a in found if a.actor.name == "Wagner"] == [TEXT.index("Wagner"), TEXT.index("The Wagner") + 4]
    assert [a.start for a in settled if a.actor.name == "Wagner"] == [TEXT.index("The Wagner") + 4]


def test_it_adds_an_organisation_the_gazetteer_does_not_know_in_text_order():
    doc = make_document(TEXT, actors=(*STAGE_ACTORS, WAGNER))
    _, settled = _settled(doc)
    assert [a.actor.name for a in settled] == ["Norway", "Coastal Liberation Front", "Wagner", "Peru"]
    front = settled[1].actor
    assert (front.id, front.kind) == (None, "armed_group")
