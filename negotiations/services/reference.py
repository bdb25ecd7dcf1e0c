"""Write the reference peace processes (events/gazetteers/negotiations.json) into Negotiation rows.

Each process becomes one Negotiation (slug = the reference slug, source = reference, reviewed) with
its parties as Participation rows, its usual mediators in Negotiation.usual_mediators and its other
names as NegotiationAlias rows, so that every report about the process can attach to it
(events.pipeline.identity). Usual mediators are not written as participations: the record's
mediators are the ones its reports name (Türkiye hosting one round does not make every past mediator
of the process a mediator of the record).

Idempotent and curator-safe. A reference row is recognised by its slug (following merged_into when a
curator merged it into another row). The loader updates a row only while no curator has edited it:
a row counts as curator-edited as soon as it, or one of its participations, has a history record
with a user (every admin and API write records its user; the loader and the pipeline write without
one). An edited row is left exactly as the curator left it: no title or topic rewritten, no
participation or alias added back. A row with the slug that the loader did not create (source
pipeline) is the curator's too. Run `python manage.py load_gazetteers` first: the actors must exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from negotiations.models import (
    Actor,
    ActorAlias,
    Negotiation,
    NegotiationAlias,
    NegotiationSource,
    Participation,
    ReviewStatus,
    Role,
    normalize_name,
)

REFERENCE_FILE = Path(__file__).resolve().parents[2] / "events" / "gazetteers" / "negotiations.json"
CHANGE_REASON = "negotiation_reference_load"
# Any constant distinct from the gazetteer loader's: serialises concurrent reference loads.
_LOCK_KEY = 7_403_222


@dataclass(frozen=True)
class ReferenceLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    curated: int = 0  # left alone: a curator edited them
    participations_created: int = 0
    usual_mediators_added: int = 0
    aliases_created: int = 0
    missing_actors: tuple[str, ...] = field(default=())  # names no live actor answers to (gazetteer not loaded?)


def negotiation_reference_load(*, entries: list[dict] | None = None, path: Path | None = None) -> ReferenceLoadResult:
    if entries is None:
        entries = json.loads((path or REFERENCE_FILE).read_text())["negotiations"]
    counts = {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "curated": 0,
        "participations": 0,
        "usual_mediators": 0,
        "aliases": 0,
    }
    missing: set[str] = set()
    with transaction.atomic():
        _lock()
        actors = _ActorNames()
        for entry in entries:
            negotiation = _find(entry["slug"])
            if negotiation is not None and _curated(negotiation):
                counts["curated"] += 1
                continue
            if negotiation is None:
                negotiation = Negotiation(
                    slug=entry["slug"], source=NegotiationSource.REFERENCE, review_status=ReviewStatus.REVIEWED
                )
                outcome = "created"
            else:
                outcome = "unchanged"
            changed = [name for name in ("title", "topic") if getattr(negotiation, name) != entry.get(name, "")]
            for name in changed:
                setattr(negotiation, name, entry.get(name, ""))
            if negotiation.pk is None or changed:
                negotiation._change_reason = CHANGE_REASON
                negotiation.save()
                outcome = "created" if outcome == "created" else "updated"
            added = _participations_add(negotiation, entry, actors, missing)
            usual = _usual_mediators_add(negotiation, entry, actors, missing)
            aliases = _aliases_add(negotiation, entry)
            if outcome == "unchanged" and (added or usual or aliases):
                outcome = "updated"
            counts[outcome] += 1
            counts["participations"] += added
            counts["usual_mediators"] += usual
            counts["aliases"] += aliases
    return ReferenceLoadResult(
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        curated=counts["curated"],
        participations_created=counts["participations"],
        usual_mediators_added=counts["usual_mediators"],
        aliases_created=counts["aliases"],
        missing_actors=tuple(sorted(missing)),
    )


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _find(slug: str) -> Negotiation | None:
    negotiation = Negotiation.objects.filter(slug=slug).first()
    seen = set()
    while negotiation is not None and negotiation.merged_into_id is not None and negotiation.pk not in seen:
        seen.add(negotiation.pk)
        negotiation = negotiation.merged_into
    return negotiation


def _curated(negotiation: Negotiation) -> bool:
    if negotiation.source != NegotiationSource.REFERENCE:
        return True
    if negotiation.history.filter(history_user__isnull=False).exists():
        return True
    return Participation.history.filter(negotiation_id=negotiation.pk, history_user__isnull=False).exists()


class _ActorNames:
    """Live actors by normalized name and alias, read once per load."""

    def __init__(self) -> None:
        live = Actor.objects.filter(merged_into__isnull=True)
        self.by_name = {actor.normalized_name: actor for actor in live}
        self.by_alias: dict[str, set[int]] = {}
        for actor_id, key in ActorAlias.objects.filter(actor__merged_into__isnull=True).values_list(
            "actor_id", "normalized_name"
        ):
            self.by_alias.setdefault(key, set()).add(actor_id)
        self.by_id = {actor.pk: actor for actor in self.by_name.values()}

    def get(self, name: str) -> Actor | None:
        key = normalize_name(name)
        if key in self.by_name:
            return self.by_name[key]
        # A curator renamed or merged the actor: the reference name survives as an alias.
        ids = self.by_alias.get(key, set())
        return self.by_id.get(next(iter(ids))) if len(ids) == 1 else None


def _participations_add(negotiation: Negotiation, entry: dict, actors: _ActorNames, missing: set[str]) -> int:
    have = set(
        Participation.objects.filter(negotiation=negotiation, role=Role.PARTY).values_list("actor_id", flat=True)
    )
    added = 0
    for name in entry["parties"]:
        actor = actors.get(name)
        if actor is None:
            missing.add(name)
            continue
        if actor.pk in have:
            continue
        participation = Participation(
            negotiation=negotiation, actor=actor, role=Role.PARTY, review_status=ReviewStatus.REVIEWED
        )
        participation._change_reason = CHANGE_REASON
        participation.save()
        have.add(actor.pk)
        added += 1
    return added


def _usual_mediators_add(negotiation: Negotiation, entry: dict, actors: _ActorNames, missing: set[str]) -> int:
    parties = {actor.pk for actor in (actors.get(name) for name in entry["parties"]) if actor is not None}
    have = set(negotiation.usual_mediators.values_list("pk", flat=True))
    new = []
    for name in entry.get("mediators", ()):
        actor = actors.get(name)
        if actor is None:
            missing.add(name)
            continue
        if actor.pk not in have and actor.pk not in parties:
            new.append(actor)
            have.add(actor.pk)
    negotiation.usual_mediators.add(*new)
    return len(new)


def _aliases_add(negotiation: Negotiation, entry: dict) -> int:
    have = set(NegotiationAlias.objects.filter(negotiation=negotiation).values_list("normalized_name", flat=True))
    have.add(normalize_name(negotiation.title))
    added = 0
    for name in entry.get("aliases", ()):
        key = normalize_name(name)
        if not key or key in have:
            continue
        NegotiationAlias.objects.create(negotiation=negotiation, name=name)
        have.add(key)
        added += 1
    return added
