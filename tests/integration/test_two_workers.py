"""Two worker processes on one broker share the queue (how the service scales past one machine):
every report is processed once, by one of them."""

import re

from events.models import Report
from tests.integration.api import statuses, submit_all, submitter
from tests.integration.conftest import report_payloads
from tests.integration.procs import wait_for


def test_it_spreads_reports_over_two_workers(cluster):
    # A pause after the claim keeps the first worker busy, so the second one has to take tasks.
    first = cluster.worker(name="w1", delay=1)
    second = cluster.worker(name="w2", delay=1)
    client = submitter()

    ids = submit_all(client, report_payloads())

    wait_for(
        lambda: set(statuses(client, ids).values()) == {"processed"},
        timeout=150,
        message="all reports processed\n" + cluster.logs(),
    )
    assert set(Report.objects.filter(id__in=ids).values_list("attempts", flat=True)) == {1}
    pattern = re.compile(r"Task events\.process_report\[[^\]]+\] succeeded")
    done_by = [len(pattern.findall(w.tail(10**7))) for w in (first, second)]
    assert sum(done_by) == len(ids)
    assert min(done_by) >= 1
