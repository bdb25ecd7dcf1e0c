"""report_enqueue: bounded publishing whose failure leaves the report pending, never an exception."""

import base64
import json
import logging
import time

import pytest

from events.models import Report
from events.services.queue import report_enqueue


def queued_report_ids(redis_server) -> list[int]:
    """The report ids of the process_report messages waiting in the private broker, oldest first."""
    ids = []
    for raw in reversed(redis_server.client().lrange("celery", 0, -1)):  # LPUSH: newest first
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        assert message["headers"]["task"] == "events.process_report"
        ids.append(args[0])
    return ids


def _report(**kwargs) -> Report:
    n = Report.objects.count()
    return Report.objects.create(url=f"https://x.example/{n}", canonical_url=f"https://x.example/{n}", **kwargs)


@pytest.mark.django_db
def test_it_publishes_the_task_and_records_enqueued_at(broker):
    report = _report()

    assert report_enqueue(report_id=report.id) is True

    report.refresh_from_db()
    assert report.enqueued_at is not None
    assert queued_report_ids(broker) == [report.id]


@pytest.mark.django_db
def test_it_returns_false_within_bounded_time_when_the_broker_is_down(broker_down, caplog):
    report = _report()
    caplog.set_level(logging.WARNING, logger="events.services.queue")

    started = time.monotonic()
    published = report_enqueue(report_id=report.id)
    elapsed = time.monotonic() - started

    assert published is False
    assert elapsed < 5
    report.refresh_from_db()
    assert (report.status, report.enqueued_at) == ("pending", None)
    assert f"report {report.id}: could not publish" in caplog.text
