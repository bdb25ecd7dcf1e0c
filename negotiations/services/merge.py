"""Merge duplicate people, actors or negotiations (or statements, meetings) into the one a curator keeps.

Everything that pointed at a merged row is moved onto the kept row in one transaction; what
becomes a duplicate after the move (the same quote now under one speaker, the same participation,
the same meeting participant) is collapsed rather than left to violate a constraint. The merged
rows stay, with merged_into set, so their old ids keep answering (the API redirects), and a
Tombstone tells syncing clients where they went.

Statements and meetings the event deduplication missed are merged the same way, except that the
merged rows are deleted (they have no merged_into column); their tombstones carry the kept id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from events.models import Evidence, Meeting, MeetingParticipant, Statement
from negotiations.models import (
    Actor,
    ActorAlias,
    Negotiation,
    NegotiationAlias,
    Participation,
    Person,
    PersonAlias,
    ReviewStatus,
    Role,
    Tombstone,
    normalize_name,
)

M = TypeVar("M", Person, Actor, Negotiation)
# Rows per UPDATE: one bulk UPDATE of thousands of rows is a huge CASE statement.
BATCH = 500


class MergeError(ValueError):
    """The requested merge makes no sense (nothing to merge, a row merged into itself, ...)."""


def person_merge(*, keep: Person, merge: list[Person], by: AbstractBaseUser | None = None) -> Person:
    with transaction.atomic():
        keep, merged = _lock_rows(Person, keep, merge)
        for person in merged:
            reason = f"merge: person {person.pk} into {keep.pk}"
            _statements_move(
                keep_filter={"speaker_person": keep},
                source=person.statements.all(),
                field="speaker_person",
                target=keep,
                by=by,
                reason=reason,
            )
            _meeting_participants_move(source=person, keep=keep, by=by, reason=reason)
            _aliases_move(alias_model=PersonAlias, owner_field="person", source=person, keep=keep)
            _fill_blanks(keep, person, ["title", "affiliation_id"])
            _other_relations_move(
                person, keep, handled={"statements", "meeting_participations", "meetings", "aliases", "merged_from"}
            )
        _mark_merged(Person, "person", keep, merged, by)
        _save(keep, by, f"merge: kept person {keep.pk}, merged {_ids(merged)}")
    return keep


def actor_merge(*, keep: Actor, merge: list[Actor], by: AbstractBaseUser | None = None) -> Actor:
    with transaction.atomic():
        keep, merged = _lock_rows(Actor, keep, merge)
        now = timezone.now()
        for actor in merged:
            reason = f"merge: actor {actor.pk} into {keep.pk}"
            # Statements by a person only name the actor as the side they spoke for: no constraint
            # involves them, so they simply move. Statements by the institution itself may collide.
            _retarget(
                Statement.objects.filter(speaker_actor=actor, speaker_person__isnull=False),
                "speaker_actor",
                keep,
                by,
                reason,
                now,
            )
            _statements_move(
                keep_filter={"speaker_actor": keep, "speaker_person__isnull": True},
                source=Statement.objects.filter(speaker_actor=actor, speaker_person__isnull=True),
                field="speaker_actor",
                target=keep,
                by=by,
                reason=reason,
            )
            _retarget(Person.objects.filter(affiliation=actor), "affiliation", keep, by, reason, now)
            _participations_move(source=actor, keep=keep, by=by, reason=reason)
            _retarget(Meeting.objects.filter(place_country=actor), "place_country", keep, by, reason, now)
            _meeting_actors_move(source=actor, keep=keep, by=by, reason=reason)
            _aliases_move(alias_model=ActorAlias, owner_field="actor", source=actor, keep=keep)
            _fill_blanks(keep, actor, ["description"])
            if keep.kind == "other" and actor.kind != "other":
                keep.kind = actor.kind
            _other_relations_move(
                actor,
                keep,
                handled={
                    "statements",
                    "people",
                    "participations",
                    "meetings_hosted",
                    "meetings",
                    "negotiations",
                    "aliases",
                    "merged_from",
                },
            )
        _mark_merged(Actor, "actor", keep, merged, by)
        # The ISO code is unique among live actors: take a merged row's only now that it is no longer live.
        _fill_blanks(keep, next((a for a in merged if a.iso_code), keep), ["iso_code"])
        _save(keep, by, f"merge: kept actor {keep.pk}, merged {_ids(merged)}")
    return keep


def negotiation_merge(
    *, keep: Negotiation, merge: list[Negotiation], by: AbstractBaseUser | None = None
) -> Negotiation:
    """One process recorded twice ("Gaza truce talks" and "the hostage deal"): one record with everything."""
    with transaction.atomic():
        keep, merged = _lock_rows(Negotiation, keep, merge)
        now = timezone.now()
        for negotiation in merged:
            reason = f"merge: negotiation {negotiation.pk} into {keep.pk}"
            _negotiation_participations_move(source=negotiation, keep=keep, by=by, reason=reason)
            _negotiation_statements_move(source=negotiation, keep=keep, by=by, reason=reason)
            _retarget(Meeting.objects.filter(negotiation=negotiation), "negotiation", keep, by, reason, now)
            _negotiation_aliases_move(source=negotiation, keep=keep)
            # Whoever mediated either record's process mediated the one process.
            parties = keep.participations.filter(role=Role.PARTY).values_list("actor_id", flat=True)
            keep.usual_mediators.add(*negotiation.usual_mediators.exclude(pk__in=list(parties)))
            _fill_blanks(keep, negotiation, ["topic", "summary"])
            # The process started when the earlier record says; when it ended stays the kept row's call.
            if negotiation.started_on and (keep.started_on is None or negotiation.started_on < keep.started_on):
                keep.started_on = negotiation.started_on
            if keep.review_status == ReviewStatus.AUTO and negotiation.review_status != ReviewStatus.AUTO:
                keep.review_status = negotiation.review_status
            _other_relations_move(
                negotiation, keep, handled={"participations", "statements", "meetings", "aliases", "merged_from"}
            )
        _mark_merged(Negotiation, "negotiation", keep, merged, by)
        _save(keep, by, f"merge: kept negotiation {keep.pk}, merged {_ids(merged)}")
    return keep


DATE_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2}


def statement_merge(*, keep: Statement, merge: list[Statement], by: AbstractBaseUser | None = None) -> Statement:
    """The same words recorded twice (another wording, a fragment): one statement with all the evidence."""
    with transaction.atomic():
        keep, merged = _lock_facts(Statement, keep, merge)
        for statement in merged:
            _statement_collapse(
                survivor=keep, duplicate=statement, by=by, reason=f"merge: statement {statement.pk} into {keep.pk}"
            )
    return keep


def meeting_merge(*, keep: Meeting, merge: list[Meeting], by: AbstractBaseUser | None = None) -> Meeting:
    """One real meeting recorded twice: one meeting with every participant, actor and evidence."""
    with transaction.atomic():
        keep, merged = _lock_facts(Meeting, keep, merge)
        for meeting in merged:
            reason = f"merge: meeting {meeting.pk} into {keep.pk}"
            _evidence_move(model_field="meeting", survivor_id=keep.pk, duplicate_id=meeting.pk)
            have = set(MeetingParticipant.objects.filter(meeting=keep).values_list("person_id", flat=True))
            MeetingParticipant.objects.filter(meeting=meeting).exclude(person_id__in=have).update(meeting=keep)
            keep.actors.add(*meeting.actors.all())
            _meeting_dates_merge(keep, meeting)
            _fill_blanks(keep, meeting, ["place_name", "place_country_id", "summary"])
            if keep.review_status == ReviewStatus.AUTO and meeting.review_status != ReviewStatus.AUTO:
                keep.review_status = meeting.review_status
            _save(keep, by, f"{reason}: absorbed meeting {meeting.pk}")
            _fact_delete(meeting, resource="meeting", survivor_id=keep.pk, by=by, reason=reason)
    return keep


# --- steps --------------------------------------------------------------------------------


def _lock_rows(model: type[M], keep: M, merge: Iterable[M]) -> tuple[M, list[M]]:
    ids = sorted({obj.pk for obj in merge} - {keep.pk})
    if not ids:
        raise MergeError("Choose at least one other row to merge into the one kept.")
    # Lock in id order so two curators merging overlapping rows cannot deadlock.
    rows = {obj.pk: obj for obj in model.objects.select_for_update().filter(pk__in=[keep.pk, *ids]).order_by("pk")}
    if keep.pk not in rows or len(rows) != len(ids) + 1:
        raise MergeError("Some of the selected rows no longer exist.")
    kept = rows[keep.pk]
    if kept.merged_into_id:
        raise MergeError(f"{kept} was itself merged away; keep the row it was merged into.")
    merged = [rows[i] for i in ids]
    for obj in merged:
        if obj.merged_into_id:
            raise MergeError(f"{obj} was already merged into another row.")
    return kept, merged


def _lock_facts(model, keep, merge):
    ids = sorted({obj.pk for obj in merge} - {keep.pk})
    if not ids:
        raise MergeError("Choose at least one other row to merge into the one kept.")
    rows = {obj.pk: obj for obj in model.objects.select_for_update().filter(pk__in=[keep.pk, *ids]).order_by("pk")}
    if keep.pk not in rows or len(rows) != len(ids) + 1:
        raise MergeError("Some of the selected rows no longer exist.")
    if len({row.negotiation_id for row in rows.values()}) > 1:
        raise MergeError(f"These {model._meta.verbose_name_plural} belong to different negotiations.")
    return rows[keep.pk], [rows[i] for i in ids]


def _meeting_dates_merge(keep: Meeting, other: Meeting) -> None:
    """Keep the kept meeting's dates, unless the other knows them better (to the day within the same week)."""
    if other.date_from is None:
        return
    finer = DATE_PRECISION_ORDER.get(other.date_precision, 0) < DATE_PRECISION_ORDER.get(keep.date_precision, 0)
    inside = (keep.date_from is None or keep.date_from <= other.date_from) and (
        keep.date_to is None or other.date_to is None or other.date_to <= keep.date_to
    )
    if keep.date_from is None or (finer and inside):
        keep.date_from, keep.date_to, keep.date_precision = other.date_from, other.date_to, other.date_precision


