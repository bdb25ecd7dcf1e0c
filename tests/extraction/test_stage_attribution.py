"""The attribution stage: each quote's speaker, and where institutions spoke."""

from events.pipeline.extraction.attribution import attribute_quotes
from events.pipeline.extraction.meetings import talks_host
from events.pipeline.extraction.organisations import find_actor_mentions, settle_actor_mentions
from events.pipeline.extraction.people import find_people, person_mentions
from tests.extraction.conftest import make_document


def _attribution(text):
    doc = make_document(text)
    actor_mentions = find_actor_mentions(doc)
    found = find_people(doc, actor_mentions)
    mentions = person_mentions(doc, people=found.people, named=found.named)
    actor_mentions = settle_actor_mentions(doc, actor_mentions=actor_mentions, mentions=mentions)
    return attribute_quotes(doc, mentions=mentions, actor_mentions=actor_mentions, host=talks_host(doc))


def _speakers(attribution):
    return [
        (a.quote.text, a.speaker.person.name if a.speaker.person else a.speaker.actor) for a in attribution.attributed
    ]


def test_it_attributes_a_quote_to_a_named_person_and_a_pronoun_to_them():
    text = (
        '"We have found common ground," said Norwegian Foreign Minister Ingrid Halvorsen. '
        '"Both delegations worked through the night," she added.'
    )
    assert _speakers(_attribution(text)) == [
        ("We have found common ground", "Ingrid Halvorsen"),
        ("Both delegations worked through the night", "Ingrid Halvorsen"),
    ]


def test_it_attributes_the_host_country_to_the_state_hosting_the_talks():
    text = 'The talks in Oslo opened on Monday. "We will not leave without a text," the host country said.'
    assert talks_host(make_document(text)) == "Norway"
    assert _speakers(_attribution(text)) == [("We will not leave without a text", "Norway")]


def test_it_records_where_an_institution_spoke():
    text = "Talks resumed. Chile's Foreign Ministry said in a statement that it was hopeful."
    attribution = _attribution(text)
    assert attribution.attributed == []
    assert attribution.institution_events == [(text.index("Chile"), "Chile")]
