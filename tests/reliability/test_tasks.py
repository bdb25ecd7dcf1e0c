"""The tasks: bounded retries with backoff for transient errors, and running twice adds no rows."""

import json
from pathlib import Path

import pytest
from django.db import OperationalError

from events import tasks
from events.models import Evidence, Meeting, Report, Statement
from events.services import reports as report_services
from negotiations.models import Negotiation, Person

SEED = Path(__file__).resolve().parents[1] / "data" / "seed" / "seed-report.json"


def test_it_declares_late_ack_reject_on_lost_and_bounded_backoff():
    for task in (tasks.process_report, tasks.poll_source, tasks.reports_enqueue_pending, tasks.sources_poll_active):
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
        assert task.max_retries == 5
        assert (task.retry_backoff, task.retry_backoff_max, task.retry_jitter) == (2, 120, True)
        assert OperationalError in task.autoretry_for


def test_it_retries_a_transient_database_error_then_succeeds(monkeypatch):
    calls = []

    def flaky(*, report_id, **_):
        calls.append(report_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(report_services, "report_process", flaky)

    result = tasks.process_report.apply(args=[7])

    assert calls == [7, 7]
    assert result.successful()


def test_it_gives_up_after_the_retry_budget(monkeypatch):
    calls = []

    def down(*, report_id, **_):
        calls.append(report_id)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(report_services, "report_process", down)

    result = tasks.process_report.apply(args=[7])

    assert len(calls) == 6  # the first run and 5 retries
    assert result.failed()
    assert isinstance(result.result, OperationalError)


def _counts():
    return {m.__name__: m.objects.count() for m in (Statement, Meeting, Evidence, Person, Negotiation)}


@pytest.fixture
def seed_report(db):
    from negotiations.services.gazetteer import gazetteer_load

    gazetteer_load()
    payload = {
        k: v for k, v in json.loads(SEED.read_text()).items() if k in ("url", "outlet", "title", "published_at", "text")
    }
    report, _ = report_services.report_submit(**payload, enqueue=False)
    tasks.process_report(report.id)
    report.refresh_from_db()
    assert report.status == "processed"
    return report


def test_it_does_nothing_when_the_same_task_is_delivered_again(seed_report):
    before = _counts()

    tasks.process_report(seed_report.id)

    seed_report.refresh_from_db()
    assert (seed_report.status, seed_report.attempts) == ("processed", 1)
    assert _counts() == before
    assert before["Statement"] >= 9


def test_it_adds_no_rows_when_a_reset_report_is_processed_again(seed_report):
    # What the sweep does to a report whose worker died after writing but before marking it processed.
    before = _counts()
    Report.objects.filter(id=seed_report.id).update(status="pending")

    tasks.process_report(seed_report.id)

    seed_report.refresh_from_db()
    assert (seed_report.status, seed_report.attempts) == ("processed", 2)
    assert _counts() == before
