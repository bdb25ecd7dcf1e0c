"""Meetings that took place: talks, visits, calls, conferences and signings (not planned ones)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from events.pipeline.extraction.actors import ActorMention
from events.pipeline.extraction.dates import DateRef
from events.pipeline.extraction.document import Document
from events.pipeline.extraction.lexicon import ABOUT_PLACE_NOUNS, PLANNED_MARKERS, SPEECH_VERB_RE, VENUES
from events.pipeline.extraction.people import Mention, PersonRecord
from events.pipeline.types import ExtractedMeeting, Span

_TRIGGERS: list[tuple[str, re.Pattern]] = [
    (
        "call",
        re.compile(
            r"\b(?:spoke|talked|speaking|talking)\b[^.;]{0,60}?\b(?:by|over\s+the|on\s+the)\s+(?:tele)?phone\b"
            r"|\b(?:held|had)\s+(?:a\s+)?(?:tele)?phone\s+(?:call|conversation|talks)\b"
            r"|\bin\s+a\s+(?:tele)?phone\s+(?:call|conversation)\b|\b(?:phoned|telephoned)\b"
            r"|\b(?:in|during)\s+(?:a|an|their|his|her)\s+(?:\w+\s+)?call\s+with\b"
            r"|\breceived\s+(?:a\s+)?(?:tele)?phone\s+call\s+from\b"
            r"|\b(?:called|(?<=to\s)(?:tele)?phone)\b(?=\s+(?-i:[A-Z][a-z]+\b(?!\s+(?:a|an|the)\b)|"
            r"(?:his|her|Russian|U\.S\.|US|French|[A-Z]\w+n)\s+(?:counterpart|[A-Z])))"
            r"|\b(?:held|had)\s+(?:a\s+)?video\s+(?:call|conference)\b"
            r"|\b(?:held|had|made)\s+(?:separate\s+)?(?:(?:tele)?phone\s+)?calls\s+with\b"
            r"|\b(?:a|the|their|his|her)\s+(?:\w+\s+){0,2}(?:phone|telephone|video)\s+(?:call|conversation)\s+with\b"
            r"|\b(?:spoken|spoke|talked)\s+by\s+(?:tele)?phone\b",
            re.I,
        ),
    ),
    (
        "signing",
        re.compile(
            r"\b(?:signed|inked)\s+(?:[^.;,]{0,50}?\s)?(?:a|an|the|their|its)\b[^.;]{0,60}?\b(?:agreement|deal|accord|treaty|"
            r"declaration|memorandum|truce|ceasefire|cease-fire|protocol|framework|text|document|pact)\b",
            re.I,
        ),
    ),
    # "The agreement was signed on June 27 in Washington by A and B in the presence of C".
    ("signing", re.compile(r"\b(?:was|were|had\s+been|has\s+been)\s+(?:formally\s+|jointly\s+)?signed\b", re.I)),
    # "The truce, signed late on Saturday by representatives of A and B, ...": the participle with its signers.
    ("signing", re.compile(r"(?<=,\s)signed(?=\s[^.;,]{0,50}\bby\b)")),
    (
        "conference",
        re.compile(
            r"\battended\s+(?:a|an|the)\b[^.;]{0,50}?\b(?:conference|summit|meeting|forum|talks|"
            r"gathering|session|ceremony)\b|\b(?:at|during)\s+(?:a|an|the)\s+(?:\w+\s+){0,3}"
            r"(?:conference|summit)\s+(?:in|on)\b|\b(?:opened|hosted|convened|chaired)\s+(?:a|an|the)\s+"
            r"(?:[\w-]+\s+){0,3}?(?:conference|summit)\b",
            re.I,
        ),
    ),
    (
        "visit",
        re.compile(
            r"\b(?:visited|arrived\s+in|travell?ed\s+to|(?:during|on)\s+(?:a|an|his|her|their|the)\s+"
            r"(?:\w+\s+){0,2}(?:visit|trip)\s+to)\b",
            re.I,
        ),
    ),
    (
        "talks",
        re.compile(
            r"\b(?:met|meeting\s+with|shook\s+hands(?:\s+with)?|negotiated\s+(?:for|with|through|directly|indirectly)|"
            r"spoke\s+(?:directly|face[- ]to[- ]face|in\s+person)|"
            r"held\s+(?:\w+\s+){0,4}(?:talks|meetings?|discussions|consultations|"
            r"negotiations)|(?:talked|spoke)\s+(?:(?:today|yesterday|again|earlier|later|late|this\s+\w+|"
            r"on\s+[A-Z]\w+day)\s+)?with|saw|sat\s+down\s+with|(?<!co-)hosted(?!\s+by|\s+the\s+(?:talks|meeting|negotiations|session|delegations))|"
            r"received(?!\s+(?:a|an|the|its|his|her|their|[A-Z]\w*(?:'s|\u2019s))\s+(?:[\w-]+\s+){0,3}?"
            r"(?:response|reply|letter|message|proposal|document|text|copy|call|invitation|report|assurances?|"
            r"support|list|award|prize|answer|offer|note))|"
            r"(?:resumed|began|opened|started|launched|concluded|wrapped\s+up)\s+(?:[\w-]+\s+){0,3}?"
            r"(?:talks|negotiations|session|round)|"
            r"(?:talks|round|meeting|session|negotiations)\s+(?:was|were)\s+(?:led|chaired|headed|attended)\s+by|"
            r"(?:talks|meeting)\s+(?:was|were)\s+held|(?:talks|meeting)\s+took\s+place|"
            # "the negotiations with the Russian side held in Istanbul on 23 and 24 July": held, so they took place.
            r"(?:talks|negotiations|consultations)\s+(?:with\s+(?:the\s+)?(?:[\w.\u2019'-]+\s+){1,4}?)?"
            r"held(?=\s+(?:in|at|on)\s)|"
            r"(?:spoken|spoke|talked)\s+(?:with|to))\b",
            re.I,
        ),
    ),
    # "X also took part in the talks": one more participant of the meeting just told.
    (
        "joined",
        re.compile(
            r"\b(?:took\s+part|participated|sat)\s+in\s+(?:the|those|these)\s+(?:talks|meeting|negotiations|session|"
            r"discussions)\b|\bjoined\s+(?:the|those|these)\s+(?:talks|meeting|negotiations|session|discussions)\b"
            r"|\b(?:hosted|facilitated|mediated|chaired|attended|witnessed|opened)\s+the\s+(?:two\s+)?(?:talks|meeting|"
            r"negotiations|session|delegations|ceremony|signing)\b",
            re.I,
        ),
    ),
    # "The conference was co-hosted by A and B": the hosts of the occasion just told.
    (
        "hosts",
        re.compile(
            r"\b(?:talks|meeting|conference|summit|round|session|negotiations|ceremony)"
            r"(?:\s+(?:at|in)\s+(?:the\s+)?[A-Z][\w\u2019'-]*(?:\s+[A-Z][\w\u2019'-]*){0,3})?(?:,\s*which)?\s+"
            r"(?:was|were|is|are)\s+(?:being\s+)?(?:co-)?(?:hosted|opened|chaired)\s+by\b",
            re.I,
        ),
    ),
    # "Russia and Ukraine agreed ... at their second round of direct talks in Istanbul": the sides' round.
    (
        "talks",
        re.compile(
            r"\b(?:at|during|in|after)\s+(?:their|the|a)\s+(?:[\w-]+\s+){0,2}round\s+of\s+(?:[\w-]+\s+)?"
            r"(?:talks|negotiations)\b",
            re.I,
        ),
    ),
    # "'Our meeting today with Lavrov was frank,' Fidan said": the speaker's meeting, named in the quote.
    (
        "talks",
        re.compile(
            r"\b(?:[Oo]ur|[Mm]y)\s+(?:\w+\s+)?(?:meeting|talks|conversation|discussions?)\s+(?:(?:today|yesterday|"
            r"this\s+morning|last\s+night|on\s+[A-Z]\w+day)\s+)?with\b"
        ),
    ),
    # "meeting Lebanese Parliament Speaker Nabih Berri": the participle, only before a name or title.
    (
        "talks",
        re.compile(r"\bmeeting\s+(?=[A-Z])|(?:(?<=\bafter\s)|(?<=\bwhile\s)|(?<=\bbefore\s))meeting\s+(?=the\s)"),
    ),
]
# A word every trigger holds.
_TRIGGER_CUE = re.compile(
    r"(?i)\b(?:met|meet|meeting|spoke|spoken|speaking|talk|talks|talked|talking|call|calls|called|phone|phoned|"
    r"telephone|telephoned|video|signed|inked|attended|conference|summit|visit|visited|arrived|travell?ed|trip|"
    r"hosted|received|saw|sat|shook|held|resumed|began|opened|started|launched|concluded|wrapped|took|"
    r"participated|joined|facilitated|mediated|chaired|witnessed|round|session|negotiations|discussions|"
    r"consultations|conversation|negotiated|our|my)\b"
)
_OCCASION_NOUN = re.compile(
    r"\b(?:talks|meeting|meetings|session|round|negotiations|summit|conference|visit|trip|signed|ceremony)\b", re.I
)
_RELATIVE_BEFORE = re.compile(r",\s*(?:which|who|whose)\b[^,]*$")
_NEGATED = re.compile(r"\b(?:neither|nor|not|never|no)\b(?:\s+[\w-]+){0,2}\s*$", re.I)
_LIST_AND = re.compile(r",\s*and\s+(?=[A-Z])")
_PASSIVE = re.compile(r"(?i)(?:was|were|had|has)\b")
_POSSESSIVE_AFTER = re.compile(r"(?:'s|\u2019s)\b")
_DISTINCT = re.compile(
    r"\bsidelines\b|\b(?:bi|tri)lateral\s+(?:meetings?|talks|session|format|discussions)\b|^\W*(?:Earlier|Later|Separately|Before|After|Afterwards|Previously|Ahead\s+of)\b|\bseparately\b|\bseparate\s+(?:\w+\s+)?(?:meetings?|talks|calls?|sessions?|conversations?)\b|\bone-on-one\b|\btête-à-tête\b",
    re.I,
)
# "were later received by", "then met": a further meeting, not the one just told again.
_LATER = re.compile(r"\b(?:also|later|afterwards|then|subsequently|earlier|before\s+that|after\s+that)\b", re.I)
_PLURAL_SUBJECT = re.compile(
    r"\b(?:[Tt]he\s+two|[Bb]oth|[Tt]he)\s+(?:\w+\s+)?(?:ministers|leaders|presidents|delegations|envoys|"
    r"negotiators|sides|men|officials|heads\s+of\s+state)\b"
)
_SEPARATE = re.compile(r"\bseparate(?:ly)?\b|,?\s+and\s+(?:then\s+)?with\b|\band\s+then\b", re.I)
_LEADS = re.compile(
    r"\b(?:led|headed|chaired|hosted)\s+(?:the\s+|its\s+|their\s+)?(?:[\w\u2019']+\s+){0,2}"
    r"(?:delegation|talks|meeting|negotiations|team)\b|\b(?:chaired|hosted|led|headed|mediated)\s+by\b"
)
_CLAUSE_END = re.compile(
    rf",(?=[^,;.]{{3,70}}\b(?:said|says|told|added|announced)\b)|(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)\.(?=\s|$)|[;:!?\"\u201c\u201d]|,\s*(?:and(?!\s+(?:then\s+)?with\b)|then|while|after|before|as|who|which)\b|\band\s+then\b(?!\s+(?:with\s+)?[A-Z])|\bto\s+(?:tele)?phone\b|,\s*(?:a|the)\s+day\s+(?:after|before)\b|\bthat\b|\bbut\b|\bwhere\b|\u2014|\s-\s|-(?=(?:{SPEECH_VERB_RE})\b)|\b(?:{SPEECH_VERB_RE})\b"
)
# Where a passive signing's clause ends: "signed on June 27 by A and B, attended by C, the envoy said".
_SIGNED_BY_END = re.compile(r"[.;](?=\s|$)(?<![A-Z]\.)|,\s*(?:[\w\u2019'.-]+\s+){0,5}?(?:said|says|added|told)\b")
# A headline's meeting verb, present tense: "Aliyev meets Pashinyan", "Rubio holds call with Lavrov".
_HEADLINE_VERB = re.compile(
    r"\b(?:meets?|hosts?|receives?|signs?|holds?\s+(?:\w+\s+)?(?:talks|call|meeting)|speaks?\s+(?:by\s+phone\s+)?with|"
    r"talks?\s+(?:by\s+phone\s+)?with|in\s+talks\s+with|shakes?\s+hands)\b",
    re.I,
)
# "our meeting today with", "my talks with": the speaker's own meeting, told in a quote.
_OWN_MEETING = re.compile(r"(?i)(?:our|my)\b")
# "the army's chief of staff", "the foreign minister": a person named by title only.
_TITLE_REFERENCE = re.compile(
    r"\b[Tt]he\s+(?P<title>(?:[a-z][\w\u2019'-]*\s+){0,3}?(?:chief|minister|president|envoy|secretary|adviser|"
    r"advisor|negotiator|speaker|commander|premier|chancellor|mediator|ambassador)(?:\s+of\s+staff)?)\b"
    r"(?!\s*,?\s+[A-Z])"
)
# "Leaders of forty countries, including A and B, attended": those listed share the subject's verb.
_INCLUDED = re.compile(r"\b(?:including|headed\s+by|led\s+by|chaired\s+by)\s+(?:[A-Z][\w.\u2019'-]*\s+){0,4}$")
# The trigger stands in a phrase put before the main clause: "After the meeting with", "In a call with".
_FRONTED = re.compile(
    r"\W*(?:(?:On|Late|Early)\s+\w+day,?\s+)?(?:After|Before|Following|During|Ahead\s+of|In|At)\s+"
    r"(?:a|an|the|their|his|her|its)\b[^,]*$"
)
_DAY_AROUND_EVENT = re.compile(r",\s+(?:the|a)\s+day\s+(after|before)\b[^,;]*$")
_GROUP_AFTER = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?:delegation|delegations|mediators|negotiators|officials|envoys|team|side|counterparts)\b"
)
_EVERY_MEETING = re.compile(r"\b(?:both|all|each)\s+(?:of\s+the\s+)?(?:meetings|rounds|sessions|days)\b", re.I)
# An office standing for its state as the subject of a meeting verb, its holder not named.
_OFFICE_SUBJECT = re.compile(
    r"(?:(?:His|Her)\s+(?:Excellency|Highness|Majesty)\s+)?(?:[Tt]he\s+|(?P<owner>[A-Z][\w.\u2019'-]*)(?:'s|\u2019s)\s+)"
    r"(?P<words>(?:[\w-]+\s+){0,2}?)(?i:ministry|prime\s+minister|premier|president|presidency|government|minister|"
    r"foreign\s+minister|spokes(?:man|woman|person))"
    r"(?:\s+(?:and|of|for)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,3})*(?:\s+(?:also|again|later))?"
)
_LEADING_TIME = re.compile(r"^(?:(?:Yesterday|Today|Earlier|Later|On\s+\w+day|(?:This|Last)\s+\w+),?\s+)")
_ABSENT_BEFORE = re.compile(r"\b(?:without|excluding|except|absent)\s+(?:the\s+|any\s+)?$", re.I)
# "did not expect a breakthrough until Trump and Putin met": a condition, not a meeting.
_CONDITION = re.compile(r"\b(?:until|unless|once|whether)\b", re.I)
_PARTICIPLE_OPENER = re.compile(r"\W*(?:[A-Z][a-z]+ing|Asked|Interviewed|Questioned)\b")
_EARLIER_BEFORE = re.compile(r"\b(?:first|last|previously|once|had\s+already)\s+$", re.I)
_THEN_CLAUSE = re.compile(r",\s*(?:and\s+)?then\s+(?:[\w-]+\s+){1,4}$")
_HISTORICAL_BEFORE = re.compile(
    r"\b(?:years|decades|months)\s+(?:after|since)\b[^.;,]*$|\b(?:ever\s+)?since\s+(?:\w+\s+){1,6}$", re.I
)
_HISTORICAL_AFTER = re.compile(r"[^.;]{0,60}?\b(?:years|decades)\s+ago\b", re.I)
_FUTURE_AFTER = re.compile(r"\b(?:next\s+(?:week|month)|tomorrow|later\s+this\s+(?:week|month))\b", re.I)
_PLACE_IN = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Tt]o)\s+(?:the\s+)?(?:(?:[A-Z][\w\u2019'-]*(?:'s|\u2019s)?\s+)?(?:[\w-]+\s+){0,3}?(?:city|town|resort|capital|port|village|region)\s+of\s+)?"
    r"(?P<place>[A-Z][\w-]*(?:[\s-]+(?:el-|al-)?[A-Z][\w-]*){0,2})(?:'s|\u2019s)?"
    r"(?:\s*[,(]\s*(?P<country>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)\s*\)?)?"
)


@dataclass
class MeetingDraft:
    kind: str
    start: int
    end: int
    sentence: str
    people: list[PersonRecord] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    place_name: str = ""
    place_country: str | None = None
    date: DateRef | None = None
    summary: str = ""
    group: int | None = None  # drafts split from one sentence ("separately") never merge back
    distinct: bool = False  # described as another meeting ("on the sidelines", "bilateral", "separately")
    follows: "MeetingDraft | None" = None  # "then attended", "later received": not the meeting just told


@dataclass(frozen=True)
class _Retold:
    """More people at the meeting just told ("X also took part in the talks", "the two ministers signed")."""

    people: list[PersonRecord]
    actors: list[str] = field(default_factory=list)
    place: tuple[str, str | None] = ("", None)  # where the retelling says it was, for a meeting told without


def find_meetings(
    doc: Document,
    *,
    mentions: list[Mention],
    actor_mentions: list[ActorMention],
    dates: list[DateRef],
    resolve_pronoun: Callable[[int], PersonRecord | None],
) -> list[MeetingDraft]:
    """The meetings a report tells, one draft per meeting (mentions of one meeting merged)."""
    finder = MeetingFinder(
        doc, mentions=mentions, actor_mentions=actor_mentions, dates=dates, resolve_pronoun=resolve_pronoun
    )
    return merge_meetings(finder.find())


class MeetingFinder:
    def __init__(
        self,
        doc: Document,
        *,
        mentions: list[Mention],
        actor_mentions: list[ActorMention],
        dates: list[DateRef],
        resolve_pronoun: Callable[[int], PersonRecord | None],
    ):
        self.doc = doc
        self.text = doc.text
        self.lower_text = doc.text.lower()
        self._previous: MeetingDraft | None = None  # the meeting told last: "then", "also took part" refer to it
        self.paragraphs = doc.paragraphs
        self.mentions = mentions
        self.actor_mentions = actor_mentions
        self.dates = dates
        self.resolve_pronoun = resolve_pronoun

    def find(self) -> list[MeetingDraft]:
        drafts = self._find()
        self._add_delegation_leaders(drafts)
        headline = self._headline_meeting()
        if headline is not None and not any(set(map(id, headline.people)) <= set(map(id, d.people)) for d in drafts):
            drafts.insert(0, headline)  # told only in the headline: "Aliyev meets Pashinyan in Abu Dhabi"
        return drafts

    def _headline_meeting(self) -> MeetingDraft | None:
        """The meeting a headline tells in the present tense ("A meets B", "A, B hold talks", "A and B sign deal"),
        its people those of the report's people the headline names, its date the report's."""
        title = self.doc.title
        verb = _HEADLINE_VERB.search(title)
        if verb is None or PLANNED_MARKERS.search(title) or re.search(r"\bto\s+(?:meet|sign|hold|host)\b", title):
            return None
        people = []
        for person in {id(x.person): x.person for x in self.mentions}.values():
            surname = person.name.split()[-1]
            if re.search(rf"(?<![\w-]){re.escape(surname)}\b", title) and person not in people:
                people.append(person)
        if len(people) < 2:
            return None
        kind = "call" if re.search(r"\b(?:phone|call|calls)\b", title, re.I) else "talks"
        kind = "signing" if re.match(r"(?i)signs?\b", verb.group()) else kind
        name, country = "", None
        place = re.search(r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)", title[verb.end() :])
        if place is not None and self.doc.place_lookup is not None:
            found = self.doc.place_lookup(place.group(1))
            if found is not None and getattr(found, "kind", "") != "country":
                name, country = getattr(found, "name", place.group(1)), _country_of(self.doc, found)
        return MeetingDraft(kind, 0, 0, title, people, [], name, country, None, title)

    def _add_delegation_leaders(self, drafts: list[MeetingDraft]) -> None:
        """Talks between sides ("Russian and Ukrainian officials held talks") gain the people who led them; "the
        U.S. side at both meetings was led by A and B": every meeting of that side gains them."""
        # Sides without their people: none named, or a host alone beside two sides ("Fidan opened the session").
        actor_only = [
            d for d in drafts if d.actors and (not d.people or len(d.actors) >= 2) and d.kind in ("talks", "conference")
        ]
        if not actor_only:
            return
        for sentence in self.doc.sentences:
            # "The Ukrainian delegation, headed by Umerov, met the U.S. team": the sentence's own meeting has him.
            placed = {id(p) for d in drafts if sentence.start <= d.start < sentence.end for p in d.people}
            for lead in _LEADS.finditer(self.text, sentence.start, sentence.end):
                targets = self._led_meetings(drafts, actor_only[0], sentence, lead)
                for x in self._leaders(sentence, lead):
                    if id(x.person) in placed and len(targets) < 2:
                        continue
                    for target in targets:
                        if x.person not in target.people:
                            target.people.append(x.person)
        for target in actor_only:
            if target.people:
                sides = {p.affiliation for p in target.people}
                target.actors = [a for a in target.actors if a not in sides]

    def _leaders(self, sentence, lead: re.Match) -> list[Mention]:
        if lead.group().lower().endswith(" by"):
            # "led by Andrew Peek, a senior director ..., and Michael Anton": each one named after "by".
            return [
                x
                for x in self.mentions
                if lead.end() <= x.start < min(sentence.end, lead.end() + 200)
                and not _POSSESSIVE_AFTER.match(self.text, x.end, x.end + 3)
                and not _governed(self.text, x.start, lead.end())
            ]
        near = [x for x in self.mentions if sentence.start <= x.start < lead.start() and lead.start() - x.end < 90]
        return near[-1:]

    def _led_meetings(self, drafts: list[MeetingDraft], first: MeetingDraft, sentence, lead: re.Match):
        if not _EVERY_MEETING.search(sentence.text):
            return [first]
        side = next((a.actor.name for a in self.actor_mentions if sentence.start <= a.start < lead.start()), None)
        led = [d for d in drafts if side in d.actors or side in {p.affiliation for p in d.people}]
        return led or [first]

    def _find(self) -> list[MeetingDraft]:
        drafts: list[MeetingDraft] = []
        self._previous: MeetingDraft | None = None
        sentences = [s for p in self.paragraphs for s in p.sentences]
        hits: dict[int, list[tuple[str, re.Match]]] = {}
        for i, sentence in enumerate(sentences):
            # Only a sentence with a meeting word can hold a trigger: one cheap pass instead of one per trigger.
            if not _TRIGGER_CUE.search(self.text, sentence.start, sentence.end):
                continue
            for kind, pattern in _TRIGGERS:
                for m in pattern.finditer(self.text, sentence.start, sentence.end):
                    hits.setdefault(i, []).append((kind, m))
        for i in sorted(hits):
            sentence = sentences[i]
            taken: list[tuple[int, int]] = []
            for kind, m in hits[i]:
                if any(a <= m.start() < b for a, b in taken):
                    continue
                draft = self._draft(kind, m, sentence)
                if draft is not None:  # a trigger read as nothing leaves its words to another ("who hosted the talks")
                    taken.append((m.start(), m.end()))
                if isinstance(draft, _Retold):
                    self._previous.people.extend(p for p in draft.people if p not in self._previous.people)
                    self._previous.actors.extend(a for a in draft.actors if a not in self._previous.actors)
                    if not (self._previous.place_name or self._previous.place_country):
                        self._previous.place_name, self._previous.place_country = draft.place
                elif draft is not None:
                    drafts.extend(self._split(draft, m))
                    # "A and B, who had met the day before, also took part in the talks": not the talks.
                    joins_later = any(k == "joined" and x.start() > m.end() for k, x in hits[i])
                    if not (joins_later and _in_relative_clause(self.text, sentence.start, m.start())):
                        self._previous = draft
        drafts.sort(key=lambda d: d.start)
        return drafts

    def _draft(self, kind: str, m: re.Match, sentence) -> MeetingDraft | _Retold | None:
        """The meeting a trigger tells, more people at the meeting told just before (_Retold), or None (a
        planned, denied or future meeting, or too few participants)."""
        obj_end = self._object_end(kind, m, sentence)
        if obj_end is None:
            return None
        people, clause_start, anaphoric = self._participants(m, sentence, obj_end)
        place_name, place_country, visited = self._draft_place(kind, m, sentence, obj_end=obj_end)
        if kind == "visit" and place_country:
            # A visit is a meeting with the leaders of the visited country named alongside it.
            people.extend(self._hosts_of_visit(sentence, place_country, people))
        actors = self._draft_actors(
            m, sentence, obj_end=obj_end, clause_start=clause_start, people=people, visited=visited
        )
        if kind == "hosts":
            return self._hosts(m, obj_end)
        if kind == "joined":
            return _Retold(people) if self._previous is not None else None
        if len(people) + len(actors) == 1 and kind != "visit":
            # "His Excellency the Prime Minister met the Hamas delegation": an office for its state.
            office = self._office_subject(m, clause_start)
            if office is not None and office not in actors and all(p.affiliation != office for p in people):
                actors.insert(0, office)
        if len(people) + len(actors) < (1 if kind in ("visit", "conference") else 2):
            return None
        if kind == "visit" and not people:
            return None  # "the delegation arrived in Geneva": an arrival, no one met yet
        if kind == "talks" and re.match(r"(?i)(?:spoken|spoke|talked)\s+(?:\w+\s+){0,2}?(?:with|to)\b", m.group()):
            kind = self._conversation_kind(m, sentence)
            if kind is None:
                return None
        date = self._own_date(m, sentence)
        distinct = bool(_DISTINCT.search(self.text[sentence.start : sentence.end]))
        later = self._told_as_later(m, sentence)
        if date is None or not (place_name or place_country):
            # "He then travelled to Israel and met Netanyahu.", "Witkoff and Araghchi also spoke directly": a
            # meeting told without its date or place takes them from the occasion just told in its paragraph.
            occ_date, occ_name, occ_country = self._occasion_before(sentence, later)
            if date is None:
                date = occ_date
            if not (place_name or place_country) and kind != "call":
                place_name, place_country = occ_name, occ_country
        # "The two leaders first met in Singapore": an earlier meeting of the same people.
        earlier = bool(_EARLIER_BEFORE.search(self.text, max(sentence.start, m.start() - 20), m.start()))
        if anaphoric and (later or earlier or self._elsewhere_or_else_when(date, place_name, place_country)):
            # "the two ministers were later received by", "first endorsed by both leaders at a meeting in Brussels
            # on February 27": the same people, another meeting.
            distinct = True
        if anaphoric and not distinct:
            # "The four leaders ... signed the text": the meeting just described, told again
            return _Retold(people, place=(place_name, place_country))
        return MeetingDraft(
            kind,
            m.start(),
            obj_end,
            sentence.text,
            people,
            actors,
            place_name,
            place_country,
            date,
            self.text[sentence.start : sentence.end],
            distinct=distinct,
            follows=self._previous if later else None,
        )

    def _office_subject(self, m: re.Match, clause_start: int) -> str | None:
        """The state of the office that is the whole subject of the trigger ("Qatar's foreign ministry",
        "the Qatari premier", "His Excellency the Prime Minister" in that state's own transcript), or None."""
        start = max(clause_start, self.doc.dateline_end)
        if any(start <= x.start < m.start() for x in self.mentions):
            return None  # a person is the subject
        subject = _OFFICE_SUBJECT.fullmatch(_LEADING_TIME.sub("", self.text[start : m.start()].strip()))
        if subject is None:
            return None
        for word in filter(None, (subject.group("owner"), *subject.group("words").split())):
            actor = self.doc.actors.lookup(word)
            if actor is not None:
                return actor.name if actor.kind == "state" else None
        return self.doc.outlet_state

    def _told_as_later(self, m: re.Match, sentence) -> bool:
        """'were later received', 'then attended', '..., then joined a larger meeting': a further meeting."""
        # Only right before the verb, not "24 hours later when he saw".
        words = " ".join(self.text[max(sentence.start, m.start() - 30) : m.start()].split()[-2:])
        return bool(
            _LATER.search(words) or _THEN_CLAUSE.search(self.text, max(sentence.start, m.start() - 50), m.start())
        )

    def _hosts_of_visit(self, sentence, country: str, people: list[PersonRecord]) -> list[PersonRecord]:
        out: list[PersonRecord] = []
        for mention in self.mentions:
            if (
                sentence.start <= mention.start < sentence.end
                and mention.person.affiliation == country
                and mention.person not in people
                and mention.person not in out
            ):
                out.append(mention.person)
        return out

    def _conversation_kind(self, m: re.Match, sentence) -> str | None:
        """'spoke with X': a call when the report tells a call, talks otherwise; None for 'spoke to Euronews'."""
        if not self._object_near(m):
            return None  # "spoke to Euronews in Brussels, the day after A and B ...": an interview
        # "spoke with X ... the readout of the call": told as a conversation, it was a call.
        window = self.doc.title + " " + self.text[sentence.start : min(len(self.text), sentence.end + 300)]
        return "call" if re.search(r"\b(?:call|phone|telephone|video\s+link)\b", window, re.I) else "talks"

    def _own_date(self, m: re.Match, sentence) -> DateRef | None:
        """The date the trigger's sentence gives it: the nearest, a day off when told as 'the day after' it."""
        date = self._date(sentence.start, sentence.end, m.start())
        if date is not None and date.precision == "day" and date.end <= m.start():
            # "spoke on Wednesday, the day after Trump and Putin agreed in a phone call": their call was a day before.
            around = _DAY_AROUND_EVENT.search(self.text, date.end, m.start())
            if around is not None:
                step = dt.timedelta(days=-1 if around.group(1) == "after" else 1)
                date = DateRef(date.start, date.end, date.date + step, "day")
        return date

    def _object_near(self, m: re.Match) -> bool:
        """A person or a side is named right after the verb ("spoke with Turkish Foreign Minister Hakan Fidan")."""
        limit = m.end() + 50
        return any(m.end() <= x.start < limit for x in self.mentions) or any(
            m.end() <= a.start < limit
            and not re.search(r"\b(?:in|at|from)\s+(?:the\s+)?$", self.text[m.end() : a.start])
            for a in self.actor_mentions
        )

    def _hosts(self, m: re.Match, obj_end: int) -> _Retold | None:
        """'The conference was co-hosted by the UK, the EU and France': the hosts, states included, sat at the
        occasion just told when that occasion was named by the same noun."""
        prev = self._previous
        noun = re.match(r"\w+", m.group()).group().lower().rstrip("s")
        if prev is None or not re.search(rf"\b{noun}", prev.summary, re.I):
            return None
        end = self.text.find(", with", m.end(), obj_end)
        end = obj_end if end < 0 else end
        people = [x.person for x in self.mentions if m.end() <= x.start < end]
        sides = {p.affiliation for p in prev.people + people}
        actors = []
        for a in self.actor_mentions:
            if m.end() <= a.start < end and a.actor.name not in sides and a.actor.name not in actors:
                actors.append(a.actor.name)
        return _Retold(people, actors)

    def _object_end(self, kind: str, m: re.Match, sentence) -> int | None:
        """Where the trigger's clause (its objects) ends; None for a planned, conditional, denied or future meeting."""
        text = self.text
        before = text[max(sentence.start, m.start() - 70) : m.start()]
        # Planned, conditional or denied: the marker sits in the clause leading to the trigger.
        clause_before = re.split(r"[,;\u2014]|\band\b|\bwho\b", before)[-1]
        if (
            PLANNED_MARKERS.search(clause_before)
            or PLANNED_MARKERS.search(m.group())
            or _NEGATED.search(clause_before)
            or _CONDITION.search(re.split(r"[,;\u2014]", text[sentence.start : m.start()])[-1])
        ):
            return None
        end_m = _CLAUSE_END.search(text, m.end(), sentence.end)
        while end_m and _LIST_AND.match(text, end_m.start()) and "," in text[m.end() : end_m.start()]:
            # "hosted A, Serbia's president, and B, Kosovo's prime minister": the last of a list with appositions.
            end_m = _CLAUSE_END.search(text, end_m.end(), sentence.end)
        obj_end = end_m.start() if end_m else sentence.end
        if _FRONTED.match(text, sentence.start, m.start()):
            # "After the meeting with the Europeans, Trump called Putin": the phrase ends at its comma.
            comma = text.find(",", m.end(), obj_end)
            obj_end = comma if comma > 0 else obj_end
        if kind == "signing" and (_PASSIVE.match(m.group()) or m.group() == "signed"):
            # Who signed and who witnessed stand after the verb, across commas ("attended by A, B's envoy, and C").
            end_m = _SIGNED_BY_END.search(text, m.end(), sentence.end)
            obj_end = end_m.start() if end_m else sentence.end
        if _FUTURE_AFTER.search(text, m.end(), obj_end):
            return None
        if _HISTORICAL_BEFORE.search(text, sentence.start, m.start()) or _HISTORICAL_AFTER.match(text, m.end()):
            return None  # "Ten years after A and B signed the agreement": background, not the news
        # "met Erdogan in Ankara, had offered to meet Putin": who is only offered a meeting is not in this one.
        planned = PLANNED_MARKERS.search(text, m.end(), obj_end)
        return planned.start() if planned else obj_end

    def _participants(self, m: re.Match, sentence, obj_end: int) -> tuple[list[PersonRecord], int, bool]:
        """(the people at the meeting, where the trigger's clause starts, whether its subject refers back to
        the meeting just told): the subject, those coordinated with it, and the objects before obj_end."""
        subject, coordinated, clause_start = self._subjects(m, sentence)
        anaphoric = False
        plural = _PLURAL_SUBJECT.search(self.text, clause_start, m.start()) if not coordinated else None
        if plural:
            before_people = self._previous_sentence_people(sentence)
            pair = set(map(id, before_people[:2]))
            if (
                re.match(r"(?i)the\s+two|both", plural.group())
                and len(before_people) >= 2
                and (self._previous is None or not pair <= set(map(id, self._previous.people)))
            ):
                # "Trump and Putin agreed ... . The two leaders spoke by phone": the pair just named.
                coordinated, subject = before_people[:2], None
            elif self._previous:
                # "the two ministers were received by ...": the people of the meeting just described.
                coordinated, subject, anaphoric = list(self._previous.people), None, True
        people: list[PersonRecord] = [subject] if subject else []
        for person in coordinated:
            if person not in people:
                people.append(person)
        for mention in self.mentions:
            # "spoke with Burhan by phone": the object may stand inside the trigger's words.
            if m.start() < mention.start < obj_end and mention.person not in people:
                if _in_relative_clause(self.text, m.end(), mention.start):
                    continue  # "signed by A, who heads the delegation of B, and by C": B was not there
                # "attended by Massad Boulos, Trump's adviser": the one whose adviser he is was not there.
                if _POSSESSIVE_AFTER.match(self.text, mention.end, mention.end + 3):
                    continue
                people.append(mention.person)
        if _FRONTED.match(self.text, sentence.start, m.start()) and self.text[obj_end : obj_end + 1] == ",":
            # "In a call with Fidan on Monday, Sybiha discussed ...": the main clause's subject was at it.
            main = next((x for x in self.mentions if obj_end < x.start < min(sentence.end, obj_end + 80)), None)
            if main is not None and not _governed(self.text, main.start, obj_end) and main.person not in people:
                people.append(main.person)
        for person in self._titled_only(clause_start, obj_end):
            if person not in people:
                people.append(person)  # "the army's chief of staff met Trump": named elsewhere in the report
        if _OWN_MEETING.match(m.group()) and len(people) < 2:
            # "'Our meeting today with Lavrov was useful,' Fidan said": the speaker was at it.
            speaker = self._speaker_of(sentence, m)
            if speaker is not None and speaker not in people:
                people.insert(0, speaker)
        return people, clause_start, anaphoric

    def _speaker_of(self, sentence, m: re.Match) -> PersonRecord | None:
        """Who says the words at m: the subject named after the closing quote, else the one named before it."""
        close = re.search(r"[\"\u201d]", self.text[m.end() : sentence.end])
        if close is not None:
            after = m.end() + close.end()
            for x in self.mentions:
                if after <= x.start < sentence.end:
                    return x.person
        before = [x for x in self.mentions if sentence.start <= x.start < m.start()]
        return before[-1].person if before else None

    def _described_before(self, mention: Mention, words: str, not_at: int) -> bool:
        """'Pakistan's army chief, Field Marshal Asim Munir': the words stand just before the mention (not at
        not_at, where the title reference itself stands)."""
        floor = max(0, mention.start - len(words) - 30)
        at = self.lower_text.find(words, floor, mention.start)
        return at >= 0 and at != not_at

    def _titled_only(self, start: int, end: int) -> list[PersonRecord]:
        """People the clause names by title only ("the army's chief of staff"), each resolved to the one person
        of the report that title is given to (its title, or the words just before one of its mentions)."""
        out = []
        for ref in _TITLE_REFERENCE.finditer(self.text, start, end):
            words = ref.group("title").lower()
            candidates = {
                id(x.person): x.person
                for x in self.mentions
                if x.person.title.lower().endswith(words) or self._described_before(x, words, ref.start("title"))
            }
            if len(candidates) == 1:
                out.extend(candidates.values())
        return out

    def _subjects(self, m: re.Match, sentence) -> tuple[PersonRecord | None, list[PersonRecord], int]:
        """(subject, people coordinated with it, clause start). The subject is the nearest person that is the
        subject of a clause before the trigger in this sentence, or a pronoun's person; coordinated are those
        ungoverned in the trigger's clause ("Araghchi and Witkoff spoke", "The ministers, A and B, signed")."""
        text = self.text
        subject = None
        for mention in reversed(self.mentions):
            if sentence.start <= mention.start < m.start() and mention.subject:
                subject = mention.person
                break
        clause_start = sentence.start
        for b in re.finditer(r"[;:\"\u201c\u201d]|\bwhen\b|\bafter\b|\bbefore\b", text[sentence.start : m.start()]):
            clause_start = sentence.start + b.end()
        coordinated = []
        for mention in self.mentions:
            if clause_start <= mention.start < m.start() and (
                not _governed(text, mention.start, sentence.start)
                or _INCLUDED.search(text, max(sentence.start, mention.start - 60), mention.start)
            ):
                if mention.person not in coordinated:
                    coordinated.append(mention.person)
        pron = list(re.finditer(r"\b(?:he|she)\b", text[sentence.start : m.start()], re.I))
        ahead = self._named_after_opener(sentence, m) if pron else None
        if ahead is not None:
            # "Speaking in Vilnius, where he attended a summit, Zelenskyy said": the one named after the opener.
            return ahead, coordinated, clause_start
        if pron:
            ppos = sentence.start + pron[-1].start()
            nearer = [x for x in self.mentions if ppos < x.start < m.start()]
            if subject is None or not nearer and (subject is None or self._last_pos(subject, m.start()) < ppos):
                resolved = self.resolve_pronoun(ppos)
                if resolved is not None:
                    subject = resolved
        if len(coordinated) >= 2 and clause_start > sentence.start and subject not in coordinated:
            # "Sybiha spoke on Wednesday, the day after Trump and Putin agreed in a phone call": their call.
            subject = None
        return subject, coordinated, clause_start

    def _named_after_opener(self, sentence, m: re.Match) -> PersonRecord | None:
        """The subject of the main clause when the trigger stands in an opening participial phrase whose
        pronoun no one named before it explains."""
        opens = max(sentence.start, self.doc.dateline_end)  # "VILNIUS (AP) - Speaking in ...": after the dateline
        if not _PARTICIPLE_OPENER.match(self.text, opens, m.start()) or any(
            sentence.start <= x.start < m.start() for x in self.mentions
        ):
            return None
        return next((x.person for x in self.mentions if m.end() <= x.start < sentence.end and x.subject), None)

    def _draft_place(self, kind: str, m: re.Match, sentence, *, obj_end: int) -> tuple[str, str | None, str | None]:
        """(place name, country, the state a visit is to): 'in X' in the clause, else in the sentence."""
        place_name, place_country, _ = place_in(self.doc, m.start(), obj_end)
        if not place_name and not place_country and kind != "call":
            # "In Ankara, Zelensky, who met Erdogan ...": the place may stand anywhere in the sentence.
            place_name, place_country, _ = place_in(self.doc, sentence.start, sentence.end)
        visited = None
        if kind == "visit":
            obj_actor = next((a for a in self.actor_mentions if m.end() <= a.start < obj_end), None)
            if (
                obj_actor is not None
                and obj_actor.actor.kind == "state"
                and not re.search(r"[,;.]", self.text[m.end() : obj_actor.start])
            ):
                visited = obj_actor.actor.name
                if place_country != visited:
                    place_name, place_country = "", visited
            elif not place_name:
                place_name, place_country, _ = place_in(self.doc, m.start(), obj_end)
        return place_name, place_country, visited

    def _draft_actors(
        self, m: re.Match, sentence, *, obj_end: int, clause_start: int, people: list[PersonRecord], visited: str | None
    ) -> list[str]:
        """Sides at the meeting no named person stands for: non-state objects, and the subject's sides where
        no person is named ("Iran and the United States held talks")."""
        text = self.text
        actors: list[str] = []
        for a in self.actor_mentions:
            # "held talks with Egyptian mediators": a state's people at the table, none of them named.
            group = a.actor.kind == "state" and bool(
                _GROUP_AFTER.match(text, a.end) or _GROUP_AFTER.search(" " + text[a.start : a.end])
            )
            if (
                m.start() < a.start < obj_end
                and (a.actor.kind != "state" or group)
                or (visited and a.actor.name == visited)
            ):
                if a.actor.name not in actors and not any(p.affiliation == a.actor.name for p in people):
                    if _ABSENT_BEFORE.search(text, max(0, a.start - 20), a.start):
                        continue  # "without Turkish officials in the room": not at the table
                    if m.start() < a.start < obj_end and not _in_relative_clause(text, m.end(), a.start):
                        actors.append(a.actor.name)
        if not people:
            for a in self.actor_mentions:
                # "the Rwanda-backed M23": the backer is not a side at the table.
                if text[a.end : a.end + 1] == "-" or _POSSESSIVE_AFTER.match(text, a.end, a.end + 3):
                    continue
                if (
                    clause_start <= a.start < m.start()
                    and not _governed(text, a.start, sentence.start)
                    and a.actor.name not in actors
                ):
                    actors.append(a.actor.name)
        return actors

    def _occasion_before(self, sentence, later: bool) -> tuple[DateRef | None, str, str | None]:
        """The date and place of the meeting told just before in the same paragraph: the previous meeting when
        this one follows it ('then'), else the latest earlier sentence of the paragraph about talks."""
        prev = self._previous
        if later and prev is not None and prev.date is not None:
            return prev.date, "", None
        para = self.paragraphs[sentence.paragraph]
        earlier_sentences = [s for s in para.sentences if s.end <= sentence.start]
        if _ANAPHORIC_START.match(sentence.text.strip()) and sentence.paragraph > 0:
            # "The accord was signed by ...": the occasion may be told in the paragraph before.
            earlier_sentences = self.paragraphs[sentence.paragraph - 1].sentences + earlier_sentences
        for earlier in reversed(earlier_sentences):
            if not _OCCASION_NOUN.search(earlier.text):
                continue
            date = self._date(earlier.start, earlier.end, earlier.start)
            # "ended on Tuesday after a round that ran from Sunday to Tuesday": the round's days, when given.
            date = next((d for d in self.dates if earlier.start <= d.start < earlier.end and d.until), date)
            name, country, _ = place_in(self.doc, earlier.start, earlier.end)
            if date is not None or name or country:
                return date, name, country
        return None, "", None

    def _elsewhere_or_else_when(self, date: DateRef | None, place_name: str, place_country: str | None) -> bool:
        prev = self._previous
        if prev is None:
            return False
        if date is not None and prev.date is not None and not _compatible_dates(date, prev.date):
            return True
        if place_country and prev.place_country and place_country != prev.place_country:
            return True
        return bool(place_name and prev.place_name and place_name != prev.place_name)

    def _split(self, draft: MeetingDraft, m: re.Match) -> list[MeetingDraft]:
        """'met A and, separately, B' / 'spoke with A and with B' / 'met A in X and B at Y' / 'meeting A and then
        B': one meeting per counterpart, each at its own place where the sentence gives one."""
        if len(draft.people) < 3:
            return [draft]
        subject_people = [
            p for p in draft.people if not any(m.end() <= x.start < draft.end and x.person is p for x in self.mentions)
        ]
        others = [p for p in draft.people if p not in subject_people]
        if not subject_people or len(others) < 2:
            return [draft]
        groups = self._object_groups(draft, m, others)
        if groups is None:
            return [draft]
        out = []
        for group, (place_name, place_country) in groups:
            out.append(
                MeetingDraft(
                    draft.kind,
                    draft.start,
                    draft.end,
                    draft.sentence,
                    subject_people + group,
                    list(draft.actors),
                    place_name or (draft.place_name if not place_country else ""),
                    place_country or draft.place_country,
                    draft.date,
                    draft.summary,
                    group=draft.start,
                    distinct=True,
                )
            )
        return out

    def _object_groups(
        self, draft: MeetingDraft, m: re.Match, others: list[PersonRecord]
    ) -> list[tuple[list[PersonRecord], tuple[str, str | None]]] | None:
        """The counterparts in groups, one group per meeting, each with its own (place, country) or ("", None);
        None when the objects are the people of one meeting."""
        text = self.text
        # "separate meetings with A, and with B and C": one meeting per "with" group, not per person.
        cuts = [
            m.end() + x.start()
            for x in re.finditer(
                r",?\s+and\s+(?:then\s+)?(?:separately\s+)?with\b|,\s*separately,?\s+with\b", text[m.end() : draft.end]
            )
        ]
        # Without "and with", "A in X and B at Y" or "A and then B" may still cut the objects.
        cuts = cuts or [
            m.end() + x.start()
            for x in re.finditer(r",?\s+and\s+(?:then\s+)?(?=(?:the\s+)?[A-Z])", text[m.end() : draft.end])
        ]
        bounds = [m.start(), *cuts, draft.end]
        segments = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
        places = [place_in(self.doc, a, b)[:2] for a, b in segments]
        # "met A in Baabda and B at the Grand Serail": each counterpart named with its own place.
        own_places = len(segments) >= 2 and all(name or country for name, country in places)
        if not (own_places or _SEPARATE.search(text, m.start(), draft.end)):
            return None
        by_segment: dict[int, list[PersonRecord]] = {}
        for p in others:
            first = min((x.start for x in self.mentions if x.person is p and m.end() <= x.start < draft.end), default=0)
            seg = next((i for i, (a, b) in enumerate(segments) if a <= first < b), len(segments) - 1)
            by_segment.setdefault(seg, []).append(p)
        if len(by_segment) < 2:
            groups = [([p], ("", None)) for p in others]
        else:
            groups = [(group, places[seg]) for seg, group in by_segment.items()]
        cities = self._cities_by_country(draft)
        out = []
        for i, (group, place) in enumerate(groups):
            if not (place[0] or place[1]):
                place = _shuttle_place(cities, group[0], index=i, count=len(groups))
            out.append((group, place))
        return out

    def _cities_by_country(self, draft: MeetingDraft) -> dict[str, str]:
        """{country: first city} of the cities the draft's sentence names, in the order it names them."""
        found: dict[str, str] = {}
        sentence = next((s for s in self.doc.sentences if s.start <= draft.start < s.end), None)
        if self.doc.place_lookup is None or sentence is None:
            return found
        for word in re.finditer(r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?", sentence.text):
            place = self.doc.place_lookup(word.group())
            if place is not None and getattr(place, "kind", "") != "country":
                country = _country_of(self.doc, place)
                if country:
                    found.setdefault(country, getattr(place, "name", word.group()))
        return found

    def _previous_sentence_people(self, sentence) -> list[PersonRecord]:
        sentences = [s for p in self.paragraphs for s in p.sentences]
        index = next((i for i, s in enumerate(sentences) if s.start == sentence.start), 0)
        if index == 0:
            return []
        prev = sentences[index - 1]
        # Not the one who tells it: "Trump and Putin agreed ..., Hungarian Prime Minister Viktor Orban said."
        tail = re.search(
            r",(?=[^,;.]{3,70}\b(?:said|says|told|added|announced)\b[^,]*$)", self.text[prev.start : prev.end]
        )
        end = prev.start + tail.start() if tail else prev.end
        out: list[PersonRecord] = []
        for x in self.mentions:
            if prev.start <= x.start < end and x.person not in out:
                out.append(x.person)
        return out

    def _last_pos(self, person, before: int) -> int:
        positions = [x.start for x in self.mentions if x.person is person and x.start < before]
        return positions[-1] if positions else -1

    def _date(self, start: int, end: int, anchor: int) -> DateRef | None:
        inside = [d for d in self.dates if start <= d.start < end]
        # "signed the text ..., which took effect on Friday": a relative clause after the verb dates something else.
        own = [d for d in inside if not _RELATIVE_BEFORE.search(self.text, anchor, d.start)]
        inside = own
        if not inside:
            return None
        return min(inside, key=lambda d: abs(d.start - anchor))


def place_in(doc: Document, start: int, end: int) -> tuple[str, str | None, int | None]:
    """(place name, country, position) of the first 'in X' in text[start:end]."""
    for m in _PLACE_IN.finditer(doc.text, start, end):
        name = m.group("place")
        before = doc.text[max(0, m.start() - 25) : m.start()].split()
        if before and before[-1].strip(",") in ABOUT_PLACE_NOUNS:
            continue  # "the war in Sudan", "ambassador to Türkiye": not where the meeting was
        if _ADJECTIVE_NOUN.match(doc.text, m.end("place")):
            continue  # "at the Omani embassy": an adjective, not the place
        venue = _venue(doc, m.start(), end)
        if venue is not None:
            return venue
        country_text = m.group("country")
        actor = doc.actors.lookup(name)
        place = doc.place_lookup(name) if doc.place_lookup else None
        if place is not None and getattr(place, "kind", "") == "country" and actor is not None:
            return "", actor.name, m.start()
        if place is not None and (actor is None or actor.kind != "state" or getattr(place, "kind", "") != "country"):
            country = None
            if country_text and doc.actors.lookup(country_text):
                country = doc.actors.lookup(country_text).name
            if country is None:
                country = _country_of(doc, place)
            return getattr(place, "name", name), country, m.start()
        if actor is not None and actor.kind == "state":
            return "", actor.name, m.start()
    return "", None, None


_ADJECTIVE_NOUN = re.compile(
    r"\s+(?:embassy|consulate|border|side|government|ministry|mission|presidency|delegation|"
    r"foreign|prime|president|military|army)\b"
)
_VENUE = re.compile(r"\s*(?:in|at|to)\s+(?:the\s+)?(?P<venue>[A-Z\u00c9][\w\u00e9\u00e7-]*(?:\s+[A-Z][\w\u00e7-]*)?)")


def _venue(doc: Document, start: int, end: int) -> tuple[str, str | None, int] | None:
    """'in the Oval Office', 'at the Grand Serail': a room or seat of government standing for its city."""
    m = _VENUE.match(doc.text, start, end)
    if m is None:
        return None
    words = m.group("venue")
    for name in (words, words.split()[0]):
        known = VENUES.get(name.lower())
        if known is not None:
            actor = doc.actors.lookup(known[1])
            return known[0], actor.name if actor is not None else known[1], start
    return None


def _country_of(doc: Document, place) -> str | None:
    iso = getattr(place, "country_iso", None) or getattr(place, "country", None)
    if not iso:
        return None
    return _states_by_iso(doc.actors.by_name).get(str(iso).upper())


# {id of an actor index: (the index, {ISO code: state name})}: built once per gazetteer, not per place.
_STATES_BY_ISO: dict[int, tuple[object, int, dict[str, str]]] = {}


def _states_by_iso(by_name) -> dict[str, str]:
    cached = _STATES_BY_ISO.get(id(by_name))
    if cached is not None and cached[0] is by_name and cached[1] == len(by_name):
        return cached[2]
    states: dict[str, str] = {}
    for actor in by_name.values():
        if actor.iso_code and actor.kind == "state":
            states.setdefault(actor.iso_code.upper(), actor.name)
    if len(_STATES_BY_ISO) > 8:
        _STATES_BY_ISO.clear()
    _STATES_BY_ISO[id(by_name)] = (by_name, len(by_name), states)
    return states


_DATELINE_PLACE = re.compile(
    r"^([A-Z][A-Za-z'\u2019 .-]{2,40}?)(?:\s*/\s*[A-Z][A-Za-z'\u2019 .-]{2,30}?)?(?:,\s*[A-Z][\w .]{1,30}?)?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\)\s*)?[\u2014\u2013-]\s"
)


def dateline_place(doc: Document) -> tuple[str, str | None]:
    """The city of the dateline ("MUSCAT, Oman (AP) —") and its country; ("", None) without one."""
    return _dateline_city(doc) or ("", None)


def _dateline_city(doc: Document) -> tuple[str, str | None] | None:
    if doc.paragraphs and doc.place_lookup is not None:
        dl = _DATELINE_PLACE.match(doc.paragraphs[0].text)
        if dl:
            place = doc.place_lookup(dl.group(1).strip().title())
            if place is not None and getattr(place, "kind", "") != "country":
                return getattr(place, "name", dl.group(1).title()), _country_of(doc, place)
    return None


def report_venue(doc: Document) -> tuple[str, str | None]:
    """Where the report's talks are: its dateline's city, else the first 'talks in X'."""
    city = _dateline_city(doc)
    if city is not None:
        return city
    for para in doc.paragraphs[:3]:
        for sentence in para.sentences:
            if re.search(r"\b(?:talks|negotiations|meeting|summit|conference|round)\b", sentence.text, re.I):
                name, country, _ = place_in(doc, sentence.start, sentence.end)
                if name or country:
                    return name, country
    return "", None


def talks_host(doc: Document) -> str | None:
    """The country hosting the talks, for 'the host country said': the first sentence about talks that has one."""
    for sentence in doc.sentences:
        if re.search(r"\b(?:talks|negotiations|meeting|summit|conference)\b", sentence.text, re.I):
            _, country, _ = place_in(doc, sentence.start, sentence.end)
            if country:
                return country
    return None


_GOVERNING = re.compile(
    r"\b(?:to|with|by|for|from|of|at|on|in|about|against|told|met|according\s+to|including|"
    r"between|among|than|under|over|without)\s+(?:the\s+)?(?:[A-Z][\w.\u2019'-]*\s+){0,4}$"
)


# "Minister of Foreign Affairs Sheikh Mohammed", "Minister for Europe X": the preposition is inside a title.
_TITLE_PREPOSITION = re.compile(r"[A-Z][\w\u2019'-]*\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w.\u2019'-]*\s+){0,4}$")


def _governed(text: str, start: int, floor: int = 0) -> bool:
    """A preposition or an object verb governs the mention: not a subject of the meeting verb."""
    window = text[max(floor, start - 60) : start]
    found = _GOVERNING.search(window)
    if found is None:
        return False
    title = _TITLE_PREPOSITION.search(window) if found.group().split()[0] in ("of", "for") else None
    if title is None:
        return True
    # The title itself may stand governed: "met with Minister of Foreign Affairs X".
    return bool(_GOVERNING.search(window[: title.start()] + title.group().split()[0] + " "))


def _shuttle_place(
    cities: dict[str, str], counterpart: PersonRecord, *, index: int, count: int
) -> tuple[str, str | None]:
    """'shuttled between Beirut and Jerusalem, meeting A and then B': the city in the counterpart's country, else
    the city named in the same order, when the sentence names one city per counterpart."""
    if len(cities) >= 2 and counterpart.affiliation in cities:
        return cities[counterpart.affiliation], counterpart.affiliation
    if len(cities) == count >= 2:
        country = list(cities)[index]
        return cities[country], country
    return "", None


def _in_relative_clause(text: str, start: int, position: int) -> bool:
    """The position is inside a ', who ...' or ', which ...' clause opened after start and not closed by a comma."""
    opened = None
    for m in re.finditer(r",\s*(?:who|which|whose)\b|,", text[start:position]):
        opened = m if m.group() != "," else None
    return opened is not None


def _same_sides_only(a: MeetingDraft, b: MeetingDraft) -> bool:
    """Two mentions naming only the same sides, on dates that agree and in one country."""
    return (
        not a.people
        and not b.people
        and len(a.actors) >= 2
        and set(a.actors) == set(b.actors)
        and a.date is not None
        and b.date is not None
        and _compatible_dates(a.date, b.date)
        and (not a.place_country or not b.place_country or a.place_country == b.place_country)
    )


def _same_people(a: MeetingDraft, b: MeetingDraft) -> bool:
    return bool(a.people) and {id(p) for p in a.people} == {id(p) for p in b.people}


def _compatible_dates(a: DateRef | None, b: DateRef | None) -> bool:
    if a is None or b is None:
        return True
    return a.date <= b.date_to and b.date <= a.date_to


def _covers(people_draft: MeetingDraft, actor_draft: MeetingDraft) -> bool:
    """The named people's sides are the sides an actor-only mention names ("Iran and the US held talks")."""
    if actor_draft.people or not actor_draft.actors:
        return False
    # "National Liberation Army (Colombia)" and "National Liberation Army" are one side.
    sides = {_base_name(p.affiliation) for p in people_draft.people if p.affiliation}
    sides |= {_base_name(a) for a in people_draft.actors}
    actors = {_base_name(a) for a in actor_draft.actors}
    return len(sides & actors) >= min(2, len(actors))


def _base_name(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)$", "", name)


_ANAPHORIC_START = re.compile(
    r"^(?:The|This|That|Its|Their)\s+(?:[\w-]+\s+){0,2}?(?:declaration|agreement|deal|accord|"
    r"text|document|treaty|truce|cease-?fire|talks|meeting|ceremony|summit|session|signing|round|negotiations|"
    r"conference|visit)\b"
)


def _retold(kept: MeetingDraft, draft: MeetingDraft) -> bool:
    """'A and B signed a declaration in Doha on Saturday. The declaration was signed by ... at a ceremony
    attended by X and Y.': the second sentence names who was at the event the first told by its sides."""
    if kept.people or not kept.actors or not draft.people or kept.sentence == draft.sentence:
        return False
    if (
        kept.kind == "call"
        or draft.kind == "call"
        or kept.kind != draft.kind
        and "signing" not in (kept.kind, draft.kind)
    ):
        return False
    if draft.place_country not in (None, kept.place_country) or not _compatible_dates(kept.date, draft.date):
        return False
    return bool(_ANAPHORIC_START.match(draft.summary.strip())) and draft.start - kept.end < 600


def merge_meetings(drafts: list[MeetingDraft]) -> list[MeetingDraft]:
    """Two mentions of one meeting in a report (same country, a shared participant, dates that agree) are one."""
    merged: list[MeetingDraft] = []
    for draft in drafts:
        target = next((kept for kept in merged if not _kept_apart(kept, draft) and _one_meeting(kept, draft)), None)
        if target is None:
            merged.append(draft)
        else:
            _fold(target, draft)
    return merged


def _kept_apart(kept: MeetingDraft, draft: MeetingDraft) -> bool:
    """Told as two meetings: split from one sentence, a call beside a meeting, 'separately', 'then met B'."""
    if kept.group is not None and kept.group == draft.group:
        return True
    if (kept.kind == "call") != (draft.kind == "call"):
        return True  # a call and a meeting in person are two events
    if (kept.distinct or draft.distinct) and kept.sentence != draft.sentence:
        return True
    # "then met B": another meeting; "shook hands, then sat down together": the same one.
    return draft.follows is kept and not (_same_people(kept, draft) and kept.date == draft.date)


def _one_meeting(kept: MeetingDraft, draft: MeetingDraft) -> bool:
    """The two mentions tell one meeting (clearing the sides a named person now stands for)."""
    if _same_sides_only(kept, draft):
        return True  # "officials met a Ukrainian delegation ... The Ukrainian delegation met the U.S. team"
    if kept.kind == draft.kind == "call" and _same_people(kept, draft) and _compatible_dates(kept.date, draft.date):
        return True  # "Trump broke off a meeting to telephone Putin ... During the meeting, Trump called Putin"
    if _retold(kept, draft):
        kept.actors = []
        return True
    same_country = not kept.place_country or not draft.place_country or kept.place_country == draft.place_country
    if (_covers(kept, draft) or _covers(draft, kept)) and _compatible_dates(kept.date, draft.date) and same_country:
        if not kept.people:
            kept.actors = []
        else:
            draft.actors = []
        return True
    same_place = same_country and not (kept.place_name and draft.place_name and kept.place_name != draft.place_name)
    ids_kept, ids_draft = {id(p) for p in kept.people}, {id(p) for p in draft.people}
    nested = ids_kept <= ids_draft or ids_draft <= ids_kept
    # Within one sentence only a mention nested in another ("signed ... at a summit") is the same meeting.
    return bool(
        same_place
        and ids_kept & ids_draft
        and _compatible_dates(kept.date, draft.date)
        and (kept.place_country or draft.place_country)
        and (kept.sentence != draft.sentence or nested)
    )


def _fold(target: MeetingDraft, draft: MeetingDraft) -> None:
    for p in draft.people:
        if p not in target.people:
            target.people.append(p)
    for a in draft.actors:
        if a not in target.actors:
            target.actors.append(a)
    if draft.place_name and not target.place_name:
        target.place_name = draft.place_name
    target.place_country = target.place_country or draft.place_country
    if target.date is None or (draft.date is not None and _rank(draft.date) < _rank(target.date)):
        target.date = draft.date or target.date


def _rank(date: DateRef) -> int:
    return {"day": 0, "week": 1, "month": 2}.get(date.precision, 3)


def date_range(date: DateRef | None, default: DateRef | None) -> tuple[dt.date | None, dt.date | None, str]:
    ref = date or default
    if ref is None:
        return None, None, "day"
    return ref.date, ref.date_to, ref.precision


def meeting_records(doc: Document, drafts: list[MeetingDraft], *, default: DateRef | None) -> list[ExtractedMeeting]:
    """The meetings as extracted: a draft without a place takes the dateline's city or the report's venue,
    one without a date the report's date."""
    venue = report_venue(doc)
    dateline_city, dateline_country = dateline_place(doc)
    meetings = []
    for d in drafts:
        place_name, place_country = d.place_name, d.place_country
        if not place_name and place_country and dateline_city and dateline_country == place_country:
            place_name = dateline_city  # "in the Kremlin" under a MOSCOW dateline
        if not place_name and not place_country and d.kind != "call" and (venue[0] or venue[1]):
            place_name, place_country = venue
        for date_from, date_to, precision in _occasions(d.date, default):
            meetings.append(
                ExtractedMeeting(
                    kind=d.kind,
                    span=Span(d.start, d.end, d.summary),
                    people=[p.name for p in d.people],
                    actors=list(d.actors),
                    place_name=place_name,
                    place_country=place_country,
                    date_from=date_from,
                    date_to=date_to,
                    date_precision=precision,
                    summary=d.summary,
                )
            )
    return meetings


def _occasions(date: DateRef | None, default: DateRef | None) -> list[tuple[dt.date | None, dt.date | None, str]]:
    """The dates of the meetings one draft tells: one per listed day ("talks held on 23 and 24 July" are a
    meeting on each day, as reports telling one of the days give them), else its date range."""
    if date is not None and date.days:
        return [(day, day, "day") for day in date.days]
    return [date_range(date, default)]
