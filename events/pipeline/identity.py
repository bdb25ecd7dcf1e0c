"""Which negotiation a report is about: one record per real process between its parties. Pure.

A negotiation is the process between its parties (the sides in conflict), whatever an outlet calls
it and whichever mediator, host or round a report is about. Given the actors a report names, each
with the cue the report gives for it (talking or fighting: a party; mediating, hosting, brokering,
an envoy's government: a mediator), the phrases that name the process ("Gaza truce talks") and the
known negotiations, `negotiation_identify` returns the known one the report is about, or a new one
with only its parties (to be created for review), or nothing.

Rules, in the order they are applied:

- A known process matches when the report names two of its parties (an actor it cues only as a
  mediator or host does not count as a party), or one of its parties together
  with one of its usual mediators or one of its names, or only one of its names. The best-scoring
  match wins (parties weigh most, then a name, then mediators; an actor the report calls a party
  that has no role in the process counts against it). Two processes matched equally well on one
  party alone are ambiguous: no match (Qatar and the United States meet: Iran? the Taliban?).
- Within a matched process its own parties are parties; its mediators are the actors the report
  shows mediating and the process's usual mediators the report names. Hosts and mediators never
  become parties (Türkiye hosting Russia-Ukraine talks in Istanbul); a venue that is neither (the
  country of a conference) is no mediator. An actor cued as a party that has no role in the process
  is left for review (`unplaced`) rather than added as a party.
- A new process is proposed only when no known one matches, from the actors cued as parties that
  were never cued as mediator and are not international organisations, and only when two or more
  remain; a host among them is dropped when two others remain (talks in one side's capital keep
  that side). A pair where one side is a usual mediator of a process of the other (Egypt and
  Hamas, Qatar and the United States) is never a new process.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from events.pipeline.types import ExtractedNegotiation, Extraction, KnownNegotiation

PARTY = "party"  # named as talking, fighting, agreeing, signing: a side
MEDIATOR = "mediator"  # mediating, brokering, facilitating; an envoy's government
HOST = "host"  # hosting the talks (a venue's state)
ACTS = "acts"  # takes part in a fact of the report: speaks, meets (itself or one of its people)
MENTIONED = "mentioned"  # named with no role cue
CUES = (PARTY, MEDIATOR, HOST, ACTS, MENTIONED)

# Organisations mediate, observe or guarantee; they are never a side of a new negotiation.
NEVER_NEW_PARTY_KINDS = frozenset({"international_organisation", "ngo"})

REFERENCE_FILE = Path(__file__).resolve().parents[1] / "gazetteers" / "negotiations.json"

# Weights of the match score: two parties always beat one party with every mediator and a name.
_PARTY_WEIGHT = 10
_ALIAS_WEIGHT = 5
_MEDIATOR_WEIGHT = 3
_CUED_PARTY_BONUS = 1
_FOREIGN_PARTY_PENALTY = 4


@dataclass(frozen=True)
class ActorCue:
    """An actor a report names (canonical name, as in the gazetteer) and how the report presents it."""

    name: str
    cue: str = MENTIONED  # one of CUES
    kind: str = ""  # ActorKind value when known


@dataclass(frozen=True)
class IdentityInput:
    """What one report says that bears on which process it is about."""

    actors: tuple[ActorCue, ...] = ()
    # Phrases naming the process: the report's title, "the hostage deal", "Gaza truce talks".
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdentityResult:
    """The known negotiation matched (or None), or a new one (is_new) with only its parties."""

    negotiation: KnownNegotiation | None = None
    is_new: bool = False
    title: str = ""
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    unplaced: tuple[str, ...] = ()  # cued as parties but without a role in the matched process: for review
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.negotiation is not None or self.is_new


def fold(text: str) -> str:
    """Case, accents, punctuation and hyphens folded: 'Israel–Hamas Cease-Fire' == 'israel hamas cease fire'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("ı", "i").replace("ø", "o").replace("ß", "ss").replace("ł", "l")
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


def negotiation_identify(
    *, report: IdentityInput, known: tuple[KnownNegotiation, ...] | list[KnownNegotiation]
) -> IdentityResult:
    cues = _cues_by_actor(report.actors)
    phrases = [f" {fold(name)} " for name in report.names if fold(name)]
    scored = []
    for order, negotiation in enumerate(known):
        score = _score(negotiation, cues, phrases)
        if score is not None:
            scored.append((score, order, negotiation))
    if scored:
        scored.sort(key=lambda item: (-item[0][0], -item[0][1], item[1]))
        (best, strong), _, negotiation = scored[0]
        tied = [item for item in scored[1:] if item[0][0] == best]
        if not (tied and not strong):
            return _matched(negotiation, cues, tied_with=[item[2] for item in tied])
        return IdentityResult(reason="ambiguous: " + ", ".join(n.title for _, _, n in [scored[0], *tied]))
    return _new(cues, known)


