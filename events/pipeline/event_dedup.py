"""Step 4 of the pipeline: is an extracted fact one we already have? Pure functions over plain data.

The write service (events.services.facts) selects the candidates from the database (same speaker, same
negotiation, nearby dates) and asks these functions which one, if any, is the same fact.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from events.text import fold_statement_text, normalize_name, words

# --- Statements ---------------------------------------------------------------------------------

# A quoted fragment shorter than this is a key phrase, not a statement: it never stands for one.
MIN_FRAGMENT_WORDS = 4
# Same words up to typos, punctuation or a transliteration (folded texts, rapidfuzz ratio 0-100).
SAME_TEXT_RATIO = 92
# A fragment with a typo: the shorter text aligned inside the longer one.
FRAGMENT_PARTIAL_RATIO = 95
MIN_FUZZY_FRAGMENT_CHARS = 25


# The same quote as another outlet edited it: a word translated differently, an article dropped, a start
# or an end trimmed. One word may differ in ten, two in sixteen, three in twenty-four; shorter quotes
# must match exactly (a six-word sentence with one word changed is often another sentence).
EDITED_WORDS_PER_EDIT = 8
MIN_EDITED_WORDS = 10
# Articles come and go between outlets and translations ("on the hostage releases", "on hostage releases").
_ARTICLES = frozenset({"a", "an", "the"})
# Words whose presence in one text and not the other reverses it ("don't" folds to "don" "t").
_NEGATIONS = frozenset({"not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot", "t", "without"})
# Outlets telling one quote date it to the same day, or the next (a "yesterday", a time zone); a word
# replaced by another only stands for a translation between quotes dated that close.
SAME_OCCASION_DAYS = 1
_WORD = re.compile(r"\w+", re.UNICODE)  # as events.text.words
# A quote another speaker is credited with is the same statement only when told within these days of it:
# one outlet gave it to the wrong person (or a "he" to the wrong antecedent), or named no one.
OTHER_SPEAKER_DAYS = 3


@dataclass(frozen=True)
class StatementCandidate:
    id: int
    text: str
    said_on: dt.date | None = None


@dataclass(frozen=True)
class StatementMatch:
    id: int
    how: str  # "same" | "fragment" | "contains" | "fuzzy" | "edited"
    score: float


def _contains_words(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    # Most candidates lack one of the words: a set test (cached) rejects them before the run search.
    if not _word_set(shorter) <= _word_set(longer):
        return False
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


@lru_cache(maxsize=65536)
def _word_set(tokens: tuple[str, ...]) -> frozenset[str]:
    return frozenset(tokens)


@lru_cache(maxsize=65536)
def _folded_words(text: str) -> tuple[tuple[str, ...], str]:
    # A speaker's stored statements are compared with every new quote of every report: fold each once.
    tokens = tuple(words(fold_statement_text(text)))
    return tokens, " ".join(tokens)


def statement_match(
    text: str, candidates: list[StatementCandidate], *, said_on: dt.date | None = None
) -> StatementMatch | None:
    """The candidate (same speaker, same negotiation) that is the same statement as `text`:
    the same folded words; or one a fragment of the other (four words at least); or the same up to
    typos; or the same up to an outlet's edits (edited_match: a trimmed start or end, a word left out,
    and a word translated otherwise when both are dated to the same occasion, `said_on` being this
    quote's day). The closest wins: same > fragment > fuzzy and edited, then the higher score."""
    tokens, joined = _folded_words(text)
    best: StatementMatch | None = None
    rank = {"same": 3, "fragment": 2, "contains": 2, "fuzzy": 1, "edited": 1}

    def better(match: StatementMatch) -> bool:
        return best is None or (rank[match.how], match.score) > (rank[best.how], best.score)

    for cand in candidates:
        cand_tokens, cand_joined = _folded_words(cand.text)
        match = None
        if tokens == cand_tokens:
            match = StatementMatch(cand.id, "same", 100.0)
        elif (
            len(tokens) >= MIN_FRAGMENT_WORDS
            and len(tokens) < len(cand_tokens)
            and _contains_words(cand_tokens, tokens)
        ):
            match = StatementMatch(cand.id, "fragment", 100.0 * len(tokens) / len(cand_tokens))
        elif (
            len(cand_tokens) >= MIN_FRAGMENT_WORDS
            and len(cand_tokens) < len(tokens)
            and _contains_words(tokens, cand_tokens)
        ):
            match = StatementMatch(cand.id, "contains", 100.0 * len(cand_tokens) / len(tokens))
        else:
            # score_cutoff: below the threshold rapidfuzz answers 0 without finishing the alignment.
            occasion = _same_occasion(said_on, cand.said_on)
            ratio = fuzz.ratio(joined, cand_joined, score_cutoff=SAME_TEXT_RATIO)
            if ratio >= SAME_TEXT_RATIO and _typos_only(tokens, cand_tokens, words_replaced=occasion):
                match = StatementMatch(cand.id, "fuzzy", ratio)
            elif (
                min(len(tokens), len(cand_tokens)) >= MIN_FRAGMENT_WORDS
                and min(len(joined), len(cand_joined)) >= MIN_FUZZY_FRAGMENT_CHARS
            ):
                (shorter, short_tokens), (longer, _) = sorted(
                    ((joined, tokens), (cand_joined, cand_tokens)), key=lambda pair: len(pair[0])
                )
                aligned = fuzz.partial_ratio_alignment(shorter, longer, score_cutoff=FRAGMENT_PARTIAL_RATIO)
                if aligned is not None and aligned.score >= FRAGMENT_PARTIAL_RATIO:
                    # The longer one's words beyond the aligned window are trimmed, not replaced.
                    window = tuple(longer[aligned.dest_start : aligned.dest_end].split())
                    if _typos_only(short_tokens, window, words_replaced=occasion, trimmed=True):
                        match = StatementMatch(cand.id, "fuzzy", aligned.score * len(shorter) / len(longer))
            if match is None:
                score = edited_match(text, cand.text, substitutions=occasion)
                match = StatementMatch(cand.id, "edited", score) if score is not None else None
        if match and better(match):
            best = match
    return best


