"""Reported speech whose speaker is clear: "Egypt and Qatar have been working for a deal, Miller said."."""

from __future__ import annotations

import re

from events.pipeline.extraction.dates import DateRef
from events.pipeline.types import ExtractedStatement, Span

_TAIL = re.compile(r"^(?P<content>.{20,}?),\s+(?P<who>[^,]{1,80}?)\s+(?:said|says|added|told\s+(?:reporters|journalists|\w+))"
                   r"(?:\s+(?:on\s+\w+|in\s+a\s+statement|late\s+\w+))?\s*\.$", re.S)
_HEAD = re.compile(r"^(?P<who>[^,]{1,80}?)\s+(?:said|says|told\s+(?:reporters|journalists))\s+(?:on\s+\w+\s+)?(?:that\s+)?(?P<content>.{20,}?)\.$", re.S)


def find_reported(text, paragraphs, attributor, quotes, dates: list[DateRef], default) -> list[ExtractedStatement]:
    out = []
    quote_marks = re.compile(r"[\"\u201c\u201d]")
    for para in paragraphs:
        for sentence in para.sentences:
            if quote_marks.search(sentence.text):
                continue
            body = sentence.text.strip()
            for pattern in (_TAIL, _HEAD):
                m = pattern.match(body)
                if not m:
                    continue
                who_start = sentence.start + m.start("who")
                speaker = attributor._who(who_start, sentence.start + m.end("who"), set())
                if not speaker.found or len(m.group("content").split()) < 4:
                    continue
                content = m.group("content").strip()
                c_start = sentence.start + m.start("content")
                inside = [d for d in dates if sentence.start <= d.start < sentence.end]
                date = inside[0] if inside else default
                person = speaker.person
                out.append(ExtractedStatement(
                    text=content, kind="reported", span=Span(c_start, c_start + len(content), body),
                    speaker_person=person.name if person else None, speaker_actor=None if person else speaker.actor,
                    speaker_title=person.title if person else "", said_on=date.date if date else None,
                    said_on_precision=date.precision if date else "day",
                ))
                break
    return out
