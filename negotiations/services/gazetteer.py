"""Write the general gazetteer (events/gazetteers/*.json) into Actor and ActorAlias.

Idempotent and curator-safe: an actor already in the database (found by ISO code for states, by
normalized name, through a merge, or by a name the gazetteer lists as its alias) is kept as the
curator left it (name, kind, description, review status are never overwritten); only aliases it
lacks are added, and on rows still awaiting review (created by the pipeline) blanks (no ISO code,
kind 'other') are filled. Known limitation: ActorAlias
keeps no history, so an alias a curator deleted comes back on the next load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from events.pipeline.gazetteer import ABBREVIATION, NAME, GazetteerEntry, gazetteer_entries
from negotiations.models import Actor, ActorAlias, ActorKind, ReviewStatus, normalize_name


@dataclass(frozen=True)
class GazetteerLoadResult:
    actors_created: int
    actors_matched: int
    aliases_created: int


def gazetteer_load(*, entries: Iterable[GazetteerEntry] | None = None) -> GazetteerLoadResult:
    entries = list(gazetteer_entries() if entries is None else entries)
    with transaction.atomic():
        _lock()
        index = _ActorIndex()
        claimed: set[int] = set()
        targets: list[tuple[Actor, GazetteerEntry]] = []
        new: list[Actor] = []
        for entry in entries:
            actor = index.find(entry, exclude=claimed)
            if actor is None:
                iso_code = entry.iso_code.upper() if entry.iso_code not in index.by_iso else ""
                actor = Actor(
                    name=entry.name,
                    # bulk_create skips save(), where these are normally derived.
                    normalized_name=normalize_name(entry.name),
                    kind=entry.kind,
                    iso_code=iso_code,
                    description=entry.description,
                    review_status=ReviewStatus.REVIEWED,
                )
                index.add(actor)
                new.append(actor)
            else:
                _fill_blanks(actor, entry, index)
                claimed.add(actor.pk)
            targets.append((actor, entry))
        # One insert for the actors and one for their history rows, not one save per actor: every
        # test that needs the general gazetteer loads it.
        bulk_create_with_history(new, Actor, batch_size=500, default_change_reason="load_gazetteers")
        created, matched = len(new), len(targets) - len(new)
        aliases = _missing_aliases(targets)
        ActorAlias.objects.bulk_create(aliases, ignore_conflicts=True, batch_size=1000)
    return GazetteerLoadResult(actors_created=created, actors_matched=matched, aliases_created=len(aliases))


# Any constant: the advisory lock that serialises concurrent loads.
_LOCK_KEY = 7_403_221


def _lock() -> None:
    # Two concurrent loads would otherwise both create the same actors and one would fail on
    # actor_unique_live_name halfway through.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


class _ActorIndex:
    """Every actor row in memory once, so a load costs a constant number of reads."""

    def __init__(self) -> None:
        rows = list(Actor.objects.all())
        self.by_id = {a.pk: a for a in rows}
        live = [a for a in rows if a.merged_into_id is None]
        self.by_iso = {a.iso_code: a for a in live if a.iso_code}
        self.by_name = {a.normalized_name: a for a in live}
        self.merged_by_name = {a.normalized_name: a for a in rows if a.merged_into_id is not None}
        self.by_alias: dict[str, set[int]] = {}
        for actor_id, key in ActorAlias.objects.filter(actor__merged_into__isnull=True).values_list(
            "actor_id", "normalized_name"
        ):
            self.by_alias.setdefault(key, set()).add(actor_id)

    def add(self, actor: Actor) -> None:
        # An actor about to be created has no pk yet: by name and code only, so that no later
        # entry is matched to another entry's new row.
        if actor.pk is not None:
            self.by_id[actor.pk] = actor
        self.by_name[actor.normalized_name] = actor
        if actor.iso_code:
            self.by_iso[actor.iso_code] = actor

    def live(self, actor: Actor) -> Actor | None:
        seen = set()
        while actor is not None and actor.merged_into_id is not None and actor.pk not in seen:
            seen.add(actor.pk)
            actor = self.by_id.get(actor.merged_into_id)
        return actor if actor is not None and actor.merged_into_id is None else None

    def find(self, entry: GazetteerEntry, *, exclude: set[int]) -> Actor | None:
        def ok(actor: Actor | None) -> Actor | None:
            return actor if actor is not None and actor.pk not in exclude else None

        key = normalize_name(entry.name)
        if entry.iso_code and ok(self.by_iso.get(entry.iso_code)):
            return self.by_iso[entry.iso_code]
        if ok(self.by_name.get(key)):
            return self.by_name[key]
        if key in self.merged_by_name and ok(self.live(self.merged_by_name[key])):
            return self.live(self.merged_by_name[key])
        # A curator renamed the row: its name is one of our names, or it keeps ours as an alias.
        candidates: set[int] = set(self.by_alias.get(key, ()))
        for alias in entry.aliases:
            if alias.kind in (NAME, ABBREVIATION) and not alias.ambiguous:
                actor = self.by_name.get(normalize_name(alias.text))
                if actor is not None and actor.pk is not None:
                    candidates.add(actor.pk)
        found = [
            self.by_id[pk]
            for pk in candidates - exclude
            if pk in self.by_id and self.by_id[pk].merged_into_id is None and _kinds_compatible(self.by_id[pk], entry)
        ]
        return found[0] if len(found) == 1 else None


def _kinds_compatible(actor: Actor, entry: GazetteerEntry) -> bool:
    # A state never stands in for an organisation of the same name, nor the reverse.
    if actor.kind == ActorKind.OTHER:
        return True
    return (actor.kind == ActorKind.STATE) == (entry.kind == ActorKind.STATE)


def _fill_blanks(actor: Actor, entry: GazetteerEntry, index: _ActorIndex) -> None:
    # Only rows the pipeline created and no curator has looked at yet: a reviewed row's blank
    # ISO code or kind 'other' is the curator's choice.
    if actor.review_status != ReviewStatus.AUTO:
        return
    changed = []
    if entry.iso_code and not actor.iso_code and entry.iso_code not in index.by_iso:
        actor.iso_code = entry.iso_code
        index.by_iso[entry.iso_code] = actor
        changed.append("iso_code")
    if actor.kind == ActorKind.OTHER and entry.kind != ActorKind.OTHER:
        actor.kind = entry.kind
        changed.append("kind")
    if changed:
        actor.save()


def _missing_aliases(targets: list[tuple[Actor, GazetteerEntry]]) -> list[ActorAlias]:
    existing: dict[int, set[str]] = {}
    for actor_id, key in ActorAlias.objects.filter(actor_id__in=[a.pk for a, _ in targets]).values_list(
        "actor_id", "normalized_name"
    ):
        existing.setdefault(actor_id, set()).add(key)
    new: list[ActorAlias] = []
    for actor, entry in targets:
        have = existing.setdefault(actor.pk, set())
        have.add(actor.normalized_name)
        # The gazetteer's canonical name becomes an alias when the curator renamed the row.
        for text in [entry.name, *entry.alias_texts()]:
            key = normalize_name(text)
            if key and key not in have:
                have.add(key)
                # bulk_create skips save(), which is where normalized_name is computed.
                new.append(ActorAlias(actor=actor, name=text, normalized_name=key))
    return new
