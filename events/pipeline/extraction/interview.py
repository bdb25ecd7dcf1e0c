"""Interviews in question-and-answer form: the answers are the interviewee's direct words.

"Q: ... / A: ..." paragraphs answer for the person the introduction presents (the first person who is
a subject in the opening paragraphs); "Name: ..." paragraphs belong to the named person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.pipeline.extraction.people import Mention, PersonRecord
from events.pipeline.extraction.segment import Paragraph

_ANSWER = re.compile(r"^(?:A|Answer)\s*[:.\u2013\u2014-]\s*")
_QUESTION = re.compile(r"^(?:Q|Question)\s*[:.\u2013\u2014-]\s*")
_LABEL = re.compile(r"^(?P<label>[A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'.-]*){0,2})\s*:\s+")


@dataclass
class Answer:
    start: int
    end: int
    text: str
    paragraph: int
    person: PersonRecord


def find_answers(paragraphs: list[Paragraph], mentions: list[Mention]) -> list[Answer]:
    questions = sum(1 for p in paragraphs if _QUESTION.match(p.text))
    answers = [p for p in paragraphs if _ANSWER.match(p.text)]
    out: list[Answer] = []
    if questions and answers:
        first_answer = answers[0].start
        intro = [m for m in mentions if m.start < first_answer and m.subject] or [
            m for m in mentions if m.start < first_answer
        ]
        if intro:
            person = intro[0].person
            for p in answers:
                cut = _ANSWER.match(p.text).end()
                body = p.text[cut:].strip()
                out.append(Answer(p.start + cut, p.start + cut + len(body), body, p.index, person))
        return out
    # Transcript style: "Sybiha: We have no illusions ..."
    for p in paragraphs:
        m = _LABEL.match(p.text)
        if not m or p.text[m.end() :].lstrip().startswith(('"', "\u201c")):
            continue
        label = m.group("label")
        owner = next((x.person for x in mentions if p.start <= x.start < p.start + m.end("label")), None)
        if owner is None or label.lower() in {"note", "editor", "update", "correction", "read more", "watch"}:
            continue
        body = p.text[m.end() :].strip()
        if len(body.split()) >= 4:
            out.append(Answer(p.start + m.end(), p.start + m.end() + len(body), body, p.index, owner))
    return out
