import pytest

from events.models import Report
from events.services.reports import ReportNotRetryableError, report_retry
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_it_puts_a_failed_report_back_to_pending_and_enqueues_it(enqueued, django_capture_on_commit_callbacks):
    report = ReportFactory(status=Report.Status.FAILED, failure_reason="the report has no text after normalization")
    with django_capture_on_commit_callbacks(execute=True):
        again = report_retry(report_id=report.id)
    assert (again.status, again.failure_reason) == (Report.Status.PENDING, "")
    report.refresh_from_db()
    assert (report.status, report.failure_reason) == (Report.Status.PENDING, "")
    assert enqueued == [report.id]


@pytest.mark.parametrize("status", [Report.Status.PENDING, Report.Status.PROCESSING, Report.Status.PROCESSED])
def test_it_refuses_to_retry_a_report_that_has_not_failed(status, enqueued, django_capture_on_commit_callbacks):
    report = ReportFactory(status=status)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReportNotRetryableError, match=status):
        report_retry(report_id=report.id)
    report.refresh_from_db()
    assert report.status == status
    assert enqueued == []
