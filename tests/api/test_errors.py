"""One error shape everywhere: {"error": {"status", "code", "message", "fields"?}}; bad input is 4xx."""

import json

import pytest
from django.test import override_settings

from negotiations.models import Negotiation
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def test_it_answers_json_404_for_unknown_paths_under_api(anon):
    for path in ("/api/v1/nothing-here/", "/api/v9/negotiations/", "/api/v1/negotiations/abc/"):
        body = error_of(anon.get(path), 404, "not_found")
        assert path in body["message"]


def test_it_still_redirects_a_path_missing_its_trailing_slash(anon):
    response = anon.get("/api/v1/negotiations?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/negotiations/?page=2"


def test_it_answers_400_for_malformed_json(editor):
    response = editor.post("/api/v1/negotiations/", data='{"title": ', content_type="application/json")
    body = error_of(response, 400, "parse_error")
    assert "JSON" in body["message"]


def test_it_answers_400_with_field_errors_for_wrong_types(editor):
    payload = {"title": "T", "started_on": "16/12/2024", "status": 3}
    body = error_of(editor.post("/api/v1/negotiations/", payload, format="json"), 400, "invalid")
    assert set(body["fields"]) == {"started_on", "status"}
    assert all(isinstance(messages, list) and messages for messages in body["fields"].values())
    assert Negotiation.objects.count() == 0


def test_it_answers_415_for_an_unsupported_media_type(editor):
    response = editor.post("/api/v1/negotiations/", data="<x/>", content_type="application/xml")
    error_of(response, 415, "unsupported_media_type")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_it_answers_413_for_a_json_body_over_the_limit(editor):
    payload = {"url": "https://news.example.org/big", "text": "x" * 2000}
    error_of(editor.post("/api/v1/reports/", payload, format="json"), 413, "request_too_large")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_it_answers_413_for_a_form_body_over_the_limit(editor):
    response = editor.post(
        "/api/v1/reports/",
        data="url=https%3A%2F%2Fn.example.org%2F1&text=" + "x" * 2000,
        content_type="application/x-www-form-urlencoded",
    )
    error_of(response, 413, "request_too_large")


def test_it_answers_404_json_for_a_page_past_the_end(anon, world):
    error_of(anon.get("/api/v1/negotiations/", {"page": 99}), 404, "not_found")


def test_it_answers_405_json_for_a_method_not_allowed(editor, world):
    error_of(editor.put("/api/v1/tombstones/", {}, format="json"), 405, "method_not_allowed")


def test_it_sends_the_auth_challenge_on_401(anon):
    response = anon.post("/api/v1/negotiations/", {"title": "X"}, format="json")
    error_of(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")


def test_it_answers_401_for_a_bad_token(db):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    error_of(client.get("/api/v1/negotiations/"), 401, "authentication_failed")


def test_it_answers_json_for_a_server_error_under_api_only(rf):
    from api.errors import server_error

    response = server_error(rf.get("/api/v1/statements/"))
    assert response.status_code == 500
    assert json.loads(response.content) == {
        "error": {"status": 500, "code": "server_error", "message": "A server error occurred."}
    }
    assert b"<h1>" in server_error(rf.get("/admin/")).content  # Django's own page elsewhere.


def test_it_wires_the_json_500_into_the_root_urls(monkeypatch, db):
    from django.test import Client

    from api.v1.views import StatementViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(StatementViewSet, "list", broken)
    response = Client(raise_request_exception=False).get("/api/v1/statements/")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"


@pytest.mark.parametrize(
    "url,payload",
    [
        ("/api/v1/negotiations/", [1, 2]),
        ("/api/v1/reports/", "just a string"),
        ("/api/v1/statements/", {"negotiation": 10**30, "speaker_actor": "x", "text": "t"}),
        ("/api/v1/meetings/", {"negotiation": 1, "people": "not a list"}),
        ("/api/v1/participations/", {"negotiation": None, "actor": [], "role": {"a": 1}}),
        ("/api/v1/actors/", {"name": "x" * 500}),
    ],
)
def test_it_answers_400_for_bodies_of_the_wrong_shape(editor, url, payload):
    body = error_of(editor.post(url, payload, format="json"), 400, "invalid")
    assert body["fields"]


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()["error"]
    assert body["status"] == status and body["message"]
    return body


def test_it_answers_json_for_a_post_to_an_unknown_api_path_without_a_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/v1/nothing-here/", {"a": "1"})
    assert _json_error(response, 404)["code"] == "not_found"


def test_it_answers_json_for_the_csrf_failure_of_a_session_post_under_api(rf):
    from api.errors import csrf_failure

    response = csrf_failure(rf.post("/api/v1/actors/"), reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert json.loads(response.content)["error"]["code"] == "csrf_failed"
    assert b"<h1>" in csrf_failure(rf.post("/admin/login/"), reason="CSRF cookie not set.").content


def test_it_answers_json_404_for_a_path_with_a_newline(anon):
    body = _json_error(anon.get("/api/v1/negoti%0Aations/"), 404)
    assert body["code"] == "not_found"


def test_it_answers_json_400_for_too_many_form_fields(editor):
    data = "&".join(f"f{i}=1" for i in range(1100))
    response = editor.post("/api/v1/actors/", data=data, content_type="application/x-www-form-urlencoded")
    assert _json_error(response, 400)["code"] == "bad_request"


def test_it_answers_json_400_for_a_host_not_allowed(anon):
    body = _json_error(anon.get("/api/v1/actors/", HTTP_HOST="evil.example.net"), 400)
    assert body["code"] == "bad_request"


def test_it_answers_json_404_for_an_unknown_schema_format(anon):
    assert _json_error(anon.get("/api/v1/schema/", {"format": "bogus"}), 404)["code"] == "not_found"


def test_it_keeps_django_pages_outside_the_api(db):
    from django.test import Client

    response = Client().get("/admin/no-such-page%0A/")
    assert response.status_code in (302, 404)
    assert not response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "url,params,field",
    [
        ("/api/v1/actors/", {"page_size": "ten"}, "page_size"),
        ("/api/v1/actors/", {"page_size": "0"}, "page_size"),
        ("/api/v1/actors/", {"page_size": "-3"}, "page_size"),
        ("/api/v1/actors/", {"ordering": "nonsense"}, "ordering"),
        ("/api/v1/statements/", {"ordering": "said_on,-secret"}, "ordering"),
        ("/api/v1/reports/", {"is_duplicate": "maybe"}, "is_duplicate"),
        ("/api/v1/sources/", {"active": "yes please"}, "active"),
    ],
)
def test_it_answers_400_for_page_size_ordering_and_boolean_values_it_cannot_use(anon, url, params, field):
    body = error_of(anon.get(url, params), 400, "invalid")
    assert list(body["fields"]) == [field]


def test_it_still_takes_good_page_size_ordering_and_boolean_values(anon, world):
    assert anon.get("/api/v1/actors/", {"page_size": "2", "ordering": "-name"}).status_code == 200
    for value in ("true", "false", "1", "0"):
        assert anon.get("/api/v1/reports/", {"is_duplicate": value}).status_code == 200
    duplicates = anon.get("/api/v1/reports/", {"is_duplicate": "true"}).json()["results"]
    assert [row["id"] for row in duplicates] == [world["report_b"].pk]
