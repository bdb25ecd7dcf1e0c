"""The browsable API (session auth, HTML) renders every endpoint, forms included, without errors."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

PAGES = [
    "/api/v1/",
    "/api/v1/negotiations/",
    "/api/v1/actors/",
    "/api/v1/parties/",
    "/api/v1/mediators/",
    "/api/v1/participations/",
    "/api/v1/people/",
    "/api/v1/meetings/",
    "/api/v1/statements/",
    "/api/v1/reports/",
    "/api/v1/tombstones/",
]


def test_it_renders_html_for_a_logged_in_curator(client, world):
    User.objects.create_superuser("curator", password="pw-curator-123")
    client.login(username="curator", password="pw-curator-123")
    for page in PAGES + [
        f"/api/v1/statements/{world['s_thani'].pk}/",
        f"/api/v1/meetings/{world['meeting_doha'].pk}/",
        f"/api/v1/reports/{world['report_a'].pk}/",
        f"/api/v1/negotiations/{world['talks'].pk}/timeline/",
    ]:
        response = client.get(page, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, page
        assert b"<html" in response.content.lower()


def test_it_lists_every_resource_at_the_version_root(anon, db):
    body = anon.get("/api/v1/").json()
    for name in (
        "negotiations",
        "actors",
        "parties",
        "mediators",
        "participations",
        "people",
        "meetings",
        "statements",
        "reports",
        "tombstones",
    ):
        assert body[name].endswith(f"/api/v1/{name}/")


def test_it_answers_options_with_the_write_fields(editor, world):
    for page in (
        "/api/v1/statements/",
        "/api/v1/meetings/",
        "/api/v1/reports/",
        f"/api/v1/actors/{world['qatar'].pk}/",
    ):
        response = editor.options(page)
        assert response.status_code == 200, page
    actions = editor.options("/api/v1/statements/").json()["actions"]["POST"]
    assert {"negotiation", "speaker_person", "speaker_actor", "text"} <= set(actions)


def test_it_renders_write_forms_with_the_input_fields(client, world):
    User.objects.create_superuser("curator", password="pw-curator-123")
    client.login(username="curator", password="pw-curator-123")
    html = client.get("/api/v1/statements/", HTTP_ACCEPT="text/html").content.decode()
    assert 'name="speaker_person"' in html
    html = client.get(f"/api/v1/meetings/{world['meeting_doha'].pk}/", HTTP_ACCEPT="text/html").content.decode()
    assert 'name="people"' in html and 'name="place_country"' in html
