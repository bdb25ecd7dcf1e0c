"""People: introductions with titles and affiliations, and every later mention of them.

A person is introduced by a full name anchored by a title ("Foreign Minister Hakan Fidan"), an
apposition ("Sergei Lavrov, Russia's foreign minister,"), a speech verb ("said Yuri Ushakov"), the
gazetteer, or any two-word capitalised name that is neither an actor nor a place. Later mentions are
surnames, title references ("the foreign minister", "the Kremlin official") and pronouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from events.pipeline.extraction.actors import ActorMention
from events.pipeline.extraction.document import Document
from events.pipeline.extraction.lexicon import (
    CALENDAR_WORDS,
    HONORIFICS,
    MEDIA_NAMES,
    MEDIA_NOUNS,
    NOT_NAME_WORDS,
    SPEECH_VERB_RE,
    STATE_OFFICE_HEADS,
    TITLE_DOMAINS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from events.pipeline.extraction.names import (
    ANY_NAME,
    FULL_NAME,
    NAME_PARTICLES,
    TITLE,
    TITLE_RE,
    clean_name,
    iter_title_matches,
    looks_like_person,
)
from events.pipeline.person_names import forms_of, name_core
from events.text import normalize_name

_GEO_WORDS = frozenset(
    """sea strip bank east west north south gulf river valley heights city province region
    lakes balkans highlands territories territory horn sahel caucasus
    island islands mountains coast corridor border street square hotel airport base port lake ocean
    peninsula crossing camp desert plain plateau state states kingdom republic emirates""".split()
)

_TITLED = re.compile(rf"(?P<title>{TITLE})\s+(?P<name>{ANY_NAME})")
_APPOSITION_TAIL = re.compile(
    rf",\s+(?:(?:the|a|an)\s+)?(?P<pre>(?:(?!(?:and|or|with|while|but|as)\b)[\w.\u2019'-]+\s+){{0,3}}?)(?P<title>{TITLE})"
    rf"(?:\s+(?P<prep>of|for|to|at)\s+(?P<of>(?:the\s+)?(?:[\w.\u2019'-]+\s+){{0,4}}?[A-Z\w][\w.\u2019'-]*))?"
    rf"(?:\s*\([^)]{{1,25}}\))?(?=\s*(?:,|\.|;|$|\s+(?:who|which|whose|and)\b|\s+(?:and\s+)?(?:{SPEECH_VERB_RE})\b|"
    rf"\s+(?:widely\s+|better\s+|also\s+)?(?:known|called|nicknamed|dubbed)\b))"
)
# "the Saudi foreign minister, Prince Faisal bin Farhan," / "Congo's government spokesman, Patrick Muyaya,"
_TITLE_COMMA_NAME = re.compile(
    rf"(?P<title>{TITLE})(?P<ext>\s+(?:at|to|of|for)\s+(?:the\s+)?[A-Z][\w.\u2019' "
    rf"]{{1,40}}?)?,\s+(?P<name>{FULL_NAME})(?=\s*(?:,|\.|;|$|\s+(?:and|who|said|told)\b))"
)
# Found from its comma (cheap to scan) and the name right before it (tried on a short window only).
_POSSESSOR_APPOSITION = re.compile(
    rf",\s+(?P<owner>(?:[\w.\u2019'-]+\s+){{0,5}}?[\w.-]+)(?:'s|\u2019s)\s+"
    rf"(?P<title>(?:[\w-]+\s+){{0,3}}?(?:{TITLE})(?:\s+(?:for|of|to|on)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){{0,3}})?)"
    rf"(?=\s*[,.;]|\s+(?:who|and|said)\b)"
)
_NAME_AT_END = re.compile(rf"(?P<name>{FULL_NAME})$")
_LED_SIDE = re.compile(
    r"\b(?:led|headed|leads|heads)\s+(?:the|a|an|its|his|her|their)\s+"
    r"(?P<side>[\w.\u2019'-]+(?:\s+[\w.\u2019'-]+)?)\s+(?:delegation|team|negotiating\s+team|negotiators|side)\b"
)
_LED_GAP = re.compile(r"\s*(?:,[^,]{0,80},\s*)?(?:also\s+|then\s+)?")
_SPEECH_AFTER = re.compile(rf"(?P<name>{FULL_NAME})\s+(?:has\s+|had\s+|also\s+|later\s+)?(?:{SPEECH_VERB_RE})\b")
_SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH_VERB_RE})\s+(?P<name>{FULL_NAME})")
_GENERIC = re.compile(FULL_NAME)
_GROUP = re.compile(
    r"(?P<group>[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*)?)\s+(?:(?:senior|top|government|military|"
    r"state|political|security)\s+)?(?:officials|leaders|counterparts|delegation|delegates|negotiators|"
    r"authorities|ministers|diplomats|envoys|team|side|government)\s*,?\s+(?:including|such\s+as|among\s+them|"
    r"led\s+by|headed\s+by|namely)\b"
)
_REPRESENTED = re.compile(
    r"[A-Z][\w\u2019'.-]*(?:\s+[\w\u2019'.-]+){0,3}?\s+(?:is|was|are|were|will\s+be)?\s*"
    r"(?P<verb>represented|led|headed)\s+by\b"
)
_HIS_TITLE = re.compile(rf"\b(?:his|her)\s+(?:{TITLE})\s+$")
_OFFICE_AFTER = re.compile(rf"(?:'s|\u2019s)?\s+(?P<title>{TITLE})\b")
_SINGLE_SPEAKER = re.compile(
    r"(?<![\w.\u2019'-])(?P<a>[A-Z][a-z\u00E0-\u024F]{2,})\s+(?:has\s+|also\s+)?(?:said|says|told|added|wrote|warned|insisted)\b"
    r"|\b(?:said|says|added)\s+(?P<b>[A-Z][a-z\u00E0-\u024F]{2,})(?=\s*[.,;])"
)
_BYLINE = re.compile(
    r"\b(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Ww]ritten|[Rr]eported|[Ee]dited)\s+by\b|"
    r"^\s*By\s+[A-Z]|\([Rr]eporting\b"
)
# "President Recep Tayyip Erdogan of Turkey", "Trump's envoy", "an aide to President Vladimir Putin".
_OF_STATE_AFTER = re.compile(r"^\s+of\s+(?:the\s+)?([A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*){0,3})")
_POSSESSED_TITLE = re.compile(rf"^(?:'s|\u2019s)\s+(?:{TITLE})\s+$")
_AIDE_TO = re.compile(rf"(?:{TITLE})\s+(?:to|of|for)\s+(?:the\s+)?(?:{TITLE})?\s*$")
_OBJECT_BEFORE = frozenset(
    """to with by for from told tell tells met meet meets saw see sees on of and about
    against between among including called thanked urged invited hosted visited asked than at into over like
    as accompanied joined received replaced succeeded phoned welcomed congratulated criticised criticized
    blamed accused """.split()
)
_NOT_VERB_AFTER = frozenset(
    """and or that in on of at for to with from by as than nor but if when because
    which whose whom ( """.split()
)


_DESCRIPTOR = re.compile(r"^((?:the\s+)?)(?:(?!the\b)[a-z][\w-]*\s+){1,2}(?=[A-Z])")
_TITLE_BEFORE = re.compile(rf"(?<![\w-])(?P<title>{TITLE})\s+$")
_TO_OF_BEFORE = re.compile(r"\b(?:to|of|for)\s+(?:the\s+)?(?:[\w.-]+\s+){0,4}$")


_AIDE_OF_LEADER = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:aide|adviser|advisor|envoy|spokes\w+)\s+to\s+")


def _share_side(a: PersonRecord, b: PersonRecord) -> None:
    """Two people on one side (an aide and their leader): the one without a side takes the other's."""
    if not a.affiliation and b.affiliation:
        a.affiliation = b.affiliation
    elif a.affiliation and not b.affiliation:
        b.affiliation = a.affiliation


def _serves_before(text: str, pos: int) -> bool:
    """'an aide to President X': a title and 'to/of/for' right before the name (cheap test first)."""
    lo = max(0, pos - 60)
    return bool(_TO_OF_BEFORE.search(text, lo, pos)) and bool(_AIDE_TO.search(text, lo, pos))


class _Joined:
    """A name found before a comma and the apposition after it, read like one match."""

    def __init__(self, name: re.Match, tail: re.Match):
        self.name, self.tail = name, tail

    def group(self, key: str):
        return self.name.group("name") if key == "name" else self.tail.group(key)

    def start(self, key: str = "name") -> int:
        return self.name.start("name") if key == "name" else self.tail.start(key)

    def end(self, key: str = "name") -> int:
        return self.name.end("name") if key == "name" else self.tail.end(key)


def _appositions(chunk: str):
    """'Sergei Lavrov, Russia's foreign minister,': tried from each comma (cheap to find) with the name
    right before it, rather than a full-name pattern tried at every character."""
    last_end = 0
    for tail in _APPOSITION_TAIL.finditer(chunk):
        name = _NAME_AT_END.search(chunk, max(last_end, tail.start() - 80), tail.start())
        if name is None:
            continue
        last_end = tail.end()
        yield _Joined(name, tail)


@dataclass
class PersonRecord:
    name: str
    title: str = ""
    affiliation: str | None = None
    known_id: int | None = None
    aliases: set[str] = field(default_factory=set)
    first: int = 0


# A name that is a form of two people of the report ("Al Thani" beside two Al Thanis).
_AMBIGUOUS = PersonRecord(name="")


@dataclass
class Mention:
    start: int
    end: int
    person: PersonRecord
    kind: str  # name | surname | title | pronoun
    subject: bool = False


_POSSESSIVE = re.compile(r"(?:'s|\u2019s)$")
_INNER_POSSESSIVE = re.compile(r"(?:'s|\u2019s)(?=\s+\S)")
# What stands right before a common noun phrase, never before a bare personal name ("the Great Lakes",
# "our Historic Victory", "the Elysee said").
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|our|their|its|this|these|those|whose)\s+$", re.I)
# Words that open a region's name, not a person's ("Western Balkans", "Central Asia").
_REGION_FIRST = frozenset("western eastern northern southern central greater upper lower middle far near".split())