def _fact_delete(row, *, resource: str, survivor_id: int, by, reason: str) -> None:
    row_id = row.pk
    row._change_reason = reason
    if by is not None:
        row._history_user = by
    row.delete()
    # After the delete: a deletion signal may already have written a plain tombstone.
    Tombstone.objects.update_or_create(model=resource, object_id=row_id, defaults={"merged_into_id": survivor_id})


def _statements_move(*, keep_filter: dict, source: models.QuerySet, field: str, target, by, reason: str) -> None:
    """Give the source statements to the target speaker; the same words already theirs are collapsed."""
    now = timezone.now()
    moving = list(source.order_by("pk"))
    if not moving:
        return
    existing = {
        (s.negotiation_id, s.text_key): s
        for s in Statement.objects.filter(**keep_filter, text_key__in={s.text_key for s in moving}).select_for_update()
    }
    moved = []
    for statement in moving:
        survivor = existing.get((statement.negotiation_id, statement.text_key))
        if survivor is None:
            setattr(statement, field, target)
            statement.updated_at = now
            moved.append(statement)
            continue
        # One speaker never has the same words twice (constraint), so a survivor is always a row
        # the target already had; several merged speakers are handled one call each.
        _statement_collapse(survivor=survivor, duplicate=statement, by=by, reason=reason)
    if moved:
        bulk_update_with_history(
            moved, Statement, [field, "updated_at"], batch_size=BATCH, default_user=by, default_change_reason=reason
        )


