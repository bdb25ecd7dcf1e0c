"""Quoted passages: curly and straight double quotes, single curly quotes, quotes spanning paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.pipeline.extraction.segment import Paragraph

_OPEN = "\u201c\u201e\u00ab"
_CLOSE = "\u201d\u00bb"
_STRAIGHT = '"'

MIN_STATEMENT_WORDS = 4


@dataclass
class Quote:
    start: int  # offsets of the quoted words (without the marks) in the report text
    end: int
    text: str
    paragraph: int
    open_start: int  # offset of the opening mark
    close_end: int  # offset just past the closing mark (or the paragraph end)
    continued: bool = False  # spans into later paragraphs

    @property
    def words(self) -> int:
        return len(re.findall(r"\w+", self.text))

    @property
    def is_statement(self) -> bool:
        return self.words >= MIN_STATEMENT_WORDS


_STRAIGHT_SINGLE = re.compile("'")
_DOUBLE = re.compile('[\u201c\u201e\u00ab\u201d\u00bb"]')


def _double_marks(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _DOUBLE.finditer(text):
        ch = m.group()
        out.append((m.start(), "open" if ch in _OPEN else "close" if ch in _CLOSE else "straight"))
    return out


def _single_marks(text: str) -> list[tuple[int, str]]:
    """Single curly quotes used as quotation marks (not apostrophes): only at word edges."""
    out = []
    if "\u2018" in text:
        for i, ch in enumerate(text):
            if (
                ch == "\u2018"
                and (i == 0 or not text[i - 1].isalnum())
                and i + 1 < len(text)
                and not text[i + 1].isspace()
            ):
                out.append((i, "open"))
            elif (
                ch == "\u2019"
                and (i + 1 == len(text) or not text[i + 1].isalnum())
                and i > 0
                and not text[i - 1].isspace()
            ):
                out.append((i, "close"))
        return out
    # Straight single quotes ('We are ready,' he said): an opening mark after a space, a closing one before
    # punctuation or a space; an apostrophe inside a word ("We're") is neither.
    for m in _STRAIGHT_SINGLE.finditer(text):
        i = m.start()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not before.isalnum() and after.isalnum() or (before in " (\u2014" and after not in " ,.'s"):
            out.append((i, "open"))
        elif before.isalnum() or before in ".,!?":
            if not after.isalnum():
                out.append((i, "close"))
    # A closing mark with no opening one before it (a plural possessive: "leaders' talks") pairs with nothing.
    return out if any(k == "open" for _, k in out) else []


def _pairs(text: str, marks: list[tuple[int, str]]) -> tuple[list[tuple[int, int]], int | None]:
    """(open, close) index pairs, and the index of a quote left open at the end of the paragraph."""
    pairs = []
    open_at = None
    for i, kind in marks:
        if open_at is None:
            if kind in ("open", "straight"):
                open_at = i
            elif (
                kind == "close"
                and i + 1 < len(text)
                and not text[i + 1].isspace()
                and (i == 0 or text[i - 1].isspace())
            ):
                open_at = i  # a closing mark used as an opening one
        elif kind in ("close", "straight"):
            pairs.append((open_at, i))
            open_at = None
        elif kind == "open":
            open_at = i  # unbalanced: restart at the later opening mark
    return pairs, open_at


def _clean(text: str) -> tuple[int, int]:
    """Offsets of the quote's words within text, without surrounding spaces or a trailing comma."""
    start = len(text) - len(text.lstrip())
    stripped = text.rstrip()
    while stripped.endswith((",", " ")):
        stripped = stripped[:-1]
    return start, max(start, len(stripped))


def find_quotes(paragraphs: list[Paragraph], full_text: str) -> list[Quote]:
    quotes: list[Quote] = []
    pending: Quote | None = None  # a quote whose paragraph ended before its closing mark
    for para in paragraphs:
        text = para.text
        marks = _double_marks(text)
        if not marks:
            marks = _single_marks(text)
        pairs, left_open = _pairs(text, marks)
        if pending is not None:
            first = marks[0][0] if marks else None
            if first is not None and first == 0 and text[0] in _OPEN + _STRAIGHT + "\u2018":
                # The convention for a quote running on: the next paragraph opens with a quote mark again.
                if pairs and pairs[0][0] == 0:
                    close = pairs[0][1]
                    pairs = pairs[1:]
                    end = para.start + close
                elif left_open == 0:
                    close, end, left_open = None, para.end, None
                else:
                    close, end = None, None
                if end is not None:
                    s, e = pending.start, end
                    raw = full_text[s:e]
                    cleaned = re.sub(r"\s*\n\s*[\"\u201c\u2018]?", " ", raw)
                    a, b = _clean(raw)
                    pending.end = s + b
                    pending.text = _clean_text(cleaned)
                    pending.close_end = para.start + (close + 1 if close is not None else len(text))
                    pending.continued = True
                    if close is None:
                        continue  # still open: may run on again
            pending = None
        for o, c in pairs:
            a, b = _clean(text[o + 1 : c])
            if b <= a:
                continue
            quotes.append(
                Quote(
                    para.start + o + 1 + a,
                    para.start + o + 1 + b,
                    text[o + 1 + a : o + 1 + b],
                    para.index,
                    para.start + o,
                    para.start + c + 1,
                )
            )
        if left_open is not None:
            a, b = _clean(text[left_open + 1 :])
            if b > a:
                pending = Quote(
                    para.start + left_open + 1 + a,
                    para.start + left_open + 1 + b,
                    text[left_open + 1 + a : left_open + 1 + b],
                    para.index,
                    para.start + left_open,
                    para.end,
                )
                quotes.append(pending)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    return text.rstrip(" ,")
