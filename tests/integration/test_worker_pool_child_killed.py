"""SIGKILL of the pool process executing a task in the middle of processing: after the worker replaces
it, the redelivered message takes its report back at once (the sweep's stale timeout is set far beyond
the test) and every report is processed exactly once (no duplicate rows, the same outcome as a clean run)."""

import os
import signal

from events.models import Report
from tests.integration.api import statuses, submit_all, submitter
from tests.integration.conftest import report_payloads
from tests.integration.control import pool_pid_running
from tests.integration.outcome import reference_snapshot, snapshot
from tests.integration.procs import wait_for


def test_it_survives_the_pool_process_killed_mid_task(cluster):
    payloads = report_payloads()
    reference = reference_snapshot(payloads)
    cluster.env["REPORTS_STALE_PROCESSING_SECONDS"] = "3600"  # the sweep must not be what rescues it
    # Processing pauses 3 s after the report is claimed, before anything is written.
    worker = cluster.worker(name="w1", delay=3)
    cluster.beat()  # the sweep
    client = submitter()
    ids = submit_all(client, payloads)

    victim = wait_for(
        lambda: Report.objects.filter(id__in=ids, status="processing").order_by("id").first(),
        timeout=60,
        message="a report in processing",
    )
    pid = wait_for(lambda: pool_pid_running(victim.id), timeout=10, message="the pool process running it")
    assert pid in worker.pool_children() and pid != worker.pid
    os.kill(pid, signal.SIGKILL)

    wait_for(
        lambda: set(statuses(client, ids).values()) == {"processed"},
        timeout=90,
        message="all reports processed\n" + cluster.logs(),
    )
    assert snapshot() == reference
    assert Report.objects.filter(id__in=ids, claimed_by="").count() == 0  # each claimed by its task id
    # The killed run claimed the report once; the run that finished it claimed it a second time.
    attempts = dict(Report.objects.filter(id__in=ids).values_list("id", "attempts"))
    assert attempts[victim.id] == 2
    assert all(n == 1 for i, n in attempts.items() if i != victim.id)
    assert "signal 9" in worker.tail(200000) or "WorkerLostError" in worker.tail(200000)
    assert worker.proc.poll() is None  # the worker itself lived on
