"""Statements: the attributed quotes, interview answers and reported speech of a report, dated, one per
thing said (a person beats the institution they speak for)."""

from __future__ import annotations

import re

from events.pipeline.extraction.attribution import Attributed, Attribution
from events.pipeline.extraction.dates import DateRef, ReportDates
from events.pipeline.extraction.document import Document
from events.pipeline.extraction.interview import find_answers
from events.pipeline.extraction.people import Mention, PersonRecord
from events.pipeline.extraction.reported import find_reported
from events.pipeline.types import ExtractedStatement, Span
from events.text import fold_statement_text


def find_statements(
    doc: Document, *, attribution: Attribution, dates: ReportDates, mentions: list[Mention], people: list[PersonRecord]
) -> list[ExtractedStatement]:
    """Quotes first, then interview answers, then reported speech; a statement said twice is kept once."""
    default = dates.default
    statements = _quoted_statements(doc, attribution=attribution, dates=dates, mentions=mentions)
    for answer in find_answers(doc.paragraphs, mentions):
        if len(answer.text.split()) >= 4:
            statements.append(
                ExtractedStatement(
                    text=answer.text,
                    kind="direct",
                    span=Span(answer.start, answer.end, answer.text),
                    speaker_person=answer.person.name,
                    speaker_title=answer.person.title,
                    said_on=default.date if default else None,
                    said_on_precision=default.precision if default else "day",
                )
            )
    statements += find_reported(doc, attributor=attribution.attributor, dates=dates.dated, default=default)
    return _dedupe_statements(statements, people)


_RELATIVE = re.compile(r",\s*(?:who|which|whose|where)\b[^,]*$")


def _in_relative_clause(text: str, sentence_start: int, pos: int) -> bool:
    """'Zelenskyy, who visited Washington last month, said ...': the date belongs to the visit."""
    return bool(_RELATIVE.search(text[sentence_start:pos]))


def _subject_date(
    doc: Document, att: Attributed, *, dates: list[DateRef], mentions: list[Mention], spoke: list[tuple[int, str]]
) -> DateRef | None:
    """The date of the latest earlier sentence (this or the previous two paragraphs) whose subject is the speaker."""
    text, paragraphs = doc.text, doc.paragraphs
    person, actor = att.speaker.person, att.speaker.actor
    first_para = max(0, att.quote.paragraph - 2)
    sentences = [
        s for p in paragraphs[first_para : att.quote.paragraph + 1] for s in p.sentences if s.end <= att.sentence_start
    ]
    for sentence in reversed(sentences):
        if person is not None:
            said = any(m.person is person and m.subject and sentence.start <= m.start < sentence.end for m in mentions)
        else:
            # "The RSF said on Sunday that ... . '...,' the group said.": a sentence where the actor spoke,
            # or where a leader's office of that side did ("On Thursday, Netanyahu's office accused ...").
            said = any(name == actor and sentence.start <= pos < sentence.end for pos, name in spoke) or any(
                m.person.affiliation == actor
                and sentence.start <= m.start < sentence.end
                and _OFFICE_OF.match(text, m.end, m.end + 30)
                for m in mentions
            )
        if said:
            inside = [
                d
                for d in dates
                if sentence.start <= d.start < sentence.end and not _in_relative_clause(text, sentence.start, d.start)
            ]
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


def _occasion_date(doc: Document, att: Attributed, dates: list[DateRef]) -> DateRef | None:
    """'When the talks opened, X had urged ... "...," he told them at the opening session.': the quote is
    dated by the sentence that dates that opening ('The talks, which opened in Pretoria on October 25')."""
    text, paragraphs, sentences = doc.text, doc.paragraphs, doc.sentences
    index = next((i for i, s in enumerate(sentences) if s.start <= att.quote.open_start < s.end), None)
    if index is None:
        return None
    q = att.quote
    near = [s for s in sentences[max(0, index - 1) : index + 1] if s.paragraph == q.paragraph]
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


_TIED = re.compile(
    r"\b(?:after|at|during|following)\s+(?:the|their|this)\s+(?:\w+\s+)?"
    r"(?:meeting|talks|call|ceremony|session|signing|summit|conference|visit)\b",
    re.I,
)


def _tied_event_date(
    doc: Document, att: Attributed, *, dates: list[DateRef], mentions: list[Mention]
) -> DateRef | None:
    """'..., Umerov wrote after the meeting.': the date of the latest earlier sentence that has the speaker
    in a dated event (this or the previous two paragraphs)."""
    text, paragraphs = doc.text, doc.paragraphs
    person = att.speaker.person
    a, b = att.context
    q = att.quote
    if person is None or not (_TIED.search(text, a, q.open_start) or _TIED.search(text, q.close_end, b)):
        return None
    first_para = max(0, q.paragraph - 2)
    sentences = [
        s for p in paragraphs[first_para : q.paragraph + 1] for s in p.sentences if s.end <= att.sentence_start
    ]
    for sentence in reversed(sentences):
        if any(m.person is person and sentence.start <= m.start < sentence.end for m in mentions):
            inside = [
                d
                for d in dates
                if sentence.start <= d.start < sentence.end
                and d.precision == "day"
                and not _in_relative_clause(text, sentence.start, d.start)
            ]
            if inside:
                return inside[0]
    return None


