"""The negotiation stage: parties, mediators and the known negotiation a report belongs to."""

from events.pipeline.extraction.attribution import attribute_quotes
from events.pipeline.extraction.dates import report_dates
from events.pipeline.extraction.meetings import find_meetings
from events.pipeline.extraction.negotiation import negotiation_of
from events.pipeline.extraction.organisations import find_actor_mentions, settle_actor_mentions
from events.pipeline.extraction.people import find_people, person_mentions
from events.pipeline.extraction.statements import find_statements
from events.pipeline.types import KnownNegotiation
from tests.extraction.conftest import make_document


def _negotiation(text, **kwargs):
    doc = make_document(text, **kwargs)
    actor_mentions = find_actor_mentions(doc)
    found = find_people(doc, actor_mentions)
    mentions = person_mentions(doc, people=found.people, named=found.named)
    actor_mentions = settle_actor_mentions(doc, actor_mentions=actor_mentions, mentions=mentions)
    dates = report_dates(doc)
    attribution = attribute_quotes(doc, mentions=mentions, actor_mentions=actor_mentions, host=None)
    statements = find_statements(doc, attribution=attribution, dates=dates, mentions=mentions, people=found.people)
    drafts = find_meetings(
        doc,
        mentions=mentions,
        actor_mentions=actor_mentions,
        dates=dates.dated,
        resolve_pronoun=attribution.attributor.resolve_pronoun,
    )
    return negotiation_of(
        doc,
        actor_mentions=actor_mentions,
        mentions=mentions,
        people=found.people,
        meetings=drafts,
        statements=statements,
    )


def test_it_reads_the_parties_and_a_mediator():
    negotiation = _negotiation("Talks between Chile and Peru, mediated by Norway, have stalled since March.")
    assert (negotiation.title, negotiation.parties, negotiation.mediators, negotiation.known_id) == (
        "Chile-Peru talks",
        ["Chile", "Peru"],
        ["Norway"],
        None,
    )


def test_it_makes_a_mediator_of_the_side_an_envoy_speaks_for():
    text = (
        "Chile and Peru held talks in Lima on Monday. Norwegian envoy Ingrid Halvorsen said the sides were "
        "closer than at any time this year."
    )
    negotiation = _negotiation(text)
    assert (negotiation.parties, negotiation.mediators) == (["Chile", "Peru"], ["Norway"])


def test_it_matches_the_known_negotiation_of_the_same_parties():
    known = KnownNegotiation(id=12, title="Chile-Peru border talks", parties=("Peru", "Chile"))
    negotiation = _negotiation("The border talks between Chile and Peru resumed on Monday.", negotiations=(known,))
    assert (negotiation.title, negotiation.known_id) == ("Chile-Peru border talks", 12)


def test_it_finds_no_negotiation_without_two_sides():
    assert _negotiation("Chile announced a new budget on Monday.") is None