def _statement_collapse(*, survivor: Statement, duplicate: Statement, by, reason: str) -> None:
    _evidence_move(model_field="statement", survivor_id=survivor.pk, duplicate_id=duplicate.pk)
    _fill_blanks(survivor, duplicate, ["said_on", "speaker_title", "setting"])
    # A curator's decision on either copy is worth more than "awaiting review".
    if survivor.review_status == ReviewStatus.AUTO and duplicate.review_status != ReviewStatus.AUTO:
        survivor.review_status = duplicate.review_status
    _save(survivor, by, f"{reason}: absorbed statement {duplicate.pk}")
    _fact_delete(
        duplicate,
        resource="statement",
        survivor_id=survivor.pk,
        by=by,
        reason=f"{reason}: same words as statement {survivor.pk}",
    )


def _evidence_move(*, model_field: str, survivor_id: int, duplicate_id: int) -> None:
    """Evidence follows the fact; one report supports a fact once (unique per report)."""
    have = set(Evidence.objects.filter(**{f"{model_field}_id": survivor_id}).values_list("report_id", flat=True))
    dup = Evidence.objects.filter(**{f"{model_field}_id": duplicate_id})
    dup.filter(report_id__in=have).delete()
    dup.update(**{f"{model_field}_id": survivor_id}, updated_at=timezone.now())


