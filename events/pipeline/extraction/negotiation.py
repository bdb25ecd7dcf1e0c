"""The negotiation a report belongs to: parties, mediators, topic; matched to a known one."""

from __future__ import annotations

import re
from collections import Counter

from events.pipeline.extraction.actors import ActorIndex, ActorMention
from events.pipeline.extraction.document import Document
from events.pipeline.extraction.meetings import MeetingDraft
from events.pipeline.extraction.people import Mention, PersonRecord
from events.pipeline.types import ExtractedNegotiation, ExtractedStatement, Gazetteer

_NEG_NOUNS = (
    r"(?:talks|negotiations|deal|agreement|cease-?fire|truce|peace|accord|dialogue|treaty|settlement|process"
    r"|framework|plan|exchange|swap|programme|program)"
)
_BETWEEN = re.compile(
    r"\bbetween\s+(?:the\s+)?(?P<a>[A-Z][^,.;]*?)\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*)*)"
)
_HYPHEN_PAIR = re.compile(rf"\b(?P<a>[A-Z][\w.]*)[-\u2013/](?P<b>[A-Z][\w.]*)\s+(?:(?:\w+\s+){{0,3}}){_NEG_NOUNS}\b")
_MEDIATION_CUES = re.compile(
    r"\b(?:mediat\w*|broker\w*|facilitat\w*|host(?:s|ed|ing)?|go-between|intermediar\w*|"
    r"(?:work(?:ing|ed|s)?|push(?:ing|ed|es)?|press(?:ing|ed)?|striv\w+|lobb\w+)\s+(?:hard\s+)?(?:for|toward|towards|to\s+(?:reach|secure|clinch|broker))\s+(?:an?\s+|the\s+)?(?:agreement|deal|truce|cease-?fire|settlement|accord)|"
    r"help(?:ed|ing|s)?\s+(?:to\s+)?(?:mediate|broker|secure|reach)|engaged\s+regional|shuttle\s+diplomacy)\b",
    re.I,
)
_TOPIC_STOP = {
    "a",
    "an",
    "the",
    "over",
    "on",
    "about",
    "for",
    "of",
    "to",
    "in",
    "at",
    "into",
    "toward",
    "towards",
    "with",
    "by",
    "as",
    "and",
    "recent",
    "potential",
    "possible",
    "proposed",
    "new",
    "fresh",
    "ongoing",
    "long-awaited",
    "stalled",
    "planned",
    "prospective",
    "latest",
    "indirect",
    "direct",
    "any",
    "its",
    "their",
    "his",
    "her",
}
_NP_WORD = re.compile(r"[\w-]+")


def _topic_before(sentence: str, pos: int) -> str:
    """The noun phrase ending in a negotiation noun just before 'between': 'cease-fire and hostage exchange deal'."""
    words = _NP_WORD.findall(sentence[:pos])
    np: list[str] = []
    for w in reversed(words):
        low = w.lower()
        if low in _TOPIC_STOP and low != "and":
            break
        if low == "and" and not np:
            break
        if w[0].isupper() and low not in {"cease-fire"}:
            break
        np.insert(0, w)
        if len(np) >= 7:
            break
    while np and np[0].lower() == "and":
        np = np[1:]
    if np and re.fullmatch(_NEG_NOUNS, np[-1].lower()):
        return " ".join(np)
    return ""


def negotiation_of(
    doc: Document,
    *,
    actor_mentions: list[ActorMention],
    mentions: list[Mention],
    people: list[PersonRecord],
    meetings: list[MeetingDraft],
    statements: list[ExtractedStatement],
) -> ExtractedNegotiation | None:
    """The negotiation stage: what the report's people, meetings and statements say about its negotiation."""
    sides = {p.name: p.affiliation for p in people}
    # (statement text, the speaker's side) for "we ... the other mediators".
    said = [(st.text, sides.get(st.speaker_person) if st.speaker_person else st.speaker_actor) for st in statements]
    return find_negotiation(
        text=doc.text,
        sentences=list(doc.sentences),
        actor_mentions=actor_mentions,
        actors=doc.actors,
        people=[(m.person, m.start) for m in mentions],
        meetings=meetings,
        statements=said,
        gazetteer=doc.gazetteer,
        title=doc.title,
    )


