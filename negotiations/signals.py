"""Tombstones: every deleted row of an API resource leaves (model, id) behind.

Clients that keep a local copy ask /api/v1/tombstones/?updated_since=... and drop
what was deleted, without re-downloading everything. Merges write their own
tombstone (with merged_into_id) in the merge service.
"""

from django.db.models.signals import post_delete

from events.models import Meeting, Report, Statement
from negotiations.models import Actor, Negotiation, Participation, Person, Tombstone

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
    Tombstone.objects.bulk_create(
        [Tombstone(model=TOMBSTONED[sender], object_id=instance.pk)], ignore_conflicts=True
    )


def connect() -> None:
    for model in TOMBSTONED:
        post_delete.connect(write_tombstone, sender=model, dispatch_uid=f"tombstone_{model._meta.label_lower}")
