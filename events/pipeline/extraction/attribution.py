"""Who said each quote: attribution after or before the quote, pronouns, continuations, institutions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.pipeline.extraction.actors import ActorMention
from events.pipeline.extraction.document import Document
from events.pipeline.extraction.lexicon import SPEECH_VERB_RE
from events.pipeline.extraction.names import TITLE
from events.pipeline.extraction.people import Mention, PersonRecord, is_subject_at
from events.pipeline.extraction.quotes import Quote, find_quotes
from events.pipeline.extraction.segment import Sentence

_ING = (
    r"saying|adding|noting|stressing|warning|cautioning|insisting|arguing|explaining|telling|declaring|emphasi[sz]"
    r"ing|urging|describing|calling"
)
_VERBS = rf"(?:{SPEECH_VERB_RE}|{_ING}|called)"
_RIGHT_VERB_FIRST = re.compile(rf"^[\s,;:\u2013\u2014-]*(?:{SPEECH_VERB_RE})\s+(?P<who>.{{1,160}})", re.S)
# A period only after an honorific or an initial ("Mr. Rubio", "U.S. envoy") stays inside a clause.
_CLAUSE_CHAR = r"(?:[^.;!?\"\u201c\u201d]|(?<=\bMr)\.|(?<=\bMs)\.|(?<=\bDr)\.|(?<=\bMrs)\.|(?<=\bSt)\.|(?<=\b[A-Z])\.)"
_RIGHT_SUBJECT_FIRST = re.compile(
    rf"^[\s,;:\u2013\u2014-]*(?P<who>{_CLAUSE_CHAR}{{1,160}}?)\s+(?:has\s+|had\s+|have\s+|also\s+|then\s+|later\s+|"
    rf"further\s+|again\s+|once\s+again\s+|previously\s+|separately\s+)*(?P<verb>{SPEECH_VERB_RE})\b",
    re.S,
)
_LEFT_VERB = re.compile(rf"\b(?P<verb>{_VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+", re.S)
_PRONOUN = re.compile(r"\b(he|she|He|She)\b")
# "the ministry said", "the statement said": the institution that last spoke.
_INSTITUTION_ANAPHOR = re.compile(
    r"\b(?:the|its|a)\s+(?:(?:foreign|defen[cs]e|interior|information)\s+)?(?:ministry|statement|office|"
    r"government|presidency|embassy|agency|department|cabinet|spokes(?:person|man|woman)'s\s+office|"
    r"communiqu[eé]|joint\s+statement|readout|palace|army|military|armed\s+forces|(?P<group>group|movement|militia|rebels|organi[sz]ation|"
    r"paramilitar(?:y|ies)|alliance|faction))\b",
    re.I,
)
_INSTITUTION_SPEAKS = re.compile(
    r"(?P<who>[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*){0,4})\s+(?:(?:[Ff]oreign\s+|[Dd]efen[cs]e\s+)?"
    r"(?:[Mm]inistry|[Oo]ffice|[Gg]overnment|[Pp]residency|[Ee]mbassy|[Dd]epartment|[Cc]abinet)\s+)?"
    r"(?:said|announced|stated|added|wrote)\s+in\s+(?:a|an|its)\s+(?:\w+\s+)?(?:statement|communiqu[eé]|readout|post)"
)
_TITLE_REF = re.compile(rf"\b(?:the|The)\s+(?:[\w-]+\s+)?(?:{TITLE})\b")
_ANONYMOUS = re.compile(
    r"\b(?:[Aa]n?|[Tt]wo|[Tt]hree|[Ss]everal|[Aa]nother)\s+(?:(?:senior|top|high-ranking|Western|regional)\s+)?"
    r"(?P<who>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+(?:(?:government|military|security|diplomatic|intelligence)\s+)?"
    r"(?:official|officials|source|sources|diplomat|diplomats|negotiator|negotiators)\b"
)
_STATEMENT_FROM = re.compile(
    r"\b(?:statement|communiqu[eé]|readout|post)\s+(?:from|by|issued\s+by|released\s+by)\s+(?P<who>(?:the\s+)?[\w\u2019'.-]+(?:\s+[\w\u2019'.-]+){0,3})",
    re.I,
)
_UNNAMED_REF = re.compile(r"\b[Tt]he\s+(?:official|officials|source|sources|diplomat|diplomats|negotiator)\b")
_HOST = re.compile(r"\bthe\s+host(?:ing)?\s+(?:country|nation|government|state)\b", re.I)


@dataclass
class Speaker:
    person: PersonRecord | None = None
    actor: str | None = None
    position: int = 0  # where the attribution was read

    @property
    def found(self) -> bool:
        return self.person is not None or self.actor is not None


@dataclass
class Attributed:
    quote: Quote
    speaker: Speaker
    sentence_start: int
    sentence_end: int
    context: tuple[int, int]  # the attribution text (for dates)
    verb_pos: int | None = None


@dataclass(frozen=True)
class Attribution:
    """The attribution stage's result: the quotes, who said each, and where institutions spoke."""

    quotes: list[Quote]
    attributed: list[Attributed]
    institution_events: list[tuple[int, str]]  # (position, actor) where an institution or a side spoke
    attributor: "Attributor"  # pronouns and speakers in any span, for the stages after (meetings, reported speech)


