"""Paragraphs and sentences with character offsets into the report text.

A small regex splitter rather than spaCy's sentencizer: the sentencizer leaves an opening quote mark at
the end of the previous sentence ('deal. "It's hard'), which breaks quote attribution, and it is slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Tokens before a period that do not end a sentence (titles, months, initialisms).
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "adm",
    "sen",
    "rep",
    "gov",
    "pres",
    "prof",
    "rev",
    "hon",
    "jr",
    "sr",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.n",
    "u.k",
    "e.u",
    "a.m",
    "p.m",
    "d.c",
    "i.e",
    "e.g",
    "al",
}

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit or quote.
_BOUNDARY = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])""")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)


def _word_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:pos]


def split_sentences(text: str, offset: int = 0, paragraph: int = 0) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        period = match.start()
        word = _word_before(text, period).strip("\"'\u201c\u2018(").lower()
        if text[period] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        end = match.end()
        sentences.append(Sentence(offset + start, offset + end, text[start:end], paragraph))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    tail = text[start:].rstrip()
    if tail:
        sentences.append(Sentence(offset + start, offset + start + len(tail), tail, paragraph))
    return sentences


def segment(text: str) -> list[Paragraph]:
    """Paragraphs are separated by line breaks; empty lines are skipped."""
    paragraphs: list[Paragraph] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if not body:
            continue
        start = match.start() + lead
        para = Paragraph(len(paragraphs), start, start + len(body), body)
        para.sentences = split_sentences(body, start, para.index)
        paragraphs.append(para)
    return paragraphs


def sentence_at(paragraphs: list[Paragraph], pos: int) -> Sentence | None:
    for para in paragraphs:
        if para.start <= pos <= para.end:
            for sentence in para.sentences:
                if sentence.start <= pos < sentence.end:
                    return sentence
            return para.sentences[-1] if para.sentences else None
    return None
