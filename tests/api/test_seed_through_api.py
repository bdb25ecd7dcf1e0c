"""The seed report through the whole pipeline into an empty database (general gazetteers loaded, no
person known beforehand), asserted through the API field by field against the analyst's gold
(tests/data/seed/seed-report.expected.json). Then another outlet's copy: a duplicate whose statements
gain a second outlet but not a second independent source."""

import json
from pathlib import Path

import pytest

from events.models import Meeting, Report, Statement
from events.text import fold_statement_text
from negotiations.models import Person
from negotiations.services.gazetteer import gazetteer_load

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = json.loads((DATA / "seed" / "seed-report.json").read_text())
GOLD = json.loads((DATA / "seed" / "seed-report.expected.json").read_text())
COPY = json.loads((DATA / "dedup" / "seed-copy-agency.json").read_text())


def post_report(client, data, capture):
    body = {k: data[k] for k in ("url", "outlet", "title", "published_at", "text") if k in data}
    # The task is enqueued on commit and runs in-process (eager) here; the worker path is tested in
    # tests/integration with a real broker and worker.
    with capture(execute=True):
        response = client.post("/api/v1/reports/", body, format="json")
    return response


def all_results(client, url):
    results = []
    while url:
        page = client.get(url).json()
        results.extend(page["results"])
        url = page["next"]
    return results


@pytest.fixture
def seeded(editor, django_capture_on_commit_callbacks):
    gazetteer_load()
    assert Person.objects.count() == 0
    response = post_report(editor, SEED, django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.content
    report_id = response.json()["id"]
    assert Report.objects.get(id=report_id).status == Report.Status.PROCESSED
    return report_id


def test_it_reports_the_seed_processed_with_what_it_extracted(anon, seeded):
    report = anon.get(f"/api/v1/reports/{seeded}/").json()
    assert report["status"] == "processed"
    assert report["failure_reason"] == ""
    assert report["duplicate_of"] is None


def test_it_extracts_the_nine_direct_statements_with_speakers_and_dates(anon, seeded):
    statements = all_results(anon, f"/api/v1/statements/?report={seeded}&page_size=100")
    direct = [s for s in statements if s["kind"] == "direct"]
    got = sorted(
        (fold_statement_text(s["text"]), s["speaker"]["name"], s["said_on"], s["said_on_precision"]) for s in direct
    )
    want = sorted(
        (fold_statement_text(g["text"]), g["speaker"], g["said_on"], g["said_on_precision"]) for g in GOLD["statements"]
    )
    assert got == want
    assert all(s["speaker"]["type"] == "person" for s in direct)
    # "productive" alone is a key phrase, not a statement.
    assert not any(fold_statement_text(s["text"]) == "productive" for s in statements)
    # Reported speech may be there too, marked as such.
    assert all(s["kind"] in ("direct", "reported") for s in statements)
    for s in direct:
        (evidence,) = s["evidence"]
        assert evidence["report"]["id"] == seeded
        assert evidence["outlet"] == "A News"
        assert fold_statement_text(s["text"]) in fold_statement_text(evidence["sentence"])
        assert SEED["text"][evidence["char_start"] : evidence["char_end"]]
        assert s["corroboration"] == {"outlets": 1, "independent_sources": 1}


def test_it_extracts_the_five_people_with_title_and_affiliation(anon, seeded):
    people = all_results(anon, "/api/v1/people/?page_size=100")
    got = sorted((p["name"], p["title"], p["affiliation"]["name"] if p["affiliation"] else None) for p in people)
    want = sorted((p["name"], p["title"], p["affiliation"]) for p in GOLD["people"])
    assert got == want
    assert all(p["review_status"] == "auto" for p in people)


def test_it_finds_the_parties_and_the_mediators(anon, seeded):
    (negotiation,) = all_results(anon, "/api/v1/negotiations/")
    parties = all_results(anon, f"/api/v1/parties/?negotiation={negotiation['id']}")
    mediators = all_results(anon, f"/api/v1/mediators/?negotiation={negotiation['id']}")
    assert sorted(p["actor"]["name"] for p in parties) == sorted(GOLD["negotiation"]["parties"])
    assert sorted(m["actor"]["name"] for m in mediators) == sorted(GOLD["negotiation"]["mediators"])


def test_it_extracts_the_two_meetings_each_once(anon, seeded):
    meetings = all_results(anon, f"/api/v1/meetings/?report={seeded}")
    assert len(meetings) == 2
    by_place = {}
    for m in meetings:
        place = ", ".join(x for x in (m["place_name"], m["place_country"]["name"] if m["place_country"] else "") if x)
        by_place[place] = m
    assert sorted(by_place) == sorted(g["location"] for g in GOLD["meetings"])
    for gold in GOLD["meetings"]:
        m = by_place[gold["location"]]
        # The gold's participants are required; the Aqaba conference may list more (see its note).
        assert set(gold["participants"]) <= {p["name"] for p in m["people"]}
        assert (m["date_from"], m["date_to"]) == (gold["date_from"], gold["date_to"])
        assert [e["report"]["id"] for e in m["evidence"]] == [seeded]


def test_it_takes_another_outlets_copy_for_a_duplicate_that_corroborates_without_new_rows(
    anon, editor, seeded, django_capture_on_commit_callbacks
):
    statements, meetings = Statement.objects.count(), Meeting.objects.count()
    response = post_report(editor, COPY, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    copy_id = response.json()["id"]
    copy = anon.get(f"/api/v1/reports/{copy_id}/").json()
    assert copy["status"] == "processed"
    duplicate_of = copy["duplicate_of"]
    assert (duplicate_of["id"] if isinstance(duplicate_of, dict) else duplicate_of) == seeded
    assert (Statement.objects.count(), Meeting.objects.count()) == (statements, meetings)
    direct = [
        s for s in all_results(anon, f"/api/v1/statements/?report={copy_id}&page_size=100") if s["kind"] == "direct"
    ]
    assert len(direct) == 9
    for s in direct:
        assert sorted(e["outlet"] for e in s["evidence"]) == ["A News", "Yeni Şafak"]
        assert s["corroboration"] == {"outlets": 2, "independent_sources": 1}
    copy_meetings = all_results(anon, f"/api/v1/meetings/?report={copy_id}")
    assert len(copy_meetings) == 2
    for m in copy_meetings:
        assert m["corroboration"] == {"outlets": 2, "independent_sources": 1}


def test_it_answers_200_with_the_known_report_when_the_seed_is_posted_again(
    editor, seeded, django_capture_on_commit_callbacks
):
    before = (Report.objects.count(), Statement.objects.count(), Meeting.objects.count())
    tracked = {**SEED, "url": SEED["url"] + "?utm_source=twitter&fbclid=abc"}
    response = post_report(editor, tracked, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.json()["id"] == seeded
    assert (Report.objects.count(), Statement.objects.count(), Meeting.objects.count()) == before
