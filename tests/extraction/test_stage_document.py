"""The Document every stage reads: built once per report from its text and the gazetteer."""

import dataclasses
import datetime as dt

import pytest

from events.pipeline.extraction.document import gazetteer_indexes
from events.pipeline.types import KnownActor
from tests.extraction.conftest import STAGE_ACTORS, make_document

TEXT = (
    "OSLO, May 6 (Wire) - Norway's foreign minister met a Chilean envoy on Monday. They talked for hours.\n"
    "A second paragraph follows here."
)


def test_it_cuts_the_text_into_paragraphs_and_sentences():
    doc = make_document(TEXT)
    assert [p.text for p in doc.paragraphs] == [TEXT.split("\n")[0], "A second paragraph follows here."]
    assert [s.text for s in doc.sentences] == [
        "OSLO, May 6 (Wire) - Norway's foreign minister met a Chilean envoy on Monday.",
        "They talked for hours.",
        "A second paragraph follows here.",
    ]
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]


def test_it_knows_where_the_dateline_ends_and_the_publication_day():
    doc = make_document(TEXT, published="2025-05-07")
    assert doc.text[: doc.dateline_end] == "OSLO, May 6 (Wire) - "
    assert doc.published == dt.date(2025, 5, 7)


def test_it_has_no_dateline_when_the_lead_starts_with_the_story():
    doc = make_document("Norway's foreign minister met a Chilean envoy on Monday.")
    assert doc.dateline_end == 0


def test_it_is_immutable():
    doc = make_document(TEXT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "other"


def test_it_names_a_state_for_an_office_only_when_the_gazetteer_knows_the_state():
    without = make_document(TEXT)
    usa = KnownActor(9, "United States", "state", "US", ("U.S.",))
    with_usa = make_document(TEXT, actors=(*STAGE_ACTORS, usa))
    assert dict(without.implied_title_states) == {}
    assert dict(with_usa.implied_title_states) == {"secretary of state": "United States"}


def test_it_builds_the_name_indexes_once_per_gazetteer():
    doc = make_document(TEXT)
    assert gazetteer_indexes(doc.gazetteer) == (doc.actors, doc.people)
    assert doc.actors.lookup("Chilean").name == "Chile"
