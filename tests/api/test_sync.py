"""Every list accepts updated_since, so client apps fetch only what changed."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Evidence, Meeting, Report, Statement
from negotiations.models import Actor, Negotiation, Participation, Person
from tests.api.conftest import error_of, ids

pytestmark = pytest.mark.django_db

RESOURCES = [
    ("/api/v1/negotiations/", Negotiation, "talks"),
    ("/api/v1/actors/", Actor, "qatar"),
    ("/api/v1/people/", Person, "thani"),
    ("/api/v1/participations/", Participation, "p_qatar"),
    ("/api/v1/mediators/", Participation, "p_qatar"),
    ("/api/v1/parties/", Participation, "p_hamas"),
    ("/api/v1/meetings/", Meeting, "meeting_doha"),
    ("/api/v1/statements/", Statement, "s_thani"),
    ("/api/v1/reports/", Report, "report_a"),
]


@pytest.mark.parametrize("url,model,key", RESOURCES)
def test_it_lists_only_rows_updated_since(anon, world, url, model, key):
    # Everything "changed" long ago, except the one row touched now.
    model.objects.update(updated_at=timezone.now() - dt.timedelta(days=30))
    Evidence.objects.update(created_at=timezone.now() - dt.timedelta(days=30))  # New evidence counts as a change.
    model.objects.filter(pk=world[key].pk).update(updated_at=timezone.now())
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(anon.get(url, {"updated_since": since})) == [world[key].pk]
    assert len(ids(anon.get(url, {"updated_since": "2000-01-01"}))) > 1
    error_of(anon.get(url, {"updated_since": "soon"}), 400, "invalid")