def find_negotiation(
    *,
    text: str,
    sentences,
    actor_mentions: list[ActorMention],
    actors: ActorIndex,
    people: list[tuple[PersonRecord, int]],
    meetings: list[MeetingDraft],
    statements: list[tuple[str, str | None]],
    gazetteer: Gazetteer,
    title: str = "",
) -> ExtractedNegotiation | None:
    """The report's negotiation: its two parties, the mediators, a topic, and the known negotiation it is.

    people: (person, where mentioned); statements: (words, the speaker's side).
    """
    parties, topic_np = _named_parties(title, sentences, actors)
    if not parties:
        parties = _paired_subject_parties(text, actor_mentions)
    if not parties:
        parties = _talks_with_parties(text, sentences, actor_mentions)
    mediators = _mediators(
        text=text,
        sentences=sentences,
        actor_mentions=actor_mentions,
        actors=actors,
        people=people,
        meetings=meetings,
        statements=statements,
        parties=parties,
    )
    if not parties:
        # The two sides the report names most, neither a mediator nor only a place.
        parties = _most_named_sides(text, actor_mentions, _strong_mediators(text, actor_mentions, people))
        if len(parties) < 2:
            return None
        mediators = [m for m in mediators if m not in parties]
    topic_np = topic_np or _default_noun(text)
    topic = f"{parties[0]}-{parties[1]} {topic_np}".strip()
    known_id = _match_known(parties, topic, gazetteer)
    return ExtractedNegotiation(title=topic, topic=topic, parties=parties, mediators=mediators, known_id=known_id)


def _named_parties(title: str, sentences, actors: ActorIndex) -> tuple[list[str], str]:
    """'a cease-fire deal between A and B' / 'the A-B peace talks': the sides of a named negotiation and its
    noun phrase, from the title, the first three paragraphs, then the rest."""
    parties: list[str] = []
    topic_np = ""
    early = [s.text for s in sentences if s.paragraph < 3]
    sources = ([title] if title else []) + early + [s.text for s in sentences if s.paragraph >= 3]
    for source in sources:
        for m in _BETWEEN.finditer(source):
            a = _leading_actor(m.group("a"), actors)
            b = _leading_actor(m.group("b"), actors)
            np = _topic_before(source, m.start())
            # "a separate deal between Congo and Rwanda": another negotiation than the report's.
            if _ANOTHER_BEFORE.search(source[: m.start()]):
                continue
            if a and b and a.name != b.name and (np or re.search(_NEG_NOUNS, source, re.I)):
                parties = parties or [a.name, b.name]
                topic_np = topic_np or np
        for m in _HYPHEN_PAIR.finditer(source):
            a, b = actors.lookup(m.group("a")), actors.lookup(m.group("b"))
            if a and b and a.name != b.name:
                parties = parties or [a.name, b.name]
                if not topic_np:
                    topic_np = re.sub(r"^[\w.]+[-\u2013/][\w.]+\s+", "", m.group()).strip()
        if parties:
            break
    return parties, topic_np


def _paired_subject_parties(text: str, actor_mentions: list[ActorMention]) -> list[str]:
    """'Iran and the United States held talks', 'Russian and Ukrainian officials met': two sides as one subject."""
    for i, a in enumerate(actor_mentions[:-1]):
        b = actor_mentions[i + 1]
        between = text[a.end : b.start]
        after = text[b.end : b.end + 60]
        if (
            re.fullmatch(r"(?:'s|\u2019s)?\s+and\s+(?:the\s+)?", between)
            and a.actor.name != b.actor.name
            and _PAIR_ACTS.match(after)
            and not re.search(r"\b(?:in|at|from|to|by|with)\s+(?:the\s+)?$", text[max(0, a.start - 10) : a.start])
        ):
            return [a.actor.name, b.actor.name]
    return []