def identity_input(
    found: ExtractedNegotiation | None,
    *,
    actors: Iterable[tuple[str, str]] = (),
    hosts: Iterable[str] = (),
    acting: Iterable[str] = (),
    title: str = "",
) -> IdentityInput:
    """What a report says about its process: the parties and mediators the extractor found with their
    cues, the countries its meetings were held in as hosts, the actors that speak or meet in it
    (themselves or through their people) as acting, every other actor it names (name, kind) as
    mentioned; the report's title and the found title and topic as names."""
    kinds = dict(actors)
    cues: list[ActorCue] = []
    if found is not None:
        cues += [ActorCue(name, PARTY, kinds.get(name, "")) for name in found.parties]
        cues += [ActorCue(name, MEDIATOR, kinds.get(name, "")) for name in found.mediators]
    cues += [ActorCue(name, HOST, kinds.get(name, "")) for name in hosts if name]
    cues += [ActorCue(name, ACTS, kinds.get(name, "")) for name in acting if name]
    cues += [ActorCue(name, MENTIONED, kind) for name, kind in kinds.items()]
    names = tuple(n for n in (title, found.title if found else "", found.topic if found else "") if n)
    return IdentityInput(actors=tuple(cues), names=names)


def identity_input_from_extraction(extraction: Extraction, *, title: str = "") -> IdentityInput:
    return identity_input(
        extraction.negotiation,
        actors=[(actor.name, actor.kind) for actor in extraction.actors],
        hosts=[m.place_country for m in extraction.meetings],
        acting=acting_actors(extraction),
        title=title,
    )


def acting_actors(extraction: Extraction) -> list[str]:
    """The actors that speak or meet in the report, themselves or through the people it names."""
    sides = {person.name: person.affiliation for person in extraction.people}
    acting: list[str] = []
    for statement in extraction.statements:
        acting.append(statement.speaker_actor or sides.get(statement.speaker_person or ""))
    for meeting in extraction.meetings:
        acting += meeting.actors
        acting += [sides.get(name) for name in meeting.people]
    return [name for name in dict.fromkeys(acting) if name]


def negotiation_identified(
    found: ExtractedNegotiation | None,
    *,
    report: IdentityInput,
    known: tuple[KnownNegotiation, ...] | list[KnownNegotiation],
) -> ExtractedNegotiation | None:
    """The report's negotiation as identified: the known process (its id as known_id, its parties, the
    mediators the report names), a new one between the report's own sides, or None (facts unassigned).
    The same rules apply whatever is known, so that the order reports arrive in does not change what
    a report's new negotiation holds."""
    result = negotiation_identify(report=report, known=known)
    if result.negotiation is not None:
        negotiation = result.negotiation
        return ExtractedNegotiation(
            title=negotiation.title,
            topic=negotiation.topic,
            parties=list(result.parties),
            mediators=list(result.mediators),
            known_id=negotiation.id if negotiation.id > 0 else None,
        )
    if result.is_new:
        if found is not None and set(found.parties) == set(result.parties):
            # The extractor's own title ("Israel-Hamas cease-fire") says more than "A-B talks".
            return ExtractedNegotiation(
                title=found.title, topic=found.topic, parties=list(result.parties), mediators=list(result.mediators)
            )
        topic = found.topic if found else ""
        return ExtractedNegotiation(
            title=result.title, topic=topic, parties=list(result.parties), mediators=list(result.mediators)
        )
    return None


def identity_apply(
    extraction: Extraction, *, known: tuple[KnownNegotiation, ...] | list[KnownNegotiation], title: str = ""
) -> Extraction:
    """The extraction with its negotiation replaced by the identified one (negotiation_identified)."""
    report = identity_input_from_extraction(extraction, title=title)
    extraction.negotiation = negotiation_identified(extraction.negotiation, report=report, known=known)
    return extraction


def reference_negotiations(path: Path = REFERENCE_FILE) -> tuple[KnownNegotiation, ...]:
    """The reference processes as KnownNegotiation, for pure callers (tests, evaluation) without a database.

    Their ids are negative (-1, -2, ...) so that they can never be mistaken for a row's id.
    """
    data = json.loads(path.read_text())
    return tuple(
        KnownNegotiation(
            id=-(number + 1),
            title=entry["title"],
            topic=entry.get("topic", ""),
            parties=tuple(entry["parties"]),
            mediators=tuple(entry.get("mediators", ())),
            aliases=tuple(entry.get("aliases", ())),
        )
        for number, entry in enumerate(data["negotiations"])
    )


def reference_slugs(path: Path = REFERENCE_FILE) -> dict[str, str]:
    """Reference title -> slug (the slug is the stable key of a process)."""
    return {entry["title"]: entry["slug"] for entry in json.loads(path.read_text())["negotiations"]}


# --- steps --------------------------------------------------------------------------------


