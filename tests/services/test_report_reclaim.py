"""A redelivered message (same task id) takes back the report its killed worker left in processing;
another message does not, nor does any message while a live run holds the report's session lock."""

import time

import psycopg2
import pytest
from django.db import connection

from events.models import Report
from events.services.reports import REPORT_LOCK_CLASS, report_process, report_submit
from tests.services.fakes import FakeExtractor

pytestmark = pytest.mark.django_db(transaction=True)


def _left_in_processing(seed, token: str) -> Report:
    report, _ = report_submit(enqueue=False, **seed)
    Report.objects.filter(id=report.id).update(status=Report.Status.PROCESSING, claimed_by=token, attempts=1)
    return report


def _wait_backend_gone(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still there after {timeout}s")


def test_it_lets_the_same_task_id_reclaim_its_report(seed, empty_gazetteer):
    report = _left_in_processing(seed, "task-1")

    done = report_process(
        report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer, claim_token="task-1"
    )

    assert done.status == Report.Status.PROCESSED
    assert done.attempts == 2
    assert done.claimed_by == "task-1"


def test_it_leaves_a_report_claimed_by_another_task_alone(seed, empty_gazetteer):
    report = _left_in_processing(seed, "task-1")
    extractor = FakeExtractor()

    done = report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer, claim_token="task-2")

    assert done.status == Report.Status.PROCESSING
    assert done.attempts == 1
    assert extractor.calls == 0


def test_it_does_not_reclaim_while_a_live_run_holds_the_report(seed, empty_gazetteer):
    report = _left_in_processing(seed, "task-1")
    extractor = FakeExtractor()
    s = connection.settings_dict
    live = psycopg2.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname=s["NAME"],
    )
    live.autocommit = True
    try:
        live.cursor().execute("SELECT pg_advisory_lock(%s, %s)", [REPORT_LOCK_CLASS, report.id])
        done = report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer, claim_token="task-1")
    finally:
        pid = live.get_backend_pid()
        live.close()

    assert done.status == Report.Status.PROCESSING
    assert extractor.calls == 0
    _wait_backend_gone(pid)  # the server ends the closed session (and drops its locks) a moment later
    # The live run's connection gone (the process died), the same message may take it back.
    done = report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer, claim_token="task-1")
    assert done.status == Report.Status.PROCESSED
