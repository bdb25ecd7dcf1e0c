"""The negotiation a report belongs to: parties, mediators, topic; matched to a known one."""

from __future__ import annotations

import re
from collections import Counter

from events.pipeline.extraction.actors import ActorIndex, ActorMention
from events.pipeline.types import ExtractedNegotiation, Gazetteer

_NEG_NOUNS = r"(?:talks|negotiations|deal|agreement|cease-?fire|truce|peace|accord|dialogue|treaty|settlement|process|framework|plan|exchange|swap|programme|program)"
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?P<a>[A-Z][^,.;]*?)\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*)*)")
_HYPHEN_PAIR = re.compile(rf"\b(?P<a>[A-Z][\w.]*)[-\u2013/](?P<b>[A-Z][\w.]*)\s+(?:(?:\w+\s+){{0,3}}){_NEG_NOUNS}\b")
_MEDIATION_CUES = re.compile(
    r"\b(?:mediat\w*|broker\w*|facilitat\w*|host(?:s|ed|ing)?|go-between|intermediar\w*|"
    r"(?:work(?:ing|ed|s)?|push(?:ing|ed|es)?|press(?:ing|ed)?|striv\w+|lobb\w+)\s+(?:hard\s+)?(?:for|toward|towards|to\s+(?:reach|secure|clinch|broker))\s+(?:an?\s+|the\s+)?(?:agreement|deal|truce|cease-?fire|settlement|accord)|"
    r"help(?:ed|ing|s)?\s+(?:to\s+)?(?:mediate|broker|secure|reach)|engaged\s+regional|shuttle\s+diplomacy)\b",
    re.I,
)
_TOPIC_STOP = {"a", "an", "the", "over", "on", "about", "for", "of", "to", "in", "at", "into", "toward", "towards",
               "with", "by", "as", "and", "recent", "potential", "possible", "proposed", "new", "fresh", "ongoing",
               "long-awaited", "stalled", "planned", "prospective", "latest", "indirect", "direct", "any", "its",
               "their", "his", "her"}
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


