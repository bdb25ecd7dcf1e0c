"""Reports shown to the public carry no internal exception text and no credentials from their URL."""

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.v1.failures import failure_reason_public
from events.models import Report

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"
INTERNAL = "OperationalError: could not connect to server: Connection refused (10.0.0.7:5432, user negotiations)"


@pytest.mark.parametrize(
    "stored,public",
    [
        (INTERNAL, "internal: Processing failed because of an internal error."),
        (
            "RuntimeError: extractor exploded at /srv/app/events/pipeline/extract.py:120",
            "internal: Processing failed because of an internal error.",
        ),
        ("refused to fetch '10.1.2.3': private address", "fetch_refused: The article's address may not be fetched."),
        (
            "HTTP 404 from https://intranet.example.org/a?token=s3cret",
            "fetch_failed: The article page answered HTTP 404.",
        ),
        (
            "TLS error fetching https://x.example.org/: certificate verify failed (self signed)",
            "fetch_failed: The article page could not be fetched.",
        ),
        ("the report has no text after normalization", "no_text: No article text could be read from the report."),
        ("page too large: more than 5242880 bytes", "too_large: The article is larger than the service accepts."),
        ("meeting writer refused", "failed: The report could not be processed."),
        ("", ""),
    ],
)
def test_it_turns_a_stored_failure_reason_into_a_public_category(stored, public):
    assert failure_reason_public(stored) == public


def test_it_shows_the_public_the_category_and_staff_the_internal_reason(anon, world):
    report = world["report_c"]
    Report.objects.filter(pk=report.pk).update(status="failed", failure_reason=INTERNAL)
    public = anon.get(f"{URL}{report.pk}/").json()["failure_reason"]
    assert public == "internal: Processing failed because of an internal error."
    listed = {row["id"]: row for row in anon.get(URL).json()["results"]}
    assert listed[report.pk]["failure_reason"] == public

    staff = User.objects.create_user("curator", password="pw-curator-123", is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")
    assert client.get(f"{URL}{report.pk}/").json()["failure_reason"] == INTERNAL


def test_it_never_stores_or_shows_credentials_from_a_submitted_url(editor):
    response = editor.post(
        URL,
        {"url": "https://reader:s3cret@news.example.org/talks?id=4", "text": "Talks resumed on Monday."},
        format="json",
    )
    assert response.status_code == 202, response.content
    report = Report.objects.get()
    assert report.url == "https://news.example.org/talks?id=4"
    assert "s3cret" not in report.canonical_url
    assert response.json()["url"] == "https://news.example.org/talks?id=4"
    shown = editor.get(f"{URL}{report.pk}/").json()
    assert "s3cret" not in shown["url"] and "reader" not in shown["url"]
