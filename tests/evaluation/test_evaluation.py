"""The scorer's arithmetic on small hand-made extractions: every figure asserted exactly."""

import datetime as dt

import pytest

from events.pipeline.evaluation import (
    Counts,
    Ratio,
    quote_similarity,
    score_report,
    total,
)
from events.pipeline.types import (
    ExtractedMeeting,
    ExtractedNegotiation,
    ExtractedPerson,
    ExtractedStatement,
    Extraction,
    Span,
)

SPAN = Span(0, 1, "")

GOLD = {
    "aliases": {"Türkiye": ["Turkey"], "Steve Witkoff": ["Steven Witkoff"]},
    "negotiation": {"topic": "t", "parties": ["Israel", "Hamas"], "mediators": ["United States", "Türkiye"]},
    "people": [
        {"name": "Matthew Miller", "title": "State Department spokesperson", "affiliation": "United States"},
        {"name": "Antony Blinken", "title": "Secretary of State", "affiliation": "United States"},
        {"name": "Hakan Fidan", "title": "Foreign Minister", "affiliation": "Türkiye"},
        {"name": "Steve Witkoff", "title": "envoy", "affiliation": "United States"},
    ],
    "statements": [
        {
            "speaker": "Matthew Miller",
            "kind": "direct",
            "text": "The negotiations have been productive in recent days",
            "said_on": "2024-12-16",
            "said_on_precision": "day",
        },
        {
            "speaker": "Antony Blinken",
            "kind": "direct",
            "text": "any influence they have with Hamas, now is the time to use it.",
            "said_on": "2024-12-09",
            "said_on_precision": "week",
        },
        {
            "speaker": "Matthew Miller",
            "kind": "direct",
            "text": "We are not leaving anything. We are pushing as hard as we know how to do at this point, and we "
            "believe we can get to a deal",
            "said_on": "2024-12-16",
            "said_on_precision": "day",
        },
        {
            "speaker": "Iran",
            "kind": "direct",
            "text": "The talks took place in a constructive atmosphere",
            "said_on": "2024-12-16",
            "said_on_precision": "day",
        },
    ],
    "meetings": [
        {
            "participants": ["Antony Blinken", "Hakan Fidan", "Steve Witkoff"],
            "location": "Aqaba, Jordan",
            "date_from": "2024-12-09",
            "date_to": "2024-12-15",
        },
        {
            "participants": ["Antony Blinken", "Hakan Fidan"],
            "location": "Ankara, Türkiye",
            "date_from": "2024-12-12",
            "date_to": "2024-12-12",
        },
        {
            "participants": ["Steve Witkoff", "Iran"],
            "location": None,
            "date_from": "2024-12-16",
            "date_to": "2024-12-16",
        },
    ],
}


def statement(text, speaker=None, actor=None, said_on=None, precision="day", kind="direct"):
    return ExtractedStatement(
        text=text,
        kind=kind,
        span=SPAN,
        speaker_person=speaker,
        speaker_actor=actor,
        said_on=said_on,
        said_on_precision=precision,
    )


def perfect() -> Extraction:
    return Extraction(
        negotiation=ExtractedNegotiation(
            title="x", parties=["Israel", "Hamas"], mediators=["United States", "Türkiye"]
        ),
        people=[
            ExtractedPerson(name=p["name"], title=p["title"], affiliation=p["affiliation"]) for p in GOLD["people"]
        ],
        statements=[
            statement(
                s["text"],
                speaker=None if s["speaker"] == "Iran" else s["speaker"],
                actor="Iran" if s["speaker"] == "Iran" else None,
                said_on=dt.date.fromisoformat(s["said_on"]),
                precision=s["said_on_precision"],
            )
            for s in GOLD["statements"]
        ],
        meetings=[
            ExtractedMeeting(
                kind="conference",
                span=SPAN,
                people=["Antony Blinken", "Hakan Fidan", "Steve Witkoff"],
                place_name="Aqaba",
                place_country="Jordan",
                date_from=dt.date(2024, 12, 9),
                date_to=dt.date(2024, 12, 15),
            ),
            ExtractedMeeting(
                kind="talks",
                span=SPAN,
                people=["Antony Blinken", "Hakan Fidan"],
                place_name="Ankara",
                place_country="Türkiye",
                date_from=dt.date(2024, 12, 12),
            ),
            ExtractedMeeting(
                kind="call", span=SPAN, people=["Steve Witkoff"], actors=["Iran"], date_from=dt.date(2024, 12, 16)
            ),
        ],
    )


