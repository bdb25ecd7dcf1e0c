"""The reference peace processes written into negotiations: idempotent, curator-safe, visible as reference."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from negotiations.models import Negotiation, NegotiationAlias, NegotiationSource, Participation, ReviewStatus, Role
from negotiations.services.gazetteer import gazetteer_load
from negotiations.services.reference import REFERENCE_FILE, negotiation_reference_load
from tests.factories import ActorFactory, NegotiationFactory

pytestmark = pytest.mark.django_db

ENTRIES = [
    {
        "slug": "israel-hamas",
        "title": "Israel-Hamas talks on Gaza",
        "topic": "cease-fire and hostages",
        "parties": ["Israel", "Hamas"],
        "mediators": ["Qatar", "Egypt"],
        "aliases": ["Gaza truce talks", "hostage deal"],
    },
    {
        "slug": "russia-ukraine",
        "title": "Russia-Ukraine peace talks",
        "topic": "",
        "parties": ["Russia", "Ukraine"],
        "mediators": ["Türkiye", "Atlantis"],
        "aliases": ["Istanbul talks"],
    },
]


@pytest.fixture
def actors():
    return {
        name: ActorFactory(name=name) for name in ("Israel", "Hamas", "Qatar", "Egypt", "Russia", "Ukraine", "Türkiye")
    }


def roles(negotiation):
    return sorted(Participation.objects.filter(negotiation=negotiation).values_list("role", "actor__name"))


def usual(negotiation):
    return sorted(negotiation.usual_mediators.values_list("name", flat=True))


def test_it_creates_reviewed_reference_rows_with_parties_mediators_and_aliases(actors):
    result = negotiation_reference_load(entries=ENTRIES)

    assert (result.created, result.updated, result.unchanged, result.curated) == (2, 0, 0, 0)
    assert (result.participations_created, result.usual_mediators_added) == (4, 3)
    assert result.aliases_created == 3
    assert result.missing_actors == ("Atlantis",)
    gaza = Negotiation.objects.get(slug="israel-hamas")
    assert (gaza.title, gaza.topic, gaza.source, gaza.review_status) == (
        "Israel-Hamas talks on Gaza",
        "cease-fire and hostages",
        NegotiationSource.REFERENCE,
        ReviewStatus.REVIEWED,
    )
    # Usual mediators recognise the process; the record's own mediators are those its reports name.
    assert roles(gaza) == [("party", "Hamas"), ("party", "Israel")]
    assert usual(gaza) == ["Egypt", "Qatar"]
    assert sorted(gaza.aliases.values_list("name", flat=True)) == ["Gaza truce talks", "hostage deal"]
    assert set(gaza.history.values_list("history_change_reason", flat=True)) == {"negotiation_reference_load"}


def test_it_changes_nothing_when_loaded_twice(actors):
    negotiation_reference_load(entries=ENTRIES)
    again = negotiation_reference_load(entries=ENTRIES)
    assert (
        again.created,
        again.updated,
        again.unchanged,
        again.participations_created,
        again.usual_mediators_added,
        again.aliases_created,
    ) == (0, 0, 2, 0, 0, 0)
    assert Negotiation.objects.count() == 2
    assert Participation.objects.count() == 4


def test_it_updates_a_reference_row_no_curator_touched(actors):
    negotiation_reference_load(entries=ENTRIES)
    changed = [
        dict(
            ENTRIES[0],
            title="Israel-Hamas negotiations",
            mediators=["Qatar", "Egypt", "Russia"],
            aliases=["Gaza truce talks", "hostage deal", "Gaza ceasefire"],
        )
    ]
    result = negotiation_reference_load(entries=changed)
    assert (result.updated, result.usual_mediators_added, result.aliases_created) == (1, 1, 1)
    gaza = Negotiation.objects.get(slug="israel-hamas")
    assert gaza.title == "Israel-Hamas negotiations"
    assert usual(gaza) == ["Egypt", "Qatar", "Russia"]


def test_it_never_overwrites_a_row_a_curator_edited(actors):
    negotiation_reference_load(entries=ENTRIES)
    curator = get_user_model().objects.create_user("curator", password="x")
    gaza = Negotiation.objects.get(slug="israel-hamas")
    gaza.title = "Gaza war negotiations"
    gaza._history_user = curator
    gaza.save()
    gaza.usual_mediators.remove(actors["Egypt"])
    NegotiationAlias.objects.filter(negotiation=gaza, name="hostage deal").delete()

    result = negotiation_reference_load(entries=ENTRIES)

    assert (result.curated, result.unchanged) == (1, 1)
    gaza.refresh_from_db()
    assert gaza.title == "Gaza war negotiations"
    assert usual(gaza) == ["Qatar"]
    assert list(gaza.aliases.values_list("name", flat=True)) == ["Gaza truce talks"]


def test_it_counts_a_curators_participation_edit_as_an_edit(actors):
    negotiation_reference_load(entries=ENTRIES)
    curator = get_user_model().objects.create_user("curator", password="x")
    participation = Participation.objects.get(negotiation__slug="israel-hamas", actor__name="Hamas")
    participation.role = Role.OBSERVER
    participation._history_user = curator
    participation.save()

    assert negotiation_reference_load(entries=ENTRIES).curated == 1
    assert not Participation.objects.filter(
        negotiation__slug="israel-hamas", actor__name="Hamas", role=Role.PARTY
    ).exists()


def test_it_leaves_a_pipeline_row_with_the_same_slug_alone():
    NegotiationFactory(title="Israel Hamas", slug="israel-hamas", source=NegotiationSource.PIPELINE)
    result = negotiation_reference_load(entries=ENTRIES[:1])
    assert (result.created, result.curated) == (0, 1)
    assert Negotiation.objects.get(slug="israel-hamas").title == "Israel Hamas"


def test_it_follows_a_merge_to_the_kept_row(actors):
    negotiation_reference_load(entries=ENTRIES[:1])
    gaza = Negotiation.objects.get(slug="israel-hamas")
    kept = NegotiationFactory(title="Gaza talks", source=NegotiationSource.REFERENCE)
    gaza.merged_into = kept
    gaza.save()
    result = negotiation_reference_load(entries=ENTRIES[:1])
    assert result.created == 0
    assert Negotiation.objects.count() == 2
    kept.refresh_from_db()
    assert kept.title == "Israel-Hamas talks on Gaza"  # nobody edited it: the reference wins
    assert ("party", "Hamas") in roles(kept)


def test_it_finds_an_actor_a_curator_renamed_by_its_alias(actors):
    hamas = actors["Hamas"]
    hamas.name = "Islamic Resistance Movement"
    hamas.save()
    hamas.aliases.create(name="Hamas")
    negotiation_reference_load(entries=ENTRIES[:1])
    assert ("party", "Islamic Resistance Movement") in roles(Negotiation.objects.get(slug="israel-hamas"))


def test_the_command_loads_the_whole_reference_after_the_gazetteer():
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("load_gazetteers", stdout=out, stderr=err)
    entries = json.loads(REFERENCE_FILE.read_text())["negotiations"]
    assert f"reference negotiations created: {len(entries)}" in out.getvalue()
    assert err.getvalue() == ""  # every party and mediator named in the reference is a gazetteer actor
    assert Negotiation.objects.filter(source=NegotiationSource.REFERENCE).count() == len(entries)
    sudan = Negotiation.objects.get(slug="sudan-saf-rsf")
    assert ("party", "Rapid Support Forces") in roles(sudan)
    assert "Saudi Arabia" in usual(sudan)
    assert ("mediator", "Saudi Arabia") not in roles(sudan)
    assert negotiation_reference_load().unchanged == len(entries)


def test_reference_rows_need_the_gazetteer_actors():
    gazetteer_load()
    assert negotiation_reference_load().missing_actors == ()


def test_the_migration_moves_the_loaders_mediator_participations_to_usual_mediators(actors):
    import importlib

    migration = importlib.import_module("negotiations.migrations.0006_reference_usual_mediators")
    negotiation_reference_load(entries=ENTRIES)
    gaza = Negotiation.objects.get(slug="israel-hamas")
    # As the loader wrote them before usual mediators existed: Qatar and Egypt as participations, one of
    # them since reviewed by a curator.
    gaza.usual_mediators.clear()
    for name in ("Qatar", "Egypt"):
        row = Participation(
            negotiation=gaza, actor=actors[name], role=Role.MEDIATOR, review_status=ReviewStatus.REVIEWED
        )
        row._change_reason = "negotiation_reference_load"
        row.save()
    curator = get_user_model().objects.create_user("curator", password="x")
    egypt = Participation.objects.get(negotiation=gaza, actor=actors["Egypt"])
    egypt.since = datetime.date(2023, 11, 1)
    egypt._history_user = curator
    egypt.save()

    migration.move_reference_mediators(None, None)

    assert usual(gaza) == ["Qatar"]
    assert roles(gaza) == [("mediator", "Egypt"), ("party", "Hamas"), ("party", "Israel")]