def _talks_with_parties(text: str, sentences, actor_mentions: list[ActorMention]) -> list[str]:
    """'The White House described the first round of talks with Iran': the subject and its counterpart."""
    for sentence in sentences[:8]:
        w = _TALKS_WITH.search(sentence.text)
        if not w:
            continue
        inside = [a for a in actor_mentions if sentence.start <= a.start < sentence.end]
        first = next((a for a in inside if a.start < sentence.start + w.start()), None)
        other = next((a for a in inside if a.start >= sentence.start + w.end() - 1), None)
        if first is None or other is None or first.actor.name == other.actor.name:
            continue
        if a_is_subject(text, sentence.start, first.start):
            return [first.actor.name, other.actor.name]
    return []


def _mediators(
    *,
    text: str,
    sentences,
    actor_mentions: list[ActorMention],
    actors: ActorIndex,
    people: list[tuple[PersonRecord, int]],
    meetings: list[MeetingDraft],
    statements: list[tuple[str, str | None]],
    parties: list[str],
) -> list[str]:
    """Sides that mediate, in the order the report shows them, none of the parties."""
    mediators: list[str] = []

    def add(name):
        if name and name not in parties and name not in mediators:
            mediators.append(name)

    for sentence in sentences:
        for name in _mediation_sentence_sides(text, sentence, actor_mentions=actor_mentions, people=people):
            add(name)
    for p, _ in people:
        # An envoy or mediator works between the sides: their side mediates.
        if p.affiliation and _GO_BETWEEN_TITLE.search(p.title or ""):
            add(p.affiliation)
    for words, side in statements:
        # "We ... the other mediators": the speaker's side mediates.
        if side and re.search(r"\b(?:we|our|us)\b", words, re.I) and re.search(r"\bmediat", words, re.I):
            add(side)
    for meeting in meetings:
        # Officials who act in the talks without being a party mediate: they sit with both sides, or meet
        # among themselves about the deal; one side's minister meeting a third country's does not make
        # that country a mediator.
        sides = {p.affiliation for p in meeting.people} | set(meeting.actors)
        if len(sides & set(parties)) == 1:
            continue
        for p in meeting.people:
            known = actors.get(p.affiliation) if p.affiliation else None
            if p.affiliation not in parties and known and known.kind in ("state", "international_organisation"):
                add(p.affiliation)
    return mediators


def _mediation_sentence_sides(
    text: str, sentence, *, actor_mentions: list[ActorMention], people: list[tuple[PersonRecord, int]]
) -> list[str]:
    """The sides a sentence with a mediation cue names ("Qatar, which has mediated ..."), outside its
    attribution tail ("..., Miller said": who talks, not who mediates) and not as a place."""
    if not _MEDIATION_CUES.search(sentence.text):
        return []
    body_end = sentence.end
    tail = re.search(r",\s*[^,]{1,60}\b(?:said|says|added|told\s+\w+)\.?\s*[\"\u201d]?$", sentence.text)
    if tail:
        body_end = sentence.start + tail.start()
    out = []
    for a in actor_mentions:
        if sentence.start <= a.start < body_end and a.actor.kind in ("state", "international_organisation", "other"):
            # A place ("in Aqaba (Jordan)", "from Doha") is where, not who.
            if _PLACE_BEFORE.search(text[max(0, a.start - 40) : a.start]):
                continue
            out.append(a.actor.name)
    for p, start in people:
        if sentence.start <= start < body_end and p.affiliation:
            out.append(p.affiliation)
    return out