def test_it_scores_a_perfect_extraction_one_everywhere():
    score = score_report(perfect(), GOLD)

    assert score["statements"] == Counts(tp=4, fp=0, fn=0)
    assert score["attributed_statements"] == Counts(tp=4, fp=0, fn=0)
    assert score["speaker"] == Ratio(4, 4)
    assert score["said_on"] == Ratio(4, 4)
    assert score["people"] == Counts(tp=4, fp=0, fn=0)
    assert score["people_full"] == Counts(tp=4, fp=0, fn=0)
    assert score["parties"] == Counts(tp=2, fp=0, fn=0)
    assert score["mediators"] == Counts(tp=2, fp=0, fn=0)
    assert score["meetings"] == Counts(tp=3, fp=0, fn=0)
    assert score["meeting_participants"] == Counts(tp=7, fp=0, fn=0)
    assert score["meetings_ignoring_place"] == Counts(tp=3, fp=0, fn=0)
    assert (score["statements"].precision, score["statements"].recall, score["statements"].f1) == (1.0, 1.0, 1.0)


def test_it_scores_an_empty_extraction_zero_recall_and_no_precision():
    score = score_report(Extraction(), GOLD)

    assert score["statements"] == Counts(tp=0, fp=0, fn=4)
    assert score["statements"].precision is None
    assert score["statements"].recall == 0.0
    assert score["statements"].f1 is None
    assert score["speaker"] == Ratio(0, 0) and score["speaker"].value is None
    assert score["parties"] == Counts(tp=0, fp=0, fn=2)
    assert score["meetings"] == Counts(tp=0, fp=0, fn=3)


def test_it_counts_missing_extra_and_short_quotes_in_partial_statements():
    extraction = Extraction(
        statements=[
            statement(
                "The negotiations have been productive in recent days",
                speaker="Matthew Miller",
                said_on=dt.date(2024, 12, 16),
            ),
            statement("productive", speaker="Matthew Miller"),  # a key phrase, not a statement: a false positive
            statement("Some quote that the analyst did not list here", speaker="Matthew Miller"),
            statement(
                "Miller said Egypt and Qatar have been working for an agreement",
                speaker="Matthew Miller",
                kind="reported",
            ),  # reported speech is neither rewarded nor penalised
        ]
    )

    score = score_report(extraction, GOLD)

    assert score["statements"] == Counts(tp=1, fp=2, fn=3)
    assert score["statements"].precision == pytest.approx(1 / 3)
    assert score["statements"].recall == pytest.approx(1 / 4)
    assert score["statements"].f1 == pytest.approx(2 / 7)
    assert score["said_on"] == Ratio(1, 1)


def test_it_counts_a_wrong_speaker_against_attribution_but_not_against_the_quote():
    extraction = Extraction(
        statements=[
            statement(
                "any influence they have with Hamas, now is the time to use it.",
                speaker="Matthew Miller",
                said_on=dt.date(2024, 12, 16),
            ),  # Blinken's words, reported by Miller
            statement(
                "The negotiations have been productive in recent days", speaker="Miller", said_on=dt.date(2024, 12, 16)
            ),  # surname only: unambiguous in this gold
        ]
    )

    score = score_report(extraction, GOLD)

    assert score["statements"] == Counts(tp=2, fp=0, fn=2)
    assert score["speaker"] == Ratio(1, 2)
    assert score["attributed_statements"] == Counts(tp=1, fp=1, fn=3)
    # the Blinken quote was dated the day of the briefing, with day precision: wrong
    assert score["said_on"] == Ratio(1, 2)


