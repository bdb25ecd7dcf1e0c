"""Merging two records of one negotiation: service, API redirect and tombstone, admin action."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Evidence, Meeting, Statement
from negotiations.models import Negotiation, NegotiationAlias, Participation, ReviewStatus, Role, Tombstone
from negotiations.services.merge import MergeError, negotiation_merge
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    NegotiationFactory,
    ParticipationFactory,
    PersonFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def two_records():
    israel, hamas, qatar, egypt = (ActorFactory(name=n) for n in ("Israel", "Hamas", "Qatar", "Egypt"))
    keep = NegotiationFactory(title="Israel-Hamas talks on Gaza", topic="", started_on=dt.date(2024, 1, 5))
    dup = NegotiationFactory(
        title="Gaza truce talks",
        topic="cease-fire and hostages",
        started_on=dt.date(2023, 11, 1),
        review_status=ReviewStatus.AUTO,
    )
    for negotiation in (keep, dup):
        ParticipationFactory(negotiation=negotiation, actor=israel, role=Role.PARTY)
        ParticipationFactory(negotiation=negotiation, actor=hamas, role=Role.PARTY)
    ParticipationFactory(negotiation=keep, actor=qatar, role=Role.MEDIATOR, since=dt.date(2024, 1, 1))
    ParticipationFactory(negotiation=dup, actor=qatar, role=Role.MEDIATOR, since=dt.date(2023, 11, 1))
    ParticipationFactory(negotiation=dup, actor=egypt, role=Role.MEDIATOR)
    NegotiationAlias.objects.create(negotiation=dup, name="hostage deal")
    NegotiationAlias.objects.create(negotiation=dup, name="Israel-Hamas talks on Gaza")  # the kept title: dropped
    return {"keep": keep, "dup": dup, "israel": israel, "hamas": hamas, "qatar": qatar, "egypt": egypt}


def test_it_moves_participations_meetings_statements_and_aliases_deduplicating(two_records):
    keep, dup = two_records["keep"], two_records["dup"]
    speaker = PersonFactory(name="Majed al-Ansari")
    same_words_kept = StatementFactory(negotiation=keep, speaker_person=speaker, text="The talks are at a final stage.")
    same_words_dup = StatementFactory(negotiation=dup, speaker_person=speaker, text="The talks are at a final stage!")
    other = StatementFactory(negotiation=dup, speaker_person=speaker, text="We expect an answer tomorrow.")
    EvidenceFactory(statement=same_words_kept)
    moved_evidence = EvidenceFactory(statement=same_words_dup)
    meeting = MeetingFactory(negotiation=dup)

    kept = negotiation_merge(keep=keep, merge=[dup])

    assert kept.pk == keep.pk
    assert sorted(Participation.objects.filter(negotiation=keep).values_list("role", "actor__name")) == [
        ("mediator", "Egypt"),
        ("mediator", "Qatar"),
        ("party", "Hamas"),
        ("party", "Israel"),
    ]
    assert Participation.objects.filter(negotiation=dup).count() == 0
    # The duplicate mediator row widened the kept one's period.
    assert Participation.objects.get(negotiation=keep, actor=two_records["qatar"]).since == dt.date(2023, 11, 1)
    assert Meeting.objects.get(pk=meeting.pk).negotiation_id == keep.pk
    assert Statement.objects.get(pk=other.pk).negotiation_id == keep.pk
    assert not Statement.objects.filter(pk=same_words_dup.pk).exists()
    assert set(Evidence.objects.filter(statement=same_words_kept).values_list("pk", flat=True)) >= {moved_evidence.pk}
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["Gaza truce talks", "hostage deal"]
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert (keep.topic, keep.started_on) == ("cease-fire and hostages", dt.date(2023, 11, 1))
    assert dup.merged_into_id == keep.pk
    assert Tombstone.objects.get(model="negotiation", object_id=dup.pk).merged_into_id == keep.pk
    assert Tombstone.objects.filter(
        model="statement", object_id=same_words_dup.pk, merged_into_id=same_words_kept.pk
    ).exists()


def test_it_is_all_or_nothing(two_records, monkeypatch):
    from negotiations.services import merge as merge_module

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge_module, "_negotiation_aliases_move", broken)
    with pytest.raises(RuntimeError):
        negotiation_merge(keep=two_records["keep"], merge=[two_records["dup"]])
    assert Participation.objects.filter(negotiation=two_records["dup"]).count() == 4
    assert Negotiation.objects.get(pk=two_records["dup"].pk).merged_into_id is None
    assert not Tombstone.objects.filter(model="negotiation").exists()


def test_it_refuses_a_merge_into_itself_or_into_a_merged_away_row(two_records):
    keep, dup = two_records["keep"], two_records["dup"]
    with pytest.raises(MergeError):
        negotiation_merge(keep=keep, merge=[keep])
    negotiation_merge(keep=keep, merge=[dup])
    with pytest.raises(MergeError, match="was itself merged away"):
        negotiation_merge(keep=dup, merge=[NegotiationFactory()])


def test_a_second_merge_repoints_the_rows_merged_earlier(two_records):
    keep, dup = two_records["keep"], two_records["dup"]
    negotiation_merge(keep=keep, merge=[dup])
    final = NegotiationFactory(title="Gaza war diplomacy")
    negotiation_merge(keep=final, merge=[keep])
    assert Negotiation.objects.get(pk=dup.pk).merged_into_id == final.pk
    assert Tombstone.objects.get(model="negotiation", object_id=dup.pk).merged_into_id == final.pk


def test_the_api_redirects_a_merged_away_negotiation_to_the_kept_one(two_records):
    keep, dup = two_records["keep"], two_records["dup"]
    negotiation_merge(keep=keep, merge=[dup])
    client = APIClient()

    response = client.get(f"/api/v1/negotiations/{dup.pk}/?format=json")

    assert response.status_code == 308
    assert response["Location"] == f"/api/v1/negotiations/{keep.pk}/?format=json"
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert followed.json()["id"] == keep.pk
    listed = [row["id"] for row in client.get("/api/v1/negotiations/").json()["results"]]
    assert keep.pk in listed and dup.pk not in listed
    tombstones = client.get("/api/v1/tombstones/", {"model": "negotiation"}).json()["results"]
    assert [(t["object_id"], t["merged_into_id"]) for t in tombstones] == [(dup.pk, keep.pk)]


def test_the_api_redirect_keeps_the_method_for_writes(two_records, superuser):
    keep, dup = two_records["keep"], two_records["dup"]
    negotiation_merge(keep=keep, merge=[dup])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=superuser).key}")
    response = client.patch(f"/api/v1/negotiations/{dup.pk}/", {"summary": "x"}, format="json")
    assert response.status_code == 308
    assert response["Location"] == f"/api/v1/negotiations/{keep.pk}/"
    assert Negotiation.objects.get(pk=dup.pk).summary == ""


def test_the_api_still_answers_404_for_an_unknown_negotiation():
    assert APIClient().get("/api/v1/negotiations/999999/").status_code == 404


def test_the_admin_action_merges_into_the_negotiation_the_curator_keeps(two_records, client, superuser):
    keep, dup = two_records["keep"], two_records["dup"]
    client.force_login(superuser)
    url = reverse("admin:negotiations_negotiation_changelist")
    action = {"action": "merge_selected", "_selected_action": [str(dup.pk), str(keep.pk)]}

    confirm = client.post(url, action)
    assert confirm.status_code == 200
    assert [row["facts"]["participations"] for row in confirm.context["rows"]] == [3, 4]
    assert Negotiation.objects.filter(merged_into__isnull=False).count() == 0

    done = client.post(url, {**action, "post": "yes", "keep": str(keep.pk)}, follow=True)
    assert [str(m) for m in done.context["messages"]] == [
        f"Merged Gaza truce talks into Israel-Hamas talks on Gaza (#{keep.pk})."
    ]
    dup.refresh_from_db()
    assert dup.merged_into_id == keep.pk
    assert dup.history.latest().history_user == superuser


def test_it_keeps_the_usual_mediators_of_both_records_but_never_a_party(two_records):
    keep, dup = two_records["keep"], two_records["dup"]
    keep.usual_mediators.add(two_records["qatar"])
    dup.usual_mediators.add(two_records["egypt"], two_records["israel"])  # a curator's slip: Israel is a party

    negotiation_merge(keep=keep, merge=[dup])

    assert sorted(keep.usual_mediators.values_list("name", flat=True)) == ["Egypt", "Qatar"]
