"""Actor mentions: the known actors a report names, and organisations the gazetteer does not know, added
only when their name clearly says so.

"the Sudan Liberation Movement", "the National Resistance Front": a capitalised name ending in an
organisation noun. A name starting with a known actor's name ("Russian Armed Forces", "Hamas political
bureau") belongs to that actor and is left to it.
"""

from __future__ import annotations

import bisect
import re

from events.pipeline.extraction.actors import ActorIndex, ActorMention
from events.pipeline.extraction.document import Document
from events.pipeline.extraction.people import Mention
from events.pipeline.types import KnownActor

_KINDS = {
    "movement": "armed_group",
    "front": "armed_group",
    "forces": "armed_group",
    "army": "armed_group",
    "brigade": "armed_group",
    "brigades": "armed_group",
    "militia": "armed_group",
    "party": "political_party",
    "alliance": "other",
    "organisation": "international_organisation",
    "organization": "international_organisation",
    "committee": "other",
    "coalition": "other",
    "council": "government_body",
    "union": "international_organisation",
    "authority": "government_body",
    "group": "other",
}
_STATE_BODIES = {
    "armed forces",
    "army",
    "forces",
    "navy",
    "air force",
    "defence forces",
    "defense forces",
    "government",
    "parliament",
    "security council",
    "national security council",
    "council of ministers",
    "foreign ministry",
    "political bureau",
    "military council",
}
_ORG = re.compile(
    r"(?:\b[Tt]he\s+)?(?P<name>(?:[A-Z][\w\u2019'-]+\s+(?:(?:of|for)\s+(?:the\s+)?)?){1,5}"
    r"(?:Movement|Front|Forces|Army|Brigades?|Militia|Party|Alliance|Organi[sz]ation|Committee|"
    r"Coalition|Council|Union|Authority|Group))\b"
)


def find_unknown_organisations(
    text: str, *, actors: ActorIndex, known: list[ActorMention], taken: list[tuple[int, int]]
) -> list[ActorMention]:
    out: list[ActorMention] = []
    seen: dict[str, KnownActor] = {}
    for m in _ORG.finditer(text):
        start, end = m.start("name"), m.end("name")
        name = m.group("name")
        first, rest = name.split()[0], " ".join(name.split()[1:]).lower()
        if actors.lookup(name) is not None or (first in actors.by_surface and rest in _STATE_BODIES):
            continue  # the actor itself, or a state's own body ("Russian Armed Forces")
        # A known name inside ("Sudan" in "Sudan Liberation Movement") gives way; one reaching out of it wins.
        if any(
            a.start < end and start < a.end and not (start <= a.start and a.end <= end and a.actor.kind == "state")
            for a in known
        ):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        if len(name.split()) < 2:
            continue
        actor = seen.get(name)
        if actor is None:
            kind = _KINDS.get(name.split()[-1].lower(), "other")
            actor = seen[name] = KnownActor(id=None, name=name, kind=kind)
        out.append(ActorMention(start, end, name, actor))
    return out


def find_actor_mentions(doc: Document) -> list[ActorMention]:
    """Known actors named in the report, ambiguous names ("Chad", "Georgia") kept only where they are actors."""
    return doc.actors.disambiguate(doc.actors.find(doc.text), doc.is_ambiguous)


def settle_actor_mentions(
    doc: Document, *, actor_mentions: list[ActorMention], mentions: list[Mention]
) -> list[ActorMention]:
    """The actor mentions once people are known: none inside a person's name ("Wagner" in "Thérèse
    Kayikwamba Wagner"), and organisations the gazetteer does not know ("the Sudan Liberation Movement")."""
    name_spans = [(m.start, m.end) for m in mentions if m.kind in ("name", "surname")]
    actor_mentions = [a for a in actor_mentions if not _inside(a.start, name_spans)]
    unknown = find_unknown_organisations(doc.text, actors=doc.actors, known=actor_mentions, taken=name_spans)
    if unknown:
        spans = sorted((u.start, u.end) for u in unknown)
        actor_mentions = sorted(
            [a for a in actor_mentions if not _inside(a.start, spans)] + unknown, key=lambda a: a.start
        )
    return actor_mentions


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