def test_it_does_not_accept_a_surname_shared_by_two_gold_people():
    gold = {**GOLD, "people": [*GOLD["people"], {"name": "Judith Miller", "title": "", "affiliation": None}]}
    extraction = Extraction(
        statements=[statement("The negotiations have been productive in recent days", speaker="Miller")]
    )

    score = score_report(extraction, gold)

    assert score["speaker"] == Ratio(0, 1)


def test_it_accepts_fragments_sharing_eighty_percent_of_the_words():
    whole = (
        "We are not leaving anything. We are pushing as hard as we know how to do at this point, and we believe "
        "we can get to a deal"
    )
    # 28 words; cutting the first sentence leaves 23 (82%): a match; the last clause alone, 8 (29%): none.
    assert quote_similarity(
        "We are pushing as hard as we know how to do at this point, and we believe we can get to a deal", whole
    ) == pytest.approx(23 / 28)
    assert quote_similarity("and we believe we can get to a deal", whole) is None
    assert (
        quote_similarity(
            "\u201cThe negotiations have been productive in recent days,\u201d",
            "The negotiations have been productive in recent days",
        )
        == 1.0
    )
    assert quote_similarity("The negotiations have been productive", "The talks have been productive") is None

    extraction = Extraction(
        statements=[
            statement(
                "We are pushing as hard as we know how to do at this point, and we believe we can get to a deal",
                speaker="Matthew Miller",
            ),
            statement(
                "We are not leaving anything.", speaker="Matthew Miller"
            ),  # the rest of the same quote: no second match
        ]
    )
    score = score_report(extraction, GOLD)
    assert score["statements"] == Counts(tp=1, fp=1, fn=3)


def test_it_matches_each_gold_statement_once():
    text = "The negotiations have been productive in recent days"
    extraction = Extraction(
        statements=[statement(text, speaker="Matthew Miller"), statement(text, speaker="Matthew Miller")]
    )

    score = score_report(extraction, GOLD)

    assert score["statements"] == Counts(tp=1, fp=1, fn=3)


def test_it_matches_meetings_on_participants_place_and_overlapping_dates():
    extraction = Extraction(
        meetings=[
            # a subset of the participants, a spelling variant, the country only, a day inside the week: a match
            ExtractedMeeting(
                kind="talks",
                span=SPAN,
                people=["Fidan", "Steven Witkoff"],
                place_country="Jordan",
                date_from=dt.date(2024, 12, 13),
            ),
            # right people and dates, wrong place: no match
            ExtractedMeeting(
                kind="talks",
                span=SPAN,
                people=["Antony Blinken", "Hakan Fidan"],
                place_name="Doha",
                place_country="Qatar",
                date_from=dt.date(2024, 12, 12),
            ),
            # a call has no place in the gold; dates outside its day: no match
            ExtractedMeeting(kind="call", span=SPAN, people=["Steve Witkoff"], date_from=dt.date(2024, 12, 17)),
        ]
    )

    score = score_report(extraction, GOLD)

    assert score["meetings"] == Counts(tp=1, fp=2, fn=2)
    assert score["meeting_participants"] == Counts(tp=2, fp=0, fn=1)
    # without the place check the Doha meeting pairs with the Ankara one
    assert score["meetings_ignoring_place"] == Counts(tp=2, fp=1, fn=1)


def test_it_keeps_a_bilateral_and_the_trilateral_apart():
    gold = {
        **GOLD,
        "meetings": GOLD["meetings"][:1]
        + [
            {
                "participants": ["Antony Blinken", "Hakan Fidan"],
                "location": "Aqaba, Jordan",
                "date_from": "2024-12-12",
                "date_to": "2024-12-12",
            },
        ],
    }
    bilateral = ExtractedMeeting(
        kind="talks",
        span=SPAN,
        people=["Antony Blinken", "Hakan Fidan"],
        place_name="Aqaba",
        date_from=dt.date(2024, 12, 12),
    )
    trilateral = ExtractedMeeting(
        kind="talks",
        span=SPAN,
        people=["Antony Blinken", "Hakan Fidan", "Steve Witkoff"],
        place_name="Aqaba",
        date_from=dt.date(2024, 12, 12),
    )

    # the bilateral listed first must still pair with the bilateral gold (best participant overlap first)
    score = score_report(Extraction(meetings=[bilateral, trilateral]), gold)

    assert score["meetings"] == Counts(tp=2, fp=0, fn=0)
    assert score["meeting_participants"] == Counts(tp=5, fp=0, fn=0)


