"""Change history for rows written in bulk, in one statement per batch.

simple_history's bulk_history_create builds one historical instance per row in Python and inserts
them; here the historical rows are copied in the database from the rows just written
(INSERT .. SELECT .. WHERE id = ANY(ids)): the same rows, the same columns the historical model
tracks (fields it excludes are not copied), with history_type "+" (created) or "~" (changed),
the change reason, and no user. It falls back to simple_history when the historical model has a
column it would not know how to fill.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

_FILLED = {"history_id", "history_date", "history_type", "history_change_reason", "history_user_id"}


def history_record(*, model, objs: list, created: bool, reason: str) -> None:
    if not objs:
        return
    history = model.history.model
    source = {f.attname: f.column for f in model._meta.concrete_fields}
    copied = [(f.column, source[f.attname]) for f in history._meta.concrete_fields if f.attname in source]
    unknown = [
        f
        for f in history._meta.concrete_fields
        if f.attname not in source and f.attname not in _FILLED and not f.null and not f.has_default()
    ]
    if unknown or connection.vendor != "postgresql":
        model.history.bulk_history_create(objs, update=not created, default_change_reason=reason)
        return
    q = connection.ops.quote_name
    target = ", ".join(q(column) for column, _ in copied)
    values = ", ".join(f"t.{q(column)}" for _, column in copied)
    sql = (
        f"INSERT INTO {q(history._meta.db_table)} ({target}, history_date, history_type, history_change_reason, "
        f"history_user_id) SELECT {values}, %s, %s, %s, NULL FROM {q(model._meta.db_table)} t "
        f"WHERE t.{q(model._meta.pk.column)} = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), "+" if created else "~", reason, [obj.pk for obj in objs]])