def _strip_possessive(value: str) -> str:
    return _POSSESSIVE.sub("", value)


_BY_LINE_START = re.compile(rf"\s*By\s+{FULL_NAME}\s*(?:,|\band\b|$)")
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w\u2019'-]*")
# Short words a headline capitalises and a name never holds: "Talks Resume In Cairo", "Ends After Four Hours".
_HEADLINE_FUNCTION_WORDS = frozenset(
    "in of for to with after amid on at over from and is are as by into about against says say vs".split()
)


@lru_cache(maxsize=4096)
def is_headline(line: str) -> bool:
    """A title-case line without a sentence's final punctuation: a headline, a live page's entry title, a
    'Read more:' link. Names cannot be told from the words around them there ("Trump Hails Progress")."""
    stripped = line.strip()
    if not stripped or stripped[-1] in '.!?"\u201d,;:':
        return False
    words = _HEADLINE_WORD.findall(stripped)
    if len(words) < 4:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    if capitalised < 0.75 * len(words):
        return False
    function_words = any(w[0].isupper() and w.lower() in _HEADLINE_FUNCTION_WORDS for w in words[1:])
    return function_words or "," not in stripped


def _is_outlet(name: str) -> bool:
    folded = _norm(name)
    return folded in MEDIA_NAMES or folded.removeprefix("the ") in MEDIA_NAMES


_WORD_BEFORE = re.compile(r"([\w\u2019'-]+)\s+$")
_WORD_AFTER = re.compile(r"\s+([\w\u2019'-]+)")
# What links the words of an institution's or a document's capitalised name: "Ministry of Foreign Affairs",
# "Ministry of Water Resources and Irrigation", "Declaration of Commitment to Protect Civilians".
_LINKS = frozenset({"of", "for", "to", "and", "the", "on"})
_HEADS_OF_LINK = frozenset({"of", "for", "to"})


def _inside_proper_phrase(text: str, start: int) -> bool:
    """The capitalised words at start continue a longer capitalised name joined by 'of', 'for' or 'to':
    they end an institution's or a document's name, not a person's ("Prisoners of War said")."""
    pos, linked = start, False
    for _ in range(8):
        before = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
        if before is None:
            return False
        word = before.group(1)
        if word in _LINKS:
            linked = linked or word in _HEADS_OF_LINK
        elif word[0].isupper():
            if linked and word.lower() not in NOT_NAME_WORDS:
                return True
        else:
            return False
        pos = before.start()
    return False


