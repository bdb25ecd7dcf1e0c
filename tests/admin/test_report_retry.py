"""The "retry" action on the reports list: failed reports go back to processing, others are named."""

import pytest
from django.urls import reverse

from events.models import Report
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:events_report_changelist")


def test_it_sends_failed_reports_back_to_processing(curator_client, django_capture_on_commit_callbacks):
    failed = ReportFactory(status=Report.Status.FAILED, failure_reason="fetch: read timeout", text="")
    processed = ReportFactory(status=Report.Status.PROCESSED)

    with django_capture_on_commit_callbacks() as callbacks:
        response = curator_client.post(
            URL, {"action": "retry", "_selected_action": [failed.pk, processed.pk]}, follow=True
        )

    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "1 report(s) queued for processing again."
    assert messages[1].startswith(f"Could not retry #{processed.pk}: ")
    failed.refresh_from_db()
    processed.refresh_from_db()
    # Captured, not run: the task is enqueued once the transaction commits.
    assert (failed.status, failed.failure_reason) == (Report.Status.PENDING, "")
    assert len(callbacks) == 1
    assert processed.status == Report.Status.PROCESSED
