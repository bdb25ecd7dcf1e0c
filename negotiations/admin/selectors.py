"""Reads behind the curator pages: what awaits review, and what changed recently.

Both read a bounded number of rows per model with a fixed number of queries, so they stay fast
whatever the size of the tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst

from events.models import Meeting, Report, Statement
from negotiations.models import Actor, Negotiation, Participation, Person, ReviewStatus

# The models a curator reviews, in the order the queue lists them; with what their __str__ reads.
REVIEWABLE: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (Negotiation, ()),
    (Actor, ()),
    (Person, ()),
    (Participation, ("actor", "negotiation")),
    (Statement, ("speaker_person", "speaker_actor")),
    (Meeting, ()),
]

# Every model whose saves are recorded by simple_history.
HISTORIED: list[type[models.Model]] = [Negotiation, Actor, Person, Participation, Meeting, Statement, Report]

MAX_VALUE_CHARS = 160


def admin_change_url(model: type[models.Model], pk) -> str:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def admin_changelist_url(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# --- review queue -------------------------------------------------------------------------


@dataclass
class QueueItem:
    pk: int
    label: str
    created_at: dt.datetime
    url: str


@dataclass
class QueueSection:
    model_name: str
    verbose_name_plural: str
    count: int
    list_url: str
    oldest: list[QueueItem] = field(default_factory=list)


def review_queue(*, per_model: int = 10, models: list | None = None) -> list[QueueSection]:
    """Per reviewable model: how many rows await review and the oldest of them (two queries each)."""
    sections = []
    for model, related in REVIEWABLE:
        if models is not None and model not in models:
            continue
        waiting = model.objects.filter(review_status=ReviewStatus.AUTO)
        # Ids grow with creation time, so id order is the oldest first and uses the primary key index.
        rows = (
            list(waiting.select_related(*related).order_by("pk")[:per_model])
            if related
            else list(waiting.order_by("pk")[:per_model])
        )
        sections.append(
            QueueSection(
                model_name=model._meta.model_name,
                verbose_name_plural=str(model._meta.verbose_name_plural),
                count=waiting.count(),
                list_url=f"{admin_changelist_url(model)}?review_status__exact={ReviewStatus.AUTO}",
                oldest=[QueueItem(row.pk, str(row), row.created_at, admin_change_url(model, row.pk)) for row in rows],
            )
        )
    return sections


# --- recent changes -----------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    old: str
    new: str
    # The field's verbose name, as the curator knows it from the edit form ("Speaker person").
    label: str = ""


@dataclass
class ChangeRow:
    model_name: str
    verbose_name: str
    object_id: int
    object_label: str
    object_url: str
    history_url: str
    history_id: int
    date: dt.datetime
    action: str
    user: str
    reason: str
    changes: list[FieldChange]


HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def recent_changes(
    *,
    limit: int = 50,
    before: dt.datetime | None = None,
    model_name: str = "",
    username: str = "",
    reason: str = "",
    object_id: int | None = None,
    models: list | None = None,
) -> list[ChangeRow]:
    """The latest history records across every recorded model, newest first, with field diffs.

    Three queries per model whatever the limit: the records (with their user and the id of the
    previous record of the same object), the previous records, and the names of related rows.
    """
    rows: list[ChangeRow] = []
    for model in HISTORIED if models is None else [m for m in HISTORIED if m in models]:
        if model_name and model._meta.model_name != model_name:
            continue
        rows.extend(
            _model_changes(model, limit=limit, before=before, username=username, reason=reason, object_id=object_id)
        )
    rows.sort(key=lambda row: (row.date, row.history_id), reverse=True)
    return rows[:limit]


def _model_changes(model, *, limit, before, username, reason, object_id) -> list[ChangeRow]:
    historical = model.history.model
    records = historical.objects.select_related("history_user").order_by("-history_date", "-history_id")
    if before is not None:
        records = records.filter(history_date__lt=before)
    if username:
        records = records.filter(history_user__username=username)
    if reason:
        records = records.filter(history_change_reason__icontains=reason)
    if object_id is not None:
        records = records.filter(id=object_id)
    previous = historical.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    records = list(records.annotate(previous_id=Subquery(previous.values("history_id")[:1]))[:limit])
    previous_by_id = historical.objects.in_bulk([r.previous_id for r in records if r.previous_id])

    deltas = {}
    for record in records:
        before_record = previous_by_id.get(record.previous_id)
        if record.history_type == "~" and before_record is not None:
            deltas[record.history_id] = record.diff_against(before_record).changes
    names = _related_names(model, [change for changes in deltas.values() for change in changes])

    opts = model._meta
    out = []
    for record in records:
        out.append(
            ChangeRow(
                model_name=opts.model_name,
                verbose_name=str(opts.verbose_name),
                object_id=record.id,
                object_label=_label(record),
                object_url=admin_change_url(model, record.id) if record.history_type != "-" else "",
                history_url=_history_url(model, record.id),
                history_id=record.history_id,
                date=record.history_date,
                action=HISTORY_ACTIONS.get(record.history_type, record.history_type),
                user=record.history_user.get_username() if record.history_user else "",
                reason=record.history_change_reason or "",
                changes=[
                    FieldChange(
                        c.field,
                        _show(model, c.field, c.old, names),
                        _show(model, c.field, c.new, names),
                        _field_label(model, c.field),
                    )
                    for c in deltas.get(record.history_id, [])
                ],
            )
        )
    return out


def _related_names(model, changes) -> dict[tuple[type, object], str]:
    """Names of the rows that changed foreign keys point at: one query per related model."""
    wanted: dict[type, set] = {}
    for change in changes:
        field_obj = model._meta.get_field(change.field)
        if isinstance(field_obj, models.ForeignKey):
            wanted.setdefault(field_obj.related_model, set()).update(v for v in (change.old, change.new) if v)
    names = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(list(ids)).items():
            names[(related, pk)] = _safe_str(obj)
    return names


def _field_label(model, field_name: str) -> str:
    return capfirst(str(model._meta.get_field(field_name).verbose_name))


def _show(model, field_name: str, value, names) -> str:
    if value in (None, ""):
        return "—"
    field_obj = model._meta.get_field(field_name)
    if isinstance(field_obj, models.ForeignKey):
        name = names.get((field_obj.related_model, value))
        return f"{name} (#{value})" if name else f"#{value} (deleted)"
    if field_obj.choices:
        value = dict(field_obj.flatchoices).get(value, value)
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _label(record) -> str:
    # The historical record carries the row's own columns; a label that needs related rows
    # (a statement's speaker) would cost a query per row, so fall back to the text columns.
    for attr in ("name", "title", "canonical_url"):
        if getattr(record, attr, ""):
            return str(getattr(record, attr))
    if getattr(record, "text", ""):
        text = record.text
        return text if len(text) <= 80 else text[:79] + "…"
    if getattr(record, "place_name", None) is not None and hasattr(record, "date_from"):
        return f"{record.get_kind_display()} {record.place_name} ({record.date_from or 'undated'})".strip()
    if hasattr(record, "role"):
        return f"{record.get_role_display()} #{record.actor_id} in negotiation #{record.negotiation_id}"
    return f"#{record.id}"


def _safe_str(obj) -> str:
    # A Statement's __str__ reads its speaker; name it by its words instead to avoid a query per row.
    if isinstance(obj, Statement):
        return obj.text[:60]
    return str(obj)


def _history_url(model, pk) -> str:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[pk])
    except NoReverseMatch:
        return ""
