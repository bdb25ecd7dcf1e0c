"""import_events: validate structured records in bulk by the models' rules, then upsert them.

Per batch (one transaction): one query per referenced record type to resolve keys, one query
to find the rows the records already are, one query per uniqueness rule beyond the key; then
bulk INSERT for new rows, bulk UPDATE for changed rows (each with its change-history rows),
nothing for unchanged ones. A rerun of the same file therefore changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from django.db import DataError, IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from events.bulk import rules
from events.bulk.history import history_record
from events.bulk.interrupt import deferred_interrupt
from events.bulk.progress import Summary, make_progress
from events.bulk.readers import Line, detect_format, read_lines
from events.bulk.records import BY_NAME, KEY_LOOKUPS, RECORD_TYPES, RecordType, uid_from_key

CHANGE_REASON = "bulk import"
_TEXT_FIELDS = (models.CharField, models.TextField)


@dataclass
class Reject:
    line: int
    raw: str
    errors: list[tuple[str, str]]
    kind: str = "rejected"  # or "duplicate"

    def message(self) -> str:
        reasons = "; ".join(f"{name}: {reason}" for name, reason in self.errors)
        return f"line {self.line}: {self.kind}: {reasons}"

    def as_json(self) -> str:
        errors = [{"field": name, "reason": reason} for name, reason in self.errors]
        return json.dumps({"line": self.line, "kind": self.kind, "errors": errors, "original": self.raw})


@dataclass
class BatchResult:
    summary: Summary = field(default_factory=Summary)
    rejects: list[Reject] = field(default_factory=list)

    def reject(self, line: Line, errors: list[tuple[str, str]], *, kind: str = "rejected") -> None:
        self.rejects.append(Reject(line.number, line.raw, errors, kind))
        if kind == "duplicate":
            self.summary.duplicates += 1
        else:
            self.summary.rejected += 1

    def merge(self, other: "BatchResult") -> None:
        self.summary.add(other.summary)
        self.rejects.extend(other.rejects)


@dataclass
class _Row:
    line: Line
    values: dict  # model attname -> value, only what the record says
    obj: models.Model | None = None
    key: tuple | None = None
    existing: models.Model | None = None
    before: dict | None = None  # the stored values of an existing row
    errors: list = field(default_factory=list)


def events_import(
    *,
    path: Path,
    fmt: str | None = None,
    batch_size: int = 1000,
    dry_run: bool = False,
    strict: bool = False,
    rejects_path: Path | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    progress_stream=None,
    progress_every: int = 10_000,
    after_batch: Callable[[int], None] | None = None,
) -> Summary:
    """Import a JSON Lines or CSV file of records; return the counts. See docs/bulk.md.

    strict: a first pass validates the whole file (a rolled-back dry run) and nothing is written if
    any line is rejected. after_batch is called after each committed batch (tests use it to
    interrupt an import at a known point).
    """
    path = Path(path)
    fmt = detect_format(path, fmt)
    if strict and not dry_run:
        check = _run(
            path,
            fmt,
            batch_size,
            dry_run=True,
            on_reject=on_reject,
            rejects_path=rejects_path,
            progress_stream=progress_stream,
            progress_every=progress_every,
            after_batch=None,
        )
        if check.rejected:
            check.imported = check.created = check.updated = check.unchanged = 0
            check.aborted = True
            return check
        on_reject = None  # already reported by the check
        rejects_path = None
    return _run(
        path,
        fmt,
        batch_size,
        dry_run=dry_run,
        on_reject=on_reject,
        rejects_path=rejects_path,
        progress_stream=progress_stream,
        progress_every=progress_every,
        after_batch=after_batch,
    )


def _run(path, fmt, batch_size, *, dry_run, on_reject, rejects_path, progress_stream, progress_every, after_batch):
    summary = Summary()
    rejects_file = open(rejects_path, "w", encoding="utf-8") if rejects_path else None
    try:
        with (
            open(path, "rb") as handle,
            make_progress(progress_stream, total_bytes=path.stat().st_size, every=progress_every) as progress,
        ):
            counter, lines = read_lines(handle, fmt)
            # A dry run does all the work, references between batches included, then rolls it back.
            with transaction.atomic() if dry_run else nullcontext(), deferred_interrupt() as stop:
                try:
                    for number, batch in enumerate(_chunks(lines, batch_size), start=1):
                        result = _import_batch_safely(batch)
                        summary.add(result.summary)
                        summary.read += len(batch)
                        summary.batches += 1
                        for reject in sorted(result.rejects, key=lambda r: r.line):
                            if on_reject:
                                on_reject(reject)
                            if rejects_file:
                                rejects_file.write(reject.as_json() + "\n")
                        progress.update(records=summary.read, bytes_done=counter.bytes_read)
                        if after_batch:
                            after_batch(number)
                        if stop.requested:
                            summary.interrupted = True
                            break
                except KeyboardInterrupt:
                    # The batch in flight was rolled back by its transaction; committed ones stay.
                    summary.interrupted = True
                if dry_run:
                    transaction.set_rollback(True)
    finally:
        if rejects_file:
            rejects_file.close()
    return summary


def _chunks(lines: Iterable[Line], size: int) -> Iterator[list[Line]]:
    iterator = iter(lines)
    while batch := list(islice(iterator, size)):
        yield batch


def _import_batch_safely(batch: list[Line]) -> BatchResult:
    try:
        with transaction.atomic():
            return import_batch(batch)
    except (IntegrityError, DataError) as error:
        # A rule only the database saw (e.g. a concurrent writer took a key): redo the batch a row at
        # a time so that only the offending lines are rejected.
        if len(batch) == 1:
            total = BatchResult()
            total.reject(batch[0], [("__all__", _db_reason(error))])
            return total
    total = BatchResult()
    for line in batch:
        # Twice: a unique violation means another transaction committed that key meanwhile (PostgreSQL
        # waits for it before raising), so the second try finds the row and updates or keeps it.
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    total.merge(import_batch([line]))
                break
            except (IntegrityError, DataError) as error:
                if attempt == 2 or isinstance(error, DataError):
                    total.reject(line, [("__all__", _db_reason(error))])
    return total


def _db_reason(error: Exception) -> str:
    return (str(error).splitlines() or [error.__class__.__name__])[0]


def import_batch(lines: list[Line]) -> BatchResult:
    """Import one batch; the caller wraps it in a transaction."""
    result = BatchResult()
    groups: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        if line.error:
            result.reject(line, [("line", line.error)])
            continue
        rtype = BY_NAME.get(str(line.data.get("type", "")).strip())
        if rtype is None:
            expected = ", ".join(BY_NAME)
            result.reject(line, [("type", f"unknown record type {line.data.get('type')!r}; one of {expected}")])
            continue
        groups[rtype.name].append(line)
    # Dependency order: a statement's person is written before the statement is resolved.
    for rtype in RECORD_TYPES:
        if groups.get(rtype.name):
            _import_type(rtype, groups[rtype.name], result)
    return result


def _import_type(rtype: RecordType, lines: list[Line], result: BatchResult) -> None:
    model = rtype.model
    resolved = _resolve_refs(rtype, lines)
    rows = [_parse(rtype, line, resolved) for line in lines]

    # The rows these records already are: one query.
    keyed = [row for row in rows if row.key is not None and not row.errors]
    existing = _fetch_by_tuples(model, rtype.db_key, {row.key for row in keyed}, rtype.key_filter)
    seen: dict[tuple, int] = {}
    live: list[_Row] = []
    for row in rows:
        if row.errors:
            # Say everything wrong with the line at once, not only the first problem.
            fresh = model(**{k: v for k, v in row.values.items()})
            exclude = [ref.model_field or ref.field for ref in rtype.refs]
            more = [e for e in rules.clean_fields(fresh, exclude=exclude) if e[0] not in {n for n, _ in row.errors}]
            result.reject(row.line, row.errors + more)
            continue
        if row.key is not None and row.key in seen:
            result.reject(row.line, [("__key__", f"repeats the record of line {seen[row.key]}")], kind="duplicate")
            continue
        seen[row.key] = row.line.number
        row.existing = existing.get(row.key)
        _build(rtype, row)
        if row.errors:
            result.reject(row.line, row.errors)
            continue
        live.append(row)

    live = _check_uniqueness(rtype, live, result)
    _write(rtype, live, result)


def _resolve_refs(rtype: RecordType, lines: list[Line]) -> dict[str, dict]:
    """For each referenced record type, key as written -> row id: one query per type.
    Each distinct key is folded once per batch (a person is named by many statements)."""
    folded: dict[str, dict] = defaultdict(dict)  # target -> written key -> folded key
    for line in lines:
        for ref in rtype.refs:
            value = line.data.get(ref.field)
            if value not in (None, "") and not isinstance(value, (dict, list)):
                keys = folded[ref.target]
                if value not in keys:
                    keys[value] = KEY_LOOKUPS[ref.target][2](value)
    resolved = {}
    for target, keys in folded.items():
        model, column, _, extra = KEY_LOOKUPS[target]
        ids = dict(
            model._default_manager.filter(**{f"{column}__in": set(keys.values())}, **extra).values_list(column, "id")
        )
        resolved[target] = {written: ids.get(fold) for written, fold in keys.items()}
    return resolved


def _coerce(f: models.Field, value):
    """JSON and CSV spell 'nothing' as null or an empty cell; the model spells it per field."""
    if isinstance(f, _TEXT_FIELDS) and not f.null:
        return "" if value is None else (value if isinstance(value, str) else str(value))
    if value == "":
        return None
    if isinstance(f, models.DateField) and value is not None and not isinstance(value, str):
        return str(value)  # 20240101 is not a date: let the field's parser say so
    return value


def _parse(rtype: RecordType, line: Line, resolved: dict) -> _Row:
    model = rtype.model
    data = line.data
    row = _Row(line=line, values={})
    allowed = rtype.allowed_fields
    for name, value in data.items():
        if name not in allowed and value not in (None, ""):
            row.errors.append((name, f"unknown field for a {rtype.name} record"))
    for name in rtype.fields:
        if name not in data:
            continue
        f = model._meta.get_field(name)
        value = data[name]
        if isinstance(value, (dict, list)):
            row.errors.append((name, "must be a single value, not a list or an object"))
            continue
        if value in (None, "") and not f.blank and name != "uid":
            # Nothing given for a field that must have a value: as if absent, so a new row gets the
            # model's default (review_status, kind, ...) and a stored row keeps its value; a field
            # without a default is then reported blank by clean_fields.
            continue
        if name == "uid":
            value = uid_from_key(value)
            if value is None:
                row.errors.append(("uid", "required: a stable identifier (a UUID or any string)"))
                continue
        row.values[f.attname] = _coerce(f, value)
    if "uid" in rtype.fields and "uid" not in data:
        row.errors.append(("uid", "required: a stable identifier (a UUID or any string)"))
    for ref in rtype.refs:
        f = model._meta.get_field(ref.model_field or ref.field)
        value = data.get(ref.field)
        if isinstance(value, (dict, list)):
            row.errors.append((ref.field, f"must name one {ref.target}, not a list or an object"))
            continue
        if value in (None, ""):
            if ref.field in data or not f.null:
                if not f.null:
                    row.errors.append((ref.field, "This field cannot be null."))
                else:
                    row.values[ref.attname] = None
            continue
        target_id = resolved.get(ref.target, {}).get(value)
        if target_id is None:
            row.errors.append((ref.field, f"unknown {ref.target} {value!r}"))
            continue
        row.values[ref.attname] = target_id
    if not row.errors:
        probe = model(**row.values)
        rtype.derive(probe)
        key = tuple(getattr(probe, name) for name in rtype.db_key)
        row.obj = probe  # becomes the new row when no stored one matches
        # Without a key (an actor with no name) there is nothing to match: clean_fields says why.
        row.key = None if len(key) == 1 and key[0] in (None, "") else key
    return row


def _build(rtype: RecordType, row: _Row) -> None:
    """The row as it would be stored: the existing one with the record's fields, or a new one."""
    model = rtype.model
    if row.existing is not None:
        obj = row.existing
        row.before = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
        if rtype.insert_only:
            row.obj = obj
            return
        for attname, value in row.values.items():
            setattr(obj, attname, value)
    else:
        obj = row.obj if row.obj is not None else model(**row.values)
        for name, value in rtype.create_defaults.items():
            if name not in row.values:
                setattr(obj, name, value)
    rtype.derive(obj)
    exclude = [ref.model_field or ref.field for ref in rtype.refs]
    row.errors.extend(rules.clean_fields(obj, exclude=exclude))
    if not row.errors:
        _make_aware(obj)
        row.errors.extend(rules.check_constraints(obj))
    row.obj = obj


