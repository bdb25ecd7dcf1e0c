"""Score an Extraction against a hand-annotated gold dict (the seed's *.expected.json format).

Pure functions over plain data: no database, no files. scripts/evaluate_extraction.py loads the
corpus and prints the figures; tests/evaluation/ pins the arithmetic.

Matching rules (why each is lenient where it is):
- statements: only predicted *direct* quotes count (the gold lists direct quotes of four words or
  more; reported speech may be extracted beside them and is neither rewarded nor penalised). Texts
  are compared folded; a fragment matches when one folded text contains the other and the shorter
  has at least 80% of the longer's words, because outlets and extractors cut quotes at slightly
  different places (a leading "and", a trailing clause).
- names: compared with normalize_name (accents, case, punctuation), through the gold's optional
  `aliases` map ({canonical: [other spellings]}), and by surname when the surname belongs to one
  gold person only ("Miller" for Matthew Miller, "Steven Witkoff" for Steve Witkoff).
- meetings: a predicted meeting matches a gold one when they share a participant, the place agrees
  (any comma-separated part of the gold location equals the predicted place or country; a gold
  meeting without a location, such as a phone call, accepts any place) and the date ranges overlap.
Every match is one-to-one, best pairs first, so a fact extracted twice counts once as right and
once as a false positive.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from events.pipeline.types import ExtractedMeeting, ExtractedStatement, Extraction
from events.text import fold_statement_text, normalize_name, words

FRAGMENT_MIN_WORD_SHARE = 0.8

P = TypeVar("P")
G = TypeVar("G")


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        expected = self.tp + self.fn
        return self.tp / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Ratio:
    """Share of matched facts with a property right (speaker, date, ...)."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.correct + other.correct, self.total + other.total)

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


COUNT_CATEGORIES = (
    "statements",
    "attributed_statements",
    "people",
    "people_full",
    "parties",
    "mediators",
    "meetings",
    "meeting_participants",
    "meetings_ignoring_place",
)
RATIO_CATEGORIES = ("speaker", "said_on")

Score = dict[str, Counts | Ratio]


def empty_score() -> Score:
    return {**{name: Counts() for name in COUNT_CATEGORIES}, **{name: Ratio() for name in RATIO_CATEGORIES}}


def total(scores: Iterable[Score]) -> Score:
    """Micro-average: sum the counts of every report, then divide once."""
    result = empty_score()
    for score in scores:
        for name, value in score.items():
            result[name] = result[name] + value
    return result


# --- names ---


class NameMatcher:
    """Compares predicted names with one gold's names: folded, through its aliases, by unique surname."""

    def __init__(self, gold: Mapping[str, Any]):
        self._canonical: dict[str, str] = {}
        for canonical, variants in (gold.get("aliases") or {}).items():
            for variant in (canonical, *variants):
                self._canonical[normalize_name(variant)] = normalize_name(canonical)
        surnames = Counter(self._surname(self.key(person["name"])) for person in gold.get("people", []))
        self._unique_surnames = {surname for surname, count in surnames.items() if count == 1}

    @staticmethod
    def _surname(key: str) -> str:
        return key.rsplit(" ", 1)[-1] if key else ""

    def key(self, name: str | None) -> str:
        folded = normalize_name(name or "")
        return self._canonical.get(folded, folded)

    def same(self, predicted: str | None, gold: str | None) -> bool:
        p, g = self.key(predicted), self.key(gold)
        if not p or not g:
            return False
        if p == g:
            return True
        surname = self._surname(g)
        return surname in self._unique_surnames and self._surname(p) == surname


# --- one-to-one matching ---


