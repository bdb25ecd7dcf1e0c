"""Reads for the pipeline: what the database knows, as the plain data extraction takes."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from django.db import connection

from events.pipeline.types import Gazetteer, KnownActor, KnownNegotiation, KnownPerson
from negotiations.models import (
    Actor,
    ActorAlias,
    Negotiation,
    Participation,
    Person,
    PersonAlias,
    ReviewStatus,
    Role,
    Tombstone,
)

# Tables whose rows feed the gazetteer.
_VERSIONED = (Actor, ActorAlias, Person, PersonAlias, Negotiation, Participation)
# Small tables whose deletions leave no Tombstone: counted. (PersonAlias may hold 10^5 rows, where
# a count costs milliseconds per report; its lone deletions are picked up by the TTL.)
_COUNTED = (ActorAlias,)
# A cached gazetteer is rebuilt at least this often, whatever the version says: it bounds how long
# a change the version cannot see (a queryset.update() leaving updated_at alone, a PersonAlias
# deleted on its own, a row committed late by a long transaction) stays invisible.
CACHE_TTL_SECONDS = 60.0

_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple, float, Gazetteer]] = {}


def gazetteer_version() -> tuple:
    """A cheap fingerprint of what the gazetteer reads, in one query of index look-ups.

    max(updated_at) and max(id) per table catch saves and inserts; max(deleted_at) of Tombstone
    catches deleted or merged actors, people, negotiations and participations (the tombstone signal
    writes one for each); counting ActorAlias catches a deleted actor alias.
    """
    parts = []
    quote = connection.ops.quote_name
    for model in _VERSIONED:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT max(updated_at) FROM {table})")
        parts.append(f"(SELECT max(id) FROM {table})")
    for model in _COUNTED:
        parts.append(f"(SELECT count(*) FROM {quote(model._meta.db_table)})")
    tombstones = quote(Tombstone._meta.db_table)
    parts.append(f"(SELECT max(deleted_at) FROM {tombstones})")
    parts.append(f"(SELECT max(id) FROM {tombstones})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def gazetteer_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def gazetteer_build(*, use_cache: bool = True) -> Gazetteer:
    """Live actors and people with their aliases, and negotiations with parties and mediators.

    Called once per report: a cached copy is returned while gazetteer_version() is unchanged
    (one query) and younger than CACHE_TTL_SECONDS; a rebuild costs six queries whatever the number
    of rows. The returned object is shared: do not mutate it.
    """
    if not use_cache:
        return _build()
    key = connection.settings_dict["NAME"] or ""
    version = gazetteer_version()
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == version and now - hit[1] < CACHE_TTL_SECONDS:
            return hit[2]
    gazetteer = _build()
    with _cache_lock:
        _cache[key] = (version, now, gazetteer)
    return gazetteer


def _build() -> Gazetteer:
    # values_list, not model instances: with thousands of people, instantiating rows is what costs.
    actor_aliases: dict[int, list[str]] = defaultdict(list)
    for actor_id, name in (
        ActorAlias.objects.filter(actor__merged_into__isnull=True).order_by("actor_id", "name").values_list("actor_id", "name")
    ):
        actor_aliases[actor_id].append(name)
    actors = [
        KnownActor(id=pk, name=name, kind=kind, iso_code=iso_code, aliases=tuple(actor_aliases.get(pk, ())))
        for pk, name, kind, iso_code in Actor.objects.filter(merged_into__isnull=True)
        .order_by("name", "pk")
        .values_list("pk", "name", "kind", "iso_code")
    ]

    person_aliases: dict[int, list[str]] = defaultdict(list)
    for person_id, name in (
        PersonAlias.objects.filter(person__merged_into__isnull=True)
        .order_by("person_id", "name")
        .values_list("person_id", "name")
    ):
        person_aliases[person_id].append(name)
    people = [
        # A person still pointing at a merged actor is affiliated with the kept one (one hop:
        # a merge points every merged row at the kept, live row).
        KnownPerson(
            id=pk, name=name, title=title, affiliation=kept or affiliation, aliases=tuple(person_aliases.get(pk, ()))
        )
        for pk, name, title, affiliation, kept in Person.objects.filter(merged_into__isnull=True)
        .order_by("name", "pk")
        .values_list("pk", "name", "title", "affiliation__name", "affiliation__merged_into__name")
    ]

    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: {Role.PARTY: [], Role.MEDIATOR: []})
    for negotiation_id, role, actor, kept in (
        Participation.objects.exclude(review_status=ReviewStatus.REJECTED)
        .filter(role__in=[Role.PARTY, Role.MEDIATOR])
        .order_by("negotiation_id", "actor__name")
        .values_list("negotiation_id", "role", "actor__name", "actor__merged_into__name")
    ):
        names = roles[negotiation_id][role]
        if (kept or actor) not in names:
            names.append(kept or actor)
    negotiations = [
        KnownNegotiation(
            id=pk,
            title=title,
            topic=topic,
            parties=tuple(roles[pk][Role.PARTY]) if pk in roles else (),
            mediators=tuple(roles[pk][Role.MEDIATOR]) if pk in roles else (),
        )
        for pk, title, topic in Negotiation.objects.exclude(review_status=ReviewStatus.REJECTED)
        .order_by("pk")
        .values_list("pk", "title", "topic")
    ]
    return Gazetteer(actors=actors, people=people, negotiations=negotiations)
