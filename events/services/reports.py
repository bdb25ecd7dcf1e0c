"""Writes for reports: accept a submission, process it through the pipeline, retry a failed one.

- report_submit(...) -> (report, created): created False when the canonical URL is known.
- report_process(report_id=...) -> Report | None: normalize, deduplicate, extract, write; a report
  ends processed, or failed with the reason. Bad input never raises past this service; transient
  database errors do (the task retries them) and leave the report pending.
- report_retry(report_id=...) -> Report: a failed report back to pending, enqueued again.
- report_reprocess(report=...) -> Report: a processed or failed report back to pending, to be processed again
  (a gazetteer change, a better extractor), keeping every curator decision.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from events import dedup_selectors, fetch
from events.gazetteer import gazetteer_build
from events.models import Report, ReportBand
from events.pipeline import report_dedup
from events.pipeline.extract import extract_report, extraction_holds
from events.pipeline.normalize import (
    MAX_HTML_CHARS,
    MAX_TEXT_CHARS,
    NormalizationError,
    canonical_url,
    normalize_report,
    parse_published_at,
)
from events.pipeline.types import Extraction, Gazetteer, NormalizedReport
from events.services import queue
from events.services.facts import facts_write
from events.services.locks import write_lock_keys, write_locks_take
from events.services.rows import row_update, rows_insert

logger = logging.getLogger(__name__)

Extractor = Callable[[NormalizedReport, Gazetteer], Extraction]

# The write step of a report holds transaction-level advisory locks on what it touches (events.locks):
# two copies of one story processed at the same moment would each miss the other's bands, and two
# reports naming a new person would each create them (people have no unique name). Reports that share
# nothing write at the same time. Extraction, the slow part, runs outside them.
# First key of the per-report session locks (two-key form: class, report id); distinct from the above.
REPORT_LOCK_CLASS = 0x72657074  # "rept"


class ReportInputError(ValueError):
    """A submission that cannot be accepted; the message says why (the API answers 4xx with it)."""


class ReportTooLargeError(ReportInputError):
    """Text or HTML over the size cap (the API answers 413)."""


class ReportNotRetryableError(ValueError):
    """Only failed reports can be retried."""


REFERENCE_DATA_MISSING = "reference data not loaded: run manage.py migrate / load_gazetteers"


class ReferenceDataMissingError(ValueError):
    """The database holds no general gazetteer: extraction would recognise no state and find nothing."""


def reference_data_loaded(gazetteer: Gazetteer) -> bool:
    """Whether the database's gazetteer holds the general one (states carry an ISO code only from it)."""
    return any(actor.iso_code for actor in gazetteer.actors)


def _without_credentials(url: str) -> str:
    # A user:password@ in a submitted URL must never be stored or shown (canonical_url drops it too).
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _reason(report: Report) -> str:
    return f"pipeline: report {report.id}"


def report_submit(
    *,
    url: str,
    text: str = "",
    html: str = "",
    outlet: str = "",
    title: str = "",
    published_at: dt.datetime | dt.date | str | None = None,
    language: str = "",
    source_id: int | None = None,
    enqueue: bool = True,
) -> tuple[Report, bool]:
    """Accept a report: validated, stored pending and enqueued once committed.

    A known canonical URL is the same report: the stored one is returned with created False (the unique
    constraint on canonical_url decides, so two simultaneous submissions make one row).
    Without text or html the worker fetches the URL.
    """
    text, html = text or "", html or ""
    if len(text) > MAX_TEXT_CHARS:
        raise ReportTooLargeError(f"text is longer than {MAX_TEXT_CHARS} characters")
    if len(html) > MAX_HTML_CHARS:
        raise ReportTooLargeError(f"html is longer than {MAX_HTML_CHARS} characters")
    if "\x00" in text or "\x00" in html:
        raise ReportInputError("text contains NUL characters: binary content is not a report")
    try:
        canonical = canonical_url(url)
        published = parse_published_at(published_at)
    except NormalizationError as exc:
        raise ReportInputError(str(exc)) from exc

    report = Report(
        url=_without_credentials(url.strip())[:2000],
        canonical_url=canonical,
        text=text,
        html=html,
        outlet=" ".join((outlet or "").split())[:200],
        title=" ".join((title or "").split())[:500],
        published_at=published,
        language=(language or "").strip().lower()[:12],
        source_id=source_id,
        status=Report.Status.PENDING,
    )
    # One statement: the row and its history row, or nothing when the canonical URL is known (the
    # unique constraint decides, so two simultaneous submissions make one row).
    if not rows_insert(model=Report, rows=[report], reason="submitted", key=("canonical_url",)):
        return dedup_selectors.report_by_canonical_url(canonical_url=canonical), False
    if enqueue:
        _enqueue_on_commit(report.id)
    return report, True