def find_negotiation(text: str, sentences, actor_mentions: list[ActorMention], actors: ActorIndex,
                     people, meetings, statements, gazetteer: Gazetteer, title: str = "") -> ExtractedNegotiation | None:
    parties: list[str] = []
    topic_np = ""

    def add_pair(a, b):
        if a and b and a.name != b.name and not parties:
            parties.extend([a.name, b.name])

    early = [s.text for s in sentences if s.paragraph < 3]
    sources = ([title] if title else []) + early + [s.text for s in sentences if s.paragraph >= 3]
    # 1. "a cease-fire deal between A and B" / "the A-B peace talks": the sides of a named negotiation.
    for source in sources:
        for m in _BETWEEN.finditer(source):
            a = _leading_actor(m.group("a"), actors)
            b = _leading_actor(m.group("b"), actors)
            np = _topic_before(source, m.start())
            # "a separate deal between Congo and Rwanda": another negotiation than the report's.
            if re.search(r"\b(?:separate|another|previous|earlier|parallel|different)\s+(?:\w+\s+){0,2}$", source[:m.start()]):
                continue
            if a and b and a.name != b.name and (np or re.search(_NEG_NOUNS, source, re.I)):
                add_pair(a, b)
                topic_np = topic_np or np
        for m in _HYPHEN_PAIR.finditer(source):
            a, b = actors.lookup(m.group("a")), actors.lookup(m.group("b"))
            if a and b and a.name != b.name:
                add_pair(a, b)
                if not topic_np:
                    topic_np = re.sub(r"^[\w.]+[-\u2013/][\w.]+\s+", "", m.group()).strip()
        if parties:
            break
    # 2. "Iran and the United States held talks", "Russian and Ukrainian officials met": two sides as one subject.
    if not parties:
        for i, a in enumerate(actor_mentions[:-1]):
            b = actor_mentions[i + 1]
            between = text[a.end:b.start]
            after = text[b.end:b.end + 60]
            if re.fullmatch(r"(?:'s|\u2019s)?\s+and\s+(?:the\s+)?", between) and a.actor.name != b.actor.name and \
                    re.match(rf"(?:'s|\u2019s)?\s+(?:\w+\s+){{0,2}}?(?:have\s+|has\s+|had\s+)?(?:agreed|signed|held|reached|resumed|"
                             rf"began|concluded|negotiat\w*|met|meet|opened|launched|{_NEG_NOUNS}|officials|delegations|negotiators|"
                             rf"leaders|ministers|envoys)\b", after) and \
                    not re.search(r"\b(?:in|at|from|to|by|with)\s+(?:the\s+)?$", text[max(0, a.start - 10):a.start]):
                add_pair(a.actor, b.actor)
                break
    # 3. "The White House described the first round of talks with Iran": the subject and its counterpart.
    if not parties:
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
                add_pair(first.actor, other.actor)
                break
    fallback = not parties
    mediators: list[str] = []

    def add_mediator(name):
        if name and name not in parties and name not in mediators:
            mediators.append(name)

    for sentence in sentences:
        if not _MEDIATION_CUES.search(sentence.text):
            continue
        # The attribution tail ("..., Miller said") names who talks, not who mediates.
        body_end = sentence.end
        tail = re.search(r",\s*[^,]{1,60}\b(?:said|says|added|told\s+\w+)\.?\s*[\"\u201d]?$", sentence.text)
        if tail:
            body_end = sentence.start + tail.start()
        for a in actor_mentions:
            if sentence.start <= a.start < body_end and a.actor.kind in ("state", "international_organisation", "other"):
                # A place ("in Aqaba (Jordan)", "from Doha") is where, not who.
                if re.search(r"\b(?:in|at|from|to|into|near)\s+(?:the\s+)?$|\(\s*$|\b(?:in|at)\s+[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?,\s*$",
                             text[max(0, a.start - 40):a.start]):
                    continue
                add_mediator(a.actor.name)
        for p, start in people:
            if sentence.start <= start < body_end and p.affiliation:
                add_mediator(p.affiliation)
    strong: list[str] = []
    for p, _ in people:
        # An envoy or mediator works between the sides: their side mediates.
        if p.affiliation and re.search(r"\b(?:envoy|mediator|facilitator|emissary)\b", p.title or "", re.I):
            if p.affiliation not in strong:
                strong.append(p.affiliation)
            add_mediator(p.affiliation)
    for m in re.finditer(r"\b(?:mediated|brokered|hosted|co-hosted|facilitated|sponsored)\s+by\s+", text):
        for a in actor_mentions:
            if m.end() <= a.start < m.end() + 60 and a.actor.name not in strong:
                strong.append(a.actor.name)
    for words, side in statements:
        # "We ... the other mediators": the speaker's side mediates.
        if side and re.search(r"\b(?:we|our|us)\b", words, re.I) and re.search(r"\bmediat", words, re.I):
            add_mediator(side)
    for meeting in meetings:
        # Officials who act in the talks without being a party mediate: they sit with both sides, or meet
        # among themselves about the deal; one side's minister meeting a third country's does not make
        # that country a mediator.
        sides = {p.affiliation for p in meeting.people} | set(meeting.actors)
        if len(sides & set(parties)) == 1:
            continue
        for p in meeting.people:
            if p.affiliation and p.affiliation not in parties and actors.get(p.affiliation) and actors.get(p.affiliation).kind in ("state", "international_organisation"):
                add_mediator(p.affiliation)
    if fallback:
        # 3. The two sides the report names most, neither a mediator nor only a place.
        # Sides act in the story: a name used as a possessor or a place ("Sudan's army", "envoy for Sudan",
        # "in Geneva") does not count, nor does a side that mediates by its envoy or as a host.
        counts = Counter(a.actor.name for a in actor_mentions
                         if a.actor.kind in ("state", "armed_group", "political_party", "government_body")
                         and not _locative(text, a.start) and a.actor.name not in strong
                         and not re.match(r"(?:'s|\u2019s)\b", text[a.end:a.end + 3])
                         and not re.search(r"\b(?:of|for)\s+(?:the\s+)?$", text[max(0, a.start - 8):a.start]))
        top = [name for name, _ in counts.most_common(2)]
        if len(top) < 2:
            return None
        parties = top
        mediators = [m for m in mediators if m not in parties]
    topic_np = topic_np or _default_noun(text)
    topic = f"{parties[0]}-{parties[1]} {topic_np}".strip()
    known_id = _match_known(parties, topic, gazetteer)
    return ExtractedNegotiation(title=topic, topic=topic, parties=parties, mediators=mediators, known_id=known_id)


_TALKS_WITH = re.compile(r"\b(?:talks|negotiations|dialogue|round\s+of\s+talks)\s+with\s+(?:the\s+)?[A-Z]")


def a_is_subject(text: str, sentence_start: int, pos: int) -> bool:
    """The actor opens its sentence ('The White House on Monday ...'), no preposition before it."""
    return bool(re.fullmatch(r"\W*(?:[A-Z][\w.-]*\s+)?(?:the\s+)?", text[sentence_start:pos]))


def _locative(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:in|at|from|to|into|near)\s+(?:the\s+)?$|\(\s*$", text[max(0, start - 12):start]))


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
    counts = Counter(m.group().lower() for m in re.finditer(r"\b(?:cease-?fire|truce|peace talks|peace deal|nuclear talks|talks|negotiations|deal)\b", text[:1500], re.I))
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
