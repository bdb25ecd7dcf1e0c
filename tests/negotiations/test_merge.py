"""The merge services: values after a merge, collisions collapsed, all or nothing."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from events.models import Evidence, Meeting, MeetingParticipant, Statement
from negotiations.models import (
    Actor,
    ActorAlias,
    Participation,
    Person,
    PersonAlias,
    ReviewStatus,
    Role,
    Tombstone,
)
from negotiations.services import merge as merge_module
from negotiations.services.merge import MergeError, actor_merge, person_merge
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    NegotiationFactory,
    ParticipationFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return get_user_model().objects.create_user("curator", password="x")


def test_it_moves_statements_meetings_and_aliases_to_the_kept_person(curator):
    keep = PersonFactory(name="Abbas Araghchi", title="")
    dup = PersonFactory(name="Abbas Araqchi", title="Foreign Minister")
    PersonAlias.objects.create(person=dup, name="Seyed Abbas Araqchi")
    PersonAlias.objects.create(person=dup, name="Abbas Araghchi")  # the kept row's own name: dropped
    statement = StatementFactory(speaker_person=dup, text="We are ready for a fair deal.")
    EvidenceFactory(statement=statement)
    meeting = MeetingFactory()
    MeetingParticipant.objects.create(meeting=meeting, person=dup)

    result = person_merge(keep=keep, merge=[dup], by=curator)

    assert result.pk == keep.pk
    statement.refresh_from_db()
    assert statement.speaker_person_id == keep.pk
    assert statement.evidence.count() == 1
    assert list(meeting.participants.values_list("person_id", flat=True)) == [keep.pk]
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["Abbas Araqchi", "Seyed Abbas Araqchi"]
    assert dup.aliases.count() == 0
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert keep.title == "Foreign Minister"  # blank on the kept row, filled from the merged one
    assert dup.merged_into_id == keep.pk
    assert Tombstone.objects.get(model="person", object_id=dup.pk).merged_into_id == keep.pk


def test_it_collapses_the_same_quote_under_the_kept_speaker_and_dedupes_evidence_per_report(curator):
    negotiation = NegotiationFactory()
    keep = PersonFactory(name="Recep Tayyip Erdoğan")
    dup = PersonFactory(name="Recep Tayyip Erdogan")
    shared_report, other_report, third_report = ReportFactory(), ReportFactory(), ReportFactory()
    survivor = StatementFactory(
        negotiation=negotiation,
        speaker_person=keep,
        text="“We will not give up.”",
        said_on=None,
        review_status=ReviewStatus.AUTO,
    )
    duplicate = StatementFactory(
        negotiation=negotiation,
        speaker_person=dup,
        text='"We will not give up"',
        said_on=dt.date(2024, 12, 17),
        review_status=ReviewStatus.REVIEWED,
    )
    EvidenceFactory(statement=survivor, report=shared_report)
    EvidenceFactory(statement=duplicate, report=shared_report)
    EvidenceFactory(statement=duplicate, report=other_report)
    EvidenceFactory(statement=duplicate, report=third_report)
    # The same words in another negotiation are another statement: not collapsed.
    elsewhere = StatementFactory(speaker_person=dup, text="We will not give up.")

    person_merge(keep=keep, merge=[dup], by=curator)

    assert not Statement.objects.filter(pk=duplicate.pk).exists()
    survivor.refresh_from_db()
    assert sorted(survivor.evidence.values_list("report_id", flat=True)) == sorted(
        [shared_report.pk, other_report.pk, third_report.pk]
    )
    assert survivor.said_on == dt.date(2024, 12, 17)
    assert survivor.review_status == ReviewStatus.REVIEWED
    assert Evidence.objects.filter(report=shared_report).count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.speaker_person_id == keep.pk
    assert Statement.objects.filter(speaker_person=keep).count() == 2
    assert Tombstone.objects.get(model="statement", object_id=duplicate.pk).merged_into_id == survivor.pk


def test_it_collapses_a_quote_shared_by_three_rows_of_one_person():
    negotiation = NegotiationFactory()
    keep, a, b = PersonFactory(), PersonFactory(), PersonFactory()
    for person in (a, b):
        EvidenceFactory(
            statement=StatementFactory(negotiation=negotiation, speaker_person=person, text="Deal is close.")
        )

    person_merge(keep=keep, merge=[a, b], by=None)

    statements = Statement.objects.filter(negotiation=negotiation)
    assert [s.speaker_person_id for s in statements] == [keep.pk]
    assert statements.get().evidence.count() == 2


def test_it_collapses_duplicate_meeting_participants():
    keep, dup = PersonFactory(), PersonFactory()
    both, only_dup = MeetingFactory(), MeetingFactory()
    for person in (keep, dup):
        MeetingParticipant.objects.create(meeting=both, person=person)
    MeetingParticipant.objects.create(meeting=only_dup, person=dup)

    person_merge(keep=keep, merge=[dup])

    assert list(both.participants.values_list("person_id", flat=True)) == [keep.pk]
    assert list(only_dup.participants.values_list("person_id", flat=True)) == [keep.pk]
    assert not MeetingParticipant.objects.filter(person=dup).exists()


def test_it_records_history_with_the_curator_and_a_change_reason(curator):
    keep, dup = PersonFactory(), PersonFactory()
    statement = StatementFactory(speaker_person=dup)

    person_merge(keep=keep, merge=[dup], by=curator)

    record = dup.history.latest()
    assert record.merged_into_id == keep.pk
    assert record.history_user == curator
    assert record.history_change_reason == f"merge: person {dup.pk} into {keep.pk}"
    moved = statement.history.latest()
    assert moved.speaker_person_id == keep.pk
    assert moved.history_change_reason == f"merge: person {dup.pk} into {keep.pk}"
    assert keep.history.latest().history_change_reason == f"merge: kept person {keep.pk}, merged {dup.pk}"


def test_it_points_earlier_merges_straight_at_the_kept_row():
    keep, middle, oldest = PersonFactory(), PersonFactory(), PersonFactory()
    person_merge(keep=middle, merge=[oldest])

    person_merge(keep=keep, merge=[middle])

    oldest.refresh_from_db()
    assert oldest.merged_into_id == keep.pk
    assert Tombstone.objects.get(model="person", object_id=oldest.pk).merged_into_id == keep.pk


def test_it_changes_nothing_when_a_step_fails(monkeypatch):
    keep, dup = PersonFactory(), PersonFactory()
    statement = StatementFactory(speaker_person=dup)
    meeting = MeetingFactory()
    MeetingParticipant.objects.create(meeting=meeting, person=dup)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # The last step fails after statements, meetings and aliases were already moved.
    monkeypatch.setattr(merge_module, "_mark_merged", fail)
    with pytest.raises(RuntimeError):
        person_merge(keep=keep, merge=[dup])

    statement.refresh_from_db()
    dup.refresh_from_db()
    assert statement.speaker_person_id == dup.pk
    assert meeting.participants.get().person_id == dup.pk
    assert dup.merged_into_id is None
    assert not keep.aliases.exists()
    assert not Tombstone.objects.exists()


@pytest.mark.parametrize("case", ["itself", "already_merged", "kept_was_merged"])
def test_it_refuses_merges_that_make_no_sense(case):
    keep, dup, other = PersonFactory(), PersonFactory(), PersonFactory()
    if case == "itself":
        args = {"keep": keep, "merge": [keep]}
    elif case == "already_merged":
        person_merge(keep=other, merge=[dup])
        args = {"keep": keep, "merge": [dup]}
    else:
        person_merge(keep=other, merge=[keep])
        args = {"keep": keep, "merge": [dup]}
    with pytest.raises(MergeError):
        person_merge(**args)
    dup.refresh_from_db()
    assert dup.merged_into_id in (None, other.pk)


def test_it_moves_everything_that_names_a_merged_actor(curator):
    keep = ActorFactory(name="Türkiye", iso_code="")
    dup = ActorFactory(name="Turkey", iso_code="TR")
    ActorAlias.objects.create(actor=dup, name="Turkish")
    person = PersonFactory(affiliation=dup)
    negotiation = NegotiationFactory()
    ParticipationFactory(negotiation=negotiation, actor=keep, role=Role.MEDIATOR, since=dt.date(2024, 5, 1))
    duplicate_role = ParticipationFactory(
        negotiation=negotiation, actor=dup, role=Role.MEDIATOR, since=dt.date(2023, 11, 1)
    )
    other_role = ParticipationFactory(actor=dup, role=Role.PARTY)
    meeting = MeetingFactory(place_country=dup)
    meeting.actors.add(dup, keep)
    spoken_for = StatementFactory(speaker_person=person, speaker_actor=dup)
    institutional = StatementFactory(
        negotiation=negotiation, speaker_person=None, speaker_actor=dup, text="Türkiye stands ready to host the talks."
    )
    same_words = StatementFactory(
        negotiation=negotiation, speaker_person=None, speaker_actor=keep, text="Türkiye stands ready to host the talks"
    )
    EvidenceFactory(statement=institutional)

    actor_merge(keep=keep, merge=[dup], by=curator)

    keep.refresh_from_db()
    dup.refresh_from_db()
    person.refresh_from_db()
    assert (keep.iso_code, dup.merged_into_id) == ("TR", keep.pk)
    assert person.affiliation_id == keep.pk
    survivor = Participation.objects.get(negotiation=negotiation, role=Role.MEDIATOR)
    assert (survivor.actor_id, survivor.since) == (keep.pk, dt.date(2023, 11, 1))
    assert not Participation.objects.filter(pk=duplicate_role.pk).exists()
    assert Tombstone.objects.get(model="participation", object_id=duplicate_role.pk).merged_into_id == survivor.pk
    other_role.refresh_from_db()
    assert other_role.actor_id == keep.pk
    meeting.refresh_from_db()
    assert meeting.place_country_id == keep.pk
    assert list(meeting.actors.values_list("pk", flat=True)) == [keep.pk]
    spoken_for.refresh_from_db()
    assert spoken_for.speaker_actor_id == keep.pk
    assert not Statement.objects.filter(pk=institutional.pk).exists()
    assert same_words.evidence.count() == 1
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["Turkey", "Turkish"]
    assert Tombstone.objects.get(model="actor", object_id=dup.pk).merged_into_id == keep.pk
    # The merged name is free again for nothing else: the kept row is the only live one.
    assert Actor.objects.filter(merged_into__isnull=True, iso_code="TR").get().pk == keep.pk


def test_it_bumps_updated_at_so_syncing_clients_see_moved_rows():
    keep, dup = PersonFactory(), PersonFactory()
    statement = StatementFactory(speaker_person=dup)
    meeting = MeetingFactory()
    MeetingParticipant.objects.create(meeting=meeting, person=dup)
    before = (statement.updated_at, Meeting.objects.get(pk=meeting.pk).updated_at)

    person_merge(keep=keep, merge=[dup])

    statement.refresh_from_db()
    meeting.refresh_from_db()
    assert statement.updated_at > before[0]
    assert meeting.updated_at > before[1]
    assert Person.objects.get(pk=dup.pk).updated_at > dup.updated_at


def test_it_merges_two_statements_of_the_same_words_into_one_with_all_the_evidence(curator):
    negotiation = NegotiationFactory()
    keep = StatementFactory(negotiation=negotiation, text="We are close to a deal.", said_on=None)
    fragment = StatementFactory(
        negotiation=negotiation,
        text="close to a deal",
        said_on=dt.date(2024, 12, 16),
        speaker_person=keep.speaker_person,
    )
    shared, own = ReportFactory(), ReportFactory()
    EvidenceFactory(statement=keep, report=shared)
    EvidenceFactory(statement=fragment, report=shared)
    EvidenceFactory(statement=fragment, report=own)

    merge_module.statement_merge(keep=keep, merge=[fragment], by=curator)

    keep.refresh_from_db()
    assert sorted(keep.evidence.values_list("report_id", flat=True)) == sorted([shared.pk, own.pk])
    assert keep.said_on == dt.date(2024, 12, 16)
    assert not Statement.objects.filter(pk=fragment.pk).exists()
    assert Tombstone.objects.get(model="statement", object_id=fragment.pk).merged_into_id == keep.pk
    assert Statement.history.filter(id=fragment.pk, history_type="-").get().history_user == curator


def test_it_merges_two_records_of_one_meeting_taking_the_more_precise_date():
    negotiation = NegotiationFactory()
    week = MeetingFactory(
        negotiation=negotiation,
        date_from=dt.date(2024, 12, 9),
        date_to=dt.date(2024, 12, 15),
        date_precision="week",
        place_name="",
    )
    day = MeetingFactory(
        negotiation=negotiation,
        date_from=dt.date(2024, 12, 11),
        date_to=dt.date(2024, 12, 11),
        date_precision="day",
        place_name="Aqaba",
        place_country=ActorFactory(name="Jordan"),
    )
    blinken, fidan, safadi = PersonFactory(), PersonFactory(), PersonFactory()
    for meeting, people in ((week, [blinken, fidan]), (day, [fidan, safadi])):
        for person in people:
            MeetingParticipant.objects.create(meeting=meeting, person=person)
    qatar, egypt = ActorFactory(), ActorFactory()
    week.actors.add(qatar)
    day.actors.add(qatar, egypt)
    report = ReportFactory()
    EvidenceFactory(meeting=week, report=report)
    EvidenceFactory(meeting=day, report=report)
    EvidenceFactory(meeting=day)

    merge_module.meeting_merge(keep=week, merge=[day])

    week.refresh_from_db()
    assert (week.date_from, week.date_to, week.date_precision) == (dt.date(2024, 12, 11), dt.date(2024, 12, 11), "day")
    assert (week.place_name, week.place_country_id) == ("Aqaba", day.place_country_id)
    assert sorted(week.participants.values_list("person_id", flat=True)) == sorted([blinken.pk, fidan.pk, safadi.pk])
    assert sorted(week.actors.values_list("pk", flat=True)) == sorted([qatar.pk, egypt.pk])
    assert week.evidence.count() == 2
    assert not Meeting.objects.filter(pk=day.pk).exists()
    assert Tombstone.objects.get(model="meeting", object_id=day.pk).merged_into_id == week.pk


def test_it_refuses_to_merge_facts_of_different_negotiations():
    a, b = StatementFactory(), StatementFactory()
    with pytest.raises(MergeError):
        merge_module.statement_merge(keep=a, merge=[b])
    assert Statement.objects.filter(pk=b.pk).exists()


def test_it_keeps_a_curators_review_of_a_duplicate_participation_when_merging_actors(curator):
    keep = ActorFactory(name="Egypt", iso_code="EG")
    dup = ActorFactory(name="Arab Republic of Egypt", iso_code="")
    negotiation = NegotiationFactory()
    ParticipationFactory(negotiation=negotiation, actor=keep, role=Role.MEDIATOR, review_status=ReviewStatus.AUTO)
    ParticipationFactory(negotiation=negotiation, actor=dup, role=Role.MEDIATOR, review_status=ReviewStatus.REVIEWED)

    actor_merge(keep=keep, merge=[dup], by=curator)

    survivor = Participation.objects.get(negotiation=negotiation, role=Role.MEDIATOR)
    assert (survivor.actor_id, survivor.review_status) == (keep.pk, ReviewStatus.REVIEWED)
