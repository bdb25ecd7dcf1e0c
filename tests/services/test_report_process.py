import datetime as dt

import pytest
from django.db import OperationalError

from events.models import Evidence, Report, ReportBand, Statement
from events.pipeline.report_dedup import BANDS, PAIR_BANDS, Signature
from events.services.reports import report_process, report_submit
from tests.services.fakes import FakeExtractor

pytestmark = pytest.mark.django_db


def submit(**kwargs):
    report, _ = report_submit(enqueue=False, **kwargs)
    return report


def test_it_processes_a_report_through_every_step(seed, empty_gazetteer):
    report = submit(**seed)
    extractor = FakeExtractor()
    done = report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer)
    assert done.status == Report.Status.PROCESSED
    assert done.processed_at is not None
    assert done.failure_reason == ""
    assert done.attempts == 1
    assert len(done.fingerprint) == 64
    assert done.duplicate_of_id is None
    assert Signature.from_bytes(done.minhash).shingles > 100
    assert ReportBand.objects.filter(report=done).count() == BANDS + PAIR_BANDS
    # The fake reads every quote of four words or more: the seed has nine, one of them twice.
    texts = sorted(Statement.objects.values_list("text", flat=True))
    assert len(texts) == 9
    assert "very small number of differences" in texts
    assert Evidence.objects.filter(report=done).count() == 9
    assert extractor.calls == 1


def test_it_processes_a_report_once_even_when_run_twice(seed, empty_gazetteer):
    report = submit(**seed)
    extractor = FakeExtractor()
    report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer)
    again = report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer)
    assert again.status == Report.Status.PROCESSED
    assert again.attempts == 1
    assert extractor.calls == 1
    assert Statement.objects.count() == 9


def test_it_does_not_process_a_report_another_worker_holds(seed, empty_gazetteer):
    report = submit(**seed)
    Report.objects.filter(id=report.id).update(status=Report.Status.PROCESSING)
    extractor = FakeExtractor()
    held = report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer)
    assert held.status == Report.Status.PROCESSING
    assert extractor.calls == 0


def test_it_returns_none_for_an_unknown_report(empty_gazetteer):
    assert report_process(report_id=987654, extractor=FakeExtractor(), gazetteer=empty_gazetteer) is None


def test_it_fails_an_empty_report_with_the_reason_and_processes_it_after_a_retry(
    empty_gazetteer, enqueued, django_capture_on_commit_callbacks
):
    from events.services.reports import report_retry

    report = submit(url="https://example.com/empty", text=" \n ... \n")
    failed = report_process(report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer)
    assert failed.status == Report.Status.FAILED
    assert failed.failure_reason == "the report has no text after normalization"
    Report.objects.filter(id=report.id).update(text='"We will keep talking until there is a deal," the envoy said.')
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(report_id=report.id)
    assert enqueued == [report.id]
    done = report_process(report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer)
    assert (done.status, done.failure_reason, done.attempts) == (Report.Status.PROCESSED, "", 2)
    assert Statement.objects.get().text == "We will keep talking until there is a deal,"


def test_it_fails_the_report_when_a_step_breaks_and_keeps_the_worker_alive(seed, empty_gazetteer):
    report = submit(**seed)

    def broken(normalized, gazetteer):
        raise RuntimeError("extractor exploded")

    failed = report_process(report_id=report.id, extractor=broken, gazetteer=empty_gazetteer)
    assert failed.status == Report.Status.FAILED
    assert failed.failure_reason == "RuntimeError: extractor exploded"
    assert Statement.objects.count() == 0
    assert ReportBand.objects.count() == 0


def test_it_rolls_back_a_half_written_report(seed, empty_gazetteer, monkeypatch):
    report = submit(**seed)

    def fail_meetings(**kwargs):
        raise ValueError("meeting writer refused")

    monkeypatch.setattr("events.services.facts._meetings_write", fail_meetings)
    failed = report_process(report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer)
    assert (failed.status, failed.failure_reason) == (Report.Status.FAILED, "meeting writer refused")
    assert Statement.objects.count() == 0
    assert ReportBand.objects.count() == 0
    assert failed.minhash is None


