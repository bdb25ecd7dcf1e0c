"""POST /api/v1/reports/{id}/reprocess/: staff send a processed or failed report through the pipeline again
(today's gazetteer and extractor); every curator decision on its facts stays."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.gazetteer import gazetteer_cache_clear
from events.models import Report, Statement
from events.services.reports import report_process, report_submit
from negotiations.models import ReviewStatus
from negotiations.services.gazetteer import gazetteer_load
from negotiations.services.review import review_status_set
from tests.api.conftest import error_of

SEED = json.loads((Path(__file__).resolve().parents[1] / "data" / "seed" / "seed-report.json").read_text())

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_gazetteer_cache():
    gazetteer_cache_clear()
    yield
    gazetteer_cache_clear()


@pytest.fixture
def staff(db):
    user = User.objects.create_user("curator", password="pw-curator-123", is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def seed_report(db) -> Report:
    gazetteer_load()
    fields = {k: SEED[k] for k in ("url", "outlet", "title", "published_at", "text") if k in SEED}
    report, _ = report_submit(enqueue=False, **fields)
    report = report_process(report_id=report.id)
    assert report.status == Report.Status.PROCESSED
    return report


def reprocess(client, report_id, capture):
    # The task runs in-process once the request's transaction commits (eager here; a worker in production).
    with capture(execute=True):
        return client.post(f"/api/v1/reports/{report_id}/reprocess/")


def test_it_accepts_and_processes_the_report_again(staff, seed_report, django_capture_on_commit_callbacks):
    statements = Statement.objects.count()

    response = reprocess(staff, seed_report.id, django_capture_on_commit_callbacks)

    assert response.status_code == 202, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert (body["id"], body["status"]) == (seed_report.id, "pending")
    report = Report.objects.get(id=seed_report.id)
    assert (report.status, report.attempts) == (Report.Status.PROCESSED, seed_report.attempts + 1)
    assert report.processed_at > seed_report.processed_at
    assert Statement.objects.count() == statements  # the same facts: matched, not duplicated


def test_it_keeps_every_curator_decision(staff, seed_report, django_capture_on_commit_callbacks):
    first, second = Statement.objects.order_by("id")[:2]
    review_status_set(model=Statement, ids=[first.pk], status=ReviewStatus.REJECTED)
    second.review_status, second.setting = ReviewStatus.REVIEWED, "Curated setting"
    second.save()
    before = {row.pk: (row.review_status, row.text, row.said_on, row.setting) for row in Statement.objects.all()}
    reviewed_updated_at = Statement.objects.get(pk=second.pk).updated_at

    assert reprocess(staff, seed_report.id, django_capture_on_commit_callbacks).status_code == 202

    after = {row.pk: (row.review_status, row.text, row.said_on, row.setting) for row in Statement.objects.all()}
    assert after == before  # the rejected one not recreated beside it, the reviewed one untouched
    assert after[first.pk][0] == ReviewStatus.REJECTED
    assert Statement.objects.get(pk=second.pk).updated_at == reviewed_updated_at


def test_it_refuses_users_who_are_not_staff(anon, reader, editor, seed_report, django_capture_on_commit_callbacks):
    for client in (reader, editor):
        error_of(reprocess(client, seed_report.id, django_capture_on_commit_callbacks), 403)
    assert anon.post(f"/api/v1/reports/{seed_report.id}/reprocess/").status_code in (401, 403)
    assert Report.objects.get(id=seed_report.id).attempts == seed_report.attempts


def test_it_answers_404_for_an_unknown_report(staff, django_capture_on_commit_callbacks):
    error_of(reprocess(staff, 987654, django_capture_on_commit_callbacks), 404)


def test_it_answers_409_for_a_report_already_on_its_way(staff, django_capture_on_commit_callbacks):
    report, _ = report_submit(url="https://example.org/waiting", text="Talks resume on Monday.", enqueue=False)

    body = error_of(reprocess(staff, report.id, django_capture_on_commit_callbacks), 409)

    assert "pending" in body["message"]
