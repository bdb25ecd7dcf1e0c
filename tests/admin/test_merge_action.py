"""The merge action through the admin: select rows, confirm which to keep, see the result."""

import pytest
from django.urls import reverse

from events.models import Statement
from negotiations.models import Actor, Person, PersonAlias, Tombstone
from tests.factories import ActorFactory, PersonFactory, StatementFactory

pytestmark = pytest.mark.django_db

PERSON_LIST = reverse("admin:negotiations_person_changelist")


def _action(ids, **extra):
    return {"action": "merge_selected", "_selected_action": [str(i) for i in ids], **extra}


def test_it_shows_a_confirmation_page_before_merging(curator_client):
    keep = PersonFactory(name="Abbas Araghchi", title="Foreign Minister", affiliation=ActorFactory(name="Iran"))
    dup = PersonFactory(name="Abbas Araqchi", title="", affiliation=None)
    PersonAlias.objects.create(person=dup, name="Seyed Abbas Araqchi")
    StatementFactory(speaker_person=dup)

    response = curator_client.post(PERSON_LIST, _action([keep.pk, dup.pk]))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "admin/negotiations/merge_confirmation.html"
    body = response.content.decode()
    assert "Abbas Araghchi" in body and "Abbas Araqchi" in body
    assert f'name="keep" value="{keep.pk}"' in body
    assert [row["facts"]["statements"] for row in response.context["rows"]] == [0, 1]
    assert [row["details"] for row in response.context["rows"]] == [
        ["Foreign Minister", "Iran"],
        ["also Seyed Abbas Araqchi"],
    ]
    # Nothing happened yet.
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_it_merges_into_the_row_the_curator_keeps(curator_client, superuser):
    first = PersonFactory(name="Abbas Araqchi")
    keep = PersonFactory(name="Abbas Araghchi")
    statement = StatementFactory(speaker_person=first)

    response = curator_client.post(
        PERSON_LIST, _action([first.pk, keep.pk], post="yes", keep=str(keep.pk)), follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(PERSON_LIST)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"Merged Abbas Araqchi into Abbas Araghchi (#{keep.pk})."]
    first.refresh_from_db()
    assert first.merged_into_id == keep.pk
    assert Statement.objects.get(pk=statement.pk).speaker_person_id == keep.pk
    assert list(keep.aliases.values_list("name", flat=True)) == ["Abbas Araqchi"]
    assert Tombstone.objects.filter(model="person", object_id=first.pk, merged_into_id=keep.pk).exists()
    assert first.history.latest().history_user == superuser


def test_it_asks_again_when_no_row_to_keep_was_chosen(curator_client):
    a, b = PersonFactory(), PersonFactory()

    response = curator_client.post(PERSON_LIST, _action([a.pk, b.pk], post="yes"))

    assert response.status_code == 200
    assert response.context["error"] == "Choose the person to keep."
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_it_refuses_a_single_row(curator_client):
    a = PersonFactory()

    response = curator_client.post(PERSON_LIST, _action([a.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Select at least two rows to merge."]


def test_it_reports_an_impossible_merge_without_changing_anything(curator_client):
    keep, dup, other = PersonFactory(), PersonFactory(), PersonFactory()
    dup.merged_into = other
    dup.save()

    # Merged-away rows are listed (and selectable) only with the merge-state filter on "All".
    response = curator_client.post(
        f"{PERSON_LIST}?merged=all", _action([keep.pk, dup.pk], post="yes", keep=str(keep.pk)), follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("Nothing was merged:")
    dup.refresh_from_db()
    assert dup.merged_into_id == other.pk


def test_it_merges_actors_too(curator_client):
    keep = ActorFactory(name="Türkiye", iso_code="TR")
    dup = ActorFactory(name="Turkey", iso_code="")
    person = PersonFactory(affiliation=dup)
    url = reverse("admin:negotiations_actor_changelist")

    confirm = curator_client.post(url, _action([keep.pk, dup.pk]))
    assert confirm.status_code == 200
    assert [row["facts"]["people"] for row in confirm.context["rows"]] == [0, 1]

    curator_client.post(url, _action([keep.pk, dup.pk], post="yes", keep=str(keep.pk)))

    assert Actor.objects.get(pk=dup.pk).merged_into_id == keep.pk
    person.refresh_from_db()
    assert person.affiliation_id == keep.pk


def test_it_merges_two_records_of_one_meeting(curator_client):
    from events.models import Meeting
    from tests.factories import EvidenceFactory, MeetingFactory

    keep = MeetingFactory(place_name="Aqaba")
    dup = MeetingFactory(negotiation=keep.negotiation, place_name="Aqaba, Jordan")
    EvidenceFactory(meeting=dup)
    url = reverse("admin:events_meeting_changelist")

    confirm = curator_client.post(url, _action([keep.pk, dup.pk]))
    assert confirm.status_code == 200
    assert [row["facts"] for row in confirm.context["rows"]] == [
        {"evidence": 0, "participants": 0},
        {"evidence": 1, "participants": 0},
    ]
    assert "are deleted" in confirm.content.decode()

    done = curator_client.post(url, _action([keep.pk, dup.pk], post="yes", keep=str(keep.pk)), follow=True)

    assert [str(m) for m in done.context["messages"]] == [f"Merged {dup} into {keep} (#{keep.pk})."]
    assert not Meeting.objects.filter(pk=dup.pk).exists()
    assert keep.evidence.count() == 1


def test_it_merges_statements_from_the_list(curator_client):
    keep = StatementFactory(text="We are close to a deal.")
    dup = StatementFactory(negotiation=keep.negotiation, text="close to a deal")

    curator_client.post(
        reverse("admin:events_statement_changelist"), _action([keep.pk, dup.pk], post="yes", keep=str(keep.pk))
    )

    assert not Statement.objects.filter(pk=dup.pk).exists()
    assert Tombstone.objects.get(model="statement", object_id=dup.pk).merged_into_id == keep.pk
