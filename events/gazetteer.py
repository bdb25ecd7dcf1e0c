"""The gazetteer as the database holds it: the read side, with its per-thread cache.

What is cached: per thread (like Django's connections), per database name, the last snapshot
(`_Snapshot`): the `Gazetteer` gazetteer_build() returned plus what is needed to patch it. A snapshot
read inside a transaction may hold uncommitted rows, so it is never handed to another thread.

When it is refreshed: each gazetteer_build() runs gazetteer_version(), one query of max(updated_at)
and max(id) of Actor, ActorAlias, Person, PersonAlias, Negotiation, NegotiationAlias and Participation,
count(*) of ActorAlias and NegotiationAlias, and max(deleted_at)/max(id) of Tombstone. Unchanged: the
cached gazetteer is returned as is. Changed: the snapshot is refreshed. At least every
CACHE_TTL_SECONDS, or when a max went down (a rollback, a raw delete), everything is re-read.

What a refresh re-reads: only what changed. Actors (a small table) whole when an actor row, actor alias
or tombstone changed; negotiations only those whose row, alias or participation was saved or added since
the last read (all of them when the actors were re-read, a tombstone appeared or an alias was deleted);
people only those whose row or alias changed, or whose affiliation was renamed (10^5 people are not
re-read per report).

How it relates to the other two gazetteer modules: events/pipeline/gazetteer.py is the pure reference
data read from events/gazetteers/*.json (lru-cached once per process, never the database);
negotiations/services/gazetteer.py is the writer that loads that JSON into the database. This module
reads the database, curator edits included, into the `Gazetteer` the extractor matches against.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import time
import weakref
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from events.pipeline.types import Gazetteer, GazetteerChange, KnownActor, KnownNegotiation, KnownPerson
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
)
from negotiations.prepared import execute_prepared

# Tables whose rows feed the gazetteer.
_VERSIONED = (Actor, ActorAlias, Person, PersonAlias, Negotiation, NegotiationAlias, Participation)
# Small tables whose deletions leave no Tombstone: counted. (PersonAlias may hold 10^5 rows, where
# a count costs milliseconds per report; its lone deletions are picked up by the TTL.)
_COUNTED = (ActorAlias, NegotiationAlias)
# A cached gazetteer is rebuilt at least this often, whatever the version says: it bounds how long
# a change the version cannot see (a queryset.update() leaving updated_at alone, a PersonAlias
# deleted on its own, a row committed late by a long transaction) stays invisible.
CACHE_TTL_SECONDS = 60.0

# One cache per thread, like Django's connections: a snapshot read inside a transaction may hold its
# uncommitted rows, which another thread must never be handed.
_local = threading.local()


class _Cache:
    """One thread's snapshots by database name; weakly referenced, so it goes with its thread."""

    def __init__(self) -> None:
        self.snapshots: dict[str, _Snapshot] = {}


# Every live thread's cache, so that gazetteer_cache_clear() reaches them all.
_caches: weakref.WeakSet[_Cache] = weakref.WeakSet()
_caches_lock = threading.Lock()


def _thread_cache() -> _Cache:
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = _Cache()
        with _caches_lock:
            _caches.add(cache)
    return cache


def _version_fields() -> tuple[tuple[type, str], ...]:
    fields = []
    for model in _VERSIONED:
        fields += [(model, "updated"), (model, "id")]
    fields += [(model, "count") for model in _COUNTED]
    fields += [(Tombstone, "updated"), (Tombstone, "id")]
    return tuple(fields)


_VERSION_FIELDS = _version_fields()


