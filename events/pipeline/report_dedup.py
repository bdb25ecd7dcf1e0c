"""Step 2 of the pipeline: is this report another copy of one already stored? Pure functions.

MinHash over word 5-shingles, cut into LSH bands. Each band hash is stored (events.ReportBand, indexed on
(band, hash)), so finding candidates is one index lookup whatever the number of stored reports; the
candidates are then verified against their stored signature.

Tuning (see benchmarks/extraction_dedup.py and tests/data/dedup/): agency copies of a story measure
a 5-shingle Jaccard of 0.7-0.9, copies cut short (a shortened version, a paragraph dropped, typos) down
to 0.4; different stories that share background paragraphs 0.2 and below. 42 bands of 3 rows make a
pair a candidate with probability 0.94 at Jaccard 0.4, 0.995 at 0.5, 0.29 at 0.2 and 0.04 at 0.1 (32 x 4
missed a third of the copies cut short: 0.56 at 0.4). A candidate is a duplicate when its estimated
Jaccard reaches 0.5, or when the smaller text is contained in the larger (containment 0.7, estimated from
the Jaccard and the shingle counts; look-alikes measure 0.2-0.5).

Rewritten copies (another outlet's rewrite of a wire story: synonyms, sentences reordered, a sentence
added, a retranslation) keep few 5-word runs, so a second MinHash is taken over pairs of content-word
stems (stop words dropped, words cut to their first 5 letters) that stand close in one sentence, in
either order: a synonym breaks only the few pairs of its word, a reordered sentence none. Its 80 bands
of 3 rows are stored as band numbers 42-121 beside the first 42. A report sharing at least two of them
is a candidate; the pair estimate alone would also flag another story on the same round (the same
dateline, people and places make the same pairs), so such a candidate is verified on the texts by
sentence alignment: the share of the shorter report's sentences that have a close counterpart (one sharing
at least half of the stems of the larger of the two) in the other. In tests/data the copies, edited or
rewritten, measure 0.85-1.0, other reports at most 0.5 (two stories on one briefing quoting the same two
sentences); in the benchmark's generated set look-alikes at most 0.53. A duplicate needs 0.7.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from events.text import words

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 42
ROWS = 3  # 42 x 3 = 126: the last two values only serve verification
SEED = 1  # fixed: stored signatures must stay comparable across processes and restarts
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.7
# Containment is only trusted for texts long enough that a few shared sentences do not reach it, and
# above a Jaccard where the 128-value estimate is not noise (a 40-shingle text inside a 2000-shingle one).
MIN_SHINGLES_FOR_CONTAINMENT = 40
MIN_JACCARD_FOR_CONTAINMENT = 0.25

# Rewritten copies: MinHash over stem pairs, stored as bands PAIR_BAND_FIRST.., then sentence alignment.
PAIR_NUM_PERM = 240
PAIR_BANDS = 80
# 3 rows: a pair Jaccard of 0.5 shares >= 2 of 80 bands with probability 0.9998, 0.4 with 0.97, 0.3 with
# 0.64; unrelated reports on the same talks measure 0.03-0.08 (5e-5 or less). With 2 rows those made
# 70 candidates per lookup at 10,000 stored reports, and the lookup grew with the store.
PAIR_ROWS = 3
PAIR_SEED = 2
PAIR_BAND_FIRST = BANDS
MIN_PAIR_BANDS = 2
STEM_LETTERS = 5
PAIR_WINDOW = 3  # a stem pairs with the next 3 of its sentence
MIN_SENTENCE_STEMS = 3  # shorter sentences ("Talks resumed.") say too little to align
SENTENCE_MATCH = 0.5  # shared stems over the larger sentence's: a close counterpart
MIN_ALIGNED_SENTENCES = 3  # a report of one or two sentences is too short to call a rewrite of another
ALIGNMENT_THRESHOLD = 0.7  # share of the shorter report's sentences with a close counterpart (other stories: <= 0.5)

# Version byte + shingle count, then the signature as 32-bit values (datasketch keeps them below 2**32).
_HEADER = struct.Struct("<BI")
_VERSION = 1

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations  # computed once, reused
_PAIR_PERMUTATIONS = MinHash(num_perm=PAIR_NUM_PERM, seed=PAIR_SEED).permutations

# Function words and reporting verbs: outlets swap them freely, and they carry no story.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our ours out over own same she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours s t said says say saying told tells
    added adding according stated noted""".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n+")


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray  # uint64 array of NUM_PERM values
    shingles: int  # number of distinct shingles: for containment estimates
    # Computed from the text, not stored (to_bytes keeps the two above): the stem-pair MinHash whose
    # bands band_hashes adds, and the sentences' stems that candidates are aligned with.
    pairs: np.ndarray | None = None
    sentences: tuple[frozenset[str], ...] = ()

    def to_bytes(self) -> bytes:
        return _HEADER.pack(_VERSION, self.shingles) + self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        version, shingles = _HEADER.unpack_from(data)
        if version != _VERSION:
            raise ValueError(f"unknown signature version {version}")
        values = np.frombuffer(bytes(data[_HEADER.size :]), dtype="<u4").astype(np.uint64)
        return cls(hashvalues=values, shingles=shingles)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams after folding case and punctuation; a text shorter than n words is one shingle."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def sentence_stems(text: str) -> list[tuple[str, ...]]:
    """Each sentence's content words in order, cut to their stem (first STEM_LETTERS letters)."""
    out = []
    for sentence in _SENTENCE_END.split(text or ""):
        stems = tuple(w[:STEM_LETTERS] for w in words(sentence) if w not in STOP_WORDS and len(w) > 1)
        if stems:
            out.append(stems)
    return out


