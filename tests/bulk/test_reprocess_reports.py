"""manage.py reprocess_reports: past reports through the pipeline again, selected by status, negotiation and
publication dates, with a summary; a gazetteer loaded since reaches the reports that failed without it."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from events.gazetteer import gazetteer_cache_clear
from events.models import Meeting, Report, Statement
from events.services.reports import REFERENCE_DATA_MISSING, report_process, report_submit
from negotiations.models import ReviewStatus
from negotiations.services.gazetteer import gazetteer_load
from negotiations.services.review import review_status_set

SEED = json.loads((Path(__file__).resolve().parents[1] / "data" / "seed" / "seed-report.json").read_text())
OTHER = (
    "KHARTOUM - Sudanese army and Rapid Support Forces delegates met Saudi mediators in Jeddah on Tuesday. "
    '"We came to stop the war," army delegate Omar Siddiq said after the session.'
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_gazetteer_cache():
    gazetteer_cache_clear()
    yield
    gazetteer_cache_clear()


def submit_and_process(url: str, text: str, published_at: str) -> Report:
    report, _ = report_submit(url=url, text=text, published_at=published_at, outlet="Wire", enqueue=False)
    return report_process(report_id=report.id)


def seed() -> Report:
    return submit_and_process(SEED["url"], SEED["text"], SEED["published_at"])


def test_it_brings_the_facts_of_reports_that_failed_before_the_gazetteer_was_loaded(run_command):
    failed = seed()
    assert (failed.status, failed.failure_reason) == (Report.Status.FAILED, REFERENCE_DATA_MISSING)
    gazetteer_load()

    out, err = run_command("reprocess_reports", "--status", "failed")

    report = Report.objects.get(id=failed.id)
    assert (report.status, report.failure_reason) == (Report.Status.PROCESSED, "")
    statements, meetings = Statement.objects.count(), Meeting.objects.count()
    assert statements >= 9 and meetings == 2
    assert (
        f"selected 1, processed 1, failed 0, enqueued 0, skipped 0 (already pending or processing); "
        f"new statements {statements}, new meetings {meetings}"
    ) in out, err


def test_it_keeps_curator_decisions_and_adds_nothing_twice(run_command):
    gazetteer_load()
    report = seed()
    first, second = Statement.objects.order_by("id")[:2]
    review_status_set(model=Statement, ids=[first.pk], status=ReviewStatus.REJECTED)
    second.review_status, second.setting = ReviewStatus.REVIEWED, "Curated setting"
    second.save()
    before = {row.pk: (row.review_status, row.text, row.setting) for row in Statement.objects.all()}

    out, _ = run_command("reprocess_reports")

    assert "selected 1, processed 1, failed 0" in out
    assert "new statements 0, new meetings 0" in out
    assert {row.pk: (row.review_status, row.text, row.setting) for row in Statement.objects.all()} == before
    assert Report.objects.get(id=report.id).attempts == 2


def test_it_selects_by_negotiation_and_publication_dates(run_command):
    gazetteer_load()
    seed_report = seed()
    other = submit_and_process("https://example.org/jeddah", OTHER, "2025-03-04")
    assert other.status == Report.Status.PROCESSED
    slug = Statement.objects.filter(evidence__report=seed_report).values_list("negotiation__slug", flat=True)[0]

    out, _ = run_command("reprocess_reports", "--negotiation", slug)
    assert "selected 1, processed 1" in out
    assert Report.objects.get(id=seed_report.id).attempts == 2
    assert Report.objects.get(id=other.id).attempts == 1

    out, _ = run_command("reprocess_reports", "--since", "2025-03-01", "--until", "2025-03-04")
    assert "selected 1, processed 1" in out
    assert Report.objects.get(id=other.id).attempts == 2
    assert Report.objects.get(id=seed_report.id).attempts == 2

    out, _ = run_command("reprocess_reports", "--until", "2000-01-01")
    assert out.startswith("selected 0, processed 0")


def test_it_hands_reports_to_the_workers_with_enqueue(run_command, monkeypatch, django_capture_on_commit_callbacks):
    gazetteer_load()
    report = seed()
    queued = []
    monkeypatch.setattr("events.services.queue.report_enqueue", lambda *, report_id: queued.append(report_id) or True)

    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run_command("reprocess_reports", "--enqueue")

    assert "selected 1, processed 0, failed 0, enqueued 1" in out
    assert queued == [report.id]
    assert Report.objects.get(id=report.id).status == Report.Status.PENDING


@pytest.mark.parametrize(
    "args, message",
    [
        (["--negotiation", "no-such-talks"], "no negotiation with the slug 'no-such-talks'"),
        (["--since", "yesterday"], "not a date (YYYY-MM-DD): 'yesterday'"),
        (["--since", "2025-02-01", "--until", "2025-01-01"], "--since is after --until"),
    ],
)
def test_it_refuses_bad_arguments_with_a_clear_message(run_command, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_command("reprocess_reports", *args)