# Two spellings of one word (a typo, a transliteration): rapidfuzz ratio of the two words, 0-100.
TYPO_WORD_RATIO = 75


def _typos_only(a: tuple[str, ...], b: tuple[str, ...], *, words_replaced: bool, trimmed: bool = False) -> bool:
    """Whether the words `a` and `b` do not share are typos or spellings of each other (or, with
    `words_replaced`, any replaced words), never a negation or a number. `trimmed`: `b` is the window of a
    longer text that `a` aligns with, whose edge words may be cut: only `a`'s own words must be found, up
    to typos (a window may leave out a "not" just before it; replaced words are edited_match's)."""
    only_a, only_b = set(a) - set(b), set(b) - set(a)
    if any(w in _NEGATIONS or any(ch.isdigit() for ch in w) for w in only_a | only_b):
        return False
    if words_replaced and not trimmed:
        return True

    def spelled(word: str, others: set[str]) -> bool:
        return any(fuzz.ratio(word, other) >= TYPO_WORD_RATIO for other in others)

    if not all(spelled(w, only_b) for w in only_a):
        return False
    return trimmed or all(spelled(w, only_a) for w in only_b)


def _align(
    shorter: tuple[str, ...] | list[str], longer: tuple[str, ...] | list[str], *, limit: int, substitute: int
) -> tuple[int, int, int]:
    """Fewest word edits turning `shorter` into a run of words of `longer` (whose start and end may be
    cut freely): (edits, start, end) of that run; edits > limit once it cannot be <= limit. An inserted or
    deleted word costs 1, a substituted one `substitute`."""
    row = [(0, j) for j in range(len(longer) + 1)]  # per column: (edits, start of the run) of the best path
    for i, word in enumerate(shorter, start=1):
        current = [(i, 0)] * (len(longer) + 1)
        for j, other in enumerate(longer, start=1):
            diagonal = (row[j - 1][0] + (0 if word == other else substitute), row[j - 1][1])
            current[j] = min(diagonal, (row[j][0] + 1, row[j][1]), (current[j - 1][0] + 1, current[j - 1][1]))
        if min(edits for edits, _ in current) > limit:
            return limit + 1, 0, 0
        row = current
    edits, end = min((row[j][0], j) for j in range(1, len(longer) + 1))
    return edits, row[end][1], end


def _meaning_kept(shorter: tuple[str, ...] | list[str], run: tuple[str, ...] | list[str]) -> bool:
    """Whether the words one text has and the other lacks leave its meaning: not a negation, not a number
    ("we are ready" / "we are not ready"; "1,200 prisoners" / "1,000 prisoners")."""
    differing = set(shorter) ^ set(run)
    return not any(w in _NEGATIONS or any(ch.isdigit() for ch in w) for w in differing)


