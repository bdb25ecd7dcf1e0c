from pathlib import Path

import pytest

from events.models import Report
from events.services import queue
from tests.bulk.helpers import snapshot, wipe

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.django_db
def test_it_imports_the_documented_example_files_as_the_same_records_from_jsonl_and_csv(run_command):
    out, err = run_command("import_events", str(EXAMPLES / "events.jsonl"))
    assert "read 20, imported 20 (created 20, updated 0), unchanged 0, duplicates 0, rejected 0" in out, err
    from_jsonl = snapshot()
    wipe()

    out, err = run_command("import_events", str(EXAMPLES / "events.csv"))

    assert "read 20, imported 20 (created 20, updated 0), unchanged 0, duplicates 0, rejected 0" in out, err
    assert snapshot() == from_jsonl
    assert from_jsonl["statement"]["c4f1d2a8-9b6e-4f3c-a1d7-2e8b5c9f0a21"]["speaker_person"] == (
        "2b0a6f7e-54a1-4c43-9d55-0c2d6c1f3a01"
    )


@pytest.mark.django_db
def test_it_imports_the_example_reports(run_command, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(queue, "report_enqueue", lambda *, report_id: True)

    with django_capture_on_commit_callbacks(execute=True):
        out, err = run_command(
            "import_reports", str(EXAMPLES / "reports.jsonl"), str(EXAMPLES / "reports.csv"), str(EXAMPLES / "reports")
        )

    assert "read 4, imported 4 (created 4, updated 0), unchanged 0, duplicates 0, rejected 0" in out, err
    assert Report.objects.filter(canonical_url="https://news.example.org/2025/01/16/gaza-deal").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")
def test_it_extracts_facts_from_every_example_report(run_command):
    from events.models import Evidence

    paths = [EXAMPLES / "reports.jsonl", EXAMPLES / "reports.csv", EXAMPLES / "reports"]
    out, err = run_command("import_reports", *map(str, paths), "--sync")

    summary = "read 4, imported 4 (created 4, updated 0), unchanged 0, duplicates 0, rejected 0, processed 4, failed 0"
    assert summary in out, err
    facts = {report.url: Evidence.objects.filter(report=report).count() for report in Report.objects.order_by("id")}
    assert len(facts) == 4
    # Every example yields at least one statement or meeting (documented examples must show the pipeline working).
    assert all(count > 0 for count in facts.values()), facts
