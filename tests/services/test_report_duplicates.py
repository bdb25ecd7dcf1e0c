"""Report-level deduplication through report_process: what must hold when copies and edited copies arrive."""

import datetime as dt

import pytest
from django.db.models import Count

from events.dedup_selectors import report_duplicate_candidates
from events.models import Evidence, Meeting, Report, Statement
from events.pipeline.report_dedup import band_hashes, signature
from events.pipeline.types import ExtractedPerson, Gazetteer
from events.services.reports import report_process, report_submit
from tests.services.conftest import load_report
from tests.services.fakes import FakeExtractor, MeetingSpec

pytestmark = pytest.mark.django_db

D = dt.date


def seed_extractor():
    """Quotes by Miller plus the seed's two meetings, found by cue words present in every copy."""
    return FakeExtractor(
        actors=["Israel", "Hamas", "United States", "Egypt", "Qatar", "Türkiye", "Jordan"],
        meetings=[
            MeetingSpec(
                cue="told Erdo",
                kind="visit",
                people=["Antony Blinken", "Recep Tayyip Erdoğan", "Hakan Fidan"],
                place_country="Türkiye",
                date_from=D(2024, 12, 9),
                date_to=D(2024, 12, 15),
                date_precision="week",
            ),
            MeetingSpec(
                cue="in Aqaba",
                kind="conference",
                people=["Antony Blinken", "Hakan Fidan"],
                place_name="Aqaba",
                place_country="Jordan",
                date_from=D(2024, 12, 9),
                date_to=D(2024, 12, 15),
                date_precision="week",
            ),
        ],
        people=[],
    )


def ingest(data, extractor):
    report, created = report_submit(enqueue=False, **data)
    if created:
        report = report_process(report_id=report.id, extractor=extractor, gazetteer=Gazetteer())
    return report, created


@pytest.fixture
def extractor():
    ex = seed_extractor()
    ex.people = [
        ExtractedPerson(name="Antony Blinken", title="Secretary of State", affiliation="United States"),
        ExtractedPerson(name="Recep Tayyip Erdoğan", title="President", affiliation="Türkiye"),
        ExtractedPerson(name="Hakan Fidan", title="Foreign Minister", affiliation="Türkiye"),
    ]
    return ex


def counts():
    return (Report.objects.count(), Statement.objects.count(), Meeting.objects.count(), Evidence.objects.count())


def test_it_creates_nothing_new_when_the_seed_is_ingested_twice(seed, extractor):
    first, created = ingest(seed, extractor)
    assert created and first.status == Report.Status.PROCESSED
    before = counts()
    assert before == (1, 9, 2, 11)
    again, created_again = ingest(seed, extractor)
    tracked, created_tracked = ingest(
        {**seed, "url": seed["url"] + "?utm_source=newsletter&utm_medium=email#comments"}, extractor
    )
    assert (created_again, created_tracked) == (False, False)
    assert again.id == tracked.id == first.id
    assert counts() == before


@pytest.mark.parametrize("copy", ["dedup/seed-copy-agency.json", "dedup/seed-copy-light.json"])
def test_it_marks_another_outlets_copy_a_duplicate_whose_facts_gain_evidence(seed, extractor, copy):
    original, _ = ingest(seed, extractor)
    statements, meetings = Statement.objects.count(), Meeting.objects.count()
    duplicate, created = ingest(load_report(copy), extractor)
    assert created
    assert duplicate.status == Report.Status.PROCESSED
    assert duplicate.duplicate_of_id == original.id
    assert 0.6 <= duplicate.duplicate_similarity <= 1.0
    assert (Statement.objects.count(), Meeting.objects.count()) == (statements, meetings)
    per_statement = Statement.objects.annotate(
        n=Count("evidence"), outlets=Count("evidence__report__outlet", distinct=True)
    )
    assert sorted(s.n for s in per_statement) == [2] * 9
    assert all(s.outlets == 2 for s in per_statement)
    # One independent source: both pieces of evidence lead back to the original report.
    for s in per_statement:
        roots = {e.report.duplicate_of_id or e.report_id for e in s.evidence.select_related("report")}
        assert roots == {original.id}
    assert sorted(Meeting.objects.annotate(n=Count("evidence")).values_list("n", flat=True)) == [2, 2]


def test_it_adds_the_quote_only_an_updated_copy_has_marked_for_review(seed, extractor):
    original, _ = ingest(seed, extractor)
    updated, _ = ingest(load_report("dedup/seed-copy-updated.json"), extractor)
    assert updated.duplicate_of_id == original.id
    new = Statement.objects.exclude(evidence__report=original).get()
    assert new.text.startswith("We want to see it done as soon as possible")
    assert new.review_status == "auto"
    assert list(new.evidence.values_list("report_id", flat=True)) == [updated.id]
    assert Statement.objects.count() == 10


