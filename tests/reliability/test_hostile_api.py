"""Hostile and bad input through POST /api/v1/reports/ and the task that processes it (eager here; the
integration tests run the real worker): each gets a clear answer, nothing answers 500, no task raises."""

import json

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token

from events.models import Report


@pytest.fixture
def client(api_client, db):
    user = User.objects.create_user(username="submitter")
    user.user_permissions.add(Permission.objects.get(codename="add_report", content_type__app_label="events"))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


def _submit(client, django_capture_on_commit_callbacks, payload):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs (eagerly) once committed
        return client.post("/api/v1/reports/", payload, format="json")


def _error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_it_refuses_empty_text_with_400(client, text):
    response = client.post("/api/v1/reports/", {"url": "https://news.example/a", "text": text}, format="json")

    assert response.status_code == 400
    assert _error(response)["status"] == 400
    assert Report.objects.count() == 0


def test_it_refuses_an_oversized_body_with_413_json(client, settings):
    body = json.dumps(
        {"url": "https://news.example/big", "text": "word " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 5 + 10)}
    )

    response = client.post("/api/v1/reports/", body, content_type="application/json")

    assert response.status_code == 413
    assert _error(response)["status"] == 413
    assert Report.objects.count() == 0


def test_it_refuses_binary_text_with_400(client):
    response = client.post(
        "/api/v1/reports/", {"url": "https://news.example/bin", "text": "GIF89a\x00\x01\x02\x00"}, format="json"
    )

    assert response.status_code == 400
    assert _error(response)["fields"] == {"text": ["Null characters are not allowed."]}
    assert Report.objects.count() == 0


def test_it_fails_control_character_garbage_with_a_reason(client, django_capture_on_commit_callbacks):
    garbage = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r") * 40

    response = _submit(
        client, django_capture_on_commit_callbacks, {"url": "https://news.example/garbage", "text": garbage}
    )

    assert response.status_code == 202
    detail = client.get(f"/api/v1/reports/{response.json()['id']}/").json()
    assert detail["status"] == "failed"
    assert detail["failure_reason"] != ""


def test_it_refuses_a_body_that_is_not_utf8_json_with_400(client):
    response = client.post(
        "/api/v1/reports/",
        b'{"url": "https://news.example/x", "text": "\xff\xfe\xfa"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert _error(response)["status"] == 400


def test_it_refuses_malformed_json_with_400(client):
    response = client.post(
        "/api/v1/reports/", b'{"url": "https://news.example/x", "text": ', content_type="application/json"
    )

    assert response.status_code == 400


def test_it_fails_html_without_any_text_with_a_reason(client, django_capture_on_commit_callbacks):
    html = "<html><head><script>var x = 1;</script><style>p{}</style></head><body><img src=x></body></html>"

    response = _submit(client, django_capture_on_commit_callbacks, {"url": "https://news.example/empty", "html": html})

    assert response.status_code == 202
    detail = client.get(f"/api/v1/reports/{response.json()['id']}/").json()
    assert detail["status"] == "failed"
    assert detail["failure_reason"] != ""


@pytest.mark.parametrize(
    "html",
    [
        "<div><p>Negotiators met in Doha on Monday <b>and <i>agreed <table><tr><td>to continue talks, officials said."
        " The talks were described as constructive by both delegations.",
        "<html><body>"
        + "<div>" * 5000
        + "Envoys met in Geneva on Tuesday to discuss a ceasefire, officials said."
        + "</span>" * 10,
        "<p>Talks \udcff resumed</p>".encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        + "<p>"
        + "x" * 50
        + "</p>",
        "<?xml version='1.0'?><!DOCTYPE html [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
        "<html><body><p>&b;&b;&b; Negotiators met in Doha on Monday, officials said.</p></body></html>",
    ],
    ids=["unclosed-tags", "deep-nesting", "replacement-chars", "entity-declarations"],
)
def test_it_processes_or_fails_malformed_html_without_crashing(client, django_capture_on_commit_callbacks, html):
    response = _submit(
        client, django_capture_on_commit_callbacks, {"url": "https://news.example/malformed", "html": html}
    )

    assert response.status_code == 202
    report = Report.objects.get(id=response.json()["id"])
    assert report.status in {"processed", "failed"}
    if report.status == "failed":
        assert report.failure_reason
    else:
        assert "aaaaaaaaaa" * 3 not in report.text  # entities are never expanded