def _strong_mediators(
    text: str, actor_mentions: list[ActorMention], people: list[tuple[PersonRecord, int]]
) -> list[str]:
    """Sides that mediate by an envoy or as hosts ('mediated by Qatar'): never a party by count."""
    strong: list[str] = []
    for p, _ in people:
        if p.affiliation and _GO_BETWEEN_TITLE.search(p.title or "") and p.affiliation not in strong:
            strong.append(p.affiliation)
    for m in re.finditer(r"\b(?:mediated|brokered|hosted|co-hosted|facilitated|sponsored)\s+by\s+", text):
        for a in actor_mentions:
            if m.end() <= a.start < m.end() + 60 and a.actor.name not in strong:
                strong.append(a.actor.name)
    return strong


def _most_named_sides(text: str, actor_mentions: list[ActorMention], strong: list[str]) -> list[str]:
    """The two sides the report names most. Sides act in the story: a name used as a possessor or a place
    ("Sudan's army", "envoy for Sudan", "in Geneva") does not count, nor does a strong mediator."""
    counts = Counter(
        a.actor.name
        for a in actor_mentions
        if a.actor.kind in ("state", "armed_group", "political_party", "government_body")
        and not _locative(text, a.start)
        and a.actor.name not in strong
        and not re.match(r"(?:'s|\u2019s)\b", text[a.end : a.end + 3])
        and not re.search(r"\b(?:of|for)\s+(?:the\s+)?$", text[max(0, a.start - 8) : a.start])
    )
    return [name for name, _ in counts.most_common(2)]


_ANOTHER_BEFORE = re.compile(r"\b(?:separate|another|previous|earlier|parallel|different)\s+(?:\w+\s+){0,2}$")
_PAIR_ACTS = re.compile(
    rf"(?:'s|\u2019s)?\s+(?:\w+\s+){{0,2}}?(?:have\s+|has\s+|had\s+)?(?:agreed|signed|held|reached|"
    rf"resumed|began|concluded|negotiat\w*|met|meet|opened|launched|{_NEG_NOUNS}|officials|"
    rf"delegations|negotiators|leaders|ministers|envoys)\b"
)
_GO_BETWEEN_TITLE = re.compile(r"\b(?:envoy|mediator|facilitator|emissary)\b", re.I)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|from|to|into|near)\s+(?:the\s+)?$|\(\s*$|"
    r"\b(?:in|at)\s+[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?,\s*$"
)
_TALKS_WITH = re.compile(r"\b(?:talks|negotiations|dialogue|round\s+of\s+talks)\s+with\s+(?:the\s+)?[A-Z]")


def a_is_subject(text: str, sentence_start: int, pos: int) -> bool:
    """The actor opens its sentence ('The White House on Monday ...'), no preposition before it."""
    return bool(re.fullmatch(r"\W*(?:[A-Z][\w.-]*\s+)?(?:the\s+)?", text[sentence_start:pos]))


def _locative(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:in|at|from|to|into|near)\s+(?:the\s+)?$|\(\s*$", text[max(0, start - 12) : start]))


def _leading_actor(phrase: str, actors: ActorIndex):
    phrase = phrase.strip()
    found = actors.lookup(phrase)
    if found:
        return found
    words = phrase.split()
    for n in range(min(4, len(words)), 0, -1):
        found = actors.lookup(" ".join(words[:n]))
        if found:
            return found
    return None


def _default_noun(text: str) -> str:
    counts = Counter(
        m.group().lower()
        for m in re.finditer(
            r"\b(?:cease-?fire|truce|peace talks|peace deal|nuclear talks|talks|negotiations|deal)\b", text[:1500], re.I
        )
    )
    return counts.most_common(1)[0][0] if counts else "talks"


def _match_known(parties: list[str], topic: str, gazetteer: Gazetteer) -> int | None:
    from rapidfuzz import fuzz

    want = {p.casefold() for p in parties}
    best, best_score = None, 0.0
    for neg in gazetteer.negotiations:
        theirs = {p.casefold() for p in neg.parties}
        if theirs != want:
            continue
        score = fuzz.token_set_ratio(topic, f"{neg.title} {neg.topic}")
        if score > best_score:
            best, best_score = neg.id, score
    return best
