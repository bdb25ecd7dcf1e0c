"""Reports processed at the same moment by several pool processes give exactly the outcome of a serial
in-process run: a report written meanwhile (its new people, its negotiation) is seen by the next one's
extraction, because the gazetteer is re-read under the write lock."""

from events.models import Report
from tests.integration.api import statuses, submit_all, submitter
from tests.integration.conftest import report_payloads
from tests.integration.outcome import reference_rows, rows, snapshot
from tests.integration.procs import wait_for

SEED, ISTANBUL = 0, 5  # indexes in conftest.REPORT_FILES


def test_it_gives_the_serial_outcome_with_three_pool_processes(cluster):
    payloads = [report_payloads()[i] for i in (SEED, ISTANBUL)]
    assert "istanbul" in payloads[1]["url"]
    reference = reference_rows(payloads)
    assert len(reference["rows"]["meetings"]) >= 3
    # A pause after the claim makes both reports read the gazetteer, then extract, at the same time:
    # the second to write would miss what the first wrote unless it looks again under the lock.
    cluster.worker(name="w1", concurrency=3, delay=1)
    client = submitter()

    ids = submit_all(client, payloads)

    wait_for(
        lambda: set(statuses(client, ids).values()) == {"processed"},
        timeout=120,
        message="all reports processed\n" + cluster.logs(),
    )
    assert set(Report.objects.filter(id__in=ids).values_list("attempts", flat=True)) == {1}
    assert snapshot() == reference["snapshot"]
    assert rows() == reference["rows"]
