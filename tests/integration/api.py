"""Submitting and reading reports through the real API (DRF test client, token auth)."""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def submitter() -> APIClient:
    user = User.objects.create_user(username="ingest-bot")
    user.user_permissions.add(Permission.objects.get(codename="add_report", content_type__app_label="events"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def submit_all(client: APIClient, payloads: list[dict]) -> list[int]:
    ids = []
    for payload in payloads:
        response = client.post("/api/v1/reports/", payload, format="json")
        assert response.status_code == 202, response.content
        ids.append(response.json()["id"])
    return ids


def statuses(client: APIClient, ids: list[int]) -> dict[int, str]:
    return {i: client.get(f"/api/v1/reports/{i}/").json()["status"] for i in ids}
