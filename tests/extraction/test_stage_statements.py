"""The statements stage: quotes, answers and reported speech, dated, each said thing once."""

import datetime as dt

from events.pipeline.extraction.attribution import attribute_quotes
from events.pipeline.extraction.dates import report_dates
from events.pipeline.extraction.organisations import find_actor_mentions, settle_actor_mentions
from events.pipeline.extraction.people import find_people, person_mentions
from events.pipeline.extraction.statements import find_statements
from tests.extraction.conftest import make_document

TEXT = (
    '"The ceasefire holds for now," said Ramon Quispe, Peru\'s foreign minister, on Tuesday.\n'
    '"The ceasefire holds for now," Quispe repeated later. "Peru will sign when the text is ready," he told a '
    "press briefing.\n"
    "Chile's Foreign Ministry said in a statement that it was hopeful about the talks."
)


def _statements(text):
    doc = make_document(text, published="2025-05-07")
    actor_mentions = find_actor_mentions(doc)
    found = find_people(doc, actor_mentions)
    mentions = person_mentions(doc, people=found.people, named=found.named)
    actor_mentions = settle_actor_mentions(doc, actor_mentions=actor_mentions, mentions=mentions)
    attribution = attribute_quotes(doc, mentions=mentions, actor_mentions=actor_mentions, host=None)
    return find_statements(
        doc, attribution=attribution, dates=report_dates(doc), mentions=mentions, people=found.people
    )


def test_it_keeps_a_quote_said_twice_once_and_dates_it():
    statements = _statements(TEXT)
    assert [(s.kind, s.text, s.speaker_person, s.speaker_actor, s.said_on) for s in statements] == [
        ("direct", "The ceasefire holds for now", "Ramon Quispe", None, dt.date(2025, 5, 6)),
        ("direct", "Peru will sign when the text is ready", "Ramon Quispe", None, dt.date(2025, 5, 6)),
        ("reported", "it was hopeful about the talks", None, "Chile", dt.date(2025, 5, 6)),
    ]


def test_it_reads_where_the_words_were_said():
    statements = _statements(TEXT)
    assert [s.setting for s in statements] == ["", "press briefing", ""]
    assert [s.speaker_title for s in statements][:2] == ["foreign minister", "foreign minister"]
