"""Patterns for personal names and job titles (compiled once)."""

from __future__ import annotations

import re

from events.pipeline.extraction.lexicon import (
    NOT_NAME_WORDS,
    ORG_WORDS,
    TITLE_DOMAINS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0400-\u042f"
# One capitalised name word: "Erdoğan", "O'Brien", "al-Sudani", "Abdel-Fattah", "Al".
# A short lower-case syllable after a short first one is one given name ("Kim Jong-un", "Moon Jae-in",
# "Lee Jae-myung"); a longer word before a hyphen is a dash ("Blinken-who visited") or a compound
# ("Russia-led"), read as before.
_SYLLABLE = (
    r"(?!(?:led|run|era|born|made|held|based|bound|style|type|like|free|wide|wise|who|and|the|was|war|day|old|new|"
    r"top|end)\b)[a-z]{2,5}\b"
)
NAME_WORD = (
    rf"(?:(?:al|el|ad|as|ash|an|bin|ibn|abu|ben)-)?(?:[{_UPPER}][a-z]{{1,3}}-{_SYLLABLE}|[{_UPPER}][\w\u2019']*"
    rf"(?:-(?:[{_UPPER}]|al-|el-)[\w\u2019']*)*)(?<![\u2019'])"
)

_PARTICLE = r"(?:al|el|bin|ibn|bint|de|da|di|du|dos|van|von|der|den|la|le|abu|ul|ben|y|Al|Bin)"
# Two to five name words, particles allowed between them ("Mohammed bin Abdulrahman Al Thani"), and a
# middle initial ("William J. Burns"): a name read up to the initial only would be cut short.
_BETWEEN = rf"(?:{_PARTICLE}\s+|[{_UPPER}]\.\s+)?"
FULL_NAME = rf"{NAME_WORD}(?:\s+{_BETWEEN}{NAME_WORD}){{1,6}}"
ANY_NAME = rf"{NAME_WORD}(?:\s+{_BETWEEN}{NAME_WORD}){{0,6}}"


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def title_pattern(extra_heads: tuple[str, ...] = ()) -> str:
    heads = _alt(TITLE_HEADS + tuple(extra_heads))
    mods = _alt(TITLE_MODIFIERS)
    domains = _alt(TITLE_DOMAINS)
    of_part = (
        r"(?:\s+(?:of|for|to)\s+(?:the\s+)?(?:Foreign\s+Affairs|Defen[cs]e|State|Middle\s+East|Europe|Africa|In"
        r"terior|Security|Negotiations?|Hostage\s+Affairs|Ukraine|Iran|Sudan|Syria|Gaza|the\s+Great\s+Lakes|Hor"
        r"n\s+of\s+Africa))?"
    )
    return rf"(?i:(?:(?:{mods})[\s-]+)*(?:(?:{domains})\s+)?(?:{heads}){of_part})"


TITLE = title_pattern()
TITLE_RE = re.compile(rf"\b{TITLE}\b")


_INITIAL = re.compile(r"[A-Z]\.")
_GENERATIONS = frozenset({"II", "III", "IV"})


def _is_title_word(word: str) -> bool:
    """'Minister', and a plural one: "Deputy Prime Ministers Mher Grigoryan and Shahin Mustafayev"."""
    return bool(TITLE_RE.fullmatch(word) or word.endswith("s") and TITLE_RE.fullmatch(word[:-1]))


def clean_name(raw: str) -> str:
    """Drop what precedes the name proper ("Ukraine's Foreign Minister", "The") and a trailing possessive."""
    name = re.sub(r"(?:'s|\u2019s)$", "", raw.strip())
    words = name.split()
    cut = 0
    for i, word in enumerate(words[:-1]):
        if word.lower() in NOT_NAME_WORDS or _is_title_word(word) or re.search(r"(?:'s|\u2019s)$", word):
            cut = i + 1
    return " ".join(words[cut:])


# Particles inside a name (al-, bin, van, de): lower case in a name, never a name of their own.
NAME_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "de",
        "da",
        "di",
        "du",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "abu",
        "ul",
        "ben",
        "y",
    }
)


def looks_like_person(name: str, *, single_ok: bool = False) -> bool:
    words = name.split()
    if not words or (len(words) < 2 and not single_ok):
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in ORG_WORDS for w in lowered):
        return False
    if lowered[0] in NOT_NAME_WORDS or lowered[-1] in NOT_NAME_WORDS:
        return False
    if any(TITLE_RE.fullmatch(w) for w in words[-1:]):
        return False
    # "William J": a name cut at a middle initial; the person is the one named in full.
    if len(words[-1].rstrip(".")) == 1:
        return False
    # All-caps words are acronyms (RSF, UN), not names; a middle initial ("J.") and a generation ("James A.
    # Baker III") are no acronyms.
    if any(len(w) > 1 and w.isupper() and not _INITIAL.fullmatch(w) and w not in _GENERATIONS for w in words):
        return False
    words = [re.sub(r"^(?:al|el|ad|as|ash|an|bin|ibn|abu|ben)-", "", w) for w in words]
    return all(w[0].isupper() for w in words if w.lower() not in NAME_PARTICLES)


# Words a title can start with: the titled-name patterns are only tried where one stands (speed: the
# big case-insensitive alternation is costly to try at every character).
_TITLE_START_WORDS = frozenset(
    w.split()[0].split("-")[0].lower() for w in TITLE_HEADS + TITLE_DOMAINS + TITLE_MODIFIERS
)
_WORD = re.compile(r"[A-Za-z]+")


def title_starts(text: str) -> list[int]:
    return [
        m.start()
        for m in _WORD.finditer(text)
        if m.group().lower() in _TITLE_START_WORDS and (m.start() == 0 or not text[m.start() - 1].isalnum())
    ]


_STARTS_CACHE: dict[str, list[int]] = {}


def iter_title_matches(pattern: re.Pattern, text: str):
    """Like pattern.finditer(text), tried only where a title word starts."""
    end = 0
    starts = _STARTS_CACHE.get(text)
    if starts is None:
        if len(_STARTS_CACHE) > 64:
            _STARTS_CACHE.clear()
        starts = _STARTS_CACHE[text] = title_starts(text)
    for pos in starts:
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m:
            end = m.end()
            yield m