def test_it_leaves_the_report_pending_and_raises_on_a_transient_database_error(seed, empty_gazetteer):
    report = submit(**seed)

    def db_down(normalized, gazetteer):
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        report_process(report_id=report.id, extractor=db_down, gazetteer=empty_gazetteer)
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING


def test_it_reads_the_text_out_of_submitted_html(empty_gazetteer):
    html = (
        "<html><head><title>Envoy in Cairo</title><meta name='date' content='2025-01-05'></head><body>"
        "<nav>Home World</nav><article><h1>Envoy in Cairo</h1>"
        "<p>The envoy arrived in Cairo on Sunday for talks with Egyptian mediators about the next phase.</p>"
        "<p>\u201cWe are not there yet, but we are closer than last week,\u201d the envoy said after the meeting.</p>"
        "</article><footer>All rights reserved</footer></body></html>"
    )
    report = submit(url="https://example.com/cairo", html=html)
    done = report_process(report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer)
    assert done.status == Report.Status.PROCESSED
    assert done.text.startswith("The envoy arrived in Cairo on Sunday")
    assert "Home World" not in done.text and "All rights reserved" not in done.text
    assert done.published_at == dt.datetime(2025, 1, 5, tzinfo=dt.timezone.utc)
    statement = Statement.objects.get()
    assert statement.text == "We are not there yet, but we are closer than last week,"
    assert statement.said_on == dt.date(2025, 1, 5)


def test_it_fetches_a_report_submitted_as_a_url_alone(empty_gazetteer, monkeypatch):
    from events.fetch import FetchedPage

    page = FetchedPage(
        url="https://example.com/doha",
        final_url="https://example.com/doha",
        status=200,
        content_type="text/html",
        charset="utf-8",
        text="<html><body><p>\u201cThe gaps are narrowing every single day,\u201d the mediator said on "
        "Monday.</p></body></html>",
    )
    fetched = []
    monkeypatch.setattr("events.fetch.fetch_url", lambda url, **kw: fetched.append(url) or page)
    report = submit(url="https://example.com/doha")
    done = report_process(report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer)
    assert fetched == ["https://example.com/doha"]
    assert done.status == Report.Status.PROCESSED
    assert done.text == "\u201cThe gaps are narrowing every single day,\u201d the mediator said on Monday."
    assert done.html == page.text
    assert Statement.objects.get().text == "The gaps are narrowing every single day,"


def test_it_fails_a_report_whose_page_cannot_be_fetched(empty_gazetteer, monkeypatch):
    from events.fetch import BlockedAddressError

    def refuse(url, **kwargs):
        raise BlockedAddressError("refused to fetch '127.0.0.1': loopback address")

    monkeypatch.setattr("events.fetch.fetch_url", refuse)
    report = submit(url="http://127.0.0.1/admin")
    failed = report_process(report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer)
    assert failed.status == Report.Status.FAILED
    assert failed.failure_reason == "refused to fetch '127.0.0.1': loopback address"


def test_it_records_the_pipeline_as_the_reason_of_each_change(seed, empty_gazetteer):
    report = submit(**seed)
    report_process(report_id=report.id, extractor=FakeExtractor(), gazetteer=empty_gazetteer)
    statement = Statement.objects.order_by("id").first()
    assert statement.history.first().history_change_reason == f"pipeline: report {report.id}"
    assert report.history.first().history_change_reason == f"pipeline: report {report.id}"
    assert statement.review_status == "auto"


@pytest.mark.django_db(transaction=True)
def test_it_processes_a_report_once_when_two_workers_get_it_at_the_same_time(seed, empty_gazetteer):
    import threading

    from django.db import connection

    report = submit(**seed)
    extractor = FakeExtractor()
    barrier = threading.Barrier(2)

    def work():
        try:
            barrier.wait(timeout=10)
            report_process(report_id=report.id, extractor=extractor, gazetteer=empty_gazetteer)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.PROCESSED, 1)
    assert extractor.calls == 1
    assert Statement.objects.count() == 9
    assert Evidence.objects.count() == 9
