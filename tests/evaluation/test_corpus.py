"""The hand-annotated corpus is consistent with its reports (a typo in a gold file would skew every score)."""

import datetime as dt
import json
from pathlib import Path

import pytest

from events.text import fold_statement_text
from negotiations.models import normalize_name

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "data" / "reports"
SEED = ROOT / "tests" / "data" / "seed" / "seed-report.json"


def corpus() -> list[Path]:
    reports = sorted(p for p in REPORTS.glob("*.json") if not p.name.endswith(".expected.json"))
    return [*([SEED] if SEED.exists() else []), *reports]


def gold_of(path: Path) -> dict:
    return json.loads(path.with_name(path.name.removesuffix(".json") + ".expected.json").read_text())


CORPUS = corpus()


def test_it_has_at_least_fourteen_annotated_reports_besides_the_seed():
    own = [p for p in CORPUS if p != SEED]
    assert len(own) >= 14
    assert all(p.with_name(p.name.removesuffix(".json") + ".expected.json").exists() for p in own)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_it_finds_every_gold_quote_in_its_report(path):
    report, gold = json.loads(path.read_text()), gold_of(path)
    text = fold_statement_text(report["text"])
    for statement in gold["statements"]:
        assert fold_statement_text(statement["text"]) in text, statement["text"]
        assert statement["kind"] == "direct"
        assert len(statement["text"].split()) >= 4, statement["text"]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_it_dates_statements_and_meetings_on_or_before_publication(path):
    report, gold = json.loads(path.read_text()), gold_of(path)
    published = dt.date.fromisoformat(report["published_at"][:10])
    for statement in gold["statements"]:
        said_on = dt.date.fromisoformat(statement["said_on"])
        assert published - dt.timedelta(days=31) <= said_on <= published, statement
        assert statement["said_on_precision"] in {"day", "week", "month"}
        if statement["said_on_precision"] == "week":
            assert said_on.weekday() == 0, "a week starts on Monday"
    for meeting in gold["meetings"]:
        start, end = dt.date.fromisoformat(meeting["date_from"]), dt.date.fromisoformat(meeting["date_to"])
        assert published - dt.timedelta(days=31) <= start <= end <= published, meeting


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_it_names_only_people_the_report_mentions(path):
    report, gold = json.loads(path.read_text()), gold_of(path)
    text = f" {normalize_name(report['text'])} "
    aliases = gold.get("aliases", {})
    people = {person["name"] for person in gold["people"]}
    for name in people:
        spellings = [name, *aliases.get(name, [])]
        assert any(f" {normalize_name(s)} " in text for s in spellings), name
    # Speakers and participants that are not people are actors the report names (or one of their spellings).
    for name in [s["speaker"] for s in gold["statements"]] + [p for m in gold["meetings"] for p in m["participants"]]:
        spellings = [name, *aliases.get(name, [])]
        assert name in people or any(f" {normalize_name(s)} " in text for s in spellings), name


def extraction_from_gold(gold: dict):
    """What a perfect extractor would return: the gold itself as an Extraction."""
    from events.pipeline.types import (
        ExtractedMeeting,
        ExtractedNegotiation,
        ExtractedPerson,
        ExtractedStatement,
        Extraction,
        Span,
    )

    people = {p["name"] for p in gold["people"]}
    span = Span(0, 0, "")
    meetings = []
    for m in gold["meetings"]:
        parts = [part.strip() for part in (m.get("location") or "").split(",") if part.strip()]
        meetings.append(
            ExtractedMeeting(
                kind=m.get("kind", "talks"),
                span=span,
                people=[p for p in m["participants"] if p in people],
                actors=[p for p in m["participants"] if p not in people],
                place_name=parts[0] if parts else "",
                place_country=parts[-1] if parts else None,
                date_from=dt.date.fromisoformat(m["date_from"]),
                date_to=dt.date.fromisoformat(m["date_to"]),
            )
        )
    return Extraction(
        negotiation=ExtractedNegotiation(
            title=gold["negotiation"]["topic"],
            parties=list(gold["negotiation"]["parties"]),
            mediators=list(gold["negotiation"]["mediators"]),
        ),
        people=[
            ExtractedPerson(name=p["name"], title=p["title"], affiliation=p["affiliation"]) for p in gold["people"]
        ],
        statements=[
            ExtractedStatement(
                text=s["text"],
                kind="direct",
                span=span,
                speaker_person=s["speaker"] if s["speaker"] in people else None,
                speaker_actor=None if s["speaker"] in people else s["speaker"],
                said_on=dt.date.fromisoformat(s["said_on"]),
                said_on_precision=s["said_on_precision"],
            )
            for s in gold["statements"]
        ],
        meetings=meetings,
    )


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_it_scores_its_own_gold_perfectly(path):
    # Catches gold that the scorer cannot match one-to-one (a quote contained in another of the same
    # report, two meetings it cannot tell apart): such a gold would penalise a perfect extractor.
    from events.pipeline.evaluation import Counts, Ratio, score_report

    gold = gold_of(path)
    score = score_report(extraction_from_gold(gold), gold)

    for name, value in score.items():
        if isinstance(value, Counts):
            assert value.fp == 0 and value.fn == 0, (name, value)
        else:
            assert isinstance(value, Ratio) and value.correct == value.total, (name, value)
    assert score["statements"].tp == len(gold["statements"])
    assert score["meetings"].tp == len(gold["meetings"])