def _enqueue_on_commit(report_id: int) -> None:
    transaction.on_commit(lambda: queue.report_enqueue(report_id=report_id))


def report_retry(*, report_id: int, enqueue: bool = True) -> Report:
    """A failed report back to pending (reason cleared) and enqueued; ReportNotRetryableError otherwise."""
    updated = Report.objects.filter(id=report_id, status=Report.Status.FAILED).update(
        status=Report.Status.PENDING, failure_reason="", updated_at=timezone.now()
    )
    report = Report.objects.get(id=report_id)
    if not updated:
        raise ReportNotRetryableError(f"report {report_id} is {report.status}: only failed reports can be retried")
    if enqueue:
        _enqueue_on_commit(report.id)
    return report


class ReportNotReprocessableError(ValueError):
    """A pending or processing report is already on its way through the pipeline."""


REPROCESSABLE = (Report.Status.PROCESSED, Report.Status.FAILED)


def report_reprocess(*, report: Report, enqueue: bool = True) -> Report:
    """A processed or failed report back to pending, to go through the pipeline again with today's gazetteer
    and extractor; enqueued, or (enqueue=False) left for the caller's report_process.

    Processing a report again is what report_process already does for a retry: its bands are replaced, its
    evidence rows are kept (the unique constraints make them no-ops), and facts_write keeps every curator
    decision (a fact matching a rejected row is not recreated, a reviewed row only gains evidence), so the
    report only gains what the new gazetteer or extractor finds. ReportNotReprocessableError otherwise.
    """
    updated = Report.objects.filter(id=report.id, status__in=REPROCESSABLE).update(
        status=Report.Status.PENDING, failure_reason="", updated_at=timezone.now()
    )
    report = Report.objects.get(id=report.id)
    if not updated:
        raise ReportNotReprocessableError(
            f"report {report.id} is {report.status}: it is already on its way through the pipeline"
        )
    if enqueue:
        _enqueue_on_commit(report.id)
    return report


def _default_extractor() -> Extractor:
    return extract_report


def _default_gazetteer() -> Gazetteer:
    return gazetteer_build()


def report_process(
    *,
    report_id: int,
    extractor: Extractor | None = None,
    gazetteer: Gazetteer | None = None,
    claim_token: str = "",
) -> Report | None:
    """Run the pipeline on one report. Claims it first (pending or failed -> processing, a conditional
    UPDATE), so a task delivered twice processes it once; returns None when the report does not exist.

    `claim_token` (the task's message id) is stored on the claim. A message redelivered after its worker
    was killed carries the same id and takes back a report left in processing under that id at once,
    rather than waiting for the sweep's stale timeout; a per-report session lock held while processing
    tells a dead claimant (its connection, and so its lock, is gone) from a live one.
    """
    if not _report_lock_try(report_id):
        return Report.objects.filter(id=report_id).first()  # a live run holds it and will finish it
    try:
        return _process_claimed(report_id=report_id, extractor=extractor, gazetteer=gazetteer, claim_token=claim_token)
    finally:
        _report_lock_release(report_id)


