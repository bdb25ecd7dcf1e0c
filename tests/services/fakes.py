"""A deliberately simple stand-in for the extractor, for testing the write service and the pipeline
plumbing without depending on the real extractor's rules: every double-quoted passage of four words
or more is a direct statement by one given speaker; meetings are given by a cue word to find."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from events.pipeline.types import (
    ExtractedActor,
    ExtractedMeeting,
    ExtractedNegotiation,
    ExtractedPerson,
    ExtractedStatement,
    Extraction,
    Span,
)
from events.text import words

QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d]+)[\"\u201d]")


def sentence_at(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start : line_end if line_end != -1 else len(text)]


@dataclass
class MeetingSpec:
    cue: str  # the meeting is reported where this text appears
    kind: str = "talks"
    people: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    place_name: str = ""
    place_country: str | None = None
    date_from: object = None
    date_to: object = None
    date_precision: str = "day"


@dataclass
class FakeExtractor:
    speaker: str = "Matthew Miller"
    speaker_title: str = "State Department spokesperson"
    speaker_affiliation: str = "United States"
    people: list[ExtractedPerson] = field(default_factory=list)
    actors: list[str] = field(default_factory=lambda: ["Israel", "Hamas", "United States", "Egypt", "Qatar"])
    negotiation: ExtractedNegotiation | None = field(
        default_factory=lambda: ExtractedNegotiation(
            title="Israel-Hamas cease-fire and hostage exchange deal",
            topic="cease-fire and hostage exchange",
            parties=["Israel", "Hamas"],
            mediators=["United States", "Egypt", "Qatar"],
        )
    )
    meetings: list[MeetingSpec] = field(default_factory=list)
    calls: int = 0

    def __call__(self, report, gazetteer) -> Extraction:
        self.calls += 1
        said_on = report.published_at.date() if report.published_at else None
        statements = [
            ExtractedStatement(
                text=m.group(1),
                kind="direct",
                span=Span(m.start(1), m.end(1), sentence_at(report.text, m.start(), m.end())),
                speaker_person=self.speaker,
                speaker_title=self.speaker_title,
                said_on=said_on,
            )
            for m in QUOTE.finditer(report.text)
            if len(words(m.group(1))) >= 4
        ]
        meetings = []
        for spec in self.meetings:
            at = report.text.find(spec.cue)
            if at == -1:
                continue
            end = at + len(spec.cue)
            meetings.append(
                ExtractedMeeting(
                    kind=spec.kind,
                    span=Span(at, end, sentence_at(report.text, at, end)),
                    people=list(spec.people),
                    actors=list(spec.actors),
                    place_name=spec.place_name,
                    place_country=spec.place_country,
                    date_from=spec.date_from,
                    date_to=spec.date_to,
                    date_precision=spec.date_precision,
                )
            )
        return Extraction(
            negotiation=self.negotiation,
            actors=[ExtractedActor(name=name, kind="state") for name in self.actors],
            people=[
                ExtractedPerson(name=self.speaker, title=self.speaker_title, affiliation=self.speaker_affiliation),
                *self.people,
            ],
            statements=statements,
            meetings=meetings,
        )
