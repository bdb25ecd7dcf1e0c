"""Rows written with their history in one statement each: the write step's inserts and updates.

The ORM writes a row and its simple_history row in two statements, and a bulk insert that may meet a
unique constraint needs a savepoint around it (two more). On PostgreSQL these write both at once in
a data-modifying CTE:

    WITH written AS (INSERT .. ON CONFLICT DO NOTHING RETURNING *),
         history AS (INSERT INTO <historical table> SELECT .. FROM written)
    SELECT <id>, <key> FROM written

A row a unique constraint refuses is simply not returned (no error, no aborted transaction): the
caller sees which rows were written and reads the others. The history rows hold what was written
(the columns the historical model tracks), history_type "+" or "~", the change reason and no user,
as simple_history's bulk_history_create would. Elsewhere (SQLite) the ORM does the same in more
statements. `also` folds further data-modifying statements into the update's CTE (a report's
bands beside its row).
"""

from __future__ import annotations

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone

_FILLED = {"history_id", "history_date", "history_type", "history_change_reason", "history_user_id"}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def history_copy(*, model, source: str, alias: str, kind: str, reason: str) -> tuple[str, list] | None:
    """INSERT of the history rows of the rows `source` (a FROM item, named `alias`) holds, with its
    parameters: the columns the historical model tracks, history_type `kind` ("+" or "~"), the change
    reason and no user. None when the historical model has a column this cannot fill (the caller falls
    back to simple_history). The bulk importer appends its WHERE to it."""
    made = _history_sql(model, source, alias, connection.vendor)
    if made is None:
        return None
    sql, max_length = made
    return sql, [timezone.now(), kind, reason[:max_length] if max_length else reason]


@lru_cache(maxsize=None)
def _history_sql(model, source: str, alias: str, vendor: str) -> tuple[str, int | None] | None:
    # Built once per model: simple_history makes a new manager class at each `model.history`, and
    # the column lists do not change while the process runs.
    history = model.history.model
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    copied = [(f.column, columns[f.attname]) for f in history._meta.concrete_fields if f.attname in columns]
    unknown = [
        f
        for f in history._meta.concrete_fields
        if f.attname not in columns and f.attname not in _FILLED and not f.null and not f.has_default()
    ]
    if unknown:
        return None
    target = ", ".join(_q(c) for c, _ in copied)
    values = ", ".join(f"{alias}.{_q(c)}" for _, c in copied)
    sql = (
        f"INSERT INTO {_q(history._meta.db_table)} ({target}, history_date, history_type, "
        f"history_change_reason, history_user_id) SELECT {values}, %s, %s, %s, NULL FROM {source}"
    )
    return sql, history._meta.get_field("history_change_reason").max_length


def rows_insert(*, model, rows: list, reason: str, key: tuple[str, ...]) -> list:
    """Insert `rows` (unsaved instances of `model`) with their history rows; the rows a unique constraint
    refused are left without a pk and not returned. `key`: attnames that tell the rows apart within
    the batch (what the database returns is matched back to them by it)."""
    if not rows:
        return []
    history = history_copy(model=model, source="written", alias="written", kind="+", reason=reason)
    if connection.vendor != "postgresql" or history is None:
        return _rows_insert_orm(model=model, rows=rows, reason=reason)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: `connection` is a thread-local proxy
    params: list = []
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="rows_insert")  # as bulk_create: FK ids
        for f in fields:
            params.append(f.get_db_prep_save(f.pre_save(row, True), db))
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    columns = ", ".join(_q(f.column) for f in fields)
    key_columns = [model._meta.get_field(name).column for name in key]
    returned = ", ".join([_q(model._meta.pk.column), *(f"{_q(c)}::text" for c in key_columns)])
    history_sql, history_params = history
    sql = (
        f"WITH written AS (INSERT INTO {_q(model._meta.db_table)} ({columns}) VALUES "
        f"{', '.join([one] * len(rows))} ON CONFLICT DO NOTHING RETURNING *), "
        f"history AS ({history_sql}) SELECT {returned} FROM written"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + history_params)
        ids = {tuple(found[1:]): found[0] for found in cursor.fetchall()}
    written = []
    for row in rows:
        pk = ids.get(tuple(None if getattr(row, name) is None else str(getattr(row, name)) for name in key))
        if pk is not None:
            row.pk = pk
            row._state.adding, row._state.db = False, connection.alias
            written.append(row)
    return written


def _rows_insert_orm(*, model, rows: list, reason: str) -> list:
    written = []
    for row in rows:
        row._change_reason = reason
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            row.pk = None
            continue
        written.append(row)
    return written


def row_update(*, instance, fields: list[str], reason: str, also: list[tuple[str, list]] = ()) -> None:
    """UPDATE the named fields of a stored row (and updated_at) with its history row, and the
    statements of `also`, in one statement."""
    model = type(instance)
    names = list(dict.fromkeys([*fields, "updated_at"]))
    history = history_copy(model=model, source="updated", alias="updated", kind="~", reason=reason)
    if connection.vendor != "postgresql" or history is None:
        instance._change_reason = reason
        instance.save(update_fields=names)
        for sql, params in also:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
        return
    chosen = [model._meta.get_field(name) for name in names]
    sets = ", ".join(f"{_q(f.column)} = %s" for f in chosen)
    db = connections[DEFAULT_DB_ALIAS]
    params = [f.get_db_prep_save(f.pre_save(instance, False), db) for f in chosen]
    history_sql, history_params = history
    extra = "".join(f", also_{i} AS ({sql})" for i, (sql, _) in enumerate(also))
    sql = (
        f"WITH updated AS (UPDATE {_q(model._meta.db_table)} SET {sets} WHERE {_q(model._meta.pk.column)} = %s "
        f"RETURNING *), history AS ({history_sql}){extra} SELECT count(*) FROM updated"
    )
    params += [instance.pk, *history_params]
    for _, more in also:
        params += more
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
