"""Test-only Celery app for the integration workers: `celery -A tests.integration.slow_worker worker`.

It is the production app (negotiations.celery) with one change when TEST_EXTRACTION_DELAY_SECONDS > 0:
report processing pauses before its first extraction, that is after the report is claimed and before
anything is written, so a test can kill a worker in the middle of processing or keep one busy while
another takes tasks. Production code knows nothing of this: the worker's main process, before its pool
forks, replaces events.services.reports.report_process (which the task calls through its module) with
one passing a slowed extractor.
"""

from __future__ import annotations

import os
import time

from celery.signals import worker_init

from negotiations.celery import app

__all__ = ["app"]

DELAY_ENV = "TEST_EXTRACTION_DELAY_SECONDS"


def slowed_extractor(delay: float, extract):
    """`extract` after a pause, on its first call only: a second extraction of the same report under
    the write lock (the gazetteer moved meanwhile) must not hold the lock asleep."""
    slept = []

    def extractor(*args, **kwargs):
        if not slept:
            slept.append(True)
            time.sleep(delay)
        return extract(*args, **kwargs)

    return extractor


@worker_init.connect
def _slow_down_processing(**kwargs):
    delay = float(os.environ.get(DELAY_ENV) or 0)
    if delay <= 0:
        return
    import django

    django.setup()
    from events.pipeline.extract import extract_report
    from events.services import reports

    process = reports.report_process

    def report_process_slowed(**kwargs):
        return process(**kwargs, extractor=slowed_extractor(delay, extract_report))

    reports.report_process = report_process_slowed