def _meeting_participants_move(*, source: Person, keep: Person, by, reason: str) -> None:
    rows = MeetingParticipant.objects.filter(person=source)
    meeting_ids = set(rows.values_list("meeting_id", flat=True))
    if not meeting_ids:
        return
    already = MeetingParticipant.objects.filter(person=keep, meeting_id__in=meeting_ids)
    rows.filter(meeting_id__in=already.values("meeting_id")).delete()
    rows.update(person=keep)
    _touch(Meeting, meeting_ids, by, reason)


def _meeting_actors_move(*, source: Actor, keep: Actor, by, reason: str) -> None:
    through = Meeting.actors.through
    rows = through.objects.filter(actor_id=source.pk)
    meeting_ids = set(rows.values_list("meeting_id", flat=True))
    if not meeting_ids:
        return
    rows.filter(meeting_id__in=through.objects.filter(actor_id=keep.pk).values("meeting_id")).delete()
    rows.update(actor_id=keep.pk)
    _touch(Meeting, meeting_ids, by, reason)


def _participations_move(*, source: Actor, keep: Actor, by, reason: str) -> None:
    """Each negotiation keeps one row per role for the kept actor."""
    _participations_fold(
        moving=Participation.objects.filter(actor=source),
        kept=Participation.objects.filter(actor=keep),
        other_side="negotiation_id",
        field="actor",
        keep=keep,
        by=by,
        reason=reason,
    )


def _negotiation_participations_move(*, source: Negotiation, keep: Negotiation, by, reason: str) -> None:
    """Each actor keeps one row per role in the kept negotiation."""
    _participations_fold(
        moving=Participation.objects.filter(negotiation=source),
        kept=Participation.objects.filter(negotiation=keep),
        other_side="actor_id",
        field="negotiation",
        keep=keep,
        by=by,
        reason=reason,
    )


def _participations_fold(*, moving, kept, other_side: str, field: str, keep, by, reason: str) -> None:
    """Move the merged-away row's participations onto `keep`. Where `keep` already has the same role with the
    same other side, one row survives: it spans both periods and keeps a curator's review status."""
    now = timezone.now()
    survivors = {(getattr(p, other_side), p.role): p for p in kept.select_for_update()}
    moved = []
    for participation in moving.order_by("pk"):
        slot = (getattr(participation, other_side), participation.role)
        survivor = survivors.get(slot)
        if survivor is None:
            setattr(participation, field, keep)
            participation.updated_at = now
            moved.append(participation)
            survivors[slot] = participation
            continue
        if participation.since and (survivor.since is None or participation.since < survivor.since):
            survivor.since = participation.since
        if participation.until and survivor.until and participation.until > survivor.until:
            survivor.until = participation.until
        if survivor.review_status == ReviewStatus.AUTO and participation.review_status != ReviewStatus.AUTO:
            survivor.review_status = participation.review_status
        _save(survivor, by, f"{reason}: absorbed participation {participation.pk}")
        _fact_delete(
            participation,
            resource="participation",
            survivor_id=survivor.pk,
            by=by,
            reason=f"{reason}: duplicate of participation {survivor.pk}",
        )
    if moved:
        bulk_update_with_history(
            moved,
            Participation,
            [field, "updated_at"],
            batch_size=BATCH,
            default_user=by,
            default_change_reason=reason,
        )


def _negotiation_statements_move(*, source: Negotiation, keep: Negotiation, by, reason: str) -> None:
    """The same words by the same speaker in both records become one statement with the evidence of both."""
    now = timezone.now()
    moving = list(Statement.objects.filter(negotiation=source).order_by("pk"))
    if not moving:
        return

    def key(statement: Statement) -> tuple:
        # The uniqueness rules: per person, or per institution when no person speaks.
        if statement.speaker_person_id is not None:
            return ("person", statement.speaker_person_id, statement.text_key)
        return ("actor", statement.speaker_actor_id, statement.text_key)

    existing = {
        key(s): s
        for s in Statement.objects.filter(
            negotiation=keep, text_key__in={s.text_key for s in moving}
        ).select_for_update()
    }
    moved = []
    for statement in moving:
        survivor = existing.get(key(statement))
        if survivor is None:
            statement.negotiation = keep
            statement.updated_at = now
            moved.append(statement)
            continue
        _statement_collapse(survivor=survivor, duplicate=statement, by=by, reason=reason)
    if moved:
        bulk_update_with_history(
            moved,
            Statement,
            ["negotiation", "updated_at"],
            batch_size=BATCH,
            default_user=by,
            default_change_reason=reason,
        )


