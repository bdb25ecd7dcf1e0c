"""The browsable API (session auth, HTML) renders every endpoint, forms included, without errors."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

PAGES = [
    "/api/v1/", "/api/v1/negotiations/", "/api/v1/actors/", "/api/v1/parties/", "/api/v1/mediators/",
    "/api/v1/participations/", "/api/v1/people/", "/api/v1/meetings/", "/api/v1/statements/", "/api/v1/reports/",
    "/api/v1/tombstones/",
]


def test_it_renders_html_for_a_logged_in_curator(client, world):
    User.objects.create_superuser("curator", password="pw-curator-123")
    client.login(username="curator", password="pw-curator-123")
    for page in PAGES + [f"/api/v1/statements/{world['s_thani'].pk}/", f"/api/v1/meetings/{world['meeting_doha'].pk}/",
                         f"/api/v1/reports/{world['report_a'].pk}/", f"/api/v1/negotiations/{world['talks'].pk}/timeline/"]:
        response = client.get(page, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, page
        assert b"<html" in response.content.lower()


def test_it_lists_every_resource_at_the_version_root(anon, db):
    body = anon.get("/api/v1/").json()
    for name in ("negotiations", "actors", "parties", "mediators", "participations", "people", "meetings",
                 "statements", "reports", "tombstones"):
        assert body[name].endswith(f"/api/v1/{name}/")