def _make_aware(obj: models.Model) -> None:
    # A timestamp without a zone in a file means UTC (settings.TIME_ZONE is UTC).
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.DateTimeField):
            value = getattr(obj, f.attname)
            if isinstance(value, dt.datetime) and timezone.is_naive(value):
                setattr(obj, f.attname, timezone.make_aware(value, dt.timezone.utc))


def _fetch_by_tuples(
    model, attnames: tuple[str, ...], tuples: set[tuple], extra: dict | Q | None = None, *, values_only: bool = False
) -> dict:
    """Rows whose attnames match one of the tuples, by tuple: one query (a superset, then exact).
    values_only: (pk, *attnames) tuples instead of model instances, for checks that need no more."""
    if not tuples:
        return {}
    q = extra if isinstance(extra, Q) else Q(**(extra or {}))
    for i, attname in enumerate(attnames):
        values = {t[i] for t in tuples}
        part = Q(**{f"{attname}__in": [v for v in values if v is not None]})
        if None in values:
            part |= Q(**{f"{attname}__isnull": True})
        q &= part
    found = {}
    if values_only:
        label = "uid" if any(f.name == "uid" for f in model._meta.concrete_fields) else "pk"
        for pk, name, *values in model._default_manager.filter(q).values_list("pk", label, *attnames):
            if tuple(values) in tuples:
                found[tuple(values)] = _Stored(pk, str(name))
        return found
    for obj in model._default_manager.filter(q):
        key = tuple(getattr(obj, a) for a in attnames)
        if key in tuples:
            found[key] = obj
    return found


