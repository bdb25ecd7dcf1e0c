"""A statement or meeting a curator rejects leaves the public record: out of the lists, the details and the
timeline, with a tombstone so syncing clients drop it. Staff still list rejected rows; un-rejecting brings a
row back with a newer updated_at and without its tombstone."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Meeting, Statement
from negotiations.models import ReviewStatus, Tombstone
from negotiations.services.review import review_status_set
from tests.api.conftest import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    user = User.objects.create_user("curator", password="pw-curator-123", is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def tombstones(model: str) -> set[int]:
    return set(Tombstone.objects.filter(model=model).values_list("object_id", flat=True))


def timeline_entries(client, negotiation) -> set[tuple[str, int]]:
    rows = client.get(f"/api/v1/negotiations/{negotiation.pk}/timeline/").json()["results"]
    return {(row["type"], row[row["type"]]["id"]) for row in rows}


def test_it_takes_a_rejected_statement_out_of_the_list_the_detail_and_the_timeline(anon, world):
    rejected, kept = world["s_blinken"], world["s_thani"]

    assert review_status_set(model=Statement, ids=[rejected.pk], status=ReviewStatus.REJECTED) == 1

    listed = ids(anon.get("/api/v1/statements/"))
    assert rejected.pk not in listed and kept.pk in listed
    assert anon.get(f"/api/v1/statements/{rejected.pk}/").status_code == 404
    entries = timeline_entries(anon, world["talks"])
    assert ("statement", rejected.pk) not in entries and ("statement", kept.pk) in entries
    assert tombstones("statement") == {rejected.pk}
    synced = anon.get("/api/v1/tombstones/", {"model": "statement"}).json()["results"]
    assert [row["object_id"] for row in synced] == [rejected.pk]


def test_it_takes_a_rejected_meeting_out_and_leaves_a_tombstone(anon, world):
    rejected = world["meeting_cairo"]

    review_status_set(model=Meeting, ids=[rejected.pk], status=ReviewStatus.REJECTED)

    assert ids(anon.get("/api/v1/meetings/")) == [world["meeting_doha"].pk]
    assert ("meeting", rejected.pk) not in timeline_entries(anon, world["talks"])
    assert tombstones("meeting") == {rejected.pk}


def test_it_writes_the_tombstone_when_the_row_is_saved_rejected(anon, world):
    # The admin's change form and API edits save the row rather than going through review_status_set.
    statement = world["s_hamas"]
    statement.review_status = ReviewStatus.REJECTED
    statement.save()

    assert tombstones("statement") == {statement.pk}
    assert statement.pk not in ids(anon.get("/api/v1/statements/"))


def test_it_lists_rejected_rows_to_staff_who_ask_for_them(anon, reader, staff, world):
    rejected = world["s_blinken"]
    review_status_set(model=Statement, ids=[rejected.pk], status=ReviewStatus.REJECTED)

    assert ids(staff.get("/api/v1/statements/", {"review_status": "rejected"})) == [rejected.pk]
    assert staff.get(f"/api/v1/statements/{rejected.pk}/").json()["review_status"] == "rejected"
    # Staff's ordinary list is the public one; nobody else sees rejected rows even when asking.
    assert rejected.pk not in ids(staff.get("/api/v1/statements/"))
    assert ids(anon.get("/api/v1/statements/", {"review_status": "rejected"})) == []
    assert ids(reader.get("/api/v1/statements/", {"review_status": "rejected"})) == []


def test_it_brings_an_unrejected_row_back_with_a_newer_updated_at_and_no_tombstone(anon, world):
    statement = world["s_blinken"]
    review_status_set(model=Statement, ids=[statement.pk], status=ReviewStatus.REJECTED)
    rejected_at = Statement.objects.get(pk=statement.pk).updated_at

    review_status_set(model=Statement, ids=[statement.pk], status=ReviewStatus.REVIEWED)

    assert Statement.objects.get(pk=statement.pk).updated_at > rejected_at
    assert tombstones("statement") == set()
    since = (rejected_at + dt.timedelta(microseconds=1)).isoformat()
    synced = ids(anon.get("/api/v1/statements/", {"updated_since": since}))
    assert synced == [statement.pk]


def test_it_unrejects_through_an_api_edit(editor, anon, world):
    statement = world["s_blinken"]
    review_status_set(model=Statement, ids=[statement.pk], status=ReviewStatus.REJECTED)

    response = editor.patch(f"/api/v1/statements/{statement.pk}/", {"review_status": "reviewed"}, format="json")

    assert response.status_code == 200, response.content
    assert tombstones("statement") == set()
    assert statement.pk in ids(anon.get("/api/v1/statements/"))
