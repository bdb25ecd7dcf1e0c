"""The seed report against its hand-made gold, field by field, at the pure level (no database)."""

import datetime as dt
import json
from pathlib import Path

import pytest

from events.pipeline.extract import extract_report
from events.text import fold_statement_text
from tests.extraction.conftest import make_report

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"


@pytest.fixture(scope="module")
def gold():
    return json.loads((SEED / "seed-report.expected.json").read_text())


@pytest.fixture(scope="module")
def extraction():
    from events.pipeline.gazetteer import default_gazetteer

    raw = json.loads((SEED / "seed-report.json").read_text())
    return extract_report(make_report(raw["text"], raw["published_at"], raw["title"]), default_gazetteer())


def test_it_finds_the_nine_direct_statements_with_speakers_and_dates(extraction, gold):
    direct = [s for s in extraction.statements if s.kind == "direct"]
    got = sorted((fold_statement_text(s.text), s.speaker_person, str(s.said_on), s.said_on_precision) for s in direct)
    want = sorted(
        (fold_statement_text(s["text"]), s["speaker"], s["said_on"], s["said_on_precision"]) for s in gold["statements"]
    )
    assert got == want


def test_it_does_not_make_a_statement_of_the_lone_word_productive(extraction):
    assert all(fold_statement_text(s.text) != "productive" for s in extraction.statements)


def test_it_gives_blinkens_relayed_quote_to_blinken_in_the_week_of_the_visit(extraction):
    st = next(s for s in extraction.statements if s.text.startswith("any influence"))
    assert (st.speaker_person, st.said_on, st.said_on_precision) == ("Antony Blinken", dt.date(2024, 12, 9), "week")
    assert st.speaker_title == "Secretary of State"


def test_it_finds_the_five_people_with_titles_and_affiliations(extraction, gold):
    got = sorted((p.name, p.title, p.affiliation) for p in extraction.people)
    want = sorted((p["name"], p["title"], p["affiliation"]) for p in gold["people"])
    assert got == want


def test_it_finds_the_parties_and_mediators(extraction, gold):
    n = extraction.negotiation
    assert n.parties == gold["negotiation"]["parties"]
    assert sorted(n.mediators) == sorted(gold["negotiation"]["mediators"])
    assert n.topic == gold["negotiation"]["topic"]
    assert n.known_id is None


def test_it_finds_the_two_meetings_once_each(extraction, gold):
    got = sorted(
        (sorted(m.people), m.place_name, m.place_country, str(m.date_from), str(m.date_to)) for m in extraction.meetings
    )
    assert got == [
        (["Antony Blinken", "Hakan Fidan"], "Aqaba", "Jordan", "2024-12-09", "2024-12-15"),
        (["Antony Blinken", "Hakan Fidan", "Recep Tayyip Erdoğan"], "", "Türkiye", "2024-12-09", "2024-12-15"),
    ]
    for g in gold["meetings"]:
        assert any(
            sorted(m.people) == sorted(g["participants"])
            and str(m.date_from) == g["date_from"]
            and str(m.date_to) == g["date_to"]
            for m in extraction.meetings
        )


def test_it_marks_reported_speech_as_such(extraction):
    reported = [s for s in extraction.statements if s.kind == "reported"]
    assert [(s.speaker_person, s.text) for s in reported] == [
        ("Matthew Miller", "Egypt and Qatar have also been actively working for an agreement")
    ]


def test_it_lists_the_actors_with_their_kinds(extraction):
    kinds = {a.name: a.kind for a in extraction.actors}
    assert kinds["United States"] == "state" and kinds["Türkiye"] == "state"
    assert kinds["Hamas"] == "armed_group"


def test_it_points_every_span_at_the_quoted_words(extraction):
    raw = json.loads((SEED / "seed-report.json").read_text())
    for st in extraction.statements:
        if st.kind == "direct":
            assert fold_statement_text(raw["text"][st.span.start : st.span.end]) == fold_statement_text(st.text)
            assert raw["text"][st.span.start : st.span.end] in st.span.sentence
