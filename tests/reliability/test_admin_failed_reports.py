"""A report failed by a refused fetch shows its reason in the admin, and the admin's retry action
processes it again (eager task here) once the operator has allowed the host."""

import html

import pytest
from django.contrib.auth.models import User

from events.models import Report
from events.services.reports import report_submit
from events.tasks import process_report


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")  # the pipeline runs on the database's gazetteer
def test_it_shows_the_reason_and_retries_from_the_admin(
    client, local_server, deny_private, settings, django_capture_on_commit_callbacks
):
    report, _ = report_submit(url=f"{local_server.base}/article", enqueue=False)
    process_report(report.id)
    report.refresh_from_db()
    assert report.status == "failed"
    client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw"))

    changelist = client.get("/admin/events/report/?status__exact=failed").content.decode()
    change = client.get(f"/admin/events/report/{report.id}/change/").content.decode()
    assert "refused to fetch '127.0.0.1'" in html.unescape(changelist)  # shortened in the list
    assert report.failure_reason in html.unescape(change)

    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/events/report/", {"action": "retry", "_selected_action": [report.id]}, follow=True
        )

    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.status, report.failure_reason, report.attempts) == ("processed", "", 2)
    assert Report.objects.count() == 1