def match_pairs(
    predicted: Sequence[P], gold: Sequence[G], score: Callable[[P, G], float | None]
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, best score first (ties: gold order, then prediction order)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            value = score(p, g)
            if value is not None:
                candidates.append((-value, gi, pi))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((pi, gi))
    return sorted(pairs, key=lambda pair: pair[1])


def _counts(pairs: int, predicted: int, gold: int) -> Counts:
    return Counts(tp=pairs, fp=predicted - pairs, fn=gold - pairs)


# --- statements ---


def quote_similarity(predicted: str, gold: str) -> float | None:
    """1.0 for equal folded texts; the word share for a fragment of >= 80%; None for no match."""
    a, b = fold_statement_text(predicted), fold_statement_text(gold)
    if not a or not b:
        return None
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if shorter not in longer:
        return None
    share = len(words(shorter)) / max(len(words(longer)), 1)
    return share if share >= FRAGMENT_MIN_WORD_SHARE else None


def _speaker(statement: ExtractedStatement) -> str | None:
    return statement.speaker_person or statement.speaker_actor


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def score_statements(predicted: Sequence[ExtractedStatement], gold: Mapping[str, Any], names: NameMatcher) -> Score:
    direct = [s for s in predicted if s.kind == "direct"]
    expected = list(gold.get("statements", []))
    pairs = match_pairs(direct, expected, lambda p, g: quote_similarity(p.text, g["text"]))
    right_speaker = 0
    right_date = 0
    dated = 0
    for pi, gi in pairs:
        p, g = direct[pi], expected[gi]
        if names.same(_speaker(p), g.get("speaker")):
            right_speaker += 1
        if g.get("said_on"):
            dated += 1
            if p.said_on == _date(g["said_on"]) and p.said_on_precision == g.get("said_on_precision", "day"):
                right_date += 1
    return {
        "statements": _counts(len(pairs), len(direct), len(expected)),
        "attributed_statements": _counts(right_speaker, len(direct), len(expected)),
        "speaker": Ratio(right_speaker, len(pairs)),
        "said_on": Ratio(right_date, dated),
    }


# --- people, parties, mediators ---


def _title_matches(predicted: str, gold: str) -> bool:
    # "Foreign Minister" and "Turkish Foreign Minister" describe the same office: containment, by words.
    p, g = normalize_name(predicted), normalize_name(gold)
    if not g:
        return not p
    return bool(p) and (f" {p} " in f" {g} " or f" {g} " in f" {p} ")


def score_people(extraction: Extraction, gold: Mapping[str, Any], names: NameMatcher) -> Score:
    predicted = extraction.people
    expected = list(gold.get("people", []))
    pairs = match_pairs(predicted, expected, lambda p, g: 1.0 if names.same(p.name, g["name"]) else None)
    full = 0
    for pi, gi in pairs:
        p, g = predicted[pi], expected[gi]
        affiliation_ok = names.key(p.affiliation) == names.key(g.get("affiliation"))
        if affiliation_ok and _title_matches(p.title, g.get("title") or ""):
            full += 1
    return {
        "people": _counts(len(pairs), len(predicted), len(expected)),
        "people_full": _counts(full, len(predicted), len(expected)),
    }


def _score_names(predicted: Iterable[str], expected: Iterable[str], names: NameMatcher) -> Counts:
    p = {names.key(n) for n in predicted if names.key(n)}
    g = {names.key(n) for n in expected if names.key(n)}
    return Counts(tp=len(p & g), fp=len(p - g), fn=len(g - p))


def score_negotiation(extraction: Extraction, gold: Mapping[str, Any], names: NameMatcher) -> Score:
    expected = gold.get("negotiation") or {}
    found = extraction.negotiation
    return {
        "parties": _score_names(found.parties if found else [], expected.get("parties", []), names),
        "mediators": _score_names(found.mediators if found else [], expected.get("mediators", []), names),
    }


# --- meetings ---


def _participants(meeting: ExtractedMeeting) -> list[str]:
    return [*meeting.people, *meeting.actors]


def _shared(predicted: Sequence[str], expected: Sequence[str], names: NameMatcher) -> int:
    pairs = match_pairs(predicted, expected, lambda p, g: 1.0 if names.same(p, g) else None)
    return len(pairs)


def _place_matches(meeting: ExtractedMeeting, location: str | None, names: NameMatcher) -> bool:
    if not location:
        return True
    parts = {names.key(part) for part in location.split(",") if part.strip()}
    found = {names.key(value) for value in (meeting.place_name, meeting.place_country) if value}
    return bool(parts & found)


def _dates_overlap(meeting: ExtractedMeeting, gold: Mapping[str, Any]) -> bool:
    if meeting.date_from is None or not gold.get("date_from"):
        return False
    g_from = _date(gold["date_from"])
    g_to = _date(gold.get("date_to")) or g_from
    p_to = meeting.date_to or meeting.date_from
    return meeting.date_from <= g_to and g_from <= p_to


def meeting_similarity(
    meeting: ExtractedMeeting, gold: Mapping[str, Any], names: NameMatcher, *, check_place: bool = True
) -> float | None:
    """Participant Jaccard when the meeting matches (shared participant, place, dates); else None."""
    predicted, expected = _participants(meeting), list(gold.get("participants", []))
    shared = _shared(predicted, expected, names)
    if not shared or not _dates_overlap(meeting, gold):
        return None
    if check_place and not _place_matches(meeting, gold.get("location"), names):
        return None
    return shared / (len(predicted) + len(expected) - shared)


def score_meetings(extraction: Extraction, gold: Mapping[str, Any], names: NameMatcher) -> Score:
    predicted = extraction.meetings
    expected = list(gold.get("meetings", []))
    pairs = match_pairs(predicted, expected, lambda p, g: meeting_similarity(p, g, names))
    participants = Counts()
    for pi, gi in pairs:
        p, g = _participants(predicted[pi]), list(expected[gi].get("participants", []))
        participants = participants + _counts(_shared(p, g, names), len(p), len(g))
    # The same without the place: tells a missing or wrong place apart from a missing meeting.
    loose = match_pairs(predicted, expected, lambda p, g: meeting_similarity(p, g, names, check_place=False))
    return {
        "meetings": _counts(len(pairs), len(predicted), len(expected)),
        "meeting_participants": participants,
        "meetings_ignoring_place": _counts(len(loose), len(predicted), len(expected)),
    }


# --- one report ---


def score_report(extraction: Extraction, gold: Mapping[str, Any]) -> Score:
    names = NameMatcher(gold)
    return {
        **empty_score(),
        **score_statements(extraction.statements, gold, names),
        **score_people(extraction, gold, names),
        **score_negotiation(extraction, gold, names),
        **score_meetings(extraction, gold, names),
    }


# --- diagnostics: what to look at when a score is low ---


def statement_mismatches(extraction: Extraction, gold: Mapping[str, Any]) -> list[str]:
    """One line per missed gold quote, extra predicted quote, wrong speaker and wrong date."""
    names = NameMatcher(gold)
    direct = [s for s in extraction.statements if s.kind == "direct"]
    expected = list(gold.get("statements", []))
    pairs = match_pairs(direct, expected, lambda p, g: quote_similarity(p.text, g["text"]))
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    lines = [f"missed   [{g.get('speaker')}] {g['text']}" for gi, g in enumerate(expected) if gi not in matched_g]
    lines += [f"extra    [{_speaker(p)}] {p.text}" for pi, p in enumerate(direct) if pi not in matched_p]
    for pi, gi in pairs:
        p, g = direct[pi], expected[gi]
        if not names.same(_speaker(p), g.get("speaker")):
            lines.append(f"speaker  [{_speaker(p)} != {g.get('speaker')}] {g['text']}")
        if g.get("said_on") and (
            p.said_on != _date(g["said_on"]) or p.said_on_precision != g.get("said_on_precision", "day")
        ):
            lines.append(
                f"said_on  [{p.said_on}/{p.said_on_precision} "
                f"!= {g['said_on']}/{g.get('said_on_precision', 'day')}] {g['text']}"
            )
    return lines


def meeting_mismatches(extraction: Extraction, gold: Mapping[str, Any]) -> list[str]:
    names = NameMatcher(gold)
    predicted = extraction.meetings
    expected = list(gold.get("meetings", []))
    pairs = match_pairs(predicted, expected, lambda p, g: meeting_similarity(p, g, names))
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    lines = [
        f"missed   {', '.join(g['participants'])} @ {g.get('location')} {g['date_from']}..{g['date_to']}"
        for gi, g in enumerate(expected)
        if gi not in matched_g
    ]
    lines += [
        f"extra    {p.kind}: {', '.join(_participants(p))} "
        f"@ {p.place_name or '-'}/{p.place_country or '-'} {p.date_from}..{p.date_to}"
        for pi, p in enumerate(predicted)
        if pi not in matched_p
    ]
    return lines


def people_mismatches(extraction: Extraction, gold: Mapping[str, Any]) -> list[str]:
    names = NameMatcher(gold)
    predicted = extraction.people
    expected = list(gold.get("people", []))
    pairs = match_pairs(predicted, expected, lambda p, g: 1.0 if names.same(p.name, g["name"]) else None)
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    lines = [f"missed   person {g['name']}" for gi, g in enumerate(expected) if gi not in matched_g]
    lines += [
        f"extra    person {p.name} ({p.title}, {p.affiliation})"
        for pi, p in enumerate(predicted)
        if pi not in matched_p
    ]
    for pi, gi in pairs:
        p, g = predicted[pi], expected[gi]
        if not _title_matches(p.title, g.get("title") or "") or names.key(p.affiliation) != names.key(
            g.get("affiliation")
        ):
            lines.append(
                f"person   {g['name']}: ({p.title}, {p.affiliation}) != ({g.get('title')}, {g.get('affiliation')})"
            )
    return lines


# --- identity across reports: one record per process, per quote, per meeting; copies flagged ---
#
# Measured on what the write path stored (scripts/evaluate_extraction.py imports the corpus into a
# throw-away database and reads the records back as plain data); the arithmetic is here.


def report_pairs(assignment: Mapping[str, Any]) -> set[frozenset[str]]:
    """Unordered pairs of reports given the same key (a process, a record id); None pairs with nothing."""
    by_key: dict[Any, list[str]] = {}
    for report, key in assignment.items():
        if key is not None:
            by_key.setdefault(key, []).append(report)
    return {frozenset((a, b)) for members in by_key.values() for i, a in enumerate(members) for b in members[i + 1 :]}


def pair_counts(*, gold: Mapping[str, str | None], predicted: Mapping[str, Any]) -> Counts:
    """Pairs of reports sharing a record (predicted) against pairs about one process (gold).

    Precision: of the pairs put on one record, the share about one process; recall: of the pairs
    about one process, the share on one record. Only reports with a gold process are counted.
    """
    annotated = {report: process for report, process in gold.items() if process}
    gold_pairs = report_pairs(annotated)
    predicted_pairs = report_pairs({report: predicted.get(report) for report in annotated})
    shared = len(gold_pairs & predicted_pairs)
    return Counts(tp=shared, fp=len(predicted_pairs) - shared, fn=len(gold_pairs) - shared)


def process_records(*, gold: Mapping[str, str | None], predicted: Mapping[str, Any]) -> dict[str, Any]:
    """Each gold process -> the record most of its reports were attached to (None when none was)."""
    votes: dict[str, Counter] = {}
    for report, process in gold.items():
        if process and predicted.get(report) is not None:
            votes.setdefault(process, Counter())[predicted[report]] += 1
    return {
        process: (votes[process].most_common(1)[0][0] if process in votes else None)
        for process in sorted({p for p in gold.values() if p})
    }


def name_counts(predicted: Iterable[str], gold: Iterable[str], key: Callable[[str], str] = normalize_name) -> Counts:
    """Set overlap of names after `key` (folding, or mapping an alias to its canonical name)."""
    p = {key(name) for name in predicted if key(name)}
    g = {key(name) for name in gold if key(name)}
    return Counts(tp=len(p & g), fp=len(p - g), fn=len(g - p))


def groups_one_record(groups: Sequence[Sequence[set[Any]]]) -> Ratio:
    """Share of groups (one quote, or one meeting, told by several reports) stored as one record.

    Each member of a group is the set of records that may hold it in its report; a group is one record
    when one record is among every member's candidates. A member found nowhere makes the group fail.
    """
    correct = 0
    for members in groups:
        if members and all(members) and set.intersection(*map(set, members)):
            correct += 1
    return Ratio(correct=correct, total=len(groups))


def copy_counts(*, gold: Iterable[frozenset[str]], flagged: Iterable[frozenset[str]]) -> Counts:
    """Syndicated copies: annotated pairs (gold) against pairs the report deduplication linked (flagged)."""
    g, f = set(gold), set(flagged)
    return Counts(tp=len(g & f), fp=len(f - g), fn=len(g - f))


def person_rows_check(
    rows: Iterable[str], people: Mapping[str, Iterable[str]]
) -> tuple[list[str], dict[str, list[str]]]:
    """Person rows that match no annotated person, and annotated people stored on two or more rows.

    `people` maps each annotated person's canonical name to its other spellings. A row matches a person
    by its folded name, by one of the spellings, or when one name's words extend the other's with the
    same surname ("Witkoff" and "Steve Witkoff"; "Sheikh Mohammed bin Abdulrahman Al Thani").
    """
    spellings = {canonical: {normalize_name(n) for n in (canonical, *others)} for canonical, others in people.items()}

    def matches(row: str, canonical: str) -> bool:
        key = normalize_name(row)
        if not key:
            return False
        if key in spellings[canonical]:
            return True
        row_words = key.split()
        for spelling in spellings[canonical]:
            words_ = spelling.split()
            nested = set(row_words) <= set(words_) or set(words_) <= set(row_words)
            if words_ and row_words[-1] == words_[-1] and nested:
                return True
        return False

    not_people: list[str] = []
    on_rows: dict[str, list[str]] = {}
    for row in rows:
        found = [canonical for canonical in people if matches(row, canonical)]
        if not found:
            not_people.append(row)
        for canonical in found:
            on_rows.setdefault(canonical, []).append(row)
    split = {canonical: names for canonical, names in on_rows.items() if len(names) > 1}
    return not_people, split
