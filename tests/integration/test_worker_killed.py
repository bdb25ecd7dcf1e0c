"""SIGKILL of the whole worker (main process and pool) mid-task, then a new worker: every report is
processed exactly once. Unacknowledged messages come back after the visibility timeout, and a redelivered
message takes back the report its dead worker had claimed (same task id, no live holder) at once: the
sweep's stale timeout is set far beyond the test, so it cannot be what finishes them."""

import time

from events.models import Report
from tests.integration.api import statuses, submit_all, submitter
from tests.integration.conftest import report_payloads
from tests.integration.outcome import reference_snapshot, snapshot
from tests.integration.procs import wait_for


def test_it_survives_the_whole_worker_killed_mid_task(cluster):
    payloads = report_payloads()
    reference = reference_snapshot(payloads)
    cluster.env["REPORTS_STALE_PROCESSING_SECONDS"] = "3600"  # the sweep must not be what rescues it
    first = cluster.worker(name="w1", delay=3)
    cluster.beat()
    client = submitter()
    ids = submit_all(client, payloads)

    wait_for(
        lambda: Report.objects.filter(id__in=ids, status="processing").exists(),
        timeout=90,
        message="a report in processing",
    )
    first.kill()
    in_flight = set(Report.objects.filter(id__in=ids, status="processing").values_list("id", flat=True))
    assert in_flight  # killed in the middle of processing
    assert Report.objects.filter(id__in=ids).exclude(status="processed").count() >= len(in_flight)

    # kombu's Redis transport restores unacknowledged messages older than the visibility timeout (5 s)
    # when a worker starts, and otherwise only every ~100 s: restart once that much time has passed.
    time.sleep(6)
    cluster.worker(name="w2", delay=0)

    wait_for(
        lambda: set(statuses(client, ids).values()) == {"processed"},
        timeout=90,
        message="all reports processed\n" + cluster.logs(),
    )
    assert snapshot() == reference
    assert Report.objects.filter(id__in=ids, claimed_by="").count() == 0  # each claimed by its task id
    attempts = dict(Report.objects.filter(id__in=ids).values_list("id", "attempts"))
    assert all(attempts[i] == 2 for i in in_flight)
    assert all(n == 1 for i, n in attempts.items() if i not in in_flight)
