import json
import random
from pathlib import Path

import pytest

from events.pipeline.report_dedup import (
    ALIGNMENT_THRESHOLD,
    BANDS,
    MIN_PAIR_BANDS,
    PAIR_BAND_FIRST,
    PAIR_BANDS,
    Candidate,
    Match,
    Signature,
    alignment,
    band_hashes,
    choose_original,
    is_duplicate,
    jaccard,
    sentence_stems,
    shingles,
    signature,
    similarity,
    stem_pairs,
)

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = json.loads((DATA / "seed" / "seed-report.json").read_text())["text"]


def load(name):
    return json.loads((DATA / "dedup" / name).read_text())["text"]


def test_it_shingles_folded_words():
    assert shingles("The U.S. said, on MONDAY, talks were productive") == {
        "the u s said on",
        "u s said on monday",
        "s said on monday talks",
        "said on monday talks were",
        "on monday talks were productive",
    }
    assert shingles("Talks ended.") == {"talks ended"}
    assert shingles("") == set()


def test_it_gives_identical_texts_identical_signatures_and_bands():
    a, b = signature(SEED), signature(SEED.upper())
    assert jaccard(a, b) == 1.0
    assert band_hashes(a) == band_hashes(b)
    assert len(band_hashes(a)) == BANDS + PAIR_BANDS
    assert [band for band, _ in band_hashes(a)] == list(range(BANDS + PAIR_BANDS))
    # Read back from bytes (no text), a signature has only the shingle bands.
    assert band_hashes(Signature.from_bytes(a.to_bytes())) == band_hashes(a)[:BANDS]
    assert all(-(2**63) <= value < 2**63 for _, value in band_hashes(a))


def test_it_round_trips_a_signature_through_bytes():
    sig = signature(SEED)
    again = Signature.from_bytes(sig.to_bytes())
    assert again.shingles == sig.shingles == len(shingles(SEED))
    assert jaccard(sig, again) == 1.0
    assert len(sig.to_bytes()) == 5 + 4 * 128


def test_it_estimates_jaccard_close_to_the_true_value():
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(5000)]
    base = [rng.choice(vocabulary) for _ in range(600)]
    edited = base[:400] + [rng.choice(vocabulary) for _ in range(200)]
    true = len(shingles(" ".join(base)) & shingles(" ".join(edited))) / len(
        shingles(" ".join(base)) | shingles(" ".join(edited))
    )
    assert abs(jaccard(signature(" ".join(base)), signature(" ".join(edited))) - true) < 0.12


@pytest.mark.parametrize("name", ["seed-copy-agency.json", "seed-copy-light.json", "seed-copy-updated.json"])
def test_it_finds_edited_copies_of_the_seed_duplicates(name):
    a, b = signature(SEED), signature(load(name))
    assert is_duplicate(a, b)
    assert similarity(a, b) >= 0.6
    shared = set(band_hashes(a)) & set(band_hashes(b))
    assert shared, "an edited copy must share at least one band to be found at all"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (None, "gaza-same-week-other-story.json"),
        ("peskov-briefing-2025-03-12.json", "peskov-briefing-2025-03-13.json"),
    ],
)
def test_it_does_not_take_look_alikes_for_duplicates(first, second):
    a = signature(SEED if first is None else load(first))
    b = signature(load(second))
    assert not is_duplicate(a, b)
    assert similarity(a, b) < 0.45


def test_it_takes_a_shortened_copy_for_a_duplicate_by_containment():
    paragraphs = SEED.split("\n")
    short = "\n".join(paragraphs[:4])  # the first four paragraphs only: about a third of the words
    a, b = signature(SEED), signature(short)
    assert jaccard(a, b) < 0.5
    assert is_duplicate(a, b)


def _cand(id, text, original_id=None, when=0):
    return Candidate(id=id, signature=signature(text), original_id=original_id or id, original_sort_key=(when,))


def test_it_picks_the_earliest_original():
    copy = load("seed-copy-light.json")
    chosen = choose_original(signature(SEED), [_cand(5, copy, when=2), _cand(3, SEED, when=1)])
    assert chosen.original_id == 3
    assert chosen.similarity == 1.0


