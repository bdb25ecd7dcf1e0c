"""Hand reports to the workers, and the sweep that makes sure none is lost.

report_enqueue is called after commit only (transaction.on_commit). Publishing is bounded in time
(settings: no publish retry, short broker socket timeouts) and a failure is logged and returns False:
the report stays pending and the sweep enqueues it once the broker is back. Redis keeps nothing on disk
here, so the sweep (Celery beat, reports_enqueue_pending) is what guarantees that an accepted report
ends processed or failed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from events.models import Report
from events.services.enqueue import task_publish

logger = logging.getLogger(__name__)


def report_enqueue(*, report_id: int) -> bool:
    """Publish the processing task; True when published. A failure leaves the report pending."""
    try:
        task_publish(task_name="process_report", args=[report_id])
    except Exception as exc:  # noqa: BLE001 - any broker/network failure: the sweep will enqueue it
        logger.warning(
            "report %s: could not publish the processing task (%s: %s); the sweep will retry",
            report_id,
            exc.__class__.__name__,
            exc,
        )
        return False
    Report.objects.filter(id=report_id).update(enqueued_at=timezone.now())
    return True


def reports_enqueue_pending(*, now: dt.datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """The sweep: re-enqueue reports left pending, and reset reports stuck in processing.

    - pending and last enqueued (or created, when never enqueued) more than REPORTS_PENDING_RETRY_SECONDS
      ago: the message was lost (broker restarted empty, publish failed) -> enqueue again;
    - processing with no sign of life (updated_at and enqueued_at) for REPORTS_STALE_PROCESSING_SECONDS:
      the worker died and its message is gone -> back to pending (a conditional UPDATE, so a report that
      finishes meanwhile is left alone), then enqueued.
    Enqueuing twice is harmless: report_process claims a report with a conditional UPDATE, so only one
    run works on it.
    """
    now = now or timezone.now()
    limit = limit or settings.REPORTS_SWEEP_BATCH
    pending_cutoff = now - dt.timedelta(seconds=settings.REPORTS_PENDING_RETRY_SECONDS)
    stale_cutoff = now - dt.timedelta(seconds=settings.REPORTS_STALE_PROCESSING_SECONDS)

    last_sign_of_life = Greatest(F("updated_at"), Coalesce(F("enqueued_at"), F("updated_at")))
    stale_ids = list(
        Report.objects.filter(status=Report.Status.PROCESSING)
        .alias(alive=last_sign_of_life)
        .filter(alive__lt=stale_cutoff)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    reset = 0
    if stale_ids:
        reset = (
            Report.objects.filter(id__in=stale_ids, status=Report.Status.PROCESSING)
            .alias(alive=last_sign_of_life)
            .filter(alive__lt=stale_cutoff)
            .update(status=Report.Status.PENDING, enqueued_at=None, updated_at=now)
        )
        if reset:
            logger.warning("sweep: %d report(s) stuck in processing reset to pending", reset)

    due_ids = list(
        Report.objects.filter(status=Report.Status.PENDING)
        .filter(
            Q(enqueued_at__lt=pending_cutoff)
            | Q(enqueued_at__isnull=True, created_at__lt=pending_cutoff)
            | Q(id__in=stale_ids)
        )
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    enqueued = failed = 0
    for report_id in due_ids:
        if report_enqueue(report_id=report_id):
            enqueued += 1
        else:
            failed += 1
            # The broker is still down: the next sweep tries again; no point hammering it now.
            break
    result = {"reset": reset, "due": len(due_ids), "enqueued": enqueued, "failed": failed}
    if due_ids:
        logger.info("sweep: %s", result)
    return result
