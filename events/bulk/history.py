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

from events.services.rows import history_copy


def history_record(*, model, objs: list, created: bool, reason: str) -> None:
    if not objs:
        return
    q = connection.ops.quote_name
    made = (
        history_copy(
            model=model,
            source=f"{q(model._meta.db_table)} t",
            alias="t",
            kind="+" if created else "~",
            reason=reason,
        )
        if connection.vendor == "postgresql"
        else None
    )
    if made is None:
        model.history.bulk_history_create(objs, update=not created, default_change_reason=reason)
        return
    sql, params = made
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} WHERE t.{q(model._meta.pk.column)} = ANY(%s)", [*params, [obj.pk for obj in objs]])