def _process_claimed(*, report_id, extractor, gazetteer, claim_token) -> Report | None:
    report = _claim(report_id=report_id, claim_token=claim_token)
    if report is None:  # not claimable (processed, or another run's): as it stands, or None
        return Report.objects.filter(id=report_id).first()
    extract = extractor or _default_extractor()
    stored = (report.text, report.html)  # as the row holds them: what the write step rewrites only if changed
    try:
        normalized = _normalize(report)
        used = gazetteer if gazetteer is not None else _default_gazetteer()
        if gazetteer is None and not reference_data_loaded(used):
            raise ReferenceDataMissingError(REFERENCE_DATA_MISSING)
        extraction = extract(normalized, used)
        signature = report_dedup.signature(normalized.text)  # pure: computed before taking the locks
        bands = report_dedup.band_hashes(signature)
        keys = write_lock_keys(extraction=extraction, bands=bands)
        while True:
            try:
                with transaction.atomic():
                    _write_locked(
                        report=report,
                        normalized=normalized,
                        signature=signature,
                        bands=bands,
                        extraction=extraction,
                        keys=keys,
                        extracted_on=used,
                        fixed_gazetteer=gazetteer is not None,
                        extract=extract,
                        stored=stored,
                    )
            except _LocksGrew as grew:
                # Extracted again on a newer gazetteer, the report touches something it did not lock:
                # start over holding that too (all locks in one ordered statement: no deadlock).
                keys, extraction, used = grew.keys, grew.extraction, grew.gazetteer
                continue
            break
        return report
    except (OperationalError, InterfaceError):
        # Transient (the database went away): back to pending for the task's retry, then re-raise.
        _reset_pending(report_id)
        raise
    except Exception as exc:  # bad input or a bug in a step: the report fails with the reason, the worker lives
        if not isinstance(exc, ValueError):
            logger.exception("report %s: processing failed", report_id)
        return _mark_failed(report_id, _failure_text(exc))


def _claim(*, report_id: int, claim_token: str) -> Report | None:
    """Pending or failed (or left in processing under this claim token) -> processing, in one conditional
    UPDATE that returns the claimed row (None: not claimable)."""
    table = connection.ops.quote_name(Report._meta.db_table)
    sql = (
        f"UPDATE {table} SET status = %s, claimed_by = %s, attempts = attempts + 1, failure_reason = '', "
        f"updated_at = %s WHERE id = %s AND (status IN (%s, %s) OR (status = %s AND claimed_by = %s AND %s)) "
        "RETURNING *"
    )
    params = [
        Report.Status.PROCESSING,
        claim_token[:255],
        timezone.now(),
        report_id,
        Report.Status.PENDING,
        Report.Status.FAILED,
        Report.Status.PROCESSING,
        claim_token[:255],
        bool(claim_token),
    ]
    return next(iter(Report.objects.raw(sql, params)), None)


class _LocksGrew(Exception):
    def __init__(self, keys: frozenset[int], extraction: Extraction, gazetteer: Gazetteer):
        self.keys, self.extraction, self.gazetteer = keys, extraction, gazetteer


def _write_locked(
    *,
    report: Report,
    normalized: NormalizedReport,
    signature: report_dedup.Signature,
    bands: list[tuple[int, int]],
    extraction: Extraction,
    keys: frozenset[int],
    extracted_on: Gazetteer,
    fixed_gazetteer: bool,
    extract: Extractor,
    stored: tuple[str, str],
) -> None:
    """The write step under the locks of `keys`: dedupe the report, write its facts, mark it processed."""
    write_locks_take(keys=keys)
    if not fixed_gazetteer:
        # Extraction ran outside the locks on the gazetteer of that moment; a report written meanwhile
        # by another worker may have added the people or the negotiation this one names. Re-read it
        # under the locks (one version query when nothing changed) and extract again if what moved
        # could change it, so the outcome is that of a serial run, whatever the concurrency. Most
        # changes (people named elsewhere, other talks) cannot.
        current = _default_gazetteer()
        if not extraction_holds(normalized.text, extraction, extracted_on, current):
            extraction = extract(normalized, current)
            wanted = write_lock_keys(extraction=extraction, bands=bands)
            if not wanted <= keys:
                raise _LocksGrew(keys | wanted, extraction, current)
    _store_normalized(report, normalized)
    _deduplicate(report, normalized, signature, bands)
    result = facts_write(report=report, extraction=extraction)
    report.status, report.processed_at, report.failure_reason = Report.Status.PROCESSED, timezone.now(), ""
    reason = _reason(report) + (f" ({result.note})" if result.note else "")
    # The report row, its history row and its bands in one statement.
    also = [_bands_insert_sql(report, bands)] if bands else []
    row_update(instance=report, fields=_processed_fields(report, stored), reason=reason, also=also)


