"""Reported speech whose speaker is clear: "Egypt and Qatar have been working for a deal, Miller said."."""

from __future__ import annotations

import re

from events.pipeline.extraction.attribution import Attributor
from events.pipeline.extraction.dates import DateRef
from events.pipeline.extraction.document import Document
from events.pipeline.types import ExtractedStatement, Span

_TAIL = re.compile(
    r"^(?P<content>.{20,}?),\s+(?P<who>[^,]{1,80}?)\s+(?:said|says|added|told\s+(?:reporters|journalists|\w+))"
    r"(?:\s+(?:on\s+\w+|in\s+a\s+statement|late\s+\w+))?\s*\.$",
    re.S,
)
_HEAD = re.compile(
    r"^(?P<who>[^,]{1,80}?)\s+(?:said|says|told\s+(?:reporters|journalists|[A-Z]\w+))\s+"
    r"(?:(?:on|in|at|during|after|late|early)\s+(?:(?:a|an|the|his|her)\s+)?[\w-]+(?:\s+[\w-]+)?\s+)*?"
    r"(?:that\s+)?(?P<content>(?!(?:on|in|at|during)\b).{20,}?)\.$",
    re.S,
)


_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'-]{1,40}(?:,\s*[A-Z][\w "
    r".]{1,30}?)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\)\s*)?[\u2014\u2013-]\s+"
)


def find_reported(
    doc: Document, *, attributor: Attributor, dates: list[DateRef], default: DateRef | None
) -> list[ExtractedStatement]:
    """Sentences without quote marks that report what a clear speaker said, dated by the sentence or `default`."""
    out = []
    quote_marks = re.compile(r"[\"\u201c\u201d]")
    for para in doc.paragraphs:
        for sentence in para.sentences:
            if quote_marks.search(sentence.text):
                continue
            body = sentence.text.strip()
            dateline = _DATELINE.match(body)
            if dateline:
                body = body[dateline.end() :]
            for pattern in (_TAIL, _HEAD):
                m = pattern.match(body)
                if not m:
                    continue
                shift = sentence.start + (dateline.end() if dateline else 0)
                speaker = attributor.speaker_in(shift + m.start("who"), shift + m.end("who"))
                if not speaker.found or len(m.group("content").split()) < 4:
                    continue
                content = m.group("content").strip()
                c_start = sentence.start + (dateline.end() if dateline else 0) + m.start("content")
                that = re.match(r"^(?:[\w-]+\s+){0,10}?that\s+", content)
                if that:
                    content, c_start = content[that.end() :], c_start + that.end()
                inside = [d for d in dates if sentence.start <= d.start < sentence.end]
                date = inside[0] if inside else default
                person = speaker.person
                out.append(
                    ExtractedStatement(
                        text=content,
                        kind="reported",
                        span=Span(c_start, c_start + len(content), body),
                        speaker_person=person.name if person else None,
                        speaker_actor=None if person else speaker.actor,
                        speaker_title=person.title if person else "",
                        said_on=date.date if date else None,
                        said_on_precision=date.precision if date else "day",
                    )
                )
                break
    return out