def gazetteer_version() -> tuple:
    """A cheap fingerprint of what the gazetteer reads, in one query of index look-ups.

    max(updated_at) and max(id) per table catch saves and inserts; max(deleted_at) of Tombstone
    catches deleted or merged actors, people, negotiations and participations (the tombstone signal
    writes one for each); counting ActorAlias and NegotiationAlias catches a deleted alias.
    """
    quote = connection.ops.quote_name
    parts = []
    for model, part in _VERSION_FIELDS:
        table = quote(model._meta.db_table)
        if part == "count":
            parts.append(f"(SELECT count(*) FROM {table})")
        elif part == "id":
            parts.append(f"(SELECT max(id) FROM {table})")
        else:
            column = "deleted_at" if model is Tombstone else "updated_at"
            parts.append(f"(SELECT max({column}) FROM {table})")
    with connection.cursor() as cursor:
        # Prepared: planning its twenty-two look-ups costs more than running them, twice per report.
        execute_prepared(cursor, "SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def gazetteer_cache_clear() -> None:
    with _caches_lock:
        for cache in list(_caches):
            cache.snapshots.clear()


def gazetteer_build(*, use_cache: bool = True) -> Gazetteer:
    """Live actors and people with their aliases, and negotiations with parties and mediators.

    Called once per report. While gazetteer_version() (one query) is unchanged, the cached copy is
    returned. When it changed, actors and negotiations (small tables) are re-read whole and people
    only where they changed, so a report that adds one person does not re-read 10^5 of them. Every
    CACHE_TTL_SECONDS the whole is re-read. The returned object is shared: do not mutate it.
    """
    if not use_cache:
        return _Snapshot.full(version=None, read_at=None).gazetteer
    key = connection.settings_dict["NAME"] or ""
    # Taken before the version: whatever is saved after this instant is re-read next time.
    read_at = timezone.now()
    version = gazetteer_version()
    now = time.monotonic()
    cache = _thread_cache().snapshots
    snapshot = cache.get(key)
    if snapshot is not None and snapshot.version == version:
        if now - snapshot.built_at < CACHE_TTL_SECONDS:
            return snapshot.gazetteer
        snapshot = None
    if snapshot is None or _went_back(snapshot.version, version):
        snapshot = _Snapshot.full(version=version, read_at=read_at)
    else:
        snapshot = snapshot.refreshed(version=version, read_at=read_at)
    cache[key] = snapshot
    return snapshot.gazetteer


def _went_back(old: tuple | None, new: tuple) -> bool:
    """Whether a max went down or vanished: rows left without a tombstone (a rolled-back
    transaction, TRUNCATE, a raw delete), which patching cannot see, so everything is re-read."""
    if old is None:
        return True
    for (_model, part), before, after in zip(_VERSION_FIELDS, old, new, strict=False):
        if part == "count" or before is None:
            continue
        if after is None or after < before:
            return True
    return False


# Rows saved up to this long before the last read are read again: a transaction still open at the
# last read commits rows whose updated_at is when they were saved, not when they became visible.
_LATE_COMMIT_MARGIN = dt.timedelta(seconds=5)


def _field(version: tuple | None, model, part: str):
    if version is None:
        return None
    return version[_VERSION_FIELDS.index((model, part))]


class _Snapshot:
    """What gazetteer_build() keeps between calls: the gazetteer and what is needed to patch it."""

    def __init__(
        self,
        *,
        version,
        read_at,
        built_at,
        actors,
        actor_names,
        people,
        order,
        known,
        negotiations,
        change: GazetteerChange | None = None,
        recent: dict | None = None,
        recent_negotiations: dict | None = None,
        doubtful: frozenset[int] | None = frozenset(),
    ):
        self.version = version
        self.read_at: dt.datetime | None = read_at
        self.built_at = built_at
        self.actors: list[KnownActor] = actors
        self.actor_names: dict[int, str] = actor_names  # every actor id (merged too) -> live name
        self.people: dict[int, _PersonRow] = people
        self.order: list[tuple[str, int]] = order  # sorted (name, id) of live people
        self.known: list[KnownPerson] = known  # the same people, in the same order
        self.negotiations: list[KnownNegotiation] = negotiations
        # (model label, pk) -> updated_at of the person and alias rows saved within the late-commit margin
        # of the last read: a row seen there with the same updated_at is not read again.
        self.recent: dict[tuple[str, int], dt.datetime] = recent or {}
        self.recent_negotiations: dict[tuple[str, int], dt.datetime] = recent_negotiations or {}
        # People read inside a transaction, which may yet roll back: checked to still exist at the next
        # refresh, and confirmed by one made outside any transaction. None: a full read inside a
        # transaction, where any person may be such a row (every live person is counted instead).
        self.doubtful: frozenset[int] | None = doubtful
        self.gazetteer = Gazetteer(actors=actors, people=list(known), negotiations=negotiations, change=change)

    @classmethod
    def full(cls, *, version, read_at) -> _Snapshot:
        actors, actor_names = _read_actors()
        # Before the people: a row saved between the two reads then looks changed, and is read again.
        _, recent, _ = _changed_rows(_PEOPLE_SOURCES, None, read_at, {}, window_only=True)
        _, recent_negotiations, _ = _changed_rows(_NEGOTIATION_SOURCES, None, read_at, {}, window_only=True)
        rows = _read_people(None, actor_names)
        order = sorted((row.known.name, pk) for pk, row in rows.items())
        known = [rows[pk].known for _, pk in order]
        return cls(
            version=version,
            read_at=read_at,
            built_at=time.monotonic(),
            actors=actors,
            actor_names=actor_names,
            people=rows,
            order=order,
            known=known,
            negotiations=_read_negotiations(actor_names),
            recent=recent,
            recent_negotiations=recent_negotiations,
            doubtful=None if connection.in_atomic_block else frozenset(),
        )

    def refreshed(self, *, version, read_at) -> _Snapshot:
        old = self.version
        actors, actor_names = self.actors, self.actor_names
        actor_parts = [(m, part) for m, part in _VERSION_FIELDS if m in (Actor, ActorAlias, Tombstone)]
        if any(_field(old, m, part) != _field(version, m, part) for m, part in actor_parts):
            actors, actor_names = _read_actors()
        negotiation_parts = [
            (m, part) for m, part in _VERSION_FIELDS if m in (Negotiation, NegotiationAlias, Participation, Tombstone)
        ]
        negotiations, recent_negotiations = self.negotiations, self.recent_negotiations
        if actor_names is not self.actor_names:
            negotiations = _read_negotiations(actor_names)  # party names may have changed anywhere
        elif _field(old, NegotiationAlias, "count") != _field(version, NegotiationAlias, "count"):
            negotiations = _read_negotiations(actor_names)  # a deleted alias leaves no row to find
        elif any(_field(old, m, part) != _field(version, m, part) for m, part in negotiation_parts):
            # Only the negotiations saved, or whose participations were, since the last read.
            changed_negotiations, recent_negotiations, deleted = _changed_rows(
                _NEGOTIATION_SOURCES, old, self.read_at, self.recent_negotiations
            )
            if deleted:  # a participation's tombstone does not say its negotiation
                negotiations = _read_negotiations(actor_names)
            elif changed_negotiations:
                kept = [n for n in negotiations if n.id not in changed_negotiations]
                fresh = _read_negotiations(actor_names, ids=changed_negotiations)
                negotiations = sorted(kept + fresh, key=lambda n: n.id)

        people = dict(self.people)
        order = list(self.order)
        known = list(self.known)
        people_parts = [(m, part) for m, part in _VERSION_FIELDS if m in (Person, PersonAlias, Tombstone)]
        changed: set[int] = set()
        recent = self.recent
        if any(_field(old, m, part) != _field(version, m, part) for m, part in people_parts):
            changed, recent, deleted = _changed_rows(_PEOPLE_SOURCES, old, self.read_at, self.recent)
            changed |= deleted  # a person's tombstone names the person
        if actor_names is not self.actor_names:
            renamed = {pk for pk, name in actor_names.items() if self.actor_names.get(pk) != name}
            renamed |= set(self.actor_names) - set(actor_names)
            changed |= {pk for pk, row in people.items() if row.affiliation_id in renamed}
        for pk in changed:
            row = people.pop(pk, None)
            if row is not None:
                index = bisect.bisect_left(order, (row.known.name, pk))
                if index < len(order) and order[index] == (row.known.name, pk):
                    del order[index]
                    del known[index]
        if changed:
            for pk, row in _read_people(changed, actor_names).items():
                people[pk] = row
                index = bisect.bisect_left(order, (row.known.name, pk))
                order.insert(index, (row.known.name, pk))
                known.insert(index, row.known)
        doubtful = self.doubtful
        if changed:
            if _phantoms(doubtful, people):
                # A person this cache read inside a transaction that then rolled back, while newer ones
                # arrived: patching cannot tell which, so re-read. (A raw delete, which leaves no
                # tombstone either, waits for CACHE_TTL_SECONDS.)
                return _Snapshot.full(version=version, read_at=read_at)
            if not connection.in_atomic_block:
                doubtful = frozenset()  # looked up, outside any transaction: committed
            elif doubtful is not None:
                doubtful = doubtful | changed
        before = {pk: self.people[pk].known for pk in changed if pk in self.people}
        after = {pk: people[pk].known for pk in changed if pk in people}
        old_negotiations = {n.id: n for n in self.negotiations}
        new_negotiations = {n.id: n for n in negotiations}
        moved = [pk for pk in sorted(changed) if before.get(pk) != after.get(pk)]
        left = tuple(before[pk] for pk in moved if pk in before)
        entered = tuple(after[pk] for pk in moved if pk in after)
        change = GazetteerChange(
            since=id(self.gazetteer),
            base=weakref.ref(self.gazetteer),
            actors=actors != self.actors,
            actors_entered=_actors_only_added(self.actors, actors),
            people=left + entered,
            people_left=left,
            people_entered=entered,
            negotiations=tuple(
                n
                for pk in old_negotiations.keys() | new_negotiations.keys()
                if old_negotiations.get(pk) != new_negotiations.get(pk)
                for n in (old_negotiations.get(pk), new_negotiations.get(pk))
                if n is not None
            ),
        )
        return _Snapshot(
            version=version,
            read_at=read_at,
            built_at=self.built_at,
            actors=actors,
            actor_names=actor_names,
            people=people,
            order=order,
            known=known,
            negotiations=negotiations,
            change=change,
            recent=recent,
            recent_negotiations=recent_negotiations,
            doubtful=doubtful,
        )


def _actors_only_added(before: list[KnownActor], after: list[KnownActor]) -> tuple[KnownActor, ...]:
    """The new actors when every actor of before is in after as it was; () otherwise (or when equal)."""
    if after is before or after == before:
        return ()
    now = {actor.id: actor for actor in after}
    if any(now.get(actor.id) != actor for actor in before):
        return ()
    was = {actor.id for actor in before}
    return tuple(actor for actor in after if actor.id not in was)


def _phantoms(doubtful: frozenset[int] | None, people: dict) -> bool:
    """Whether the cache holds a person whose row is gone: among the doubtful ones (one look-up by id,
    not a count of every person), or among all when a full read was made inside a transaction."""
    if doubtful is None:
        return Person.objects.filter(merged_into__isnull=True).count() != len(people)
    held = [pk for pk in doubtful if pk in people]
    if not held:
        return False
    return Person.objects.filter(pk__in=held, merged_into__isnull=True).count() != len(held)


class _PersonRow:
    __slots__ = ("known", "affiliation_id")

    def __init__(self, known: KnownPerson, affiliation_id: int | None):
        self.known = known
        self.affiliation_id = affiliation_id


def _read_actors() -> tuple[list[KnownActor], dict[int, str]]:
    # values_list, not model instances: instantiating rows is what costs.
    aliases: dict[int, list[str]] = defaultdict(list)
    for actor_id, name in (
        ActorAlias.objects.filter(actor__merged_into__isnull=True)
        .order_by("actor_id", "name")
        .values_list("actor_id", "name")
    ):
        aliases[actor_id].append(name)
    rows = list(Actor.objects.values_list("pk", "name", "kind", "iso_code", "merged_into_id"))
    by_id = {row[0]: row for row in rows}
    names: dict[int, str] = {}
    for pk, name, _kind, _iso, merged_into in rows:
        # Follow a merge to the live row (merges point at the kept row; the loop guards a chain).
        seen = {pk}
        while merged_into is not None and merged_into in by_id and merged_into not in seen:
            seen.add(merged_into)
            _, name, _, _, merged_into = by_id[merged_into]
        names[pk] = name
    actors = sorted(
        (
            KnownActor(id=pk, name=name, kind=kind, iso_code=iso, aliases=tuple(aliases.get(pk, ())))
            for pk, name, kind, iso, merged_into in rows
            if merged_into is None
        ),
        key=lambda a: (a.name, a.id),
    )
    return actors, names


def _read_people(ids: set[int] | None, actor_names: dict[int, str]) -> dict[int, _PersonRow]:
    aliases: dict[int, list[str]] = defaultdict(list)
    if ids is not None:
        rows = _read_changed_people(ids, aliases)
    else:
        rows = list(
            Person.objects.filter(merged_into__isnull=True)
            .order_by()
            .values_list("pk", "name", "title", "affiliation_id")
        )
        if rows:
            for person_id, name in (
                PersonAlias.objects.filter(person__merged_into__isnull=True)
                .order_by("person_id", "name")
                .values_list("person_id", "name")
            ):
                aliases[person_id].append(name)
    return {
        pk: _PersonRow(
            KnownPerson(
                id=pk,
                name=name,
                title=title,
                # A person still pointing at a merged actor is affiliated with the kept one.
                affiliation=actor_names.get(affiliation_id) if affiliation_id is not None else None,
                aliases=tuple(aliases.get(pk, ())),
            ),
            affiliation_id,
        )
        for pk, name, title, affiliation_id in rows
    }


def _read_changed_people(ids: set[int], aliases: dict[int, list[str]]) -> list[tuple]:
    """The live people among `ids` (pk, name, title, affiliation_id), their aliases added to `aliases`: one
    query of two tagged branches, not two ORM querysets (it runs after most reports)."""
    if not ids:
        return []
    q = connection.ops.quote_name
    person, alias = q(Person._meta.db_table), q(PersonAlias._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"""
        SELECT 0, p.id, p.name, p.title, p.affiliation_id FROM {person} p
        WHERE p.merged_into_id IS NULL AND p.id IN ({marks})
        UNION ALL
        SELECT 1, a.person_id, a.name, NULL, NULL FROM {alias} a
        JOIN {person} p ON p.id = a.person_id
        WHERE p.merged_into_id IS NULL AND a.person_id IN ({marks})
        ORDER BY 1, 2, 3
    """
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*sorted(ids), *sorted(ids)])
        for branch, pk, name, title, affiliation_id in cursor.fetchall():
            if branch == 0:
                rows.append((pk, name, title, affiliation_id))
            else:
                aliases[pk].append(name)
    return rows


