"""SIGKILL of the whole worker (main process and pool) mid-task, then a new worker: every report is
processed exactly once. Unacknowledged messages come back after the visibility timeout; the report the
dead worker had claimed is reset by the sweep once it is stale."""

from events.models import Report
from tests.integration.api import statuses, submit_all, submitter
from tests.integration.conftest import report_payloads
from tests.integration.outcome import reference_snapshot, snapshot
from tests.integration.procs import wait_for


def test_it_survives_the_whole_worker_killed_mid_task(cluster):
    payloads = report_payloads()
    reference = reference_snapshot(payloads)
    first = cluster.worker(name="w1", delay=3)
    cluster.beat()
    client = submitter()
    ids = submit_all(client, payloads)

    wait_for(lambda: Report.objects.filter(id__in=ids, status="processing").exists(), timeout=60,
             message="a report in processing")
    first.kill()
    in_flight = set(Report.objects.filter(id__in=ids, status="processing").values_list("id", flat=True))
    assert in_flight  # killed in the middle of processing
    assert Report.objects.filter(id__in=ids).exclude(status="processed").count() >= len(in_flight)

    cluster.worker(name="w2", delay=0)

    wait_for(lambda: set(statuses(client, ids).values()) == {"processed"}, timeout=150,
             message="all reports processed\n" + cluster.logs())
    assert snapshot() == reference
    attempts = dict(Report.objects.filter(id__in=ids).values_list("id", "attempts"))
    assert all(attempts[i] == 2 for i in in_flight)
    assert all(n == 1 for i, n in attempts.items() if i not in in_flight)