def _named_as_medium(text: str, start: int, end: int) -> bool:
    """'the Saudi daily Asharq Al-Awsat', 'broadcaster Al Mayadeen', 'Ukrainska Pravda newspaper'."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    after = _WORD_AFTER.match(text, end, end + 30)
    return bool(
        before
        and before.group(1).lower() in MEDIA_NOUNS
        or after
        and after.group(1).islower()
        and after.group(1) in MEDIA_NOUNS
    )


def _names_a_facility(text: str, end: int) -> bool:
    """'Shahid Rajaee port', 'Kamal Adwan hospital': a place named after someone is a place."""
    after = _WORD_AFTER.match(text, end, end + 30)
    return bool(after and after.group(1).islower() and (after.group(1) in _GEO_WORDS or after.group(1) in _FACILITIES))


# "in Bandar Abbas and Ras Laffan", "in Rafah, Khan Younis and Deir al-Balah": a name listed after a
# preposition of place with others is a place too.
_CAP_RUN = r"[A-Z][\w\u2019'-]*(?:\s+(?:al-|el-|al\s+|el\s+)?[A-Z][\w\u2019'-]*)*"
_PLACES_LISTED = re.compile(
    rf"\b(?:in|at|from|near|across|into|outside|inside)\s+(?:the\s+)?{_CAP_RUN}"
    rf"(?:,\s+{_CAP_RUN})*,?\s+(?:and|or)\s+$"
)
_FACILITIES = frozenset(
    "hospital school mosque church university airbase stadium prison checkpoint district neighbourhood".split()
)


@lru_cache(maxsize=65536)
def _norm(value: str) -> str:
    return normalize_name(value)


# What _find_known reads a known surname from: a capitalised word standing alone, not inside a full name.
_NAME_OR_WORD = re.compile(rf"{FULL_NAME}|\b[A-Z][\w\u2019'-]+")


def lone_surname_keys(text: str) -> frozenset[str]:
    """The folded capitalised words of `text` that stand alone (not inside a full name): the only words
    the known people's surnames are looked up by. A known person whose surname is none of them, and none
    of whose names or aliases is in the text, cannot change who the text is found to name."""
    return frozenset(_norm(m.group()) for m in _NAME_OR_WORD.finditer(text) if " " not in m.group())


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in _norm(name).split() if w not in NAME_PARTICLES)


_LOWER_TITLE_AFTER = re.compile(r"\s+((?:[a-z][\w-]*\s+)?[a-z][\w-]*)\b")
_TOKEN = re.compile(r"\S+")
_INITIALISM = re.compile(r"(?:[A-Z]\.)+")
_TITLE_WORDS = frozenset(
    w
    for phrase in TITLE_HEADS + TITLE_DOMAINS + TITLE_MODIFIERS
    for w in phrase.lower().split()
    if w not in {"of", "for", "to", "the", "state"}
)
_PREV_TOKEN = re.compile(r"([\w\u2019']+|[.;:!?\"\u201c\u201d])\s*$")
_PAREN = re.compile(r"^\s*\([^)]*\)")
_POSSESSIVE_AFTER = re.compile(r"^\s*(?:'s|\u2019s)\b")
_APPOSITIVE_AFTER = re.compile(r"^\s*[,\-\u2013\u2014]\s*")
_NEXT_WORD = re.compile(r"^\s+([a-z][\w']*)")


def _bare(words: list[str]) -> list[str]:
    """'al-Burhan' is also written 'Burhan'."""
    if words and re.match(r"^(?:al|el|ad|as|ash|an)-", words[0]):
        return [words[0].split("-", 1)[1]]
    return []


def is_subject_at(text: str, start: int, end: int) -> bool:
    """A mention is a grammatical subject if nothing governs it and a verb-like word follows it."""
    # "appointed by President Masoud Pezeshkian": the word before the title governs the name. Walk back over
    # the title's words and capitalised words, within the paragraph.
    lo = max(0, start - 80)
    newline = text.rfind("\n", lo, start)
    lo = newline + 1 if newline >= 0 else lo
    head = start
    for word in reversed(_TOKEN.findall(text, lo, start)[-6:]):
        low = word.lower()
        if word.endswith(".") and not _INITIALISM.fullmatch(word) or word[-1] in ',;:)\u201d"':
            break  # a clause or sentence ends before the title
        if low in _TITLE_WORDS or word[0].isupper() and low not in NOT_NAME_WORDS:
            head = text.rfind(word, lo, head)
            continue
        break
    prev = _PREV_TOKEN.search(text, max(lo, head - 40), head)
    if prev and prev.group(1).lower() in _OBJECT_BEFORE:
        return False
    after = _PAREN.sub("", text[end : end + 60])
    if _POSSESSIVE_AFTER.match(after):
        return False
    if _APPOSITIVE_AFTER.match(after):
        return True
    nxt = _NEXT_WORD.match(after)
    return bool(nxt) and nxt.group(1) not in _NOT_VERB_AFTER


@dataclass(frozen=True)
class PeopleFound:
    """The people stage's result: everyone the report names, and where they are named."""

    people: list[PersonRecord]  # in order of first mention, sides and titles completed
    named: list[Mention]  # mentions by full name, alias or surname (title references come later)


def find_people(doc: Document, actor_mentions: list[ActorMention]) -> PeopleFound:
    """Introductions first, then the sides. A side is often stated at a later mention ("the Qatari prime
    minister"), so the mentions are read with the sides introductions gave before sides are completed."""
    finder = PeopleFinder(doc, actor_mentions)
    finder.find_people()
    named = finder.named_mentions()
    finder.complete_affiliations(person_mentions(doc, people=finder.people, named=named))
    return PeopleFound(people=finder.people, named=named)


def person_mentions(doc: Document, *, people: list[PersonRecord], named: list[Mention]) -> list[Mention]:
    """Every mention of a person in text order: by name, and by title ("the foreign minister"), which
    depends on the sides known so far."""
    mentions = list(named) + title_references(doc, people=people, named=named)
    mentions.sort(key=lambda x: x.start)
    return mentions


