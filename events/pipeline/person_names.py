"""When two written forms of a name are one person: pure functions the extractor (one report) and the
write service (across reports) share.

Outlets write one person's name in many ways: with an honorific ("Sheikh", "H.E.", "Dr."), with or
without the patronymic and family particles ("Mohammed bin Abdulrahman Al Thani", "Mohammed bin
Abdulrahman", "Al Thani"), transliterated ("Zelensky"/"Zelenskyy", "Mohammed"/"Muhammad"). Each name is
reduced to its core words (honorifics, particles and a generation suffix left out, each word folded the
way transliterations vary); a shorter form is then the longer one with words left out, anchored at its
given name or its surname. Whether a shorter form is unique among the people known is the caller's
question: "Al Thani" names the one Al Thani known, or nobody.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from events.pipeline.event_dedup import NICKNAMES, SURNAME_RATIO, _translit
from events.pipeline.extraction.names import NAME_PARTICLES
from events.text import normalize_name

# Words before a name that address the person, folded: "H.E." is "h e", "His Excellency" two words.
HONORIFIC_WORDS = frozenset(
    """sheikh sheikha shaikh shaykh sheik prince princess emir sir dame lord lady mr mrs ms miss dr
    h e his her excellency excellence hon honourable honorable""".split()
)
# "Jr." names a generation: "Donald Trump Jr." is not "Donald Trump", but "Galvez" may be "Carlito Galvez Jr.".
GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=16384)
def name_core(name: str) -> tuple[tuple[str, ...], str]:
    """(core words, generation suffix): 'H.E. Sheikh Mohammed bin Abdulrahman Al Thani' ->
    (('muhammad', 'abdulrahman', 'thani'), '')."""
    tokens = normalize_name(name).split()
    while len(tokens) > 1 and tokens[0] in HONORIFIC_WORDS:
        tokens = tokens[1:]
    generation = next((t for t in tokens if t in GENERATIONS), "")
    core = tuple(_translit(NICKNAMES.get(t, t)) for t in tokens if t not in NAME_PARTICLES and t not in GENERATIONS)
    return core, generation


def _same_word(a: str, b: str) -> bool:
    """One word up to a transliteration the folding leaves ("Gaddafi"/"Qadhafi")."""
    return a == b or min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= SURNAME_RATIO


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    rest = iter(long)
    return all(any(_same_word(word, other) for other in rest) for word in short)


def _contiguous(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return any(
        all(_same_word(a, b) for a, b in zip(short, long[i : i + n], strict=True)) for i in range(len(long) - n + 1)
    )


@lru_cache(maxsize=65536)
def same_core(a: str, b: str) -> bool:
    """The same words once honorifics, particles and transliteration are set aside."""
    (ca, ga), (cb, gb) = name_core(a), name_core(b)
    return bool(ca) and ga == gb and len(ca) == len(cb) and all(_same_word(x, y) for x, y in zip(ca, cb, strict=True))


@lru_cache(maxsize=65536)
def shorter_form(short: str, long: str) -> bool:
    """`short` can name the person `long` names: the same name ("Sheikh Mohammed bin Abdulrahman Al Thani"),
    its surname ("Al Thani"), or its words with some left out, kept in order and anchored at the given name or
    the surname ("Mohammed bin Abdulrahman", "Tayyip Erdogan"), or a run of its words."""
    (cs, gs), (cl, gl) = name_core(short), name_core(long)
    if not cs or not cl or len(cs) > len(cl):
        return False
    if len(cs) == 1:
        return _same_word(cs[0], cl[-1])
    if gs != gl:
        return False  # "Donald Trump" and "Donald Trump Jr." are father and son
    if len(cs) == len(cl):
        return all(_same_word(x, y) for x, y in zip(cs, cl, strict=True))
    anchored = _same_word(cs[0], cl[0]) or _same_word(cs[-1], cl[-1])
    return anchored and _in_order(cs, cl) or _contiguous(cs, cl)


def surname_only(name: str) -> bool:
    """'Al Thani', 'Miller': one core word."""
    return len(name_core(name)[0]) == 1


def one_person(name: str, candidates: list[tuple[str, ...]], *, grow_surname: bool = False) -> int | None:
    """The index of the one candidate (each its name and aliases) that `name` is a form of, in either
    direction; None when none or several are ("Al Thani" with two Al Thanis known)."""
    found = forms_of(name, candidates, grow_surname=grow_surname)
    return found[0] if len(found) == 1 else None


def forms_of(name: str, candidates: list[tuple[str, ...]], *, grow_surname: bool = False) -> list[int]:
    """The indexes of the candidates `name` can be a form of. A candidate with the same core name wins over
    shorter or longer forms of it. A candidate known by a surname only takes a fuller name only with
    grow_surname (inside one report, where the surname was read next to it)."""
    same = [i for i, names in enumerate(candidates) if any(same_core(name, other) for other in names)]
    if same:
        return same
    return [i for i, names in enumerate(candidates) if any(_forms(name, other, grow_surname) for other in names)]


def _forms(name: str, other: str, grow_surname: bool) -> bool:
    if shorter_form(name, other):
        return True
    return shorter_form(other, name) and (grow_surname or not surname_only(other))


def shorter_keys(name: str) -> set[str]:
    """Folded shorter forms a stored row may carry for this name (runs of its words, the given name with the
    surname, the name without an honorific): the keys to look up to find a person stored under a shorter
    form of it. A surname alone is left out: a row known by it is not given a fuller name across reports."""
    tokens = normalize_name(name).split()
    while len(tokens) > 1 and tokens[0] in HONORIFIC_WORDS:
        tokens = tokens[1:]
    n = len(tokens)
    runs = {" ".join(tokens[i:j]) for i in range(n) for j in range(i + 2, n + 1)}
    if n > 2:
        runs.add(f"{tokens[0]} {tokens[-1]}")
    return {run for run in runs if not surname_only(run)} - {normalize_name(name)}


# First letters transliterations of one sound alternate between ("Qadhafi"/"Gaddafi"/"Kadhafi").
_FIRST_LETTERS = {"q": "gk", "g": "qk", "k": "qgc", "c": "k", "y": "ji", "j": "y", "i": "y"}


def surname_spellings(name: str) -> list[str]:
    """The folded name with its surname's first letter spelled the other ways transliterations write it:
    a stored 'Muammar Gaddafi' is found from 'Muammar Qadhafi' by the start of the surname."""
    tokens = normalize_name(name).split()
    if len(tokens) < 2 or not tokens[-1]:
        return []
    head, last = tokens[:-1], tokens[-1]
    return [" ".join([*head, other + last[1:]]) for other in _FIRST_LETTERS.get(last[0], "")]