# Where _changed_rows looks: (kind, model, the column naming the gazetteer entry a row belongs to),
# and the tombstone resource names of deletions.
_PEOPLE_SOURCES = ((("p", Person, "id"), ("a", PersonAlias, "person_id")), ("person",))
_NEGOTIATION_SOURCES = (
    (("n", Negotiation, "id"), ("l", NegotiationAlias, "negotiation_id"), ("r", Participation, "negotiation_id")),
    ("negotiation", "participation"),
)


def _changed_rows(
    sources,
    old: tuple | None,
    read_at: dt.datetime | None,
    seen: dict[tuple[str, int], dt.datetime],
    *,
    window_only: bool = False,
) -> tuple[set[int], dict[tuple[str, int], dt.datetime], set[int]]:
    """Which gazetteer entries (people, or negotiations) changed since the read that gave `old`: the ids
    of the entries whose rows were added or saved since; the rows saved within the late-commit margin,
    for the next call; and the object ids of new tombstones.

    One query: rows with a higher id than the last read saw (new), rows saved since the last read less
    the margin (each on its own index: "id > n OR updated_at >= t" would scan the table), and tombstones.
    A row in the margin already seen with the same updated_at is unchanged: under a steady stream of
    reports, re-reading every row saved in the last seconds was most of a refresh's cost.
    """
    (tables, tombstoned) = sources
    quote = connection.ops.quote_name
    since = read_at - _LATE_COMMIT_MARGIN if read_at is not None else None
    parts, params = [], []
    if not window_only:
        for kind, model, column in tables:
            parts.append(
                f"SELECT '{kind}', id, {quote(column)}, updated_at FROM {quote(model._meta.db_table)} WHERE id > %s"
            )
            params.append(_field(old, model, "id") or 0)
        names = ", ".join(["%s"] * len(tombstoned))
        parts.append(
            f"SELECT 't', id, object_id, NULL FROM {quote(Tombstone._meta.db_table)} WHERE model IN ({names}) AND id "
            f"> %s"
        )
        params += [*tombstoned, _field(old, Tombstone, "id") or 0]
    if since is not None:
        for kind, model, column in tables:
            parts.append(
                f"SELECT '{kind}', id, {quote(column)}, updated_at FROM {quote(model._meta.db_table)} WHERE "
                f"updated_at >= %s"
            )
            params.append(connection.ops.adapt_datetimefield_value(since))
    changed: set[int] = set()
    deleted: set[int] = set()
    recent: dict[tuple[str, int], dt.datetime] = {}
    if not parts:
        return changed, recent, deleted
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, pk, owner_id, updated_at in cursor.fetchall():
            if kind == "t":
                deleted.add(owner_id)
                continue
            updated_at = _as_datetime(updated_at)
            recent[(kind, pk)] = updated_at
            if seen.get((kind, pk)) != updated_at:
                changed.add(owner_id)
    return changed, recent, deleted


