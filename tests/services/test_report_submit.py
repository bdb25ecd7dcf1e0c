import datetime as dt

import pytest

from events.models import Report
from events.services.reports import ReportInputError, ReportTooLargeError, report_submit

pytestmark = pytest.mark.django_db


def test_it_stores_a_pending_report_and_enqueues_it_after_commit(seed, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report, created = report_submit(**seed)
    assert created is True
    assert enqueued == [report.id]
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING
    assert report.canonical_url == seed["url"]
    assert report.text == seed["text"]
    assert report.outlet == "A News"
    assert report.published_at == dt.datetime(2024, 12, 17, tzinfo=dt.timezone.utc)
    assert report.language == "en"


def test_it_does_not_enqueue_before_the_transaction_commits(seed, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_submit(**seed)
    assert enqueued == []
    assert len(callbacks) == 1


def test_it_returns_the_known_report_for_the_same_canonical_url(seed, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = report_submit(**seed)
        again, created = report_submit(
            **{
                **seed,
                "url": seed["url"].replace("https://anews.com.tr", "HTTPS://ANEWS.com.tr:443")
                + "/?utm_source=x&fbclid=y#top",
                "text": "Other words.",
            }
        )
    assert created is False
    assert again.id == first.id
    assert again.text == seed["text"]
    assert Report.objects.count() == 1
    assert enqueued == [first.id]


def test_it_does_not_enqueue_when_asked_not_to(seed, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report_submit(**seed, enqueue=False)
    assert callbacks == [] and enqueued == []


def test_it_accepts_a_url_alone_for_the_worker_to_fetch(enqueued):
    report, created = report_submit(url="https://example.com/news/1")
    assert created and report.text == "" and report.html == ""


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"url": "ftp://example.com/a", "text": "Talks."}, ReportInputError, "http"),
        ({"url": "", "text": "Talks."}, ReportInputError, "url is required"),
        ({"url": "https://example.com/a", "text": "Talks.", "published_at": "soon"}, ReportInputError, "published_at"),
        ({"url": "https://example.com/a", "text": "x" * 1_000_001}, ReportTooLargeError, "longer than"),
        ({"url": "https://example.com/a", "html": "x" * 5_000_001}, ReportTooLargeError, "longer than"),
        ({"url": "https://example.com/a", "text": "PK\x03\x04\x00\x00binary"}, ReportInputError, "binary"),
    ],
)
def test_it_refuses_bad_submissions_with_a_reason(kwargs, error, message):
    with pytest.raises(error, match=message):
        report_submit(**kwargs)
    assert Report.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_it_makes_one_row_when_two_submissions_of_a_url_race():
    """Both submissions insert at the same moment: the unique constraint decides."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    results = []

    def submit(text):
        try:
            barrier.wait(timeout=10)
            report, created = report_submit(url="https://example.com/race?utm_source=a", text=text, enqueue=False)
            results.append((report.id, created))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(f"Talks went on, version {i}.",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert Report.objects.count() == 1
    assert sorted(created for _, created in results) == [False, True]
    assert {report_id for report_id, _ in results} == {Report.objects.get().id}
