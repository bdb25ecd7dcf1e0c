import pytest
from rest_framework.test import APIClient

# How many actors and aliases the migrations left in the test database, before the suite emptied them
# (tests/project/test_reference_data.py checks that a migrated-only database holds the gazetteers).
MIGRATED_REFERENCE_ROWS: dict[str, int] = {}


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture(scope="session", autouse=True)
def _static_files_uncollected():
    """Pages render without collectstatic: production's manifest storage would refuse every {% static %}
    with no manifest. tests/project/test_static_files.py collects and serves with the real one."""
    from django.test import override_settings

    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrations leave it, less the reference data they load
    (negotiations/migrations/0004_load_reference_data): the suite's tests build their own actors and
    negotiations, and load the gazetteers (gazetteer_load, idempotent) when they need them."""
    from negotiations.models import Actor, ActorAlias, Negotiation

    with django_db_blocker.unblock():
        MIGRATED_REFERENCE_ROWS.update(
            actors=Actor.objects.count(), aliases=ActorAlias.objects.count(), negotiations=Negotiation.objects.count()
        )
        reference_data_delete()


@pytest.fixture
def reference_data(db):
    """The general gazetteers as the migrations load them: the pipeline refuses to run without them."""
    from negotiations.services.gazetteer import gazetteer_load

    gazetteer_load()


def reference_data_delete() -> None:
    """As if never loaded: the reference negotiations, the actors, their aliases, and the history rows and
    tombstones deleting them writes."""
    from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Tombstone

    # The reference negotiations first: their participations point at the actors.
    Negotiation.objects.all().delete()
    Negotiation.history.all().delete()
    Participation.history.all().delete()
    ActorAlias.objects.all().delete()
    Actor.objects.all().delete()
    Actor.history.all().delete()
    Tombstone.objects.all().delete()  # only these deletes wrote any, right after migrating