def test_it_scores_people_titles_affiliations_and_negotiation_sides():
    extraction = Extraction(
        negotiation=ExtractedNegotiation(title="x", parties=["Israel", "Palestine"], mediators=["Turkey"]),
        people=[
            ExtractedPerson(
                name="Matthew Miller", title="spokesperson", affiliation="United States"
            ),  # title contained
            ExtractedPerson(name="Antony Blinken", title="Secretary of State", affiliation=None),  # no affiliation
            ExtractedPerson(name="Hakan Fidan", title="Turkish Foreign Minister", affiliation="Turkey"),  # alias
            ExtractedPerson(name="Recep Tayyip Erdoğan", title="President", affiliation="Türkiye"),  # not in gold
        ],
    )

    score = score_report(extraction, GOLD)

    assert score["people"] == Counts(tp=3, fp=1, fn=1)
    assert score["people_full"] == Counts(tp=2, fp=2, fn=2)
    assert score["parties"] == Counts(tp=1, fp=1, fn=1)
    assert score["mediators"] == Counts(tp=1, fp=0, fn=1)


def test_it_micro_averages_totals_over_reports():
    first = score_report(perfect(), GOLD)
    second = score_report(Extraction(), GOLD)

    summed = total([first, second])

    assert summed["statements"] == Counts(tp=4, fp=0, fn=4)
    assert summed["statements"].precision == 1.0
    assert summed["statements"].recall == 0.5
    assert summed["speaker"] == Ratio(4, 4)
    assert summed["meetings"] == Counts(tp=3, fp=0, fn=3)


def test_it_lists_what_was_missed_extra_or_wrong():
    from events.pipeline.evaluation import meeting_mismatches, people_mismatches, statement_mismatches

    extraction = Extraction(
        statements=[
            statement(
                "any influence they have with Hamas, now is the time to use it.",
                speaker="Matthew Miller",
                said_on=dt.date(2024, 12, 9),
                precision="week",
            ),
            statement("productive", speaker="Matthew Miller"),
        ],
        people=[
            ExtractedPerson(name="Hakan Fidan", title="Foreign Minister", affiliation="Egypt"),
            ExtractedPerson(name="Mark Trevelyan"),
        ],
        meetings=[ExtractedMeeting(kind="call", span=SPAN, people=["Steve Witkoff"], date_from=dt.date(2024, 12, 16))],
    )

    statements = statement_mismatches(extraction, GOLD)
    people = people_mismatches(extraction, GOLD)
    meetings = meeting_mismatches(extraction, GOLD)

    assert len([line for line in statements if line.startswith("missed")]) == 3
    assert "extra    [Matthew Miller] productive" in statements
    assert (
        "speaker  [Matthew Miller != Antony Blinken] any influence they have with Hamas, now is the time to use it."
        in statements
    )
    assert not [line for line in statements if line.startswith("said_on")]
    assert "person   Hakan Fidan: (Foreign Minister, Egypt) != (Foreign Minister, Türkiye)" in people
    assert "extra    person Mark Trevelyan (, None)" in people
    assert len([line for line in people if line.startswith("missed")]) == 3
    assert meetings == [
        "missed   Antony Blinken, Hakan Fidan, Steve Witkoff @ Aqaba, Jordan 2024-12-09..2024-12-15",
        "missed   Antony Blinken, Hakan Fidan @ Ankara, Türkiye 2024-12-12..2024-12-12",
    ]