def _negotiation_aliases_move(*, source: Negotiation, keep: Negotiation) -> None:
    """The merged record's title and aliases become aliases of the kept one (never its own title)."""
    have = set(NegotiationAlias.objects.filter(negotiation=keep).values_list("normalized_name", flat=True))
    have.add(normalize_name(keep.title))
    for alias in NegotiationAlias.objects.filter(negotiation=source).order_by("pk"):
        if alias.normalized_name in have:
            alias.delete()
            continue
        alias.negotiation = keep
        alias.save()
        have.add(alias.normalized_name)
    if normalize_name(source.title) not in have:
        NegotiationAlias.objects.create(negotiation=keep, name=source.title)


def _aliases_move(*, alias_model, owner_field: str, source, keep) -> None:
    """The merged row's name and aliases become aliases of the kept row (never its own name twice)."""
    have = set(alias_model.objects.filter(**{owner_field: keep}).values_list("normalized_name", flat=True))
    have.add(keep.normalized_name)
    for alias in alias_model.objects.filter(**{owner_field: source}).order_by("pk"):
        if alias.normalized_name in have:
            alias.delete()
            continue
        setattr(alias, owner_field, keep)
        alias.save()
        have.add(alias.normalized_name)
    if normalize_name(source.name) not in have:
        alias_model.objects.create(**{owner_field: keep, "name": source.name})


def _retarget(queryset: models.QuerySet, field: str, target, by, reason: str, now) -> None:
    rows = list(queryset.order_by("pk"))
    for row in rows:
        setattr(row, field, target)
        row.updated_at = now
    if rows:
        bulk_update_with_history(
            rows, queryset.model, [field, "updated_at"], batch_size=BATCH, default_user=by, default_change_reason=reason
        )


def _touch(model, ids: set[int], by, reason: str) -> None:
    """Bump updated_at (and record history) so syncing clients fetch the changed rows again."""
    now = timezone.now()
    rows = list(model.objects.filter(pk__in=ids).order_by("pk"))
    for row in rows:
        row.updated_at = now
    bulk_update_with_history(
        rows, model, ["updated_at"], batch_size=BATCH, default_user=by, default_change_reason=reason
    )


def _other_relations_move(source, keep, handled: set[str]) -> None:
    """Relations added to the schema later still follow the merge instead of pointing at a dead row."""
    for relation in source._meta.related_objects:
        if relation.get_accessor_name() in handled or relation.many_to_many or relation.one_to_one:
            continue
        relation.related_model._default_manager.filter(**{relation.field.name: source}).update(
            **{relation.field.name: keep}
        )


def _fill_blanks(keep, other, attnames: list[str]) -> None:
    """The kept row wins; the merged row only fills what the kept one lacks."""
    for attname in attnames:
        if getattr(keep, attname) in (None, "") and getattr(other, attname) not in (None, ""):
            setattr(keep, attname, getattr(other, attname))


def _mark_merged(model: type[M], resource: str, keep: M, merged: list[M], by) -> None:
    for obj in merged:
        reason = f"merge: {resource} {obj.pk} into {keep.pk}"
        # Rows merged into this one earlier now point straight at the kept row (no chains to follow).
        for earlier in model.objects.filter(merged_into=obj).order_by("pk"):
            earlier.merged_into = keep
            _save(earlier, by, reason)
        Tombstone.objects.filter(model=resource, merged_into_id=obj.pk).update(merged_into_id=keep.pk)
        obj.merged_into = keep
        _save(obj, by, reason)
        Tombstone.objects.update_or_create(model=resource, object_id=obj.pk, defaults={"merged_into_id": keep.pk})


def _ids(rows) -> str:
    return ", ".join(str(row.pk) for row in rows)


def _save(obj, by, reason: str) -> None:
    obj._change_reason = reason
    if by is not None:
        obj._history_user = by
    obj.save()
