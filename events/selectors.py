"""Reads for the pipeline: what the database knows, as the plain data extraction takes."""

from __future__ import annotations

import threading

from django.db import connection
from django.db.models import Prefetch

from events.pipeline.types import Gazetteer, KnownActor, KnownNegotiation, KnownPerson
from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Person, PersonAlias, ReviewStatus, Role

# Tables whose rows feed the gazetteer: any insert, update or delete in them changes its version.
_VERSIONED = (Actor, ActorAlias, Person, PersonAlias, Negotiation, Participation)

_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple, Gazetteer]] = {}


def gazetteer_version() -> tuple:
    """Row count and latest updated_at of every table the gazetteer reads, in one query.

    Count catches deletions, max(updated_at) catches inserts and saves (updated_at is indexed).
    A queryset.update() that does not set updated_at is not seen: call gazetteer_cache_clear().
    """
    parts = []
    for model in _VERSIONED:
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT count(*) FROM {table})")
        parts.append(f"(SELECT max(updated_at) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def gazetteer_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def gazetteer_build(*, use_cache: bool = True) -> Gazetteer:
    """Live actors and people with their aliases, and negotiations with parties and mediators.

    Called once per report: a cached copy is returned while gazetteer_version() is unchanged
    (one cheap query); a rebuild costs six queries whatever the number of rows. The returned
    object is shared: do not mutate it.
    """
    if not use_cache:
        return _build()
    key = connection.settings_dict["NAME"] or ""
    version = gazetteer_version()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
    gazetteer = _build()
    with _cache_lock:
        _cache[key] = (version, gazetteer)
    return gazetteer


def _build() -> Gazetteer:
    alias_names = Prefetch("aliases", queryset=ActorAlias.objects.only("actor_id", "name").order_by("name"))
    actors = [
        KnownActor(
            id=actor.pk,
            name=actor.name,
            kind=actor.kind,
            iso_code=actor.iso_code,
            aliases=tuple(alias.name for alias in actor.aliases.all()),
        )
        for actor in Actor.objects.filter(merged_into__isnull=True).prefetch_related(alias_names).order_by("name", "pk")
    ]
    people = [
        KnownPerson(
            id=person.pk,
            name=person.name,
            title=person.title,
            affiliation=_live_actor_name(person.affiliation),
            aliases=tuple(alias.name for alias in person.aliases.all()),
        )
        for person in Person.objects.filter(merged_into__isnull=True)
        .select_related("affiliation__merged_into")
        .prefetch_related(Prefetch("aliases", queryset=PersonAlias.objects.only("person_id", "name").order_by("name")))
        .order_by("name", "pk")
    ]
    participations = Prefetch(
        "participations",
        queryset=Participation.objects.exclude(review_status=ReviewStatus.REJECTED)
        .select_related("actor__merged_into")
        .order_by("actor__name"),
    )
    negotiations = []
    for negotiation in Negotiation.objects.exclude(review_status=ReviewStatus.REJECTED).prefetch_related(participations).order_by("pk"):
        roles: dict[str, list[str]] = {Role.PARTY: [], Role.MEDIATOR: []}
        for participation in negotiation.participations.all():
            name = _live_actor_name(participation.actor)
            if participation.role in roles and name and name not in roles[participation.role]:
                roles[participation.role].append(name)
        negotiations.append(
            KnownNegotiation(
                id=negotiation.pk,
                title=negotiation.title,
                topic=negotiation.topic,
                parties=tuple(roles[Role.PARTY]),
                mediators=tuple(roles[Role.MEDIATOR]),
            )
        )
    return Gazetteer(actors=actors, people=people, negotiations=negotiations)


def _live_actor_name(actor: Actor | None) -> str | None:
    # One hop is enough: a merge points every merged row at the kept, live row.
    if actor is None:
        return None
    if actor.merged_into_id is not None and actor.merged_into is not None:
        return actor.merged_into.name
    return actor.name
