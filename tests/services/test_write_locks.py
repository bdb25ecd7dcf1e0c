"""The write step locks what a report touches, not the whole database: while one report's locks are
held, a report about an unrelated negotiation is written at once and one about the same negotiation
waits for them. Real extractor, reference data, PostgreSQL, two connections."""

import threading

import pytest
from django.db import connection, transaction

from events.models import Report
from events.pipeline import report_dedup
from events.pipeline.extract import extract_report
from events.pipeline.normalize import normalize_report
from events.services.locks import write_lock_keys, write_locks_take
from events.services.reports import report_process, report_submit
from negotiations.services.gazetteer import gazetteer_load
from negotiations.services.reference import negotiation_reference_load

pytestmark = pytest.mark.django_db(transaction=True)

GAZA = {
    "url": "https://newswire.example.org/doha-round",
    "outlet": "Newswire",
    "published_at": "2025-03-04",
    "text": "DOHA, March 4 (Newswire) - Israeli and Hamas negotiators held indirect talks in Doha on Monday "
    "on a second phase of the Gaza cease-fire, with Qatari and Egyptian mediators shuttling between them.\n"
    '"The gaps are narrower than a week ago," a Qatari foreign ministry spokesman said.',
}
GAZA_LATER = {
    "url": "https://regional-daily.example.org/cairo-round",
    "outlet": "Regional Daily",
    "published_at": "2025-03-07",
    "text": "CAIRO - Hamas negotiators met Egyptian mediators in Cairo on Thursday to discuss the second "
    "phase of the Gaza cease-fire with Israel.\n"
    '"We have given the mediators our answer," a Hamas official said after the meeting.',
}
CAUCASUS = {
    "url": "https://caucasus-wire.example.org/border-commission",
    "outlet": "Caucasus Wire",
    "published_at": "2025-03-05",
    "text": "BAKU, March 5 - The Armenian and Azerbaijani border commissions met in Baku on Wednesday to "
    "continue the delimitation of the border between Armenia and Azerbaijan.\n"
    '"Both sides agreed on the next section of the line," the Azerbaijani delegation said in a statement.',
}


@pytest.fixture(autouse=True)
def _reference():
    gazetteer_load()
    negotiation_reference_load()


def keys_of(payload: dict) -> frozenset[int]:
    normalized = normalize_report(**payload)
    extraction = extract_report(normalized, _gazetteer())
    return write_lock_keys(
        extraction=extraction, bands=report_dedup.band_hashes(report_dedup.signature(normalized.text))
    )


def _gazetteer():
    from events.gazetteer import gazetteer_build

    return gazetteer_build()


class Holder:
    """Another worker in the middle of its write step: holds these locks until released."""

    def __init__(self, keys):
        self.keys, self.held, self.release = keys, threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            with transaction.atomic():
                write_locks_take(keys=self.keys)
                self.held.set()
                self.release.wait(timeout=30)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(timeout=10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(timeout=30)


def process_in_thread(payload: dict, done: threading.Event):
    report, _ = report_submit(**payload, enqueue=False)

    def run():
        try:
            report_process(report_id=report.id)
            done.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return report, thread


def test_the_keys_of_unrelated_reports_do_not_meet_and_those_of_one_negotiation_do():
    gaza, later, caucasus = keys_of(GAZA), keys_of(GAZA_LATER), keys_of(CAUCASUS)
    assert not gaza & caucasus
    assert gaza & later


def test_a_report_about_another_negotiation_is_written_while_one_reports_locks_are_held():
    with Holder(keys_of(GAZA)):
        done = threading.Event()
        report, thread = process_in_thread(CAUCASUS, done)
        assert done.wait(timeout=20), "the unrelated report waited for the other report's locks"
        thread.join(timeout=10)
    report.refresh_from_db()
    assert report.status == Report.Status.PROCESSED


def test_a_report_about_the_same_negotiation_waits_for_the_locks():
    with Holder(keys_of(GAZA)) as holder:
        done = threading.Event()
        report, thread = process_in_thread(GAZA_LATER, done)
        assert not done.wait(timeout=2), "the report did not wait for the negotiation's lock"
        holder.release.set()
        assert done.wait(timeout=20)
        thread.join(timeout=10)
    report.refresh_from_db()
    assert report.status == Report.Status.PROCESSED


def test_it_starts_the_write_over_holding_more_locks_when_extraction_under_them_names_more(monkeypatch):
    """Extracting again under the locks named something not locked: the step rolls back and starts over
    holding that too; the report ends as a first attempt would have left it, its text the one normalized
    from the submitted page."""
    from events.services import reports

    calls = []
    real_keys = reports.write_lock_keys

    def growing_keys(**kwargs):
        calls.append(1)
        keys = real_keys(**kwargs)
        return keys | {len(calls)} if len(calls) <= 2 else keys  # the second look names one more thing

    monkeypatch.setattr(reports, "write_lock_keys", growing_keys)
    monkeypatch.setattr(reports, "extraction_holds", lambda *args: False)
    html = f"<html><body><article><p>{GAZA['text']}</p></article></body></html>"
    report, _ = report_submit(**{**GAZA, "text": "", "html": html}, enqueue=False)

    report_process(report_id=report.id)

    assert len(calls) == 3
    stored = Report.objects.get(id=report.id)
    assert stored.status == Report.Status.PROCESSED
    assert stored.text.startswith("DOHA, March 4 (Newswire)")
    assert stored.evidence.filter(statement__isnull=False).count() == 1
