import pytest

from events.pipeline.gazetteer import default_gazetteer
from negotiations.models import Actor, ActorAlias, ActorKind, ReviewStatus
from negotiations.services.gazetteer import gazetteer_load

pytestmark = pytest.mark.django_db


def _aliases(name):
    return set(ActorAlias.objects.filter(actor__name=name).values_list("name", flat=True))


def test_it_writes_every_gazetteer_actor_with_its_aliases():
    result = gazetteer_load()
    expected = default_gazetteer().actors
    assert result.actors_created == len(expected)
    assert Actor.objects.count() == len(expected)
    assert result.aliases_created == ActorAlias.objects.count() == sum(len(a.aliases) for a in expected)
    us = Actor.objects.get(name="United States")
    assert (us.kind, us.iso_code, us.review_status) == (ActorKind.STATE, "US", ReviewStatus.REVIEWED)
    assert {"U.S.", "Washington", "State Department", "American"} <= _aliases("United States")
    assert {"Turkey", "Turkish", "Ankara"} <= _aliases("Türkiye")
    assert Actor.objects.get(name="Hamas").kind == ActorKind.ARMED_GROUP


def test_it_is_idempotent():
    gazetteer_load()
    counts = (Actor.objects.count(), ActorAlias.objects.count())
    again = gazetteer_load()
    assert (again.actors_created, again.aliases_created) == (0, 0)
    assert again.actors_matched == counts[0]
    assert (Actor.objects.count(), ActorAlias.objects.count()) == counts


def test_it_keeps_curator_edits():
    gazetteer_load()
    turkey = Actor.objects.get(iso_code="TR")
    turkey.name = "Republic of Turkey"
    turkey.description = "Curated."
    turkey.save()
    hamas = Actor.objects.get(name="Hamas")
    hamas.kind = ActorKind.POLITICAL_PARTY
    hamas.save()
    ActorAlias.objects.create(actor=hamas, name="Harakat Hamas")

    result = gazetteer_load()

    assert result.actors_created == 0
    turkey.refresh_from_db()
    assert (turkey.name, turkey.description) == ("Republic of Turkey", "Curated.")
    assert Actor.objects.filter(iso_code="TR").count() == 1
    assert "Türkiye" in _aliases("Republic of Turkey")  # the gazetteer's name stays findable
    hamas.refresh_from_db()
    assert hamas.kind == ActorKind.POLITICAL_PARTY
    assert "Harakat Hamas" in _aliases("Hamas")


def test_it_adds_missing_aliases_to_existing_actors_and_fills_blanks():
    existing = Actor.objects.create(name="Qatar", kind=ActorKind.OTHER, review_status=ReviewStatus.AUTO)
    ActorAlias.objects.create(actor=existing, name="Doha")

    gazetteer_load()

    existing.refresh_from_db()
    assert (existing.kind, existing.iso_code, existing.review_status) == (ActorKind.STATE, "QA", ReviewStatus.AUTO)
    assert Actor.objects.filter(normalized_name="qatar").count() == 1
    assert {"Doha", "Qatari", "Qataris"} <= _aliases("Qatar")
    assert ActorAlias.objects.filter(actor=existing, normalized_name="doha").count() == 1


def test_it_follows_a_curator_merge_instead_of_recreating_the_merged_row():
    kept = Actor.objects.create(name="Ansar Allah movement", kind=ActorKind.ARMED_GROUP)
    Actor.objects.create(name="Houthis", kind=ActorKind.ARMED_GROUP, merged_into=kept)

    gazetteer_load()

    assert not Actor.objects.filter(name="Houthis", merged_into__isnull=True).exists()
    assert {"Ansar Allah", "Houthi", "Houthis"} <= _aliases("Ansar Allah movement")


def test_it_recognises_a_renamed_organisation_by_one_of_its_names():
    renamed = Actor.objects.create(name="Ansar Allah", kind=ActorKind.ARMED_GROUP)

    gazetteer_load()

    assert Actor.objects.filter(merged_into__isnull=True, normalized_name="houthis").count() == 0
    assert "Houthis" in _aliases("Ansar Allah")
    renamed.refresh_from_db()
    assert renamed.name == "Ansar Allah"


def test_it_leaves_a_reviewed_rows_blanks_to_the_curator():
    quartet = Actor.objects.create(name="Quartet", kind=ActorKind.OTHER, review_status=ReviewStatus.REVIEWED)
    israel = Actor.objects.create(name="Israel", kind=ActorKind.STATE, review_status=ReviewStatus.REVIEWED)

    gazetteer_load()

    quartet.refresh_from_db()
    israel.refresh_from_db()
    assert quartet.kind == ActorKind.OTHER
    assert israel.iso_code == ""
    assert Actor.objects.filter(normalized_name="israel").count() == 1
    assert Actor.objects.filter(iso_code="IL").count() == 0  # the code stays free, not given to a new row
    assert "Israeli" in _aliases("Israel")


def test_it_records_history_for_the_actors_it_creates():
    result = gazetteer_load()
    assert Actor.history.count() == result.actors_created
    assert set(Actor.history.values_list("history_change_reason", flat=True)) == {"load_gazetteers"}
    us = Actor.objects.get(iso_code="US")
    assert (us.normalized_name, us.history.count()) == ("united states", 1)


def test_it_creates_every_new_entry_even_when_one_lists_anothers_name_as_alias():
    from events.pipeline.gazetteer import NAME, AliasEntry, GazetteerEntry

    entries = [
        GazetteerEntry(name="Hamas", kind="armed_group"),
        GazetteerEntry(
            name="Al-Qassam Brigades",
            kind="armed_group",
            aliases=(AliasEntry(text="Hamas", actor="Al-Qassam Brigades", kind=NAME),),
        ),
    ]
    result = gazetteer_load(entries=entries)
    assert result.actors_created == 2
    assert set(Actor.objects.values_list("name", flat=True)) == {"Hamas", "Al-Qassam Brigades"}