def test_it_marks_the_same_text_under_another_url_a_duplicate_with_similarity_one(seed, extractor):
    original, _ = ingest(seed, extractor)
    copy, _ = ingest({**seed, "url": "https://mirror.example.net/gaza-talks", "outlet": "Mirror"}, extractor)
    assert (copy.duplicate_of_id, copy.duplicate_similarity) == (original.id, 1.0)
    assert copy.fingerprint == original.fingerprint


def test_it_links_a_copy_of_a_copy_to_the_first_original(seed, extractor):
    original, _ = ingest(seed, extractor)
    ingest(load_report("dedup/seed-copy-light.json"), extractor)
    third, _ = ingest(load_report("dedup/seed-copy-agency.json"), extractor)
    assert third.duplicate_of_id == original.id


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("seed/seed-report.json", "dedup/gaza-same-week-other-story.json"),
        ("dedup/peskov-briefing-2025-03-12.json", "dedup/peskov-briefing-2025-03-13.json"),
    ],
)
def test_it_does_not_merge_different_stories(first, second, extractor):
    a, _ = ingest(load_report(first), extractor)
    b, _ = ingest(load_report(second), extractor)
    assert a.duplicate_of_id is None
    assert b.duplicate_of_id is None
    assert b.duplicate_similarity is None
    # Their statements are not merged either: every quote of the second report has its own evidence.
    b_statements = Statement.objects.filter(evidence__report=b)
    assert b_statements.exists()
    assert not b_statements.filter(evidence__report=a).exists()


def test_it_looks_up_candidates_in_one_query(seed, extractor, django_assert_num_queries):
    original, _ = ingest(seed, extractor)
    bands = band_hashes(signature(load_report("dedup/seed-copy-agency.json")["text"]))
    with django_assert_num_queries(1):
        found = report_duplicate_candidates(bands=bands)
    assert [c.id for c in found] == [original.id]


@pytest.mark.parametrize("name", ["rewrite-geneva-daily-courier.json", "rewrite-geneva-retranslation.json"])
def test_it_marks_a_rewritten_copy_of_a_wire_story_a_duplicate_of_it(name, extractor):
    wire, _ = ingest(load_report("dedup/rewrite-geneva-wire.json"), extractor)
    rewrite, created = ingest(load_report(f"dedup/{name}"), extractor)
    assert created and rewrite.status == "processed"
    assert rewrite.duplicate_of_id == wire.id
    assert rewrite.duplicate_similarity == 1.0  # every sentence of the shorter has its counterpart


def test_it_does_not_mark_another_story_on_the_same_round_with_the_same_dateline_and_people(extractor):
    wire, _ = ingest(load_report("dedup/rewrite-geneva-wire.json"), extractor)
    rewrite, _ = ingest(load_report("dedup/rewrite-geneva-daily-courier.json"), extractor)
    near_miss, _ = ingest(load_report("dedup/rewrite-geneva-near-miss.json"), extractor)
    assert (near_miss.duplicate_of_id, near_miss.duplicate_similarity) == (None, None)
    assert (wire.duplicate_of_id, rewrite.duplicate_of_id) == (None, wire.id)


def test_it_reads_the_text_of_a_candidate_only_when_it_shares_stem_pair_bands(extractor):
    wire, _ = ingest(load_report("dedup/rewrite-geneva-wire.json"), extractor)
    near_miss, _ = ingest(load_report("dedup/rewrite-geneva-near-miss.json"), extractor)
    rewrite = load_report("dedup/rewrite-geneva-retranslation.json")["text"]

    found = report_duplicate_candidates(bands=band_hashes(signature(rewrite)))

    assert [(c.id, c.text is not None) for c in found] == [(wire.id, True)]
    assert found[0].pair_bands >= 2


def test_it_stores_the_same_text_at_another_outlets_url_and_links_it_once_processed(seed, extractor):
    original, _ = ingest(seed, extractor)
    copy, created = report_submit(enqueue=False, **{**seed, "url": "https://mirror.example.net/a", "outlet": "Mirror"})
    assert (created, copy.status, copy.duplicate_of_id) == (True, "pending", None)
    same, created_again = report_submit(enqueue=False, **{**seed, "url": seed["url"] + "?utm_source=feed"})
    assert (created_again, same.id) == (False, original.id)  # one canonical URL: one report

    copy = report_process(report_id=copy.id, extractor=extractor, gazetteer=Gazetteer())

    assert (copy.outlet, copy.duplicate_of_id, copy.duplicate_similarity) == ("Mirror", original.id, 1.0)
    assert Report.objects.count() == 2
