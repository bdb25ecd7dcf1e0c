"""A report submitted with only a URL: the worker fetches it. Every unsafe or bad download ends the
report failed with the reason, visible in the API, and retryable; nothing crashes."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token

from events.models import Report
from events.services.reports import report_submit
from events.tasks import process_report


def _process_url(url: str) -> Report:
    report, created = report_submit(url=url, enqueue=False)
    assert created
    process_report(report.id)  # the task body, in this process
    report.refresh_from_db()
    return report


@pytest.fixture
def short_limits(settings):
    settings.FETCH_READ_TIMEOUT = 0.5
    settings.FETCH_MAX_BYTES = 256 * 1024
    settings.FETCH_MAX_REDIRECTS = 3
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case, reason",
    [
        ("loopback-direct", "refused to fetch '127.0.0.1': 127.0.0.1 is a loopback address"),
        ("metadata-direct", "refused to fetch '169.254.169.254': 169.254.169.254 is a cloud metadata address"),
        ("private-direct", "refused to fetch '10.0.0.8': 10.0.0.8 is a private address"),
        ("mapped-ipv6", "refused to fetch '::ffff:127.0.0.1'"),
        ("dns-localhost", "refused to fetch 'localhost'"),
    ],
)
def test_it_fails_a_report_whose_url_points_inside_the_network(local_server, deny_private, case, reason):
    url = {
        "loopback-direct": f"{local_server.base}/article",
        "metadata-direct": "http://169.254.169.254/latest/meta-data/iam/",
        "private-direct": "http://10.0.0.8/",
        "mapped-ipv6": f"http://[::ffff:127.0.0.1]:{local_server.port}/article",
        "dns-localhost": f"http://localhost:{local_server.port}/article",
    }[case]

    report = _process_url(url)

    assert report.status == "failed"
    assert reason in report.failure_reason
    assert local_server.hits == []  # nothing reached the server


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route, reason",
    [
        ("/to-private", "refused to fetch '192.168.1.1': 192.168.1.1 is a private address"),
        ("/slow", "read timeout"),
        ("/huge", "page too large: more than 262144 bytes"),
        ("/loop-a", "redirect loop"),
        ("/hop0", "too many redirects (more than 3)"),
        ("/binary", "unsupported content type 'application/octet-stream'"),
        ("/binary-as-html", "the page is binary, not text"),
        ("/gone", "HTTP 410"),
    ],
)
def test_it_fails_a_report_whose_download_is_unsafe_or_bad(local_server, allow_local, short_limits, route, reason):
    local_server.redirect("/to-private", "http://192.168.1.1/admin")
    local_server.slow("/slow", delay=3)
    local_server.huge("/huge", size=20 * 1024 * 1024, declare_length=False)
    local_server.redirect("/loop-a", "/loop-b")
    local_server.redirect("/loop-b", "/loop-a")
    for i in range(6):
        local_server.redirect(f"/hop{i}", f"/hop{i + 1}")
    local_server.static("/binary", b"\x00\x01\x02" * 100, content_type="application/octet-stream")
    local_server.static("/binary-as-html", b"GIF89a\x00\x01\x00" * 100, content_type="text/html")
    local_server.static("/gone", "gone", content_type="text/plain", status=410)

    report = _process_url(f"{local_server.base}{route}")

    assert report.status == "failed"
    assert reason in report.failure_reason


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")  # the pipeline runs on the database's gazetteer
def test_it_shows_the_failure_in_the_api_and_retries_it(
    local_server, deny_private, api_client, django_capture_on_commit_callbacks, settings
):
    report = _process_url(f"{local_server.base}/article")
    assert report.status == "failed"

    detail = api_client.get(f"/api/v1/reports/{report.id}/").json()
    # The public sees the category; the full reason stays on the row (staff and the admin see it).
    assert detail["status"] == "failed"
    assert detail["failure_reason"] == "fetch_refused: The article's address may not be fetched."
    assert "loopback" in report.failure_reason

    # An operator allows the host, then retries from the API: the report is processed again by the task.
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    user = User.objects.create_user(username="operator")
    user.user_permissions.add(Permission.objects.get(codename="change_report", content_type__app_label="events"))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery: the task runs on commit
        response = api_client.post(f"/api/v1/reports/{report.id}/retry/")

    assert response.status_code == 202
    report.refresh_from_db()
    assert report.attempts == 2
    assert [path for path, _ in local_server.hits] == ["/article"]  # fetched this time
    assert (report.status, report.failure_reason) == ("processed", "")


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")  # the pipeline runs on the database's gazetteer
def test_it_accepts_a_url_only_submission_and_fetches_it(
    local_server, allow_local, api_client, django_capture_on_commit_callbacks
):
    user = User.objects.create_user(username="submitter")
    user.user_permissions.add(Permission.objects.get(codename="add_report", content_type__app_label="events"))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/v1/reports/", {"url": f"{local_server.base}/article"}, format="json")

    assert response.status_code == 202
    report = Report.objects.get(id=response.json()["id"])
    assert [path for path, _ in local_server.hits] == ["/article"]
    assert "Negotiators met in Doha on Monday" in report.html
    assert (report.status, report.failure_reason) == ("processed", "")
    assert "Negotiators met in Doha on Monday" in report.text