class PeopleFinder:
    """Introductions of people and their sides; its records are the people stage's result."""

    def __init__(self, doc: Document, actor_mentions: list[ActorMention]):
        self.text = doc.text
        self.paragraphs = doc.paragraphs
        self.actors = doc.actors
        self.known = doc.people
        self.actor_mentions = actor_mentions
        self.place_lookup = doc.place_lookup
        self.implied_title_states = doc.implied_title_states
        self.people: list[PersonRecord] = []
        self._owners: list[tuple[PersonRecord, int, int]] = []
        self.by_key: dict[str, PersonRecord] = {}
        self.mentions: list[Mention] = []
        self._actor_end = {m.end: m for m in actor_mentions}
        self._headlines = [(p.start, p.end) for p in doc.paragraphs if is_headline(p.text)]
        self._actor_surfaces = set(doc.actors.by_surface)

    # --- introductions ---------------------------------------------------------------------------

    def _actor_ending_before(self, pos: int) -> ActorMention | None:
        """An actor mention right before pos: "State Department| spokesperson", "Russia's| foreign"."""
        j = pos
        while j > 0 and self.text[j - 1] == " ":
            j -= 1
        for suffix in ("'s", "\u2019s", ""):
            if suffix and self.text[j - len(suffix) : j] == suffix:
                m = self._actor_end.get(j - len(suffix))
            elif not suffix:
                m = self._actor_end.get(j)
            else:
                continue
            if m:
                return m
        return None

    def _is_non_person(self, name: str) -> bool:
        cache = self.__dict__.setdefault("_non_person", {})
        if name not in cache:
            cache[name] = self._is_non_person_uncached(name)
        return cache[name]

    def _is_non_person_uncached(self, name: str) -> bool:
        words = name.split()
        # "Wagner" alone is an armed group, "Thérèse Kayikwamba Wagner" a minister: only a name that starts
        # with an actor's name ("Gaza City", "Israeli Army") or is one is not a person.
        if name in self._actor_surfaces or words[0] in self._actor_surfaces:
            return True
        if any(w.lower() in _GEO_WORDS or w.lower() in CALENDAR_WORDS for w in words):
            return True
        if _is_outlet(name):
            return True
        if self.place_lookup is not None and self.place_lookup(name) is not None:
            return True
        return False

    def _is_place(self, name: str) -> bool:
        return self.place_lookup is not None and self.place_lookup(name) is not None

    def _add(
        self,
        name: str,
        pos: int,
        *,
        title: str = "",
        affiliation: str | None = None,
        single: bool = False,
        titled: bool = False,
    ) -> PersonRecord | None:
        name = clean_name(name)
        if not looks_like_person(name, single_ok=single):
            return None
        # Bylines ("Reporting by Mark Trevelyan; Editing by Kevin Liffey", "By Jane Doe, Senior
        # Correspondent") name the journalists.
        line_start = self.text.rfind("\n", 0, pos) + 1
        if _BYLINE.search(self.text, line_start, pos + 1) and not title or self._byline_at(line_start):
            return None
        # A headline's capitalised words run together ("Burhan Rejects Quad Truce Plan"): a person is
        # introduced by the story, not by its headline.
        if self._in_headline(pos) and not self.known.get(name):
            return None
        if not title and not titled and self._common_noun_phrase(name, pos):
            return None
        # "on Truth Social", "in Sharm el-Sheikh": a place or a medium, not a person.
        if not title and re.search(
            r"\b(?:on|in|at|from|via|near|across|into|outside|inside)\s+(?:the\s+|his\s+|her\s+)?$",
            self.text[max(0, pos - 12) : pos],
        ):
            return None
        known = self.known.get(name)
        last = name.split()[-1]
        if not known and not titled and last in self._actor_surfaces and self.actors.by_surface[last].kind == "state":
            return None  # "Will Ukraine", "Russian Putin"... a state's name ends no person's name
        key_name = known.name if known else name
        key = _norm(key_name)
        record = self.by_key.get(key) or self._match_existing(key_name)
        if record is _AMBIGUOUS:
            return None  # "Al Thani" when the report names two Al Thanis: neither, and no one new
        if record is None:
            record = PersonRecord(name=key_name, first=pos)
            if known:
                record.known_id = known.id
                record.title = known.title
                record.affiliation = known.affiliation
                record.aliases.update(known.aliases)
            self.people.append(record)
        elif name != record.name and len(name.split()) >= 2:
            record.aliases.add(name)
        self.by_key[key] = record
        honorific = (record.title or "").lower() in HONORIFICS
        if title and (not record.title or honorific or len(title) > len(record.title) and record.known_id is None):
            if not (title.lower() in HONORIFICS and record.title):
                record.title = title
        if affiliation and not record.affiliation:
            record.affiliation = affiliation
        return record

    def _byline_at(self, line_start: int) -> bool:
        """A short line 'By Jane Doe, Senior Correspondent' or 'By Jane Doe and John Roe'."""
        line_end = self.text.find("\n", line_start)
        line_end = len(self.text) if line_end < 0 else line_end
        return line_end - line_start < 100 and bool(_BY_LINE_START.match(self.text, line_start, line_end))

    def _in_headline(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self._headlines)

    def _common_noun_phrase(self, name: str, pos: int) -> bool:
        """A capitalised phrase that is not a personal name by its surroundings: after a determiner, a
        modifier before a title ("Senior Hamas official", "Middle East envoy"), or a region's shape."""
        if self.known.get(name):
            return False
        at = self.text.find(name, pos, pos + len(name) + 40)
        start = at if at >= 0 else pos
        if _DETERMINER_BEFORE.search(self.text, max(0, start - 8), start):
            return True
        words = name.split()
        if words[0].lower() in _REGION_FIRST or words[0].lower() in TITLE_MODIFIERS:
            return True
        end = start + len(name)
        after = _LOWER_TITLE_AFTER.match(self.text, end, end + 40)
        return bool(after and TITLE_RE.fullmatch(after.group(1)))

    def _match_existing(self, name: str) -> PersonRecord | None:
        """'Tayyip Erdogan' is the 'Recep Tayyip Erdoğan' already seen, 'Sheikh Mohammed bin Abdulrahman' the
        'Mohammed bin Abdulrahman Al Thani', 'Zelenskyy' the 'Volodymyr Zelensky': the one person this name
        is a form of (person_names.one_person). A fuller name becomes the person's name, the shorter an alias."""
        found = forms_of(name, [(p.name, *p.aliases) for p in self.people], grow_surname=True)
        if len(found) > 1:
            return _AMBIGUOUS
        if not found:
            return None
        person = self.people[found[0]]
        if len(name_core(name)[0]) > len(name_core(person.name)[0]):
            person.aliases.add(person.name)
            person.name = name
        return person

    def _title_with_prefix(self, title_start: int, title: str) -> tuple[str, str | None]:
        # "Hamas political bureau member": the office alias overlaps the title words it ends with.
        for a in self.actor_mentions:
            if a.start < title_start < a.end:
                rest = self.text[a.end : title_start + len(title)].strip()
                if rest:
                    return f"{a.surface} {rest}", a.actor.name
        prefix = self._actor_ending_before(title_start)
        if prefix is None:
            # "Lebanese caretaker Prime Minister", "Lebanese Parliament Speaker": one or two words between.
            before = self.text[max(0, title_start - 40) : title_start]
            for n in (1, 2):
                skip = re.search(rf"(?:[\w-]+\s+){{{n}}}$", before)
                if skip is None or re.search(r"\b(?:and|or|with|to|of|the|a|an|by|for)\b", skip.group()):
                    break
                prefix = self._actor_ending_before(title_start - len(skip.group()))
                if prefix is not None:
                    title = f"{skip.group().strip()} {title.strip()}"
                    break
        if prefix is None:
            return title.strip(), None
        if prefix.is_institution:
            # The office is part of the title as reported: "State Department spokesperson".
            return f"{prefix.surface} {title.strip()}".replace("the ", "", 1) if prefix.surface.startswith(
                "the "
            ) else f"{prefix.surface} {title.strip()}", prefix.actor.name
        return title.strip(), prefix.actor.name

    def _of_affiliation(self, title: str) -> str | None:
        m = re.search(r"\s(?:of|for|to)\s+(?:the\s+)?(.+)$", title)
        if m:
            actor = self.actors.lookup(m.group(1))
            return actor.name if actor else None
        return None

    def find_people(self) -> None:
        """Everyone the report names: by the strongest evidence first (a title, an apposition, a speech verb),
        then the gazetteer, one-word speakers and any remaining two-word name."""
        for para in self.paragraphs:
            if is_headline(para.text):
                continue
            for introduce in (
                self._titled,
                self._appositives,
                self._possessor_appositives,
                self._titles_then_names,
                self._speakers,
            ):
                introduce(para.text, para.start)
        self._find_known(self.text)
        self._find_single_names(self.text)
        self._find_generic_names(self.text)
        self.people.sort(key=lambda p: p.first)

    def _titled(self, chunk: str, off: int) -> None:
        """'Foreign Minister Hakan Fidan'."""
        for m in iter_title_matches(_TITLED, chunk):
            name = m.group("name")
            # "President Joe Biden's Middle East coordinator": the name ends at its possessive.
            owned = _INNER_POSSESSIVE.search(name)
            if owned:
                name = name[: owned.start()]
            cleaned = clean_name(name)
            # A title before it is strong evidence: "Defense Minister Israel Katz" is a person even though
            # his first name is a state's; only a whole actor or place name is not.
            if not cleaned:
                continue
            if (cleaned in self._actor_surfaces or self._is_place(cleaned)) and not self.known.get(cleaned):
                continue
            if len(cleaned.split()) < 2 and not self.known.get(cleaned):
                # "Foreign Minister Lavrov": a surname alone, resolved to someone already introduced.
                continue
            title, affiliation = self._title_with_prefix(off + m.start("title"), m.group("title"))
            affiliation = affiliation or self._of_affiliation(title)
            self._add(cleaned, off + m.start("name"), title=title, affiliation=affiliation, titled=True)

    def _appositives(self, chunk: str, off: int) -> None:
        """'Sergei Lavrov, Russia's foreign minister,', 'X, the head of the Russian delegation,'."""
        for m in _appositions(chunk):
            name = clean_name(m.group("name"))
            if self._is_non_person(name):
                continue
            affiliation = None
            pre = (m.group("pre") or "").strip()
            title = m.group("title").strip()
            if pre:
                actor_m = self._actor_ending_before(off + m.start("title"))
                if actor_m:
                    affiliation = actor_m.actor.name
                    if actor_m.is_institution:
                        title = f"{actor_m.surface} {title}"
                else:
                    # "a senior Kremlin aide": keep the modifiers with the title.
                    title = f"{pre} {title}" if pre.lower() not in {"his", "her", "its", "their"} else title
            if m.group("of") and TITLE_RE.search(m.group("of")):
                pass  # "an aide to President Vladimir Putin": the relation, not the title, says the side
            elif m.group("of"):
                # "the head of the Russian delegation", "the president of Azerbaijan".
                of_start = off + m.start("of")
                actor = self.actors.lookup(m.group("of")) or next(
                    (a.actor for a in self.actor_mentions if of_start <= a.start < off + m.end("of")), None
                )
                if actor:
                    affiliation = affiliation or actor.name
                of_text = re.sub(r"(?<![A-Z])\.$", "", m.group("of"))
                # "commander of the paramilitary Rapid Support Forces": the office is of the named body; the
                # descriptor is the writer's.
                of_text = _DESCRIPTOR.sub(r"\1", of_text)
                title = f"{title} {m.group('prep')} {of_text}"
            self._add(name, off + m.start("name"), title=title, affiliation=affiliation)

    def _possessor_appositives(self, chunk: str, off: int) -> None:
        for m in _POSSESSOR_APPOSITION.finditer(chunk):
            # "Massad Boulos, U.S. President Donald Trump's senior adviser for Africa,": the title is what
            # follows the possessive; the side is the possessor's.
            window_start = max(0, m.start() - 80)
            before = _NAME_AT_END.search(chunk, window_start, m.start())
            if before is None:
                continue
            name = clean_name(before.group("name"))
            if not name or self._is_non_person(name) or self._common_noun_phrase(name, off + before.start("name")):
                continue
            owner_start, owner_end = off + m.start("owner"), off + m.end("owner")
            actor = next((a.actor.name for a in self.actor_mentions if owner_start <= a.start < owner_end), None)
            record = self._add(name, off + before.start("name"), title=m.group("title").strip(), affiliation=actor)
            if record is not None and actor is None:
                self._owners.append((record, owner_start, owner_end))

    def _titles_then_names(self, chunk: str, off: int) -> None:
        """'the Saudi foreign minister, Prince Faisal bin Farhan,'."""
        for m in iter_title_matches(_TITLE_COMMA_NAME, chunk):
            name = clean_name(m.group("name"))
            if self._is_non_person(name) or len(name.split()) < 2:
                continue
            title, affiliation = self._title_with_prefix(off + m.start("title"), m.group("title"))
            if m.group("ext") and not affiliation:
                # "the president of Azerbaijan, Ilham Aliyev" (but "ambassador to the U.S." keeps its prefix's side)
                affiliation = self._of_affiliation(title + m.group("ext")) if " of " in m.group("ext") else None
            if m.group("ext"):
                title = f"{title}{m.group('ext')}"
            self._add(name, off + m.start("name"), title=title, affiliation=affiliation or self._of_affiliation(title))

    def _speakers(self, chunk: str, off: int) -> None:
        """'Yuri Ushakov said', 'said Yuri Ushakov'."""
        for pattern in (_SPEECH_AFTER, _SPEECH_BEFORE):
            for m in pattern.finditer(chunk):
                name = clean_name(m.group("name"))
                end = off + m.end("name")
                if self._is_non_person(name) or _named_as_medium(self.text, end - len(name), end):
                    continue
                self._add(name, off + m.start("name"))

    def _find_generic_names(self, text: str) -> None:
        """Any other two-word capitalised name that is neither an actor nor a place."""
        for m in _GENERIC.finditer(text):
            name = clean_name(m.group())
            # "on Truth Social", "in Sharm el-Sheikh": a place or medium, not a person.
            if re.search(
                r"\b(?:on|in|at|from|via|near|across|into|outside|inside|of)\s+(?:the\s+)?$",
                text[max(0, m.start() - 12) : m.start()],
            ):
                continue
            if len(name.split()) < 2 or self._is_non_person(name) or _norm(name) in self.by_key:
                continue
            if self._in_headline(m.start()):
                continue
            at = m.end() - len(name)
            if _inside_proper_phrase(text, at) or _named_as_medium(text, at, m.end()):
                continue
            if _names_a_facility(text, m.end()) or _PLACES_LISTED.search(text, max(0, at - 90), at):
                continue
            if self._match_existing(name) is None:
                self._add(name, m.start())

    def _find_single_names(self, text: str) -> None:
        """'Trump said', 'said Hemedti': a one-word name that speaks, seen capitalised mid-sentence too.

        Full names win (a surname of someone introduced is theirs); words that are actors, titles, media or
        plain capitalised nouns at a sentence start ("Officials said") are not names.
        """
        for m in _SINGLE_SPEAKER.finditer(text):
            word = m.group("a") or m.group("b")
            start = m.start("a") if m.group("a") else m.start("b")
            if word.lower() in NOT_NAME_WORDS or _norm(word) in MEDIA_NAMES or word in self._actor_surfaces:
                continue
            if TITLE_RE.fullmatch(word) or self._is_non_person(word):
                continue
            if any(_norm(word) in _name_words(p.name) for p in self.people):
                continue
            # "The Quai Building said": the last word of a longer capitalised phrase is no one's name.
            prev = re.search(r"([A-Z][\w\u2019'.-]*)\s+$", text[max(0, start - 30) : start]) if m.group("a") else None
            if (
                prev
                and not TITLE_RE.fullmatch(prev.group(1).rstrip("."))
                and prev.group(1).lower().rstrip(".") not in NOT_NAME_WORDS
                and prev.group(1) not in self._actor_surfaces
            ):
                continue
            if self._common_noun_phrase(word, start) or _inside_proper_phrase(text, start):
                continue
            # Seen on its own mid-sentence (after a lower-case word or a comma), not only as the last word
            # of a capitalised phrase ("Foreign Affairs"), which starts no sentence either.
            if not re.search(rf"(?:(?<![\w\u2019'-])[a-z][\w\u2019'-]*|[,;\"\u201d]) {re.escape(word)}\b", text):
                continue
            self._add(word, start, single=True)

    def _find_known(self, text: str) -> None:
        """People the database knows, by full name or alias, and by a surname only one of them has."""
        if not self.known.by_key:
            return
        for m in _GENERIC.finditer(text):
            known = self.known.get(clean_name(m.group()))
            if known:
                self._add(known.name, m.start())
        for m in _NAME_OR_WORD.finditer(text):
            word = m.group()
            if " " not in word:
                cands = self.known.by_surname.get(_norm(word), [])
                if len(cands) == 1 and not self._match_existing(cands[0].name):
                    self._add(cands[0].name, m.start())

    # --- affiliations ----------------------------------------------------------------------------

    def complete_affiliations(self, mentions: list[Mention]) -> None:
        """The sides of people introduced without one, from how the report mentions them (`mentions`)."""
        self.mentions = mentions
        self._group_affiliations()
        self._possessors()
        self._led_sides()
        self._titled_mentions()
        self._of_state_after()
        self._counterparts()
        self._possessed_titles()
        self._represented_by()
        self._aides_of_subjects()
        self._aides_to_leaders()
        for person in self.people:
            if person.affiliation:
                continue
            for phrase, state in self.implied_title_states.items():
                if person.title and person.title.lower() == phrase:
                    person.affiliation = state
                    break
        self._single_state_in_sentence()
        self._titles_told_before()

    def _titled_mentions(self) -> None:
        """'Prime Minister Nikol Pashinyan ... Armenian Prime Minister Pashinyan': a side stated with the title
        at any later mention, by a demonym, a possessive or an office, is the person's side."""
        for m in self.mentions:
            if m.kind not in ("name", "surname") or m.person.affiliation:
                continue
            titled = _TITLE_BEFORE.search(self.text, max(0, m.start - 60), m.start)
            if titled is None:
                continue
            _, affiliation = self._title_with_prefix(titled.start("title"), titled.group("title"))
            if affiliation and (
                self.actors.get(affiliation) is None
                or self.actors.get(affiliation).kind != "state"
                or any(h in titled.group("title").lower() for h in STATE_OFFICE_HEADS)
            ):
                m.person.affiliation = affiliation

    def _possessors(self) -> None:
        """'X, President-elect Donald Trump's envoy': X serves the possessor's side once it is known."""
        for record, start, end in self._owners:
            owner = next((m.person for m in self.mentions if start <= m.start < end and m.person is not record), None)
            if owner is None:
                continue
            if not record.affiliation and owner.affiliation:
                record.affiliation = owner.affiliation

    def _led_sides(self) -> None:
        """'Special envoy Steve Witkoff led the U.S. delegation': the side of the delegation one leads."""
        for led in _LED_SIDE.finditer(self.text):
            actor = self.actors.lookup(led.group("side")) or self.actors.lookup(led.group("side").split()[0])
            if actor is None:
                continue
            subject = next(
                (
                    m
                    for m in reversed(self.mentions)
                    if m.end <= led.start() and _LED_GAP.fullmatch(self.text, m.end, led.start())
                ),
                None,
            )
            if subject is not None and not subject.person.affiliation:
                subject.person.affiliation = actor.name

    def _titles_told_before(self) -> None:
        """'Qatar's prime minister announced ... Sheikh Mohammed bin Abdulrahman Al Thani told ...': the office
        named just before, of the person's own side, is their title when they have none but an honorific."""
        sentences = [s for p in self.paragraphs for s in p.sentences]
        for person in self.people:
            if not person.affiliation or (person.title and person.title.lower() not in HONORIFICS):
                continue
            first = next((m for m in self.mentions if m.person is person), None)
            if first is None:
                continue
            index = next((i for i, s in enumerate(sentences) if s.start <= first.start < s.end), None)
            if index is None:
                continue
            for sentence in sentences[max(0, index - 2) : index + 1]:
                for a in self.actor_mentions:
                    if (
                        not (sentence.start <= a.start < min(sentence.end, first.start))
                        or a.actor.name != person.affiliation
                    ):
                        continue
                    told = _OFFICE_AFTER.match(self.text, a.end)
                    if told and not re.match(rf"\s+{ANY_NAME}", self.text[told.end() : told.end() + 40]):
                        person.title = told.group("title")
                        break

    def _of_state_after(self) -> None:
        for m in self.mentions:
            if m.kind == "name" and not m.person.affiliation:
                after = _OF_STATE_AFTER.match(self.text, m.end, m.end + 60)
                if after:
                    actor = self.actors.lookup(after.group(1))
                    if actor is not None:
                        m.person.affiliation = actor.name

    def _counterparts(self) -> None:
        """'Armenian Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart Jeyhun Bayramov'."""
        for m in self.mentions:
            if m.person.title.lower().endswith("counterpart"):
                before = [
                    x
                    for x in self.mentions
                    if x.start < m.start
                    and m.start - x.end < 200
                    and x.person is not m.person
                    and x.person.title
                    and "counterpart" not in x.person.title.lower()
                ]
                if before:
                    m.person.title = before[-1].person.title

    # An aide or envoy of a leader serves the leader's side, and the other way round.

    def _possessed_titles(self) -> None:
        """'Trump's envoy Steve Witkoff': the possessor is mentioned right before the title."""
        for i, m in enumerate(self.mentions):
            for other in self.mentions[max(0, i - 3) : i]:
                if other.person is m.person or not (other.end <= m.start and m.start - other.end < 50):
                    continue
                if _POSSESSED_TITLE.match(self.text[other.end : m.start]):
                    _share_side(m.person, other.person)

    def _represented_by(self) -> None:
        """'Russia is represented by Grigory Karasin ... and Sergei Beseda', 'a delegation led by X'."""
        reps = list(_REPRESENTED.finditer(self.text))
        for k, rep in enumerate(reps):
            # "... hosted by Turkey. Ukraine's delegation was led by A": the side named in the verb's sentence.
            opens = max(rep.start(), self._sentence_start(rep.start("verb")))
            actor = next((a.actor.name for a in self.actor_mentions if opens <= a.start < rep.start("verb")), None)
            if actor is None:
                continue
            end = self.text.find(".", rep.end())
            end = len(self.text) if end == -1 else end
            # "a Ukrainian delegation led by A and a Russian team headed by B": each side's scope ends
            # where the next one starts.
            if k + 1 < len(reps):
                end = min(end, reps[k + 1].start())
            for x in self.mentions:
                if not (rep.end() <= x.start < end and x.kind == "name") or x.person.affiliation:
                    continue
                # "B, an aide to President C": C is related to B, not one of the side's delegates.
                if not _serves_before(self.text, x.start):
                    x.person.affiliation = actor

    def _sentence_start(self, pos: int) -> int:
        return next((s.start for p in self.paragraphs for s in p.sentences if s.start <= pos < s.end), 0)

    def _aides_of_subjects(self) -> None:
        """'Mirzoyan did not respond, but his spokeswoman Ani Badalyan said': the aide of the last subject."""
        for i, m in enumerate(self.mentions):
            if m.kind != "name" or m.person.affiliation:
                continue
            if not _HIS_TITLE.search(self.text, max(0, m.start - 60), m.start):
                continue
            boss = next((x.person for x in reversed(self.mentions[:i]) if x.subject and x.person is not m.person), None)
            if boss is not None and boss.affiliation:
                m.person.affiliation = boss.affiliation

    def _aides_to_leaders(self) -> None:
        """'Yuri Ushakov, a foreign policy aide to President Vladimir Putin'."""
        for m in self.mentions:
            aide = _AIDE_OF_LEADER.match(self.text, m.end, m.end + 80)
            if not aide:
                continue
            leader = next((x for x in self.mentions if aide.end() <= x.start < aide.end() + 40), None)
            if leader is not None:
                _share_side(m.person, leader.person)

    def _group_affiliations(self) -> None:
        for para in self.paragraphs:
            for sentence in para.sentences:
                groups = list(_GROUP.finditer(sentence.text))
                for k, g in enumerate(groups):
                    actor = self.actors.lookup(g.group("group").split()[-1]) or self.actors.lookup(g.group("group"))
                    if actor is None:
                        continue
                    start = sentence.start + g.end()
                    # "a Ukrainian delegation led by A and a Russian team headed by B": B is not Ukrainian.
                    tail_end = sentence.start + groups[k + 1].start() if k + 1 < len(groups) else sentence.end
                    for mention in self.mentions:
                        if (
                            start <= mention.start < tail_end
                            and mention.kind == "name"
                            and not _serves_before(self.text, mention.start)
                        ):
                            if not mention.person.affiliation:
                                mention.person.affiliation = actor.name

    def _single_state_in_sentence(self) -> None:
        """A titled person with no stated side belongs to the one state their sentence names, if only one."""
        for person in self.people:
            if person.affiliation or not person.title:
                continue
            if not any(head in person.title.lower() for head in STATE_OFFICE_HEADS):
                continue
            for mention in (m for m in self.mentions if m.person is person):
                sentence = next(
                    (s for p in self.paragraphs for s in p.sentences if s.start <= mention.start < s.end), None
                )
                if sentence is None:
                    continue
                states = {
                    a.actor.name
                    for a in self.actor_mentions
                    if sentence.start <= a.start < sentence.end and a.actor.kind == "state"
                }
                others = {
                    m.person.affiliation
                    for m in self.mentions
                    if sentence.start <= m.start < sentence.end and m.person is not person
                }
                if any(
                    not m.person.affiliation
                    and m.person is not person
                    and m.person.title
                    and any(head in m.person.title.lower() for head in STATE_OFFICE_HEADS)
                    for m in self.mentions
                    if sentence.start <= m.start < sentence.end
                ):
                    continue  # another titled person without a side could be the state's
                states -= others
                if len(states) == 1:
                    person.affiliation = states.pop()
                break  # only the sentence that introduces the person: later ones talk about other things

    # --- mentions --------------------------------------------------------------------------------

    def named_mentions(self) -> list[Mention]:
        """Mentions by full name, alias, a surname (or first name) only one person has: these do not change
        once people are found (title references depend on the sides, see person_mentions)."""
        text = self.text
        surfaces: dict[str, tuple[PersonRecord, str]] = {}
        surname_owners: dict[str, set[int]] = {}
        for person in self.people:
            for variant in {person.name, *person.aliases}:
                surfaces[_norm(variant)] = (person, "name")
                words = variant.split()
                for tail in (words[-1:], words[-2:] if len(words) > 2 else [], _bare(words[-1:])):
                    if tail:
                        surname_owners.setdefault(_norm(" ".join(tail)), set()).add(id(person))
        for person in self.people:
            for variant in {person.name, *person.aliases}:
                words = variant.split()
                for tail in (words[-1:], words[-2:] if len(words) > 2 else [], _bare(words[-1:])):
                    key = _norm(" ".join(tail))
                    if tail and len(surname_owners.get(key, ())) == 1 and key not in surfaces:
                        surfaces[key] = (person, "surname")
        surfaces.update(self._given_names(surfaces, surname_owners))
        mentions: list[Mention] = []
        if surfaces:
            for m in re.finditer(rf"{ANY_NAME}", text):
                span = m.group()
                # Every known sub-sequence of the capitalised run, longest first, left to right.
                offsets = [w.start() for w in re.finditer(r"\S+", span)]
                words = span.split()
                i = 0
                while i < len(words):
                    found = None
                    for j in range(len(words), i, -1):
                        piece = " ".join(words[i:j])
                        hit = surfaces.get(_norm(_strip_possessive(piece)))
                        if hit:
                            found = (j, piece, hit)
                            break
                    if not found:
                        i += 1
                        continue
                    j, piece, (person, kind) = found
                    start = m.start() + offsets[i]
                    end = start + len(_strip_possessive(piece))
                    mentions.append(Mention(start, end, person, kind, is_subject_at(text, start, end)))
                    i = j
        mentions.sort(key=lambda x: x.start)
        return mentions

    def _given_names(self, surfaces: dict, surname_owners: dict) -> dict[str, tuple[PersonRecord, str]]:
        """'Redwan said', 'Phumtham told reporters': many naming customs (Ethiopian, Thai, Arabic) refer to
        a person by the first name. A first word only one person of the report has, that is nobody's surname,
        no actor, place or title, refers to them. Returns them as surfaces: {folded first name: (person, "surname")}."""
        given: dict[str, tuple[PersonRecord, str]] = {}
        owners: dict[str, set[int]] = {}
        firsts: dict[str, PersonRecord] = {}
        for person in self.people:
            for variant in {person.name, *person.aliases}:
                words = variant.split()
                if len(words) < 2:
                    continue
                first = words[0]
                if first.lower() in NAME_PARTICLES or first.lower() in HONORIFICS or len(first) < 3 or "-" in first:
                    continue
                key = _norm(first)
                owners.setdefault(key, set()).add(id(person))
                firsts[key] = person
        for key, ids in owners.items():
            person = firsts[key]
            if len(ids) != 1 or key in surfaces or key in surname_owners:
                continue
            first = next(v.split()[0] for v in {person.name, *person.aliases} if _norm(v.split()[0]) == key)
            if (
                first in self._actor_surfaces
                or TITLE_RE.fullmatch(first)
                or first.lower() in NOT_NAME_WORDS
                or self._is_place(first)
            ):
                continue
            given[key] = (person, "surname")
        return given


