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
