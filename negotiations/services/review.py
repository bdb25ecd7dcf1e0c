"""Curators' review decisions: mark what the pipeline wrote as reviewed or rejected."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from negotiations.models import ReviewableModel, ReviewStatus, Tombstone

# Facts a rejection takes out of the public record (API lists, details, timeline): the API resource name
# their tombstone carries. By label, so this module needs nothing from events.
REJECTION_TOMBSTONED = {"events.statement": "statement", "events.meeting": "meeting"}


def review_status_set(
    *,
    model: type[ReviewableModel],
    ids: Iterable[int],
    status: str,
    by: AbstractBaseUser | None = None,
) -> int:
    """Set the review status of the given rows; returns how many changed.

    Rows already in that status are left alone, so their history shows no empty edit.
    """
    if status not in ReviewStatus.values:
        raise ValueError(f"Unknown review status {status!r}; expected one of {ReviewStatus.values}.")
    now = timezone.now()
    with transaction.atomic():
        # ids may be a list or a values("pk") queryset (an admin action over every page: a subquery).
        rows = list(model.objects.select_for_update().filter(pk__in=ids).exclude(review_status=status).order_by("pk"))
        for row in rows:
            row.review_status = status
            # bulk_update does not run auto_now: bump it so syncing clients see the decision.
            row.updated_at = now
        if rows:
            bulk_update_with_history(
                rows,
                model,
                ["review_status", "updated_at"],
                batch_size=500,
                default_user=by,
                default_change_reason=f"review: {ReviewStatus(status).label.lower()}",
            )
            # bulk_update sends no post_save: the tombstones are written here.
            review_tombstones_sync(model=model, ids=[row.pk for row in rows], rejected=status == ReviewStatus.REJECTED)
    return len(rows)


def review_tombstones_sync(*, model: type[ReviewableModel], ids: list[int], rejected: bool) -> None:
    """A rejected statement or meeting leaves a tombstone, so syncing clients drop their copy; un-rejected,
    the tombstone goes (the row's updated_at has moved with the decision, so clients fetch it again)."""
    resource = REJECTION_TOMBSTONED.get(model._meta.label_lower)
    if resource is None or not ids:
        return
    if rejected:
        # ignore_conflicts: a row rejected twice keeps the time of its first rejection.
        Tombstone.objects.bulk_create([Tombstone(model=resource, object_id=pk) for pk in ids], ignore_conflicts=True)
    else:
        Tombstone.objects.filter(model=resource, object_id__in=ids, merged_into_id__isnull=True).delete()