def _report_lock_try(report_id: int) -> bool:
    """A session-level advisory lock on the report for the duration of processing (released on return,
    or by PostgreSQL when the process dies and its connection closes)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [REPORT_LOCK_CLASS, _int4(report_id)])
        return bool(cursor.fetchone()[0])


def _report_lock_release(report_id: int) -> None:
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [REPORT_LOCK_CLASS, _int4(report_id)])
    except DatabaseError:
        pass  # the connection is gone, and its session locks with it


def _int4(n: int) -> int:
    return ((n + 2**31) % 2**32) - 2**31


def _failure_text(exc: Exception) -> str:
    message = str(exc) or exc.__class__.__name__
    return message if isinstance(exc, ValueError) else f"{exc.__class__.__name__}: {message}"


def _normalize(report: Report) -> NormalizedReport:
    text, html, url = report.text, report.html, report.url
    if not text and not html:
        page = fetch.fetch_url(report.url)
        html = page.html
        text = "" if html else page.text
        report.html = html[:MAX_HTML_CHARS]
    return normalize_report(
        url=url,
        text=text,
        html=html,
        outlet=report.outlet,
        title=report.title,
        published_at=report.published_at,
        language=report.language,
    )


def _store_normalized(report: Report, normalized: NormalizedReport) -> None:
    report.text = normalized.text
    report.fingerprint = normalized.fingerprint
    report.published_at = normalized.published_at
    report.language = normalized.language


# What processing writes on the report row (not url, outlet, title, source: the submission's).
_PROCESSED_FIELDS = [
    "text",
    "html",
    "fingerprint",
    "published_at",
    "language",
    "duplicate_of",
    "duplicate_similarity",
    "minhash",
    "status",
    "processed_at",
    "failure_reason",
    "updated_at",
]


def _processed_fields(report: Report, stored: tuple[str, str]) -> list[str]:
    # The text and html are rewritten only when processing changed them from what the row held when the
    # report was claimed (a normalized text, a fetched page): they are the row's bulk. Compared with the
    # claimed row rather than the object, which a write step that starts over may already have changed.
    unchanged = set()
    if report.text == stored[0]:
        unchanged.add("text")
    if report.html == stored[1]:
        unchanged.add("html")
    return [name for name in _PROCESSED_FIELDS if name not in unchanged]


def _deduplicate(
    report: Report, normalized: NormalizedReport, sig: report_dedup.Signature, bands: list[tuple[int, int]]
) -> None:
    """Mark the report a duplicate of its original (same words, or an edited copy); its bands are stored
    with its row."""
    same_id, candidates = dedup_selectors.report_duplicates(
        fingerprint=normalized.fingerprint, bands=bands, exclude_id=report.id
    )
    if same_id is not None and same_id != report.id:
        report.duplicate_of_id, report.duplicate_similarity = same_id, 1.0
    else:
        match = report_dedup.choose_original(sig, candidates, self_id=report.id)
        report.duplicate_of_id = match.original_id if match else None
        report.duplicate_similarity = match.similarity if match else None
    if report.minhash is not None:  # processed before (a retry): its old bands go
        ReportBand.objects.filter(report=report).delete()
    report.minhash = sig.to_bytes()


def _bands_insert_sql(report: Report, bands: list[tuple[int, int]]) -> tuple[str, list]:
    table = connection.ops.quote_name(ReportBand._meta.db_table)
    if connection.vendor == "postgresql":  # arrays: a statement PostgreSQL plans in a fraction of a VALUES list's time
        sql = f"INSERT INTO {table} (report_id, band, hash) SELECT %s, * FROM unnest(%s::smallint[], %s::bigint[])"
        return sql, [report.id, [band for band, _ in bands], [value for _, value in bands]]
    values = ", ".join(["(%s, %s, %s)"] * len(bands))
    return f"INSERT INTO {table} (report_id, band, hash) VALUES {values}", [
        x for band, value in bands for x in (report.id, band, value)
    ]


def _reset_pending(report_id: int) -> None:
    try:
        Report.objects.filter(id=report_id, status=Report.Status.PROCESSING).update(status=Report.Status.PENDING)
    except (OperationalError, InterfaceError):
        pass  # the sweep resets reports stuck in processing


def _mark_failed(report_id: int, reason: str) -> Report:
    report = Report.objects.get(id=report_id)  # fresh: the failed attempt's changes were rolled back
    report.status, report.failure_reason = Report.Status.FAILED, reason[:2000]
    report._change_reason = f"pipeline: report {report_id} failed"
    report.save(update_fields=["status", "failure_reason", "updated_at"])
    return report
