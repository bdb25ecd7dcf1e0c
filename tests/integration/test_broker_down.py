"""The broker stops: the API still answers 202 quickly and reports stay pending; the broker comes back
(empty: Redis keeps nothing on disk) and the sweep enqueues them; the worker processes them."""

import time

from events.models import Report
from tests.integration.api import statuses, submitter
from tests.integration.conftest import report_payloads
from tests.integration.outcome import reference_snapshot, snapshot
from tests.integration.procs import wait_for


def test_it_loses_nothing_while_the_broker_is_down(cluster, broker):
    payloads = report_payloads()
    reference = reference_snapshot(payloads)
    cluster.worker(name="w1")
    cluster.beat()
    client = submitter()

    broker.stop()
    ids, slowest = [], 0.0
    for payload in payloads:
        started = time.monotonic()
        response = client.post("/api/v1/reports/", payload, format="json")
        slowest = max(slowest, time.monotonic() - started)
        assert response.status_code == 202, response.content
        ids.append(response.json()["id"])

    assert slowest < 5  # publishing is bounded in time
    assert set(Report.objects.filter(id__in=ids).values_list("status", "enqueued_at")) == {("pending", None)}

    broker.start()  # same port, empty

    wait_for(
        lambda: set(statuses(client, ids).values()) == {"processed"},
        timeout=150,
        message="all reports processed\n" + cluster.logs(),
    )
    assert snapshot() == reference
    assert set(Report.objects.filter(id__in=ids).values_list("attempts", flat=True)) == {1}
    assert Report.objects.filter(id__in=ids, enqueued_at__isnull=True).count() == 0  # the sweep enqueued them
