"""The identity evaluation: its arithmetic on hand-checked cases, and a run of the write path on the identity corpus.

No floor on the extractor here: the figures are expected to be poor until the extractor uses
events.pipeline.identity; these tests pin that they are computed right.
"""

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from events.pipeline.evaluation import (
    Counts,
    Ratio,
    copy_counts,
    groups_one_record,
    name_counts,
    pair_counts,
    person_rows_check,
    process_records,
    report_pairs,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "evaluate_extraction.py"
IDENTITY = ROOT / "tests" / "data" / "identity"


def load_script():
    spec = importlib.util.spec_from_file_location("evaluate_extraction_identity", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # Dataclasses with string annotations look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_report_pairs_pairs_reports_with_the_same_key_and_none_with_nothing():
    assert report_pairs({"a": 1, "b": 1, "c": 1, "d": 2, "e": None, "f": None}) == {
        frozenset("ab"),
        frozenset("ac"),
        frozenset("bc"),
    }


def test_pair_counts_on_a_hand_checked_case():
    # Gold: a, b, c about x (pairs ab, ac, bc); d about y. Stored: a, b on record 1; c, d on record 2.
    counts = pair_counts(
        gold={"a": "x", "b": "x", "c": "x", "d": "y", "unannotated": None},
        predicted={"a": 1, "b": 1, "c": 2, "d": 2, "unannotated": 1},
    )
    assert counts == Counts(tp=1, fp=1, fn=2)  # ab right; cd wrong; ac and bc missed
    assert (counts.precision, counts.recall) == (0.5, pytest.approx(1 / 3))


def test_process_records_takes_the_record_most_reports_went_to():
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    assert process_records(gold=gold, predicted={"a": 7, "b": 8, "c": 8, "d": None}) == {"x": 8, "y": None}


def test_name_counts_folds_names_and_applies_the_key():
    key = {"turkey": "turkiye", "turkiye": "turkiye", "qatar": "qatar", "egypt": "egypt"}.get
    assert name_counts(
        ["Turkey", "Qatar"], ["Türkiye", "Egypt"], key=lambda n: key(n.casefold().replace("ü", "u"))
    ) == Counts(tp=1, fp=1, fn=1)


def test_groups_one_record_needs_one_record_among_every_members_candidates():
    groups = [
        [{1, 2}, {2}, {2, 3}],  # record 2 everywhere: one record
        [{1}, {2}],  # two records
        [{1}, set()],  # a member not found
    ]
    assert groups_one_record(groups) == Ratio(correct=1, total=3)


def test_copy_counts_compares_annotated_and_flagged_pairs():
    gold = {frozenset(("copy", "wire"))}
    flagged = {frozenset(("wire", "copy")), frozenset(("near-miss", "wire"))}
    assert copy_counts(gold=gold, flagged=flagged) == Counts(tp=1, fp=1, fn=0)


def test_person_rows_check_finds_rows_that_are_not_people_and_people_on_two_rows():
    people = {"Majed al-Ansari": ["Majed Al Ansari"], "Steve Witkoff": []}
    rows = ["Majed al-Ansari", "Majed Al Ansari", "Witkoff", "Prime Minister's Office"]
    not_people, split = person_rows_check(rows, people)
    assert not_people == ["Prime Minister's Office"]
    assert split == {"Majed al-Ansari": ["Majed al-Ansari", "Majed Al Ansari"]}


def test_identity_score_on_hand_made_stored_records():
    module = load_script()
    annotations = {
        "reports": {"wire": {"process": "p"}, "copy": {"process": "p", "copy_of": "wire"}, "other": {"process": "q"}},
        "processes": {
            "p": {"parties": ["Israel", "Hamas"], "mediators": ["Qatar"]},
            "q": {"parties": ["Russia", "Ukraine"], "mediators": []},
        },
        "people": {"Majed al-Ansari": []},
        "same_quote": [[["wire", "We are in a decisive week"], ["copy", "We are in a decisive week"]]],
        "same_meeting": [[["wire", "2025-03-03"], ["copy", "2025-03-03"]]],
        "different_meetings": [[["wire", "2025-03-03"], ["other", "2025-03-04"]]],
    }
    items = [(name, {}, {}) for name in ("wire", "copy", "other")]
    stored = module.Stored(
        record_of={"wire": 1, "copy": 1, "other": 2},
        records={
            1: {
                "title": "Gaza",
                "slug": "p",
                "source": "reference",
                "parties": ["Israel", "Hamas"],
                "mediators": ["Qatar", "Egypt"],
            },
            2: {
                "title": "Ukraine",
                "slug": "q",
                "source": "pipeline",
                "parties": ["Russia", "Türkiye"],
                "mediators": [],
            },
        },
        created=1,
        copies_flagged={frozenset(("copy", "wire"))},
        person_rows=["Majed al-Ansari", "Affairs"],
        statements={
            "wire": [(10, "We are in a decisive week.", "We are in a decisive week.")],
            "copy": [(11, "We are in a decisive week", "We are in a decisive week")],
        },
        meetings={
            "wire": [(20, dt.date(2025, 3, 3), dt.date(2025, 3, 3))],
            "copy": [(20, dt.date(2025, 3, 3), None)],
            "other": [(21, dt.date(2025, 3, 4), None)],
        },
        failed={},
    )

    figures = module.identity_score(items, annotations, stored)

    assert (figures.reports, figures.processes, figures.records, figures.unattached) == (3, 2, 2, [])
    assert figures.pairs == Counts(tp=1, fp=0, fn=0)
    assert figures.parties == Counts(tp=3, fp=1, fn=1)  # Türkiye is not a party of q; Ukraine is missing
    assert figures.mediators == Counts(tp=1, fp=1, fn=0)
    assert figures.copies == Counts(tp=1, fp=0, fn=0)
    assert figures.same_quote == Ratio(0, 1)  # two statement rows for one quote
    assert figures.same_meeting == Ratio(1, 1)
    assert figures.different_meetings == Ratio(1, 1)
    assert figures.not_people == ["Affairs"]
    assert figures.split == {}


def test_it_finds_a_quote_on_the_record_a_report_evidences_in_its_own_wording():
    module = load_script()
    annotations = {
        "reports": {"wire": {"process": "p"}, "daily": {"process": "p"}},
        "same_quote": [[["wire", "both sides know what is expected"], ["daily", "both parties know what is expected"]]],
    }
    items = [(name, {}, {}) for name in ("wire", "daily")]
    stored = module.Stored(
        record_of={"wire": 1, "daily": 1},
        records={1: {"title": "Gaza", "slug": "p", "source": "reference", "parties": [], "mediators": []}},
        created=0,
        copies_flagged=set(),
        person_rows=[],
        statements={
            "wire": [(10, "Both sides know what is expected", "Both sides know what is expected")],
            # The daily's words, at its evidence span, inside a longer answer; the row keeps the wire's.
            "daily": [(10, "Both sides know what is expected", "Good morning. Both parties know what is expected.")],
        },
        meetings={"wire": [], "daily": []},
        failed={},
    )
    assert module.identity_score(items, annotations, stored).same_quote == Ratio(1, 1)
    stored.statements["daily"] = [(10, "Both sides know what is expected", "Both parties know nothing")]
    assert module.identity_score(items, annotations, stored).same_quote == Ratio(0, 1)


def test_the_identity_corpus_is_annotated_for_every_report_and_only_names_known_processes():
    from events.pipeline.identity import reference_slugs

    annotations = json.loads((IDENTITY / "corpus.json").read_text())
    reports = {p.stem for p in IDENTITY.glob("*.json") if p.name != "corpus.json"}
    assert set(annotations["reports"]) == reports
    assert 15 <= len(reports) <= 25
    slugs = set(reference_slugs().values())
    assert {entry["process"] for entry in annotations["reports"].values()} <= slugs
    for folder in ("reports", "heldout-1", "heldout-2"):
        other = json.loads((IDENTITY / "annotations" / f"{folder}.json").read_text())
        assert {entry["process"] for entry in other["reports"].values()} <= slugs
    texts = {p.stem: json.loads(p.read_text())["text"] for p in IDENTITY.glob("*.json") if p.name != "corpus.json"}
    for group in annotations["same_quote"]:
        for report, words in group:
            assert words.replace(",", "") in texts[report].replace(",", ""), (report, words)


@pytest.mark.django_db
def test_the_write_path_run_on_the_identity_corpus_gives_consistent_figures():
    module = load_script()
    annotations = module.identity_annotations(IDENTITY)
    items = module.identity_items(IDENTITY, annotations)

    stored = module._identity_run(items, reference=True)
    figures = module.identity_score(items, annotations, stored)

    assert len(items) == figures.reports == 19
    assert figures.processes == 6
    assert stored.failed == {}
    # Pairs of reports about one process: 5, 4, 3, 3, 2 and 2 reports give 10 + 6 + 3 + 3 + 1 + 1.
    assert figures.pairs.tp + figures.pairs.fn == 24
    assert figures.records == len({r for r in stored.record_of.values() if r is not None})
    assert figures.copies.tp + figures.copies.fn == 1
    assert (figures.same_quote.total, figures.same_meeting.total, figures.different_meetings.total) == (2, 3, 1)
    assert figures.person_rows == len(stored.person_rows) > 0
