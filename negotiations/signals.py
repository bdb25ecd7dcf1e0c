"""Tombstones: every deleted row of an API resource leaves (model, id) behind.

Clients that keep a local copy ask /api/v1/tombstones/?updated_since=... and drop
what was deleted, without re-downloading everything. Merges write their own
tombstone (with merged_into_id) in the merge service.
"""

from django.db.models.signals import post_delete, post_save

from events.models import Meeting, Report, Statement
from negotiations.models import Actor, Negotiation, Participation, Person, ReviewStatus, Tombstone

# Model -> the API resource name clients see in tombstones.
TOMBSTONED = {
    Negotiation: "negotiation",
    Actor: "actor",
    Person: "person",
    Participation: "participation",
    Meeting: "meeting",
    Statement: "statement",
    Report: "report",
}


def write_tombstone(sender, instance, **kwargs):
    # ignore_conflicts: a merged row that is later deleted keeps its merge tombstone (and its merged_into_id).
    Tombstone.objects.bulk_create([Tombstone(model=TOMBSTONED[sender], object_id=instance.pk)], ignore_conflicts=True)


def sync_rejection_tombstone(sender, instance, created, update_fields=None, **kwargs):
    # Saves that cannot have changed the review status cost no query: new rows awaiting review (the pipeline)
    # and saves of named fields without review_status (the pipeline's refinements).
    if created and instance.review_status != ReviewStatus.REJECTED:
        return
    if update_fields is not None and "review_status" not in update_fields:
        return
    from negotiations.services.review import review_tombstones_sync

    review_tombstones_sync(model=sender, ids=[instance.pk], rejected=instance.review_status == ReviewStatus.REJECTED)


def connect() -> None:
    for model in TOMBSTONED:
        post_delete.connect(write_tombstone, sender=model, dispatch_uid=f"tombstone_{model._meta.label_lower}")
    # A curator's rejection (admin form, API edit) takes a fact out of the public record: it leaves a tombstone.
    for model in (Statement, Meeting):
        post_save.connect(
            sync_rejection_tombstone, sender=model, dispatch_uid=f"rejection_tombstone_{model._meta.label_lower}"
        )
