"""Served as in production (scripts/run: DEBUG off, collectstatic, whitenoise): the admin's CSS and the
API docs' scripts answer, under their hashed names with long cache headers, and no docs page asks
another host for anything."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES, DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield root


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


@pytest.mark.django_db
def test_it_serves_the_admin_css_collected_into_static_root(collected):
    client = Client()  # a new client loads the middleware, so whitenoise scans this STATIC_ROOT

    response = client.get("/static/admin/css/base.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/*")
    assert response["Content-Type"].startswith("text/css")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page, asset",
    [
        ("/api/v1/docs/", "swagger-ui-dist/swagger-ui-bundle."),
        ("/api/v1/docs/", "swagger-ui-dist/swagger-ui."),
        ("/api/v1/redoc/", "redoc/bundles/redoc.standalone."),
        ("/admin/login/", "admin/css/base."),
    ],
)
def test_it_serves_every_asset_a_page_names_under_its_hashed_name(collected, page, asset):
    client = Client()
    html = client.get(page).content.decode()
    urls = [url for url in asset_urls(html) if asset in url and url.endswith((".js", ".css"))]
    assert urls, f"{page} names no {asset} asset"

    for url in urls:
        # The manifest's name carries a content hash, so it may be cached for good.
        assert re.search(r"\.[0-9a-f]{12}\.(js|css)$", url), url
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip"
        assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_it_asks_no_other_host_for_anything(collected, page):
    html = Client().get(page).content.decode()

    hosts = set(re.findall(r"(?:https?:)?//([A-Za-z0-9.-]+\.[A-Za-z]{2,})", html))

    assert hosts == set()


@pytest.mark.django_db
def test_it_turns_off_swagger_uis_online_validator(collected):
    html = Client().get("/api/v1/docs/").content.decode()

    assert '"validatorUrl": null' in html