def test_it_maps_a_copy_of_a_copy_to_the_first_original():
    copy = load("seed-copy-light.json")
    # Report 8 (a copy) is known as a duplicate of report 2, which was not returned as a candidate.
    chosen = choose_original(signature(SEED), [_cand(8, copy, original_id=2, when=0)])
    assert chosen.original_id == 2
    assert 0.85 <= chosen.similarity <= 1.0


def test_it_never_makes_a_report_the_duplicate_of_itself_or_of_its_own_copy():
    copy = load("seed-copy-light.json")
    assert choose_original(signature(SEED), [_cand(4, SEED)], self_id=4) is None
    assert choose_original(signature(SEED), [_cand(9, copy, original_id=4)], self_id=4) is None


def test_it_ignores_candidates_below_the_threshold_or_without_signature():
    other = load("peskov-briefing-2025-03-12.json")
    unsigned = Candidate(id=1, signature=None, original_id=1, original_sort_key=(0,))
    assert choose_original(signature(SEED), [_cand(2, other), unsigned]) is None


def pair_bands_shared(a, b):
    return len({x for x in set(band_hashes(a)) & set(band_hashes(b)) if x[0] >= PAIR_BAND_FIRST})


def test_it_pairs_content_word_stems_of_one_sentence_in_either_order():
    assert sentence_stems("Mediators said the talks resumed. Hostages were released!") == [
        ("media", "talks", "resum"),
        ("hosta", "relea"),
    ]
    assert stem_pairs(sentence_stems("Mediators resumed talks.")) == stem_pairs(
        sentence_stems("The talks were resumed by mediators.")
    )
    assert stem_pairs([("a", "b", "c", "d", "e")]) == {"a b", "a c", "a d", "b c", "b d", "b e", "c d", "c e", "d e"}


@pytest.mark.parametrize("name", ["rewrite-geneva-daily-courier.json", "rewrite-geneva-retranslation.json"])
def test_it_finds_a_rewritten_copy_the_shingles_miss_by_stem_pairs_and_sentences(name):
    wire, rewrite = signature(load("rewrite-geneva-wire.json")), signature(load(name))
    assert not is_duplicate(wire, rewrite)  # synonyms and reordering leave few 5-word runs
    assert pair_bands_shared(wire, rewrite) >= MIN_PAIR_BANDS
    assert alignment(wire.sentences, rewrite.sentences) == 1.0
    original = Candidate(
        id=1,
        signature=Signature.from_bytes(wire.to_bytes()),
        original_id=1,
        original_sort_key=(1,),
        pair_bands=pair_bands_shared(wire, rewrite),
        text=load("rewrite-geneva-wire.json"),
    )
    assert choose_original(rewrite, [original]) == Match(original_id=1, similarity=1.0)


def test_it_aligns_no_report_shorter_than_three_sentences():
    wire = signature(load("rewrite-geneva-wire.json"))
    assert alignment(wire.sentences[:2], wire.sentences) == 0.0
    assert alignment(wire.sentences[:3], wire.sentences) == 1.0


def test_it_does_not_take_another_story_on_the_same_round_for_a_copy():
    wire, near_miss = signature(load("rewrite-geneva-wire.json")), signature(load("rewrite-geneva-near-miss.json"))
    assert alignment(wire.sentences, near_miss.sentences) < 0.2
    candidate = Candidate(
        id=1,
        signature=None,
        original_id=1,
        original_sort_key=(1,),
        pair_bands=80,
        text=load("rewrite-geneva-wire.json"),
    )
    assert choose_original(near_miss, [candidate]) is None  # even when its bands matched


@pytest.mark.parametrize(
    ("original", "other", "copy"),
    [
        ("gaza-briefing-wire", "gaza-briefing-wire-copy", True),
        ("iran-muscat-wire", "iran-muscat-near-miss", False),
        ("gaza-briefing-wire", "gaza-briefing-regional-daily", False),  # the same quotes, told anew
    ],
)
def test_it_tells_the_identity_corpus_copy_from_its_near_misses(original, other, copy):
    a = signature(json.loads((DATA / "identity" / f"{original}.json").read_text())["text"])
    b = signature(json.loads((DATA / "identity" / f"{other}.json").read_text())["text"])
    found = is_duplicate(a, b) or (
        pair_bands_shared(a, b) >= MIN_PAIR_BANDS and alignment(a.sentences, b.sentences) >= ALIGNMENT_THRESHOLD
    )
    assert found is copy
