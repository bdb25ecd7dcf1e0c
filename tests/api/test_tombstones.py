import datetime as dt

import pytest
from django.utils import timezone

from negotiations.models import Person, Tombstone
from tests.api.conftest import error_of

URL = "/api/v1/tombstones/"
pytestmark = pytest.mark.django_db


def test_it_records_deletions_through_the_api_and_cascades(editor, anon, world):
    negotiation, statement_ids = world["other"], [world["s_other"].pk]
    participation_id = world["p_egypt"].pk
    assert editor.delete(f"/api/v1/negotiations/{negotiation.pk}/").status_code == 204
    rows = anon.get(URL).json()["results"]
    seen = {(row["model"], row["object_id"]) for row in rows}
    # The negotiation and what was deleted with it: clients drop all of them.
    assert ("negotiation", negotiation.pk) in seen
    assert ("participation", participation_id) in seen
    assert ("statement", statement_ids[0]) in seen
    assert all(row["merged_into_id"] is None for row in rows)


def test_it_lists_merges_and_filters_by_updated_since_and_model(anon, world):
    twin = Person.objects.create(name="A. Blinken", merged_into=world["blinken"])
    merged = Tombstone.objects.create(model="person", object_id=twin.pk, merged_into_id=world["blinken"].pk)
    Tombstone.objects.filter(pk=merged.pk).update(deleted_at=timezone.now() - dt.timedelta(days=2))
    cairo_id = world["meeting_cairo"].pk
    world["meeting_cairo"].delete()
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    recent = anon.get(URL, {"updated_since": since}).json()["results"]
    assert [(r["model"], r["object_id"]) for r in recent] == [("meeting", cairo_id)]
    people = anon.get(URL, {"model": "person"}).json()["results"]
    assert [(r["object_id"], r["merged_into_id"]) for r in people] == [(twin.pk, world["blinken"].pk)]
    error_of(anon.get(URL, {"updated_since": "not-a-date"}), 400, "invalid")


def test_it_keeps_the_merge_pointer_when_a_merged_row_is_deleted(world):
    twin = Person.objects.create(name="A. Blinken", merged_into=world["blinken"])
    Tombstone.objects.create(model="person", object_id=twin.pk, merged_into_id=world["blinken"].pk)
    twin_id = twin.pk
    twin.delete()
    assert list(Tombstone.objects.filter(object_id=twin_id).values_list("model", "merged_into_id")) == [
        ("person", world["blinken"].pk)
    ]


def test_it_is_read_only(editor, db):
    error_of(editor.post(URL, {"model": "person", "object_id": 1}, format="json"), 405, "method_not_allowed")
