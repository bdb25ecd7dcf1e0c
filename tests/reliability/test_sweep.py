"""The sweep (reports_enqueue_pending): what a lost message or a dead worker left behind is enqueued
again; what is in flight or finished is left alone."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Report
from events.services.queue import reports_enqueue_pending
from tests.reliability.test_queue import queued_report_ids


def _report(status="pending", *, created_ago=0, enqueued_ago=None, updated_ago=None) -> Report:
    n = Report.objects.count()
    report = Report.objects.create(url=f"https://x.example/{n}", canonical_url=f"https://x.example/{n}", status=status)
    now = timezone.now()
    # .update(): auto_now would overwrite updated_at on save().
    Report.objects.filter(id=report.id).update(
        created_at=now - dt.timedelta(seconds=created_ago),
        updated_at=now - dt.timedelta(seconds=updated_ago if updated_ago is not None else created_ago),
        enqueued_at=None if enqueued_ago is None else now - dt.timedelta(seconds=enqueued_ago),
    )
    return report


@pytest.fixture
def sweep_settings(settings):
    settings.REPORTS_PENDING_RETRY_SECONDS = 60
    settings.REPORTS_STALE_PROCESSING_SECONDS = 600
    return settings


@pytest.mark.django_db
def test_it_enqueues_reports_whose_message_was_lost(broker, sweep_settings):
    never_published = _report(created_ago=120)
    published_long_ago = _report(created_ago=3600, enqueued_ago=300)

    result = reports_enqueue_pending()

    assert result == {"reset": 0, "due": 2, "enqueued": 2, "failed": 0}
    assert queued_report_ids(broker) == [never_published.id, published_long_ago.id]
    assert Report.objects.filter(enqueued_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_it_leaves_recent_and_finished_reports_alone(broker, sweep_settings):
    _report(created_ago=5)  # its on_commit publish may still be under way
    _report(created_ago=3600, enqueued_ago=10)  # in the queue
    _report("processed", created_ago=3600)
    _report("failed", created_ago=3600)
    _report("processing", created_ago=3600, enqueued_ago=100, updated_ago=100)  # being worked on

    assert reports_enqueue_pending() == {"reset": 0, "due": 0, "enqueued": 0, "failed": 0}
    assert queued_report_ids(broker) == []


@pytest.mark.django_db
def test_it_resets_and_enqueues_a_report_stuck_in_processing(broker, sweep_settings):
    stuck = _report("processing", created_ago=7200, enqueued_ago=3600, updated_ago=3600)

    result = reports_enqueue_pending()

    assert result == {"reset": 1, "due": 1, "enqueued": 1, "failed": 0}
    stuck.refresh_from_db()
    assert stuck.status == "pending"
    assert queued_report_ids(broker) == [stuck.id]


@pytest.mark.django_db
def test_it_treats_a_recent_enqueue_as_a_sign_of_life(broker, sweep_settings):
    # Claimed long ago but re-enqueued recently (e.g. by a retry): not stale yet.
    _report("processing", created_ago=7200, enqueued_ago=30, updated_ago=3600)

    assert reports_enqueue_pending()["reset"] == 0


@pytest.mark.django_db
def test_it_keeps_reports_pending_while_the_broker_is_down(broker_down, sweep_settings):
    lost = _report(created_ago=120)
    _report(created_ago=130)

    result = reports_enqueue_pending()

    # One attempt, then the sweep stops: the next run tries again.
    assert result == {"reset": 0, "due": 2, "enqueued": 0, "failed": 1}
    lost.refresh_from_db()
    assert (lost.status, lost.enqueued_at) == ("pending", None)


@pytest.mark.django_db
def test_it_enqueues_at_most_a_batch_per_run(broker, sweep_settings):
    sweep_settings.REPORTS_SWEEP_BATCH = 3
    for _ in range(5):
        _report(created_ago=120)

    assert reports_enqueue_pending()["enqueued"] == 3
    assert reports_enqueue_pending()["enqueued"] == 2
    assert len(queued_report_ids(broker)) == 5
