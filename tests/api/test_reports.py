"""Reports: list/detail, POST (the real report_submit service, enqueue deferred to on_commit), retry."""

import pytest

from events.models import Report
from tests.api.conftest import error_of, ids

URL = "/api/v1/reports/"
pytestmark = pytest.mark.django_db


def test_it_lists_reports_with_status_duplicate_and_what_was_extracted(anon, world):
    rows = {row["id"]: row for row in anon.get(URL).json()["results"]}
    assert set(rows) == {world["report_a"].pk, world["report_b"].pk, world["report_c"].pk}
    copy = rows[world["report_b"].pk]
    assert copy["duplicate_of"]["id"] == world["report_a"].pk
    assert copy["status"] == "processed"
    assert [s["id"] for s in copy["statements"]] == sorted([world["s_thani"].pk, world["s_blinken"].pk])
    assert copy["meetings"] == []
    assert [m["id"] for m in rows[world["report_a"].pk]["meetings"]] == [world["meeting_doha"].pk]
    assert "text" not in copy  # Lists stay small; the text is on the detail page.


def test_it_shows_a_failed_report_with_its_reason_and_text(anon, world):
    Report.objects.filter(pk=world["report_c"].pk).update(status="failed", failure_reason="fetch timed out")
    body = anon.get(f"{URL}{world['report_c'].pk}/").json()
    # The public sees the category (tests/api/test_hostile_reports.py), not the pipeline's own text.
    assert body["status"] == "failed"
    assert body["failure_reason"] == "fetch_failed: The article page could not be fetched."
    assert body["text"] == "Talks continued on Monday."


def test_it_filters_and_orders(anon, world):
    assert ids(anon.get(URL, {"outlet": "wire"})) == [world["report_a"].pk]
    assert ids(anon.get(URL, {"duplicate_of": world["report_a"].pk})) == [world["report_b"].pk]
    assert ids(anon.get(URL, {"is_duplicate": "true"})) == [world["report_b"].pk]
    assert ids(anon.get(URL, {"published_after": "2024-12-17T00:00:00Z"})) == [world["report_c"].pk]
    assert ids(anon.get(URL, {"ordering": "published_at"})) == [
        world["report_a"].pk,
        world["report_b"].pk,
        world["report_c"].pk,
    ]
    assert ids(anon.get(URL, {"q": "paper.example"})) == [world["report_b"].pk]
    error_of(anon.get(URL, {"published_after": "last tuesday"}), 400, "invalid")


def test_it_accepts_a_new_report_with_202_and_returns_a_known_one_with_200(editor, db):
    payload = {"url": "https://news.example.net/talks?utm_source=x", "outlet": "Net", "text": "Talks resumed."}
    response = editor.post(URL, payload, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    report = Report.objects.get(pk=body["id"])
    assert (body["status"], body["url"]) == ("pending", "https://news.example.net/talks?utm_source=x")
    assert report.text == "Talks resumed."
    again = editor.post(URL, {**payload, "text": "Other text"}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == report.pk
    assert Report.objects.count() == 1


def test_it_accepts_html_instead_of_text(editor, db):
    response = editor.post(URL, {"url": "http://n.example.org/1", "html": "<p>Talks.</p>"}, format="json")
    assert response.status_code == 202, response.content
    assert Report.objects.get().html == "<p>Talks.</p>"


def test_it_validates_the_submission(editor, db):
    body = error_of(editor.post(URL, {"url": "ftp://x.example.org/a", "text": "t"}, format="json"), 400, "invalid")
    assert "url" in body["fields"]
    body = error_of(editor.post(URL, {"url": "https://x.example.org/a", "text": "  "}, format="json"), 400)
    assert "text" in body["fields"]
    body = error_of(editor.post(URL, {"text": "t"}, format="json"), 400)
    assert "url" in body["fields"]
    body = error_of(editor.post(URL, {"url": "https://x.example.org/a", "text": "a\x00b"}, format="json"), 400)
    assert "text" in body["fields"]  # NUL characters: binary content is not a report.
    assert Report.objects.count() == 0


def test_it_needs_the_add_report_permission(anon, reader, db):
    payload = {"url": "https://news.example.net/1", "text": "Talks."}
    error_of(anon.post(URL, payload, format="json"), 401, "not_authenticated")
    error_of(reader.post(URL, payload, format="json"), 403, "permission_denied")
    assert Report.objects.count() == 0


def test_it_retries_a_failed_report(editor, anon, reader, world):
    report = world["report_c"]
    Report.objects.filter(pk=report.pk).update(status="failed", failure_reason="boom")
    error_of(anon.post(f"{URL}{report.pk}/retry/"), 401)
    error_of(reader.post(f"{URL}{report.pk}/retry/"), 403)
    response = editor.post(f"{URL}{report.pk}/retry/")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "pending"
    report.refresh_from_db()
    assert (report.status, report.failure_reason) == ("pending", "")
    # Only failed reports can be retried: a clear conflict otherwise.
    error_of(editor.post(f"{URL}{world['report_a'].pk}/retry/"), 409, "conflict")


def test_it_deletes_a_report_with_permission(editor, reader, world):
    error_of(reader.delete(f"{URL}{world['report_c'].pk}/"), 403)
    assert editor.delete(f"{URL}{world['report_c'].pk}/").status_code == 204
    assert not Report.objects.filter(pk=world["report_c"].pk).exists()
