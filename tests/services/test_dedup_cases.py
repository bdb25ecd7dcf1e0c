"""tests/data/dedup/cases.json through the real pipeline (gazetteers, extractor, write service)."""

import json
from pathlib import Path

import pytest

from events.models import Meeting, Report, Statement
from events.services.reports import report_process, report_submit
from events.text import fold_statement_text
from negotiations.services.gazetteer import gazetteer_load
from tests.services.conftest import load_report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "data" / "dedup" / "cases.json").read_text())["cases"]
SEED_FILE = "seed/seed-report.json"


def relative(path):
    # cases.json names the seed where it lives outside the repository; the repo keeps a copy.
    return SEED_FILE if path.endswith("seed-report.json") else path.removeprefix("tests/data/")


def ingest(relative_path):
    report, _ = report_submit(enqueue=False, **load_report(relative_path))
    report = report_process(report_id=report.id)
    assert report.status == Report.Status.PROCESSED, report.failure_reason
    return report


@pytest.fixture(autouse=True)
def gazetteers():
    gazetteer_load()


@pytest.mark.parametrize("case", [c for c in CASES if c["duplicate_of"]], ids=lambda c: Path(c["file"]).stem)
def test_it_marks_each_copy_a_duplicate_adding_only_its_new_quotes(case):
    original = ingest(relative(case["duplicate_of"]))
    statements, meetings = set(Statement.objects.values_list("id", flat=True)), Meeting.objects.count()
    copy = ingest(relative(case["file"]))
    assert copy.duplicate_of_id == original.id
    added = Statement.objects.exclude(id__in=statements).filter(kind="direct")
    assert sorted(fold_statement_text(s.text) for s in added) == sorted(
        fold_statement_text(t) for t in case.get("new_statements", [])
    )
    assert all(s.review_status == "auto" for s in added)
    assert Meeting.objects.count() == meetings
    # Every direct statement of the original is evidenced by the copy too (all copies keep every quote).
    shared = Statement.objects.filter(id__in=statements, kind="direct", evidence__report=original)
    assert shared.count() >= 5
    assert set(shared.filter(evidence__report=copy).values_list("id", flat=True)) == set(
        shared.values_list("id", flat=True)
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.get("same_report_as")], ids=lambda c: Path(c["file"]).stem)
def test_it_takes_the_same_canonical_url_for_the_same_report(case):
    original = ingest(relative(case["same_report_as"]))
    before = (Report.objects.count(), Statement.objects.count(), Meeting.objects.count())
    report, created = report_submit(enqueue=False, **load_report(relative(case["file"])))
    assert created is False
    assert report.id == original.id
    assert (Report.objects.count(), Statement.objects.count(), Meeting.objects.count()) == before


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if not c["duplicate_of"] and not c.get("same_report_as")],
    ids=lambda c: Path(c["file"]).stem,
)
def test_it_keeps_each_look_alike_apart(case):
    # Without a named look-alike, every original of the cases is the background it must not match.
    others = (
        [case["look_alike_of"]]
        if case.get("look_alike_of")
        else sorted({c["duplicate_of"] for c in CASES if c["duplicate_of"]})
    )
    earlier = [ingest(relative(path)) for path in others]
    report = ingest(relative(case["file"]))
    assert report.duplicate_of_id is None
    assert all(r.duplicate_of_id is None for r in earlier)
    # Its quotes are its own: none is merged into a statement of an earlier report.
    own = Statement.objects.filter(evidence__report=report, kind="direct")
    assert own.exists()
    assert not own.filter(evidence__report__in=earlier).exists()