def stem_pairs(sentences: list[tuple[str, ...]]) -> set[str]:
    """Unordered pairs of stems at most PAIR_WINDOW apart within one sentence."""
    pairs = set()
    for stems in sentences:
        for i, a in enumerate(stems):
            for b in stems[i + 1 : i + 1 + PAIR_WINDOW]:
                if a != b:
                    pairs.add(f"{a} {b}" if a < b else f"{b} {a}")
    return pairs


def signature(text: str) -> Signature:
    items = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS)
    minhash.update_batch([item.encode("utf-8") for item in items])
    sentences = sentence_stems(text)
    pairs = stem_pairs(sentences)
    pair_hash = MinHash(num_perm=PAIR_NUM_PERM, seed=PAIR_SEED, permutations=_PAIR_PERMUTATIONS)
    pair_hash.update_batch([pair.encode("utf-8") for pair in pairs])
    return Signature(
        hashvalues=minhash.hashvalues.copy(),
        shingles=len(items),
        pairs=pair_hash.hashvalues.copy() if pairs else None,
        sentences=aligned_sentences(sentences),
    )


def aligned_sentences(sentences: list[tuple[str, ...]]) -> tuple[frozenset[str], ...]:
    """The sentences alignment compares: their sets of stems, those with at least MIN_SENTENCE_STEMS."""
    return tuple(frozenset(s) for s in sentences if len(set(s)) >= MIN_SENTENCE_STEMS)


def _bands(values: np.ndarray, bands: int, rows: int, first: int, person: bytes) -> list[tuple[int, int]]:
    values = values.astype("<u4")
    result = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=person).digest()
        result.append((first + band, int.from_bytes(digest, "little", signed=True)))
    return result


def band_hashes(sig: Signature) -> list[tuple[int, int]]:
    """(band number, signed 64-bit hash of the band's rows): what ReportBand stores, and what the write
    step locks. Bands 0..BANDS-1 are the shingle MinHash's, then PAIR_BANDS of the stem pairs' (when the
    signature was computed from a text)."""
    result = _bands(sig.hashvalues, BANDS, ROWS, 0, b"report-lsh")
    if sig.pairs is not None:
        result += _bands(sig.pairs, PAIR_BANDS, PAIR_ROWS, PAIR_BAND_FIRST, b"report-pairs")
    return result


def alignment(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> float:
    """Share of the shorter report's sentences that have a close counterpart in the other: one sharing at
    least SENTENCE_MATCH of the stems of whichever of the two sentences has more."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) < MIN_ALIGNED_SENTENCES:
        return 0.0
    matched = sum(1 for s in shorter if any(len(s & t) >= SENTENCE_MATCH * max(len(s), len(t)) for t in longer))
    return matched / len(shorter)


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a.hashvalues == b.hashvalues)) / NUM_PERM


def containment(a: Signature, b: Signature, estimated_jaccard: float) -> float:
    """Estimated share of the smaller text's shingles found in the larger one.

    |A n B| = J (|A| + |B|) / (1 + J).
    """
    smaller = min(a.shingles, b.shingles)
    if smaller == 0:
        return 0.0
    shared = estimated_jaccard * (a.shingles + b.shingles) / (1.0 + estimated_jaccard)
    return min(1.0, shared / smaller)


def similarity(a: Signature, b: Signature) -> float:
    """The score a duplicate is judged (and recorded) by: the Jaccard estimate, or the containment of
    the smaller text when it is long enough and the Jaccard not so low that the estimate is noise."""
    estimated = jaccard(a, b)
    if min(a.shingles, b.shingles) >= MIN_SHINGLES_FOR_CONTAINMENT and estimated >= MIN_JACCARD_FOR_CONTAINMENT:
        contained = containment(a, b, estimated)
        if contained >= CONTAINMENT_THRESHOLD:
            return max(estimated, contained)
    return estimated


def is_duplicate(a: Signature, b: Signature) -> bool:
    return similarity(a, b) >= JACCARD_THRESHOLD


@dataclass(frozen=True)
class Candidate:
    id: int
    signature: Signature | None  # None when stored before signatures were kept
    original_id: int  # its duplicate_of, or itself when it is an original
    original_sort_key: tuple  # of that original: earliest first, e.g. (published_at, id)
    pair_bands: int = 0  # stem-pair bands shared with the report being deduplicated
    text: str | None = None  # read only when pair_bands >= MIN_PAIR_BANDS: for the sentence alignment


@dataclass(frozen=True)
class Match:
    original_id: int
    similarity: float


def choose_original(sig: Signature, candidates: list[Candidate], *, self_id: int | None = None) -> Match | None:
    """The original this signature duplicates: a verified candidate stands for its own original (a copy
    of a copy is a copy of the first), and the earliest original wins. A candidate is verified by its
    shingle signature, or, sharing MIN_PAIR_BANDS stem-pair bands, by sentence alignment with its text
    (the score recorded is then the alignment)."""
    scores: dict[int, float] = {}
    keys: dict[int, tuple] = {}
    for cand in candidates:
        if cand.id == self_id or cand.original_id == self_id:
            continue  # this report is itself that copy's original
        score = similarity(sig, cand.signature) if cand.signature is not None else 0.0
        if score < JACCARD_THRESHOLD and cand.pair_bands >= MIN_PAIR_BANDS and cand.text:
            aligned = alignment(sig.sentences, aligned_sentences(sentence_stems(cand.text)))
            score = aligned if aligned >= ALIGNMENT_THRESHOLD else score
        if score >= JACCARD_THRESHOLD:
            scores[cand.original_id] = max(scores.get(cand.original_id, 0.0), score)
            keys[cand.original_id] = cand.original_sort_key
    if not scores:
        return None
    original = min(scores, key=lambda root: (keys[root], root))
    return Match(original_id=original, similarity=round(scores[original], 4))