def attribute_quotes(
    doc: Document, *, mentions: list[Mention], actor_mentions: list[ActorMention], host: str | None
) -> Attribution:
    """Every quote of the report and its speaker; `host` is the country hosting the talks ('the host country said')."""
    attributor = Attributor(doc, mentions=mentions, actor_mentions=actor_mentions, host=host)
    quotes = find_quotes(doc.paragraphs, doc.text)
    attributed = attributor.attribute(quotes)
    return Attribution(
        quotes=quotes, attributed=attributed, institution_events=attributor.institution_events, attributor=attributor
    )


class Attributor:
    def __init__(
        self, doc: Document, *, mentions: list[Mention], actor_mentions: list[ActorMention], host: str | None = None
    ):
        self.text = doc.text
        self.paragraphs = doc.paragraphs
        self.sentences: list[Sentence] = list(doc.sentences)
        self.mentions = mentions
        self.actor_mentions = actor_mentions
        self.actors = doc.actors
        self.host = host
        self.speaker_events: list[tuple[int, PersonRecord]] = []
        self.anonymous_events: list[tuple[int, str]] = []
        self.institution_events: list[tuple[int, str]] = self._institutions()

    def _institutions(self) -> list[tuple[int, str]]:
        """Where an institution spoke ("Iran's Foreign Ministry said in a statement"), and for which actor."""
        events = []
        for m in _INSTITUTION_SPEAKS.finditer(self.text):
            start, end = m.start("who"), m.end("who")
            actor = next((a.actor.name for a in self.actor_mentions if start <= a.start < end + 3), None)
            if actor is None:
                person = next((x.person for x in self.mentions if start <= x.start < end), None)
                actor = person.affiliation if person else None
            if actor:
                events.append((m.start(), actor))
        # "An Israeli official, who spoke on condition of anonymity, said": the side speaks.
        for m in _ANONYMOUS.finditer(self.text):
            actor = next((a.actor.name for a in self.actor_mentions if m.start("who") <= a.start < m.end("who")), None)
            if actor:
                events.append((m.start(), actor))
                self.anonymous_events.append((m.start(), actor))
        # "The RSF said on Sunday ...", "Hamas said the agreement ...": an actor speaking as the subject.
        for m in _STATEMENT_FROM.finditer(self.text):
            actor = next((a.actor.name for a in self.actor_mentions if m.start("who") <= a.start < m.end("who")), None)
            if actor:
                events.append((m.start(), actor))
        for a in self.actor_mentions:
            # Lowercase words only between the actor and the verb: "M23 leader Bertrand Bisimwa said" is Bisimwa.
            if re.match(
                rf"(?:'s|\u2019s)?(?:\s+[a-z][\w-]*){{0,3}}?\s+(?:{SPEECH_VERB_RE})\b", self.text[a.end : a.end + 50]
            ) and not re.search(
                r"\b(?:to|with|by|of|in|from)\s+(?:the\s+)?$", self.text[max(0, a.start - 10) : a.start]
            ):
                events.append((a.start, a.actor.name))
        events.sort()
        return events

    # --- helpers ---------------------------------------------------------------------------------

    def _sentence(self, pos: int) -> Sentence:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        best = None
        for s in self.sentences:
            if s.start <= pos:
                best = s
        return best or self.sentences[0]

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def _actors_in(self, start: int, end: int) -> list[ActorMention]:
        return [a for a in self.actor_mentions if start <= a.start and a.end <= end]

    def _genders(self) -> dict[int, str]:
        """Gender where the report shows it: 'Mr. Lavrov', 'Ms. Kallas'; else learnt from resolved pronouns."""
        if not hasattr(self, "_gender"):
            self._gender: dict[int, str] = {}
            for m in self.mentions:
                honorific = re.search(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$", self.text[max(0, m.start - 6) : m.start])
                if honorific:
                    self._gender.setdefault(id(m.person), "m" if honorific.group(1) == "Mr" else "f")
        return self._gender

    def resolve_pronoun(self, pos: int, exclude: set[int] = frozenset()) -> PersonRecord | None:
        """The most recent person who was a subject or a speaker before pos, of the pronoun's gender if known."""
        candidates: list[tuple[int, PersonRecord]] = [
            (m.start, m.person) for m in self.mentions if m.start < pos and m.subject
        ]
        candidates += [(p, person) for p, person in self.speaker_events if p < pos]
        candidates.sort(key=lambda c: c[0], reverse=True)
        word = re.match(r"\w+", self.text[pos : pos + 4])
        gender = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}.get(word.group().lower()) if word else None
        genders = self._genders()
        for _, person in candidates:
            if id(person) in exclude:
                continue
            known = genders.get(id(person))
            if gender and known and known != gender:
                continue
            if gender:
                genders.setdefault(id(person), gender)
            return person
        return None

    def speaker_in(self, start: int, end: int) -> Speaker:
        """The speaker named in text[start:end] ("Egypt's foreign ministry", "he", "Miller")."""
        return self._who(start, end, set())

    def _who(self, start: int, end: int, exclude: set[int], *, first: bool = True) -> Speaker:
        """The speaker named in text[start:end]: a person, a pronoun, or an institution."""
        region = self.text[start:end]
        # "According to Miller, Blinken told ..." — Miller only relays what Blinken said.
        skip_until = start
        acc = _ACCORDING.search(region)
        if acc:
            comma = region.find(",", acc.end())
            if comma != -1:
                skip_until = start + comma
        persons = [m for m in self._mentions_in(start, end) if m.start >= skip_until]
        persons = [m for m in persons if id(m.person) not in exclude]
        # "Mikati's office said": the office speaks, for the person's side.
        for m in persons:
            if (
                re.match(
                    r"(?i:'s|\u2019s)\s+(?i:office|spokes\w+|government|ministry|camp|team|aides?|administration)\b",
                    self.text[m.end : m.end + 30],
                )
                and m.person.affiliation
            ):
                return Speaker(actor=m.person.affiliation, position=m.start)
        governed = {
            id(m)
            for m in persons
            if not is_subject_at(self.text, m.start, m.end)
            and re.search(r"\b(?:to|with|by|told|met|and)\s*$", self.text[max(0, m.start - 12) : m.start])
        }
        persons = [m for m in persons if id(m) not in governed] or persons
        pronoun = next((p for p in _PRONOUN.finditer(region) if start + p.start() >= skip_until), None)
        if persons and (pronoun is None or persons[0].start < start + pronoun.start()):
            chosen = persons[0] if first else persons[-1]
            return Speaker(person=chosen.person, position=chosen.start)
        if pronoun is not None:
            person = self.resolve_pronoun(start + pronoun.start(), exclude)
            if person is not None:
                return Speaker(person=person, position=start + pronoun.start())
        if _UNNAMED_REF.search(region):
            # "the official said" after "an Israeli official, who spoke on condition of anonymity".
            earlier = [(p, a) for p, a in self.anonymous_events if p < start]
            latest_person = max((m.start for m in self.mentions if m.start < start and m.subject), default=-1)
            if earlier and earlier[-1][0] > latest_person:
                return Speaker(actor=earlier[-1][1], position=start)
        if _TITLE_REF.search(region) and not _INSTITUTION_ANAPHOR.search(region):
            # "the general told his troops": a title no one in the report holds refers back like "he".
            person = self.resolve_pronoun(start, exclude)
            if person is not None:
                return Speaker(person=person, position=start)
        anaphor = _INSTITUTION_ANAPHOR.search(region)
        if anaphor and not self._actors_in(start, end):
            earlier = [actor for p, actor in self.institution_events if p < start]
            if anaphor.group("group"):
                # "the group said" refers back to an organisation, not a state.
                earlier = [a for a in earlier if (self.actors.get(a) is None or self.actors.get(a).kind != "state")]
            if earlier:
                return Speaker(actor=earlier[-1], position=start)
        if _HOST.search(region) and self.host:
            return Speaker(actor=self.host, position=start)
        actors = [a for a in self._actors_in(start, end) if a.start >= skip_until]
        if actors:
            return Speaker(actor=actors[0].actor.name, position=actors[0].start)
        return Speaker()

    # --- attribution -----------------------------------------------------------------------------

    def attribute(self, quotes: list[Quote]) -> list[Attributed]:
        out: list[Attributed] = []
        last_by_paragraph: dict[int, Speaker] = {}
        last_speaker: Speaker | None = None
        last_paragraph = -1
        for i, quote in enumerate(quotes):
            first_s = self._sentence(quote.open_start)
            last_s = self._sentence(max(quote.close_end - 1, quote.open_start))
            prev_q = quotes[i - 1] if i else None
            next_q = quotes[i + 1] if i + 1 < len(quotes) else None
            left_start = first_s.start
            if prev_q and prev_q.close_end > left_start and prev_q.close_end <= quote.open_start:
                left_start = prev_q.close_end
            right_end = last_s.end
            if next_q and next_q.open_start < right_end and next_q.open_start >= quote.close_end:
                right_end = next_q.open_start
            exclude = {id(m.person) for m in self._mentions_in(quote.start, quote.end)}
            self._unresolved = False
            speaker, verb_pos = self._right(quote.close_end, right_end, exclude)
            if not speaker.found:
                speaker, verb_pos = self._left(left_start, quote.open_start, first_s, exclude=exclude)
            if not speaker.found:
                speaker, verb_pos = self._according_to(quote.close_end, right_end, exclude)
            explicit = speaker.found
            # An attribution stands right by the quote but names no one we know ("Netanyahu's office said"):
            # better no speaker than the previous one.
            if not speaker.found and quote.is_statement and not self._unresolved:
                para_speaker = last_by_paragraph.get(quote.paragraph)
                para_start = self.paragraphs[quote.paragraph].start
                if para_speaker is not None:
                    speaker = para_speaker  # the second half of a split quote
                elif (
                    quote.open_start > para_start
                    and (own := self._reported_subject(quote.paragraph, exclude, before=quote.open_start)).found
                ):
                    speaker = own  # "Burhan said in a speech ... . 'We will not go,' ..."
                elif last_speaker is not None and last_paragraph == quote.paragraph - 1:
                    speaker = last_speaker  # a quote paragraph continuing the previous speaker
                else:
                    speaker = self._reported_subject(quote.paragraph - 1, exclude)
            if speaker.found:
                last_by_paragraph[quote.paragraph] = speaker
                last_speaker = speaker
                last_paragraph = max(quote.paragraph, self._sentence(quote.close_end - 1).paragraph)
                if speaker.person is not None and explicit:
                    self.speaker_events.append((quote.close_end, speaker.person))
            out.append(Attributed(quote, speaker, first_s.start, last_s.end, (left_start, right_end), verb_pos))
        return out

    def _right(self, start: int, end: int, exclude: set[int]) -> tuple[Speaker, int | None]:
        right = self.text[start:end]
        m = _RIGHT_VERB_FIRST.match(right)
        if m:
            s = self._who(start + m.start("who"), start + min(m.end("who"), len(right)), exclude)
            if s.found:
                return s, start + m.start()
        m = _RIGHT_SUBJECT_FIRST.match(right)
        if m and len(m.group("who").split()) <= 14:
            s = self._who(start + m.start("who"), start + m.end("who"), exclude)
            if s.found:
                return s, start + m.start("verb")
            if len(m.group("who").split()) <= 6:
                self._unresolved = True
        return Speaker(), None

    def _according_to(self, start: int, end: int, exclude: set[int]) -> tuple[Speaker, int | None]:
        """'"We are ready," according to Lavrov.': only when nobody before the quote says it."""
        acc = re.match(r"^[\s,;:\u2013\u2014-]*according\s+to\s+", self.text[start:end])
        if acc:
            s = self._who(start + acc.end(), end, exclude)
            if s.found:
                return s, start + acc.start()
        return Speaker(), None

    def _left(self, start: int, end: int, sentence: Sentence, *, exclude: set[int]) -> tuple[Speaker, int | None]:
        left = self.text[start:end]
        verbs = list(_LEFT_VERB.finditer(left))
        if verbs and re.fullmatch(r"(?:\s+\w+){0,4}?\s*(?:that\s*|:\s*|,\s*)?", left[verbs[-1].end() :]):
            self._unresolved = True  # reset below when a speaker is found
        if verbs:
            verb = verbs[-1]
            vpos = start + verb.start()
            if verb.group("verb").endswith("ing"):
                # A participle ("while cautioning that") shares the subject of the main clause.
                s = self._who(sentence.start, vpos, exclude, first=True)
            else:
                clause_start = start
                s = self._who(clause_start, vpos, exclude, first=False)
                if s.found and s.person is not None:
                    # Prefer the clause subject: the first ungoverned person before the verb.
                    s2 = self._who(clause_start, vpos, exclude, first=True)
                    s = s2 if s2.found else s
            if s.found:
                return s, vpos
        acc = _ACCORDING.search(left)
        if acc:
            s = self._who(start + acc.end(), end, exclude)
            if s.found:
                return s, start + acc.start()
        if re.search(r":\s*$", left):
            s = self._who(start, end, exclude)
            if s.found:
                return s, None
        return Speaker(), None

    def _reported_subject(self, paragraph: int, exclude: set[int], before: int | None = None) -> Speaker:
        """A quote paragraph after 'X said the talks went well.' continues X."""
        if paragraph < 0:
            return Speaker()
        para = self.paragraphs[paragraph]
        if before is not None:
            # Within the quote's own paragraph: the last person who is the subject of a sentence before it.
            subjects = [
                m for m in self.mentions if para.start <= m.start < before and m.subject and id(m.person) not in exclude
            ]
            if subjects:
                return Speaker(person=subjects[-1].person, position=subjects[-1].start)
        for sentence in reversed(para.sentences):
            if before is not None and sentence.end > before:
                continue
            verbs = list(_LEFT_VERB.finditer(sentence.text))
            verb = verbs[-1] if verbs else None  # the speech verb nearest the quote
            if verb is None or verb.group("verb").endswith("ing"):
                continue
            s = self._who(sentence.start, sentence.start + verb.start(), exclude)
            if s.found:
                return s
            m = _RIGHT_VERB_FIRST.match(sentence.text[verb.start() :])
            if m:
                s = self._who(sentence.start + verb.start() + m.start("who"), sentence.end, exclude)
                if s.found:
                    return s
        return Speaker()