@dataclass(frozen=True)
class _Stored:
    pk: int
    label: str  # the uid, or the id for models without one


def _check_uniqueness(rtype: RecordType, rows: list[_Row], result: BatchResult) -> list[_Row]:
    """The model's unique rules other than the key, within the batch and against stored rows."""
    model = rtype.model
    for name, attnames, condition in rules.unique_constraints(model):
        if set(attnames) == set(rtype.db_key):
            continue  # the upsert key itself: a match is the same record
        covered = [r for r in rows if rules.covered(condition, r.obj)]
        if not covered:
            continue
        tuples = {tuple(getattr(r.obj, a) for a in attnames) for r in covered}
        stored = _fetch_by_tuples(model, attnames, tuples, condition, values_only=True)
        first: dict[tuple, int] = {}
        dropped = set()
        for r in covered:
            value = tuple(getattr(r.obj, a) for a in attnames)
            other = stored.get(value)
            if value in first:
                reason = f"same as line {first[value]} ({name})"
            elif other is not None and other.pk != r.obj.pk:
                reason = f"same as stored {rtype.name} {_describe(other)} ({name})"
            else:
                first[value] = r.line.number
                continue
            result.reject(r.line, [(attnames[-1].removesuffix("_id"), reason)], kind="duplicate")
            dropped.add(id(r))
        rows = [r for r in rows if id(r) not in dropped]
    return rows


