"""A curator's merge (the real merge service) as API clients see it: merged_into, tombstones, moved facts."""

import pytest
from django.utils import timezone

from negotiations.services.merge import person_merge
from tests.api.conftest import ids
from tests.factories import PersonFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_it_shows_a_merge_through_detail_lists_and_tombstones(anon, world):
    twin = PersonFactory(name="Antony J. Blinken", affiliation=None)
    quote = StatementFactory(negotiation=world["talks"], speaker_person=twin, text="We want a deal now.")
    before_merge = timezone.now().isoformat()
    person_merge(keep=world["blinken"], merge=[twin])

    assert twin.pk not in ids(anon.get("/api/v1/people/"))
    detail = anon.get(f"/api/v1/people/{twin.pk}/").json()
    assert detail["merged_into"]["id"] == world["blinken"].pk
    tombstones = anon.get("/api/v1/tombstones/", {"model": "person"}).json()["results"]
    assert [(t["object_id"], t["merged_into_id"]) for t in tombstones] == [(twin.pk, world["blinken"].pk)]
    # The twin's statement now answers under the kept speaker.
    statement = anon.get(f"/api/v1/statements/{quote.pk}/").json()
    assert statement["speaker"]["id"] == world["blinken"].pk
    assert quote.pk in ids(anon.get("/api/v1/statements/", {"person": world["blinken"].pk}))
    # A syncing client learns about the moved statement and the updated kept person.
    assert quote.pk in ids(anon.get("/api/v1/statements/", {"updated_since": before_merge}))
    assert world["blinken"].pk in ids(anon.get("/api/v1/people/", {"updated_since": before_merge}))
