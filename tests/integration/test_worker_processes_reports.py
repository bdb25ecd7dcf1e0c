"""Reports submitted through the API are processed by a real celery worker and appear in the API."""

from events.models import Report
from tests.integration.api import statuses, submit_all, submitter
from tests.integration.conftest import report_payloads
from tests.integration.outcome import reference_snapshot, snapshot
from tests.integration.procs import wait_for


def test_it_processes_api_submissions_in_a_real_worker(cluster):
    payloads = report_payloads()
    reference = reference_snapshot(payloads)
    cluster.worker(name="w1")
    client = submitter()

    ids = submit_all(client, payloads)

    wait_for(
        lambda: set(statuses(client, ids).values()) == {"processed"},
        timeout=120,
        message="all reports processed\n" + cluster.logs(),
    )
    assert snapshot() == reference
    assert list(Report.objects.order_by("id").values_list("attempts", flat=True)) == [1] * len(ids)
    # What the worker extracted is served by the API.
    seed_id = ids[0]
    statements = client.get(f"/api/v1/statements/?report={seed_id}&page_size=100&count=true").json()
    assert statements["count"] == reference["reports"][Report.objects.get(id=seed_id).canonical_url]["statements"]
    assert statements["count"] >= 9
    detail = client.get(f"/api/v1/reports/{seed_id}/").json()
    assert len(detail["statements"]) == statements["count"]
    assert detail["failure_reason"] == ""
