"""Celery app for benchmarks/e2e_worker.py: `celery -A benchmarks._counting_worker worker`.

The production app (negotiations.celery) whose pool processes count, per task, the SQL queries and the
time of report processing and of its write step (benchmarks/_writecount.py), as the in-process
benchmark does: a worker cannot be wrapped from outside. After each task a pool process writes its
totals so far to BENCH_COUNT_DIR/<pid>.json (replaced whole, so a reader never sees half a file).
Production code knows nothing of this.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from celery.signals import task_postrun, task_prerun, worker_init

from benchmarks._writecount import WriteCount, write_step_instrument
from negotiations.celery import app

__all__ = ["app"]

COUNT_DIR_ENV = "BENCH_COUNT_DIR"

# One per process: made before the pool forks, each pool process counts in its own copy.
_counter = WriteCount()
_task = contextlib.ExitStack()  # the running task's timing, opened and closed by the two signals


@worker_init.connect
def _count_write_step(**kwargs):
    import django

    django.setup()
    write_step_instrument(_counter)


@task_prerun.connect
def _task_started(**kwargs):
    from django.db import connection

    connection.execute_wrappers.append(_counter)
    _task.enter_context(_counter.report())


@task_postrun.connect
def _task_done(**kwargs):
    from django.db import connection

    _task.close()
    if _counter in connection.execute_wrappers:
        connection.execute_wrappers.remove(_counter)
    path = Path(os.environ[COUNT_DIR_ENV]) / f"{os.getpid()}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(_counter.state()))
    os.replace(tmp, path)
