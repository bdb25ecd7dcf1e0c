"""Writes for feeds: poll a source (fetch safely, parse safely, submit new entries as reports)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.models import F
from django.utils import timezone

from events.feeds import FeedError, parse_feed
from events.fetch import TEXT_CONTENT_TYPES, FetchError, fetch_url
from events.models import Source
from events.services.enqueue import task_publish
from events.services.reports import report_submit

logger = logging.getLogger(__name__)


def source_poll(*, source_id: int) -> dict[str, int | str]:
    """Fetch and parse the feed; each entry not known yet becomes a report (pending, enqueued).

    An entry that carries its article (content long enough) gives the report its HTML; otherwise the
    report holds only the URL and the worker fetches the page. The outcome is recorded on the source:
    last_polled_at, last_error ("" when the poll went well), entries_seen and reports_created.
    Bad feeds never raise: the reason goes to last_error.
    """
    source = Source.objects.get(id=source_id)
    outcome: dict[str, int | str] = {"entries": 0, "created": 0, "errors": 0, "error": ""}
    try:
        page = fetch_url(source.url, allowed_types=TEXT_CONTENT_TYPES)
        feed = parse_feed(
            page.content,
            max_entries=settings.FEED_MAX_ENTRIES,
            min_article_chars=settings.FEED_MIN_ARTICLE_CHARS,
        )
    except (FetchError, FeedError) as exc:
        outcome["error"] = str(exc)
        Source.objects.filter(id=source.id).update(last_polled_at=timezone.now(), last_error=str(exc)[:2000])
        logger.warning("source %s: poll failed: %s", source.id, exc)
        return outcome

    entry_errors = []
    for entry in feed.entries:
        outcome["entries"] += 1
        try:
            _, created = report_submit(
                url=entry.url,
                html=entry.html,
                outlet=source.name,
                title=entry.title,
                published_at=entry.published_at,
                source_id=source.id,
            )
        except (OperationalError, InterfaceError):
            raise  # transient database trouble: the task retries the whole poll (it is idempotent)
        except (ValueError, ValidationError, DatabaseError) as exc:
            # One bad entry (no text, a bad URL...) must not stop the others.
            outcome["errors"] += 1
            entry_errors.append(f"{entry.url}: {exc}")
            continue
        if created:
            outcome["created"] += 1

    error = ""
    if entry_errors:
        error = f"{len(entry_errors)} entr{'y' if len(entry_errors) == 1 else 'ies'} refused: " + "; ".join(
            entry_errors[:5]
        )
    outcome["error"] = error
    updates = {
        "last_polled_at": timezone.now(),
        "last_error": error[:2000],
        # F(): two polls running at once must not lose each other's counts.
        "entries_seen": F("entries_seen") + outcome["entries"],
        "reports_created": F("reports_created") + outcome["created"],
    }
    if feed.kind:
        updates["kind"] = feed.kind
    Source.objects.filter(id=source.id).update(**updates)
    return outcome


def sources_enqueue(*, source_ids: list[int]) -> int:
    """Enqueue one poll task per source; returns how many were published (stops at a broker failure)."""
    enqueued = 0
    for source_id in source_ids:
        try:
            task_publish(task_name="poll_source", args=[source_id])
        except Exception as exc:  # noqa: BLE001 - broker down: the next beat tick tries again
            logger.warning("could not enqueue the poll of source %s: %s", source_id, exc)
            break
        enqueued += 1
    return enqueued


def sources_enqueue_active() -> int:
    """Enqueue a poll of every active source (beat calls this every SOURCES_POLL_INTERVAL_SECONDS)."""
    return sources_enqueue(
        source_ids=list(Source.objects.filter(active=True).order_by("id").values_list("id", flat=True))
    )
