"""Writes through the API (token auth, which simple_history's middleware cannot see) name the API user."""

import pytest

from negotiations.models import Actor

pytestmark = pytest.mark.django_db


def test_it_records_the_token_user_on_create_update_and_delete(editor, db):
    actor_id = editor.post("/api/v1/actors/", {"name": "Oman", "kind": "state"}, format="json").json()["id"]
    assert editor.patch(f"/api/v1/actors/{actor_id}/", {"description": "Mediator"}, format="json").status_code == 200
    assert editor.delete(f"/api/v1/actors/{actor_id}/").status_code == 204
    history = Actor.history.filter(id=actor_id).order_by("history_id")
    assert [(h.history_type, h.history_user_id) for h in history] == [
        ("+", editor.user.pk),
        ("~", editor.user.pk),
        ("-", editor.user.pk),
    ]
    assert history[1].description == "Mediator"
