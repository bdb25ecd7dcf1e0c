"""The meetings stage (drafts, merged) and the meeting records with places and dates filled."""

import datetime as dt

from events.pipeline.extraction.attribution import attribute_quotes
from events.pipeline.extraction.dates import report_dates
from events.pipeline.extraction.meetings import (
    dateline_place,
    find_meetings,
    meeting_records,
    place_in,
    report_venue,
)
from events.pipeline.extraction.organisations import find_actor_mentions, settle_actor_mentions
from events.pipeline.extraction.people import find_people, person_mentions
from tests.extraction.conftest import make_document

TEXT = (
    "Chilean Foreign Minister Tomas Ferraro met Peruvian Foreign Minister Ramon Quispe in Oslo on Monday. "
    "Norwegian envoy Ingrid Halvorsen also took part in the talks.\n"
    "Ferraro will meet President Lucia Montes next week.\n"
    "On Wednesday Quispe spoke by phone with Halvorsen."
)


def _meetings(text, published="2025-05-07"):
    doc = make_document(text, published=published)
    actor_mentions = find_actor_mentions(doc)
    found = find_people(doc, actor_mentions)
    mentions = person_mentions(doc, people=found.people, named=found.named)
    actor_mentions = settle_actor_mentions(doc, actor_mentions=actor_mentions, mentions=mentions)
    dates = report_dates(doc)
    attribution = attribute_quotes(doc, mentions=mentions, actor_mentions=actor_mentions, host=None)
    drafts = find_meetings(
        doc,
        mentions=mentions,
        actor_mentions=actor_mentions,
        dates=dates.dated,
        resolve_pronoun=attribution.attributor.resolve_pronoun,
    )
    return doc, drafts, meeting_records(doc, drafts, default=dates.default)


def test_it_finds_meetings_that_took_place_not_planned_ones():
    _, drafts, _ = _meetings(TEXT)
    assert [(d.kind, [p.name for p in d.people]) for d in drafts] == [
        # "also took part in the talks" adds Halvorsen to the meeting told just before.
        ("talks", ["Tomas Ferraro", "Ramon Quispe", "Ingrid Halvorsen"]),
        ("call", ["Ramon Quispe", "Ingrid Halvorsen"]),
    ]


def test_it_gives_each_meeting_its_place_and_date():
    _, _, records = _meetings(TEXT)
    assert [(m.kind, m.place_name, m.place_country, m.date_from, m.date_to) for m in records] == [
        ("talks", "Oslo", "Norway", dt.date(2025, 5, 5), dt.date(2025, 5, 5)),
        ("call", "", None, dt.date(2025, 5, 7), dt.date(2025, 5, 7)),
    ]


def test_it_takes_a_place_from_the_occasion_told_just_before():
    text = (
        "Talks on the border opened in Oslo. Tomas Ferraro, Chile's envoy, spoke with Ramon Quispe, "
        "Peru's foreign minister, on May 2."
    )
    _, _, records = _meetings(text)
    assert [(m.people, m.place_name, m.place_country, m.date_from) for m in records] == [
        (["Tomas Ferraro", "Ramon Quispe"], "Oslo", "Norway", dt.date(2025, 5, 2)),
    ]


def test_it_reads_places_the_dateline_and_the_venue():
    doc = make_document("LIMA, May 6 (Wire) - The envoys met at the palace.\nTalks in Oslo follow.")
    assert dateline_place(doc) == ("Lima", "Peru")
    assert report_venue(doc) == ("Lima", "Peru")  # the dateline's city comes first
    assert place_in(doc, doc.text.index("Talks"), len(doc.text)) == ("Oslo", "Norway", doc.text.index("in Oslo"))
    assert place_in(doc, 0, doc.text.index("Talks")) == ("", None, None)


def test_it_finds_no_meeting_in_a_denied_one():
    _, drafts, records = _meetings("Tomas Ferraro did not meet Ramon Quispe in Oslo on Monday.")
    assert drafts == [] and records == []