def _describe(stored: "_Stored") -> str:
    return stored.label if stored.label != str(stored.pk) else f"#{stored.pk}"


def _write(rtype: RecordType, rows: list[_Row], result: BatchResult) -> None:
    model = rtype.model
    compared = [
        f for f in model._meta.concrete_fields if not f.primary_key and f.name not in ("created_at", "updated_at")
    ]
    new, changed, changed_fields = [], [], set()
    for row in rows:
        if row.existing is None:
            new.append(row.obj)
            continue
        diff = {f.name for f in compared if getattr(row.obj, f.attname) != row.before[f.attname]}
        if rtype.insert_only or not diff:
            result.summary.unchanged += 1
            continue
        changed.append(row.obj)
        changed_fields |= diff

    if new:
        if rtype.link:
            model._default_manager.bulk_create(new, ignore_conflicts=True)
        elif rtype.conflict_fields:
            update_fields = [f.name for f in compared if f.name not in rtype.conflict_fields] or list(
                rtype.conflict_fields
            )
            if rtype.insert_only:
                update_fields = list(rtype.conflict_fields)  # a no-op update, so the id comes back
            if any(f.name == "updated_at" for f in model._meta.concrete_fields) and not rtype.insert_only:
                update_fields.append("updated_at")
            model._default_manager.bulk_create(
                new, update_conflicts=True, unique_fields=list(rtype.conflict_fields), update_fields=update_fields
            )
        else:
            model._default_manager.bulk_create(new)
        if rtype.history:
            history_record(model=model, objs=new, created=True, reason=CHANGE_REASON)
        result.summary.created += len(new)
    if changed:
        now = timezone.now()
        fields = sorted(changed_fields)
        if hasattr(model, "updated_at"):
            for obj in changed:
                obj.updated_at = now
            fields.append("updated_at")
        model._default_manager.bulk_update(changed, fields)
        if rtype.history:
            history_record(model=model, objs=changed, created=False, reason=CHANGE_REASON)
        result.summary.updated += len(changed)
    result.summary.imported += len(new) + len(changed)