def _statement_date(
    doc: Document,
    att: Attributed,
    *,
    report_dates: ReportDates,
    previous: dict[str, DateRef],
    mentions: list[Mention],
    spoke: list[tuple[int, str]],
) -> DateRef | None:
    """When a quote was said: a date in its attribution or sentence, the occasion it is tied to, the speaker's
    previous quote, the latest sentence where the speaker was the subject, else the report's date."""
    default, dates = report_dates.default, report_dates.dated
    a, b = att.context
    q = att.quote
    inside = [d for d in dates if (a <= d.start < b) and not (q.start <= d.start < q.end)]
    if not inside:
        # The sentence around the quote, outside the quote itself.
        inside = [
            d for d in dates if att.sentence_start <= d.start < att.sentence_end and not (q.start <= d.start < q.end)
        ]
    if inside:
        anchor = att.verb_pos if att.verb_pos is not None else q.start
        return min(inside, key=lambda d: abs(d.start - anchor))
    key = att.speaker.person.name if att.speaker.person else att.speaker.actor
    occasion = _occasion_date(doc, att, dates) or _tied_event_date(doc, att, dates=dates, mentions=mentions)
    if occasion is not None:
        return occasion
    found = previous.get(key) or _subject_date(doc, att, dates=dates, mentions=mentions, spoke=spoke) or default
    if found is not None and found.until is not None:
        # Talks "on May 10-11": what is said about them is said when they end.
        return DateRef(found.start, found.end, found.until, "day")
    return found


def _quoted_statements(
    doc: Document, *, attribution: Attribution, dates: ReportDates, mentions: list[Mention]
) -> list[ExtractedStatement]:
    """A statement for each attributed quote that is one (not a scare-quoted phrase), dated."""
    text = doc.text
    out = []
    previous: dict[str, DateRef] = {}
    for att in attribution.attributed:
        q = att.quote
        if not att.speaker.found:
            continue
        date = _statement_date(
            doc, att, report_dates=dates, previous=previous, mentions=mentions, spoke=attribution.institution_events
        )
        key = att.speaker.person.name if att.speaker.person else att.speaker.actor
        if date is not None:
            previous[key] = date
        if not q.is_statement:
            continue
        person = att.speaker.person
        setting = _setting(text[att.context[0] : q.open_start] + " " + text[q.close_end : att.context[1]])
        out.append(
            ExtractedStatement(
                text=q.text,
                kind="direct",
                span=Span(q.start, q.end, text[att.sentence_start : att.sentence_end].strip()),
                speaker_person=person.name if person else None,
                speaker_actor=None if person else att.speaker.actor,
                speaker_title=person.title if person else "",
                said_on=date.date if date else None,
                said_on_precision=date.precision if date else "day",
                setting=setting,
            )
        )
    return out


_SETTINGS = [
    (re.compile(r"\b(?:press|news)\s+(?:briefing|conference)\b|\bbriefing\b", re.I), "press briefing"),
    (re.compile(r"\binterview\b", re.I), "interview"),
    (re.compile(r"\b(?:joint\s+)?statement\b|\bcommuniqu", re.I), "statement"),
    (re.compile(r"\btold\s+(?:reporters|journalists)\b", re.I), "remarks to reporters"),
    (
        re.compile(
            r"\b(?:wrote|posted|said)\s+on\s+(?:X|Twitter|Telegram|Facebook|Truth\s+Social)\b"
            r"|\bpost(?:ed)?\b",
            re.I,
        ),
        "social media post",
    ),
    (re.compile(r"\bspeech\b|\baddress(?:ed|ing)?\b", re.I), "speech"),
    (re.compile(r"\b(?:ceremony|summit|conference)\b", re.I), "event"),
]


def _setting(attribution: str) -> str:
    """Where the words were said, as the attribution tells it ('told a press briefing' -> press briefing)."""
    for pattern, label in _SETTINGS:
        if pattern.search(attribution):
            return label
    return ""


def _dedupe_statements(statements: list[ExtractedStatement], people: list[PersonRecord]) -> list[ExtractedStatement]:
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
                if _same_speaker(st, other, affiliation):
                    twin = other
                    break
        if twin is None:
            kept.append(st)
            continue
        if twin.speaker_person is None and st.speaker_person is not None:
            kept[kept.index(twin)] = st
            if twin.said_on:
                st.said_on, st.said_on_precision = twin.said_on, twin.said_on_precision
        elif len(st.text) > len(twin.text) and twin.speaker_person == st.speaker_person:
            twin.text, twin.span = st.text, st.span
    return kept


def _same_speaker(st: ExtractedStatement, other: ExtractedStatement, affiliation: dict[str, str | None]) -> bool:
    """The same person, the same institution, or a person and the institution of their side."""
    if other.speaker_person and other.speaker_person == st.speaker_person:
        return True
    if other.speaker_actor and st.speaker_person and affiliation.get(st.speaker_person) == other.speaker_actor:
        return True
    if st.speaker_actor and other.speaker_person and affiliation.get(other.speaker_person) == st.speaker_actor:
        return True
    return bool(other.speaker_actor and other.speaker_actor == st.speaker_actor)
