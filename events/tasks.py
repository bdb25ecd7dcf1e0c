"""Celery tasks: each takes an id and calls a service.

Reliability settings (negotiations/settings.py): late acknowledgement, reject on worker lost and a
prefetch of one, so a task whose worker dies goes back to the queue; transient errors (database,
network) are retried a bounded number of times with exponential backoff and jitter. Running a task
twice is safe: report_process claims its report with a conditional UPDATE and the database constraints
make a second write a no-op.

The services are called through their modules (reports.report_process, not a bound name), so what a
test or a test-only worker module puts in their place is what the task runs.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from events.services import queue, reports, sources

# Transient: the database restarting or a connection dropped. Bad input is never retried: the
# services turn it into a failed report (or a source's last_error) with the reason.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
RETRY_OPTIONS = {
    "autoretry_for": TRANSIENT_ERRORS,
    "max_retries": 5,
    "retry_backoff": 2,  # 2, 4, 8, 16, 32 s ...
    "retry_backoff_max": 120,
    "retry_jitter": True,  # ... each drawn at random below that, so retries of many tasks spread out
    "acks_late": True,
    "reject_on_worker_lost": True,
}


@shared_task(name="events.process_report", bind=True, **RETRY_OPTIONS)
def process_report(self, report_id: int) -> None:
    # The message id: a redelivery of this very message (its worker was killed) may take back the
    # report it left in processing, instead of waiting for the sweep.
    reports.report_process(report_id=report_id, claim_token=self.request.id or "")


@shared_task(name="events.reports_enqueue_pending", **RETRY_OPTIONS)
def reports_enqueue_pending() -> dict:
    return queue.reports_enqueue_pending()


@shared_task(name="events.poll_source", **RETRY_OPTIONS)
def poll_source(source_id: int) -> None:
    sources.source_poll(source_id=source_id)


@shared_task(name="events.sources_poll_active", **RETRY_OPTIONS)
def sources_poll_active() -> int:
    return sources.sources_enqueue_active()
