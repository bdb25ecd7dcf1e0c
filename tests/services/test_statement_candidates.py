"""The stored statements a report's speakers could be repeating (dedup_selectors.statements_of_speakers)."""

import datetime as dt

import pytest

from events.dedup_selectors import statements_of_speakers
from events.models import Statement
from negotiations.models import Actor, Negotiation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def talks():
    return Negotiation.objects.create(title="Gaza truce talks", slug="gaza-truce-talks")


def _said(negotiation, person, day, text, kind="direct"):
    return Statement.objects.create(
        negotiation=negotiation, speaker_person=person, text=text, said_on=day, kind=kind, review_status="auto"
    )


def test_it_reads_a_window_around_each_quoted_day_not_the_months_between(talks):
    spokesman = Person.objects.create(name="Majed al-Ansari")
    june = _said(talks, spokesman, dt.date(2024, 6, 2), "The talks are in their final stage")
    _said(talks, spokesman, dt.date(2024, 10, 1), "Mediators keep working with both sides")
    march = _said(talks, spokesman, dt.date(2025, 3, 11), "A second phase is within reach")

    found = statements_of_speakers(
        negotiation_id=talks.id,
        person_ids={spokesman.id},
        institution_ids=set(),
        affiliation_ids=set(),
        dates=[dt.date(2024, 6, 1), dt.date(2025, 3, 12)],
        text_keys=set(),
    )

    assert [s.id for s in found] == [june.id, march.id]
    assert found[0].text == "The talks are in their final stage"
    assert found[0].said_on == dt.date(2024, 6, 2)


def test_it_reads_the_same_words_whenever_said_and_other_speakers_only_within_days(talks):
    qatar = Actor.objects.create(name="Qatar", kind="state")
    spokesman = Person.objects.create(name="Majed al-Ansari", affiliation=qatar)
    minister = Person.objects.create(name="Badr Abdelatty")
    old = _said(talks, spokesman, dt.date(2023, 1, 5), "We are close to an agreement")
    near = _said(talks, minister, dt.date(2025, 3, 10), "Crossings must open now")
    _said(talks, minister, dt.date(2025, 3, 1), "Aid has to reach the north")  # another speaker, 11 days off
    _said(talks, minister, dt.date(2025, 3, 11), "We heard them", kind="reported")  # not a direct quote

    found = statements_of_speakers(
        negotiation_id=talks.id,
        person_ids=set(),
        institution_ids={qatar.id},
        affiliation_ids={qatar.id},
        dates=[dt.date(2025, 3, 12)],
        text_keys={old.text_key},
        any_speaker_days=3,
    )

    assert [s.id for s in found] == [old.id, near.id]
    assert found[0].speaker_affiliation_id == qatar.id


def test_it_reads_unassigned_statements_apart_from_a_negotiations(talks):
    spokesman = Person.objects.create(name="Majed al-Ansari")
    _said(talks, spokesman, dt.date(2025, 3, 11), "A second phase is within reach")
    unassigned = _said(None, spokesman, dt.date(2025, 3, 11), "Talks resume on Monday")

    found = statements_of_speakers(
        negotiation_id=None,
        person_ids={spokesman.id},
        institution_ids=set(),
        affiliation_ids=set(),
        dates=[],
        text_keys=set(),
    )

    assert [s.id for s in found] == [unassigned.id]
