import pytest

from events.bulk import reports as bulk_reports
from events.bulk.reports import reports_import
from events.models import Report
from events.services import queue
from tests.bulk.helpers import write_jsonl


@pytest.mark.django_db
def test_it_keeps_whole_batches_when_interrupted_and_a_rerun_completes(tmp_path, monkeypatch):
    monkeypatch.setattr(queue, "report_enqueue", lambda *, report_id: True)
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [{"url": f"https://news.example.org/{i}", "text": f"Talks resumed in Doha, report {i}."} for i in range(25)],
    )
    real_submit = bulk_reports.report_submit
    calls = []

    def submit_then_die(**kwargs):
        calls.append(kwargs["url"])
        if len(calls) == 13:  # the 3rd report of the 2nd batch of 10
            raise KeyboardInterrupt
        return real_submit(**kwargs)

    monkeypatch.setattr(bulk_reports, "report_submit", submit_then_die)
    first = reports_import(paths=[path], batch_size=10)

    assert first.interrupted and (first.read, first.created) == (10, 10)
    assert Report.objects.count() == 10  # the 2 reports of the interrupted batch were rolled back

    monkeypatch.setattr(bulk_reports, "report_submit", real_submit)
    second = reports_import(paths=[path], batch_size=10)

    assert (second.read, second.created, second.unchanged) == (25, 15, 10)
    assert Report.objects.count() == 25
