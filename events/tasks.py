"""Celery tasks: each takes an id and calls a service.

Reliability settings (negotiations/settings.py): late acknowledgement, reject on worker lost and a
prefetch of one, so a task whose worker dies goes back to the queue; transient errors (database,
network) are retried a bounded number of times with exponential backoff and jitter. Running a task
twice is safe: report_process claims its report with a conditional UPDATE and the database constraints
make a second write a no-op.
"""

from __future__ import annotations

import time

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

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
    from events.services.reports import report_process

    # The message id: a redelivery of this very message (its worker was killed) may take back the
    # report it left in processing, instead of waiting for the sweep.
    token = self.request.id or ""
    delay = settings.PIPELINE_TEST_DELAY_SECONDS
    if delay:
        report_process(report_id=report_id, extractor=_slowed_extractor(delay), claim_token=token)
    else:
        report_process(report_id=report_id, claim_token=token)


def _slowed_extractor(delay: float):
    """Test-only (PIPELINE_TEST_DELAY_SECONDS > 0): the real extractor, after a pause. The pause falls
    after the report is claimed and before anything is written, so integration tests can kill a worker
    in the middle of processing. Only the first call pauses: a second extraction under the write lock
    (the gazetteer moved meanwhile) must not hold the lock asleep."""
    from events.pipeline.extract import extract_report

    slept = []

    def extractor(*args, **kwargs):
        if not slept:
            slept.append(True)
            time.sleep(delay)
        return extract_report(*args, **kwargs)

    return extractor


@shared_task(name="events.reports_enqueue_pending", **RETRY_OPTIONS)
def reports_enqueue_pending() -> dict:
    from events.services.queue import reports_enqueue_pending as sweep

    return sweep()


@shared_task(name="events.poll_source", **RETRY_OPTIONS)
def poll_source(source_id: int) -> None:
    from events.services.sources import source_poll

    source_poll(source_id=source_id)


@shared_task(name="events.sources_poll_active", **RETRY_OPTIONS)
def sources_poll_active() -> int:
    from events.services.sources import sources_enqueue_active

    return sources_enqueue_active()
