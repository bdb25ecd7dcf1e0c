"""The people stage (introductions, then sides) and the person mentions read after it."""

from events.pipeline.extraction.organisations import find_actor_mentions
from events.pipeline.extraction.people import find_people, person_mentions
from events.pipeline.types import KnownPerson
from tests.extraction.conftest import make_document


def _people(text, **kwargs):
    doc = make_document(text, **kwargs)
    found = find_people(doc, find_actor_mentions(doc))
    return doc, found


def test_it_introduces_people_with_their_titles_and_sides():
    _, found = _people("Norwegian Foreign Minister Ingrid Halvorsen met Chilean envoy Tomas Ferraro in Oslo.")
    assert [(p.name, p.title, p.affiliation) for p in found.people] == [
        ("Ingrid Halvorsen", "Foreign Minister", "Norway"),
        ("Tomas Ferraro", "envoy", "Chile"),
    ]


def test_it_reads_title_references_apart_from_named_mentions():
    text = (
        "Norwegian Foreign Minister Ingrid Halvorsen met Chilean envoy Tomas Ferraro in Oslo. "
        "Halvorsen said the talks went well. The foreign minister added that more work was needed."
    )
    doc, found = _people(text)
    assert [(m.kind, text[m.start : m.end]) for m in found.named] == [
        ("name", "Ingrid Halvorsen"),
        ("name", "Tomas Ferraro"),
        ("surname", "Halvorsen"),
    ]
    mentions = person_mentions(doc, people=found.people, named=found.named)
    title = mentions[-1]
    assert (title.kind, text[title.start : title.end], title.person.name, title.subject) == (
        "title",
        "The foreign minister",
        "Ingrid Halvorsen",
        True,
    )
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_it_completes_a_side_that_a_title_reference_then_depends_on():
    text = "Ramon Quispe led the Peruvian delegation at the talks. Later the Peruvian negotiator said a deal was near."
    doc, found = _people(text)
    quispe = found.people[0]
    assert (quispe.name, quispe.title, quispe.affiliation) == ("Ramon Quispe", "", "Peru")
    # "the Peruvian negotiator" is Quispe only once his side is known: a generic title with a side.
    mentions = person_mentions(doc, people=found.people, named=found.named)
    assert [(m.kind, text[m.start : m.end]) for m in mentions] == [
        ("name", "Ramon Quispe"),
        ("title", "the Peruvian negotiator"),
    ]


def test_it_takes_a_known_person_with_the_gazetteer_title_and_side():
    known = KnownPerson(id=41, name="Tomas Ferraro", title="Special Envoy", affiliation="Chile")
    _, found = _people("Tomas Ferraro arrived in Lima on Monday.", people=(known,))
    assert [(p.name, p.known_id, p.title, p.affiliation) for p in found.people] == [
        ("Tomas Ferraro", 41, "Special Envoy", "Chile"),
    ]


def test_it_leaves_journalists_of_a_byline_out():
    text = "Chile and Peru met in Oslo. Ramon Quispe said little.\nReporting by Clara Bjorn; Editing by Olav Dahl"
    _, found = _people(text)
    assert [p.name for p in found.people] == ["Ramon Quispe"]


def test_it_reads_a_first_name_only_one_person_has_as_theirs():
    text = "Envoy Redwan Tessema met Chilean officials on Monday. Redwan told reporters that the meeting went well."
    _, found = _people(text)
    assert [(m.kind, text[m.start : m.end], m.person.name) for m in found.named] == [
        ("name", "Redwan Tessema", "Redwan Tessema"),
        ("surname", "Redwan", "Redwan Tessema"),
    ]
