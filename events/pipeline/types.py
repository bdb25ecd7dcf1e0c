"""Plain data passed between the pipeline steps: normalize -> deduplicate -> extract -> write.

The steps are pure functions over these types; only events.services writes to the database.
Entities refer to each other by *key* (the canonical name as it will be stored), never by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NormalizedReport:
    url: str
    canonical_url: str
    text: str
    fingerprint: str
    outlet: str = ""
    title: str = ""
    published_at: dt.datetime | None = None
    language: str = ""


@dataclass(frozen=True)
class Span:
    """Where a fact was read: character offsets into NormalizedReport.text, and the sentence."""

    start: int
    end: int
    sentence: str


# --- What the database already knows (built by a selector, passed to extract) ---


@dataclass(frozen=True)
class KnownActor:
    id: int | None
    name: str
    kind: str
    iso_code: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownPerson:
    id: int | None
    name: str
    title: str = ""
    affiliation: str | None = None  # actor name
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownNegotiation:
    id: int
    title: str
    topic: str = ""
    parties: tuple[str, ...] = ()  # actor names
    mediators: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names of the process ("Gaza truce talks"): NegotiationAlias rows


@dataclass(frozen=True)
class GazetteerChange:
    """How a gazetteer differs from the one it was patched from (identified by id(), which is unique
    while that one is alive): whether actors changed (and the new ones, when adding them was the only
    change), and the people and negotiations that did, each as it was and as it is. Lets the pipeline tell
    whether an extraction made on the older one still holds, and lets the extractor patch its person
    index instead of rebuilding it from every known person."""

    since: int
    actors: bool
    people: tuple[KnownPerson, ...] = ()  # people_left + people_entered
    negotiations: tuple[KnownNegotiation, ...] = ()
    # The versions of changed people that left the gazetteer and those that entered it: a person whose
    # row changed is in both (as it was, as it is), a new one only entered, a merged or deleted one only left.
    people_left: tuple[KnownPerson, ...] = ()
    people_entered: tuple[KnownPerson, ...] = ()
    # When the actors changed only by new ones being added (every actor of before is there as it was):
    # the new ones. Empty when the actors did not change, or changed in any other way.
    actors_entered: tuple[KnownActor, ...] = ()
    # A weak reference to the gazetteer patched from (an id alone may be reused once that one is gone).
    base: Callable[[], Gazetteer | None] | None = field(default=None, compare=False, repr=False)


@dataclass
class Gazetteer:
    actors: list[KnownActor] = field(default_factory=list)
    people: list[KnownPerson] = field(default_factory=list)
    negotiations: list[KnownNegotiation] = field(default_factory=list)
    change: GazetteerChange | None = None


# --- What extraction found in one report ---


@dataclass
class ExtractedActor:
    name: str  # canonical name: the key other facts use
    kind: str
    iso_code: str = ""
    known_id: int | None = None  # an existing Actor row; None means new, to be marked for review


@dataclass
class ExtractedPerson:
    name: str  # canonical full name: the key other facts use
    title: str = ""
    affiliation: str | None = None  # actor name
    known_id: int | None = None
    aliases: list[str] = field(default_factory=list)  # other full spellings seen in the report


@dataclass
class ExtractedNegotiation:
    title: str
    topic: str = ""
    parties: list[str] = field(default_factory=list)  # actor names
    mediators: list[str] = field(default_factory=list)
    known_id: int | None = None  # matched to an existing negotiation


@dataclass
class ExtractedStatement:
    text: str
    kind: str  # "direct" | "reported"
    span: Span
    speaker_person: str | None = None  # person name
    speaker_actor: str | None = None  # actor name, when only an institution is named
    speaker_title: str = ""
    said_on: dt.date | None = None
    said_on_precision: str = "day"  # "day" | "week" | "month"
    setting: str = ""


@dataclass
class ExtractedMeeting:
    kind: str  # talks | visit | call | conference | signing
    span: Span
    people: list[str] = field(default_factory=list)  # person names
    actors: list[str] = field(default_factory=list)  # actor names, where no person is named
    place_name: str = ""
    place_country: str | None = None  # actor name of the state
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    date_precision: str = "day"
    summary: str = ""


@dataclass
class Extraction:
    negotiation: ExtractedNegotiation | None = None
    actors: list[ExtractedActor] = field(default_factory=list)
    people: list[ExtractedPerson] = field(default_factory=list)
    statements: list[ExtractedStatement] = field(default_factory=list)
    meetings: list[ExtractedMeeting] = field(default_factory=list)