def _as_datetime(value) -> dt.datetime | None:
    # SQLite hands raw SQL timestamps back as text.
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value


def _read_negotiations(actor_names: dict[int, str], ids: set[int] | None = None) -> list[KnownNegotiation]:
    """Live negotiations (not rejected, not merged into another) with their parties, mediators and aliases:
    all of them, or those with these ids.

    One query of four tagged branches (the negotiations, their aliases, their parties and mediators, their
    usual mediators), not four ORM querysets: it runs after most reports, and compiling the querysets cost
    more than running them.
    """
    if ids is not None and not ids:
        return []
    q = connection.ops.quote_name
    negotiation, alias = q(Negotiation._meta.db_table), q(NegotiationAlias._meta.db_table)
    participation, actor = q(Participation._meta.db_table), q(Actor._meta.db_table)
    usual = q(Negotiation.usual_mediators.through._meta.db_table)
    only, only_params = "", []
    if ids is not None:
        ids = sorted(ids)
        only, only_params = f" IN ({', '.join(['%s'] * len(ids))})", ids
    live_aliases = f"JOIN {negotiation} n ON n.id = l.negotiation_id WHERE n.merged_into_id IS NULL"
    # Columns: branch, negotiation id, text (title, alias, role), topic, actor id, sort text, sort number.
    sql = f"""
        SELECT 0, n.id, n.title, n.topic, CAST(NULL AS BIGINT), CAST(NULL AS TEXT), n.id FROM {negotiation} n
        WHERE n.merged_into_id IS NULL AND n.review_status <> %s{" AND n.id" + only if only else ""}
        UNION ALL
        SELECT 1, l.negotiation_id, l.name, NULL, NULL, l.name, NULL FROM {alias} l
        {"WHERE l.negotiation_id" + only if only else live_aliases}
        UNION ALL
        SELECT 2, p.negotiation_id, p.role, NULL, p.actor_id, a.name, p.id FROM {participation} p
        JOIN {actor} a ON a.id = p.actor_id
        WHERE p.review_status <> %s AND p.role IN (%s, %s){" AND p.negotiation_id" + only if only else ""}
        UNION ALL
        SELECT 3, u.negotiation_id, NULL, NULL, u.actor_id, NULL, u.actor_id FROM {usual} u
        {"WHERE u.negotiation_id" + only if only else ""}
        ORDER BY 1, 2, 6, 7
    """
    params = [ReviewStatus.REJECTED, *only_params, *only_params]
    params += [ReviewStatus.REJECTED, Role.PARTY, Role.MEDIATOR, *only_params, *only_params]
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: {Role.PARTY: [], Role.MEDIATOR: []})
    aliases: dict[int, list[str]] = defaultdict(list)
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for branch, negotiation_id, text, topic, actor_id, _, _ in cursor.fetchall():
            if branch == 0:
                rows.append((negotiation_id, text, topic))
            elif branch == 1:
                aliases[negotiation_id].append(text)
            elif branch == 2:
                names = roles[negotiation_id][text]
                name = actor_names.get(actor_id)
                if name and name not in names:
                    names.append(name)
            else:
                # The process's usual mediators (reference data) recognise a report about it as well as
                # the mediators its reports named.
                names = roles[negotiation_id][Role.MEDIATOR]
                name = actor_names.get(actor_id)
                if name and name not in names and name not in roles[negotiation_id][Role.PARTY]:
                    names.append(name)
    return [
        KnownNegotiation(
            id=pk,
            title=title,
            topic=topic,
            parties=tuple(roles[pk][Role.PARTY]) if pk in roles else (),
            mediators=tuple(roles[pk][Role.MEDIATOR]) if pk in roles else (),
            aliases=tuple(aliases.get(pk, ())),
        )
        for pk, title, topic in rows
    ]
