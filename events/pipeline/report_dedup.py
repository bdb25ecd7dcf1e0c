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
"""

from __future__ import annotations

import hashlib
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

# Version byte + shingle count, then the signature as 32-bit values (datasketch keeps them below 2**32).
_HEADER = struct.Struct("<BI")
_VERSION = 1

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations  # computed once, reused


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray  # uint64 array of NUM_PERM values
    shingles: int  # number of distinct shingles: for containment estimates

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


def signature(text: str) -> Signature:
    items = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS)
    minhash.update_batch([item.encode("utf-8") for item in items])
    return Signature(hashvalues=minhash.hashvalues.copy(), shingles=len(items))


def band_hashes(sig: Signature) -> list[tuple[int, int]]:
    """(band number, signed 64-bit hash of the band's rows): what ReportBand stores."""
    values = sig.hashvalues.astype("<u4")
    result = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"report-lsh").digest()
        result.append((band, int.from_bytes(digest, "little", signed=True)))
    return result


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


@dataclass(frozen=True)
class Match:
    original_id: int
    similarity: float


def choose_original(sig: Signature, candidates: list[Candidate], *, self_id: int | None = None) -> Match | None:
    """The original this signature duplicates: a verified candidate stands for its own original (a copy
    of a copy is a copy of the first), and the earliest original wins."""
    scores: dict[int, float] = {}
    keys: dict[int, tuple] = {}
    for cand in candidates:
        if cand.signature is None or cand.id == self_id or cand.original_id == self_id:
            continue  # no signature to verify, or this report is itself that copy's original
        score = similarity(sig, cand.signature)
        if score >= JACCARD_THRESHOLD:
            scores[cand.original_id] = max(scores.get(cand.original_id, 0.0), score)
            keys[cand.original_id] = cand.original_sort_key
    if not scores:
        return None
    original = min(scores, key=lambda root: (keys[root], root))
    return Match(original_id=original, similarity=round(scores[original], 4))