def _cues_by_actor(actors: tuple[ActorCue, ...]) -> dict[str, tuple[set[str], str]]:
    """Actor name -> (every cue the report gives it, its kind), in the order first named."""
    cues: dict[str, tuple[set[str], str]] = {}
    for actor in actors:
        if not actor.name:
            continue
        if actor.cue not in CUES:
            raise ValueError(f"unknown cue {actor.cue!r} for {actor.name!r}; expected one of {CUES}")
        seen, kind = cues.setdefault(actor.name, (set(), actor.kind))
        seen.add(actor.cue)
        if actor.kind and not kind:
            cues[actor.name] = (seen, actor.kind)
    return cues


@lru_cache(maxsize=4096)
def _names_of(negotiation: KnownNegotiation) -> tuple[str, ...]:
    # Every report is scored against every known negotiation: fold their names once.
    return tuple(f" {fold(name)} " for name in (negotiation.title, *negotiation.aliases) if fold(name))


def _score(negotiation: KnownNegotiation, cues: dict, phrases: list[str]) -> tuple[int, bool] | None:
    """(score, strong) when the report can be about this negotiation; None when it cannot."""
    parties = set(negotiation.parties)
    mediators = set(negotiation.mediators) - parties
    # A party of this process that the report names only as a mediator or host (never as a side) is no
    # evidence for it: Sudan "mediating" in a report on Egypt and the RSF is not the Nile dam talks.
    parties_hit = [
        name
        for name, (seen, _) in cues.items()
        if name in parties and not (seen & {MEDIATOR, HOST} and PARTY not in seen)
    ]
    mediators_hit = [name for name in cues if name in mediators]
    cued_parties = [name for name in parties_hit if PARTY in cues[name][0]]
    # Someone the report calls a side who has no role in this process: evidence of another process.
    foreign = [
        name for name, (seen, _) in cues.items() if seen == {PARTY} and name not in parties and name not in mediators
    ]
    names = _names_of(negotiation)
    alias_hit = any(name in phrase for phrase in phrases for name in names)
    strong = len(parties_hit) >= 2
    if not strong and not (parties_hit and (alias_hit or mediators_hit)) and not alias_hit:
        return None
    score = (
        _PARTY_WEIGHT * len(parties_hit)
        + _ALIAS_WEIGHT * alias_hit
        + _MEDIATOR_WEIGHT * len(mediators_hit)
        + _CUED_PARTY_BONUS * len(cued_parties)
        - _FOREIGN_PARTY_PENALTY * len(foreign)
    )
    return score, strong


def _matched(negotiation: KnownNegotiation, cues: dict, tied_with: list[KnownNegotiation]) -> IdentityResult:
    parties = set(negotiation.parties)
    mediators = []
    unplaced = []
    for name, (seen, _) in cues.items():
        if name in parties:
            continue
        # The report's mediators: those it shows mediating, and the process's usual mediators that host,
        # talk, speak or meet in it. A usual mediator only mentioned ("after earlier rounds in Riyadh")
        # and a host that is no usual mediator (a conference's venue) are not.
        if MEDIATOR in seen or (name in negotiation.mediators and seen & {PARTY, HOST, ACTS}):
            mediators.append(name)
        elif PARTY in seen:
            unplaced.append(name)
    reason = "matched"
    if tied_with:
        reason += " (tied with " + ", ".join(n.title for n in tied_with) + ")"
    return IdentityResult(
        negotiation=negotiation,
        title=negotiation.title,
        parties=tuple(negotiation.parties),
        mediators=tuple(mediators),
        unplaced=tuple(unplaced),
        reason=reason,
    )


def _new(cues: dict, known) -> IdentityResult:
    sides = [
        name
        for name, (seen, kind) in cues.items()
        if PARTY in seen and MEDIATOR not in seen and kind not in NEVER_NEW_PARTY_KINDS
    ]
    # A host is no side when two others are (Belgium hosting Serbia and Kosovo); talks in one side's
    # capital (Ecuador and Peru in Lima) leave that side a side.
    away = [name for name in sides if HOST not in cues[name][0]]
    if len(away) >= 2:
        sides = away
    if len(sides) < 2:
        return IdentityResult(reason="no known negotiation matches and fewer than two parties are named")
    for negotiation in known:
        # A party of a known process and one of its usual mediators talking is that process's business.
        if any(a in negotiation.parties and b in negotiation.mediators for a in sides for b in sides):
            return IdentityResult(reason=f"a party and a mediator of {negotiation.title}: not a new negotiation")
    # As within a known process: a venue is no mediator unless the report shows it mediating.
    mediators = tuple(name for name, (seen, _) in cues.items() if MEDIATOR in seen and name not in sides)
    return IdentityResult(
        is_new=True,
        title="-".join(sides) + " talks",
        parties=tuple(sides),
        mediators=mediators,
        reason="new: no known negotiation between these parties",
    )