def _edit_limit(words_: int) -> int:
    return words_ // EDITED_WORDS_PER_EDIT


@lru_cache(maxsize=65536)
def _content_words(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    # edited_match compares each stored quote with every new one: its words without articles, once.
    kept = tuple(w for w in _folded_words(text)[0] if w not in _ARTICLES)
    return kept, frozenset(kept)


def edited_match(text: str, other: str, *, substitutions: bool = True) -> float | None:
    """A score when `text` and `other` are one quote as two outlets gave it: the shorter one (ten
    content words at least) is a run of the other's words up to one edited word in EDITED_WORDS_PER_EDIT
    (articles ignored), none of them a negation or a number. Without `substitutions` (not told of the
    same occasion) only words left out or added count: a word replaced by another is another statement
    ("we will postpone" / "we will suspend" the same arrangement). None otherwise."""
    (a, a_set), (b, b_set) = _content_words(text), _content_words(other)
    (shorter, shorter_set), (longer, longer_set) = sorted(((a, a_set), (b, b_set)), key=lambda pair: len(pair[0]))
    if len(shorter) < MIN_EDITED_WORDS:
        return None
    limit = _edit_limit(len(shorter))
    # Cheap rejections first: too few shared words cannot be within the limit.
    if len(shorter_set - longer_set) > limit:
        return None
    edits, start, end = _align(shorter, longer, limit=limit, substitute=1 if substitutions else limit + 1)
    run = longer[start:end]
    if edits > limit or not _meaning_kept(shorter, run):
        return None
    if not substitutions and set(shorter) - set(run) and set(run) - set(shorter):
        return None  # a word left out on each side is a word replaced
    return 100.0 * (len(shorter) - edits) / len(longer)


def _words_at(text: str) -> list[tuple[str, int, int]] | None:
    """The words of `text` as statement matching folds them, articles left out, with their character
    offsets in `text`; None when folding changes the text's length (offsets would not map back)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if len(folded) != len(text):
        return None
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded) if m.group() not in _ARTICLES]


def edited_run(text: str, inner: str) -> tuple[int, int] | None:
    """Where in `text` its words tell `inner` (a shorter quote it contains up to an outlet's edits, see
    edited_match): character offsets of the best aligned run of its words, or None."""
    located = _words_at(text)
    want = [w for w in words(fold_statement_text(inner)) if w not in _ARTICLES]
    if not located or not want or len(want) >= len(located):
        return None
    limit = _edit_limit(len(want))
    edits, start, end = _align(want, [w for w, _, _ in located], limit=limit, substitute=1)
    if edits > limit or start >= end:
        return None
    return located[start][1], located[end - 1][2]


def _same_occasion(a: dt.date | None, b: dt.date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= SAME_OCCASION_DAYS


def statement_match_other_speaker(
    text: str, candidates: list[StatementCandidate], *, said_on: dt.date | None = None
) -> StatementMatch | None:
    """The candidate, credited to another speaker (or this quote's speaker is unknown), that is this very
    quote: the same words up to an outlet's edits (edited_match), never a quote shorter than
    MIN_EDITED_WORDS words. The caller keeps the candidates to the same negotiation and a few days."""
    best: StatementMatch | None = None
    for cand in candidates:
        score = edited_match(text, cand.text, substitutions=_same_occasion(said_on, cand.said_on))
        if score is not None and (best is None or score > best.score):
            best = StatementMatch(cand.id, "edited", score)
    return best


# --- Meetings -----------------------------------------------------------------------------------

PRECISION_RANK = {"day": 0, "week": 1, "month": 2}


@dataclass(frozen=True)
class MeetingFacts:
    """A meeting reduced to what identifies it. Ids are database ids of Person / Actor rows."""

    kind: str
    people: frozenset[int]
    actors: frozenset[int]
    sides: frozenset[int]  # actors taking part: the people's affiliations and the actors
    place_name: str  # normalize_name()d
    place_country: int | None
    date_from: dt.date | None
    date_to: dt.date | None
    date_precision: str = "day"


@dataclass(frozen=True)
class MeetingCandidate:
    id: int
    facts: MeetingFacts


def _range(facts: MeetingFacts) -> tuple[dt.date, dt.date] | None:
    if facts.date_from is None and facts.date_to is None:
        return None
    start = facts.date_from or facts.date_to
    end = facts.date_to or facts.date_from
    return start, end


def dates_compatible(a: MeetingFacts, b: MeetingFacts) -> bool | None:
    """True when the date ranges overlap, False when they do not, None when one is undated."""
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return None
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def places_compatible(a: MeetingFacts, b: MeetingFacts) -> bool:
    """Unknown places are compatible with anything; known ones must agree (country, then city)."""
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    if a.place_name and b.place_name:
        pa, pb = a.place_name, b.place_name
        # "Aqaba" and "Aqaba Jordan"; a country name given as the place of the other.
        return pa == pb or pa in pb or pb in pa
    return True


def sides_compatible(a: MeetingFacts, b: MeetingFacts) -> bool:
    """Outlets name different subsets of one meeting's participants, but not different sides: the
    envoy meeting Russia's minister and the same envoy meeting Ukraine's are two meetings."""
    if not a.sides or not b.sides:
        return True
    return a.sides <= b.sides or b.sides <= a.sides


# An undated meeting a report tells happened within these days before its publication (news tells
# recent meetings): a stored meeting dated then, with the same people, is that meeting.
REPORT_DAYS = 3


def _told_within(cand: MeetingFacts, report_day: dt.date | None) -> bool:
    span = _range(cand)
    if span is None or report_day is None:
        return False
    return span[0] <= report_day and report_day - dt.timedelta(days=REPORT_DAYS) <= span[1]


def meeting_score(new: MeetingFacts, cand: MeetingFacts, *, report_day: dt.date | None = None) -> float | None:
    """How surely `cand` is the same real meeting as `new`; None when it cannot be. `report_day`: the
    publication day of the report telling `new`, which dates it loosely when the report does not."""
    if (new.kind == "call") != (cand.kind == "call"):
        return None  # a phone call is never the meeting in person
    if not places_compatible(new, cand) or not sides_compatible(new, cand):
        return None
    dated = dates_compatible(new, cand)
    if dated is False:
        return None
    shared_people = len(new.people & cand.people)
    if new.people and cand.people:
        shared = float(shared_people)
        if shared_people == 0:
            # Outlets name different members of two delegations: the same sides on the same day in the
            # same named place is one meeting; anything less is not enough.
            same_place = bool(new.place_name and cand.place_name)
            if not (dated and same_place and len(new.sides) >= 2 and new.sides == cand.sides):
                return None
            shared = 0.5
    else:
        shared = float(len(new.actors & cand.actors) + len(new.sides & cand.sides))
        if shared == 0:
            return None
    if dated is None:
        # Undated: a clear overlap of people, or the new one told by a report of the candidate's days.
        told = _range(new) is None and _told_within(cand, report_day)
        if shared_people < 2 and not (told and (shared_people or not (new.people and cand.people))):
            return None
    score = shared
    if new.place_name and new.place_name == cand.place_name:
        score += 1.0
    if dated:
        score += 0.5
    return score


def meeting_match(
    new: MeetingFacts, candidates: list[MeetingCandidate], *, report_day: dt.date | None = None
) -> int | None:
    best_id, best_score = None, 0.0
    for cand in candidates:
        score = meeting_score(new, cand.facts, report_day=report_day)
        if score is not None and score > best_score:
            best_id, best_score = cand.id, score
    return best_id


def meeting_match_in_report(new: MeetingFacts, candidates: list[MeetingCandidate]) -> int | None:
    """The meeting, among those the same report already told, that `new` tells again: a report that says
    "the delegations met in Istanbul on Wednesday" and then "Umerov and Medinsky held the talks" tells one
    meeting twice, once by its sides and once by its people. Only then, and when both give the same dates
    and the places and sides agree: a report that tells the same people meeting twice tells two sessions,
    and two meetings on different days, or with another side, stay two."""
    best_id, best_score = None, 0.0
    for cand in candidates:
        if _range(new) is None or _range(new) != _range(cand.facts) or bool(new.people) == bool(cand.facts.people):
            continue
        score = meeting_score(new, cand.facts)
        if score is not None and score > best_score:
            best_id, best_score = cand.id, score
    return best_id


def more_precise(new: MeetingFacts, old: MeetingFacts) -> bool:
    """Whether `new` dates the meeting more precisely than `old` (keep the more precise date)."""
    if _range(new) is None:
        return False
    if _range(old) is None:
        return True
    return PRECISION_RANK.get(new.date_precision, 9) < PRECISION_RANK.get(old.date_precision, 9)


# --- People -------------------------------------------------------------------------------------

# Short forms of given names that journalists use for the same person.
NICKNAMES = {
    "steve": "steven",
    "stephen": "steven",
    "mike": "michael",
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "rob": "robert",
    "jim": "james",
    "jimmy": "james",
    "joe": "joseph",
    "tony": "antony",
    "anthony": "antony",
    "tom": "thomas",
    "dick": "richard",
    "rick": "richard",
    "dan": "daniel",
    "dave": "david",
    "chris": "christopher",
    "nick": "nicholas",
    "alex": "alexander",
    "sasha": "alexander",
    "andy": "andrew",
    "ben": "benjamin",
    "bibi": "benjamin",
    "matt": "matthew",
    "sam": "samuel",
    "ted": "edward",
    "ed": "edward",
    "jon": "jonathan",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "kate": "katherine",
    "kathy": "katherine",
    "catherine": "katherine",
    "jenny": "jennifer",
    "jen": "jennifer",
    "pat": "patrick",
    "greg": "gregory",
    "jeff": "jeffrey",
    "geoff": "jeffrey",
    "ken": "kenneth",
    "larry": "lawrence",
    "tim": "timothy",
    "vlad": "vladimir",
    "volodymyr": "vladimir",
    "dmitri": "dmitry",
    "dmitriy": "dmitry",
    "sergey": "sergei",
    "yury": "yuri",
    "yuriy": "yuri",
    "mohammed": "muhammad",
    "mohammad": "muhammad",
    "mohamed": "muhammad",
    "muhammed": "muhammad",
    "ahmad": "ahmed",
    "hassan": "hasan",
    "hussein": "husayn",
    "husain": "husayn",
}

# Same surname up to a transliteration (Araghchi/Araqchi, Erdogan/Erdoğan after folding).
SURNAME_RATIO = 85
FULL_NAME_RATIO = 85


def _given(name: str) -> str:
    return NICKNAMES.get(name, name)


# Spellings that transliterations of one name alternate between (Araghchi/Araqchi, Mikhail/Mihail,
# Zelenskyy/Zelensky, Volodymyr/Wolodymyr), folded to one form before comparing.
_TRANSLIT = (
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("q", "g"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("yy", "y"),
    ("iy", "i"),
    ("y", "i"),
)


def _translit(token: str) -> str:
    for old, new in _TRANSLIT:
        token = token.replace(old, new)
    collapsed = []
    for ch in token:
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    return "".join(collapsed)


def person_names_match(a: str, b: str) -> float | None:
    """A score when the two full names are spellings of one person's name, else None.

    A single word (a surname alone) never matches: it names a person only inside one report.
    """
    ta, tb = normalize_name(a).split(), normalize_name(b).split()
    if len(ta) < 2 or len(tb) < 2:
        return 100.0 if ta and ta == tb else None
    if ta == tb:
        return 100.0
    surname = 100.0 if ta[-1] == tb[-1] else fuzz.ratio(_translit(ta[-1]), _translit(tb[-1]))
    if surname < SURNAME_RATIO:
        return None
    # One name with a middle name left out of the other: Tayyip Erdogan / Recep Tayyip Erdogan.
    shorter, longer = sorted((ta, tb), key=len)
    if surname == 100 and all(_given(t) in {_given(x) for x in longer[:-1]} for t in shorter[:-1]):
        return 95.0
    given_a, given_b = _given(ta[0]), _given(tb[0])
    given = 100.0 if given_a == given_b else fuzz.ratio(_translit(given_a), _translit(given_b))
    if given < SURNAME_RATIO:
        return None
    whole = fuzz.ratio(" ".join(_translit(_given(t)) for t in ta), " ".join(_translit(_given(t)) for t in tb))
    return whole if whole >= FULL_NAME_RATIO else None


@dataclass(frozen=True)
class PersonCandidate:
    id: int
    names: tuple[str, ...]  # name and aliases


def person_match(name: str, candidates: list[PersonCandidate]) -> int | None:
    best_id, best_score = None, 0.0
    for cand in candidates:
        for other in cand.names:
            score = person_names_match(name, other)
            if score is not None and score > best_score:
                best_id, best_score = cand.id, score
    return best_id