_TITLE_REFERENCE = re.compile(
    rf"\b(?:the|The)\s+(?P<pre>(?:[A-Z][\w.\u2019']*\s+){{0,2}})(?P<title>{TITLE})\b(?!\s+{ANY_NAME})"
)
# Titles that refer to someone of the named side whatever their exact title ("the Qatari official").
_GENERIC_TITLES = frozenset(
    {
        "official",
        "diplomat",
        "leader",
        "envoy",
        "aide",
        "negotiator",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "counterpart",
    }
)


def title_references(doc: Document, *, people: list[PersonRecord], named: list[Mention]) -> list[Mention]:
    """'the foreign minister', 'the Qatari prime minister': the person last named with that title (and side)."""
    out = []
    for m in _TITLE_REFERENCE.finditer(doc.text):
        pre = m.group("pre").strip()
        actor = doc.actors.lookup(pre) if pre else None
        head = m.group("title").lower().split()
        person = _resolve_title(
            m.start(), head=head, affiliation=actor.name if actor else None, people=people, named=named
        )
        if person is not None:
            out.append(Mention(m.start(), m.end(), person, "title", is_subject_at(doc.text, m.start(), m.end())))
    return out


def _resolve_title(
    pos: int, *, head: list[str], affiliation: str | None, people: list[PersonRecord], named: list[Mention]
) -> PersonRecord | None:
    last_seen: dict[int, int] = {}
    for mention in named:
        if mention.start < pos:
            last_seen[id(mention.person)] = mention.start
    best = None
    for person in people:
        if id(person) not in last_seen:
            continue
        if affiliation and person.affiliation != affiliation:
            continue
        title = (person.title or "").lower()
        head_word = head[-1]
        if head_word in title or " ".join(head) in title or (head_word in _GENERIC_TITLES and affiliation):
            if best is None or last_seen[id(person)] > last_seen[id(best)]:
                best = person
    if best is None and affiliation:
        # "the Qatari prime minister" when Qatar has one named person so far.
        same_side = [p for p in people if id(p) in last_seen and p.affiliation == affiliation]
        if len(same_side) == 1:
            best = same_side[0]
    return best
