"""A database that was only migrated is a working one: the migrations load the general gazetteers, and
the pipeline refuses to run on a database without them rather than ending every report with nothing."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from events.gazetteer import gazetteer_cache_clear
from events.models import Meeting, Report, Statement
from events.pipeline.gazetteer import default_gazetteer
from events.services.reports import REFERENCE_DATA_MISSING, report_process, report_submit
from negotiations.models import Actor, ActorAlias, Negotiation
from negotiations.services.reference import REFERENCE_FILE
from tests.conftest import MIGRATED_REFERENCE_ROWS, reference_data_delete

SEED = json.loads((Path(__file__).resolve().parents[1] / "data" / "seed" / "seed-report.json").read_text())

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_gazetteer_cache():
    gazetteer_cache_clear()
    yield
    gazetteer_cache_clear()


def reference_migration() -> tuple[str, str]:
    """The newest migration that loads the gazetteers, found by its operation (numbers and names change:
    an earlier loader becomes a no-op when the models it writes change, see 0004's docstring)."""
    loader = MigrationLoader(connection)
    loading = [
        key
        for key, migration in loader.disk_migrations.items()
        if any(getattr(op, "code", None) and op.code.__name__ == "load_reference_data" for op in migration.operations)
    ]
    return max(key for key in loading if key[0] == "negotiations")


def remigrate_reference_data() -> None:
    """Unapply the reference-data migration and apply it again: what `migrate` does on a new database."""
    app, name = reference_migration()
    previous = MigrationLoader(connection).graph.node_map[(app, name)].parents
    (parent,) = [p.key for p in previous if p.key[0] == app]
    call_command("migrate", app, parent[1], verbosity=0)
    call_command("migrate", app, name, verbosity=0)


def process_seed() -> Report:
    fields = {k: SEED[k] for k in ("url", "outlet", "title", "published_at", "text") if k in SEED}
    report, _ = report_submit(enqueue=False, **fields)
    return report_process(report_id=report.id)


def test_it_leaves_the_general_gazetteers_in_a_migrated_only_database():
    # Counted by tests/conftest.py right after the test database was migrated, before anything else ran.
    expected = default_gazetteer().actors
    assert MIGRATED_REFERENCE_ROWS["actors"] == len(expected)
    assert MIGRATED_REFERENCE_ROWS["aliases"] == sum(len(actor.aliases) for actor in expected)
    processes = json.loads(REFERENCE_FILE.read_text())["negotiations"]
    assert MIGRATED_REFERENCE_ROWS["negotiations"] == len(processes) > 20


def test_it_extracts_facts_from_the_seed_report_after_migrating_alone():
    assert not Actor.objects.exists()
    remigrate_reference_data()
    assert Actor.objects.get(iso_code="QA").name == "Qatar"

    assert Negotiation.objects.filter(source="reference").count() > 20
    report = process_seed()

    assert (report.status, report.failure_reason) == (Report.Status.PROCESSED, "")
    # The gold's nine direct quotes (tests/data/seed/seed-report.expected.json), and reported speech too.
    assert Statement.objects.count() >= 9
    assert Meeting.objects.count() == 2


def test_it_can_be_migrated_again_without_adding_anything():
    remigrate_reference_data()
    counts = (Actor.objects.count(), ActorAlias.objects.count(), Actor.history.count())

    remigrate_reference_data()

    assert (Actor.objects.count(), ActorAlias.objects.count(), Actor.history.count()) == counts


def test_it_fails_a_report_with_the_reason_when_the_gazetteer_was_emptied():
    remigrate_reference_data()
    reference_data_delete()

    report = process_seed()

    assert report.status == Report.Status.FAILED
    assert (
        report.failure_reason
        == REFERENCE_DATA_MISSING
        == ("reference data not loaded: run manage.py migrate / load_gazetteers")
    )
    assert not Statement.objects.exists() and not Meeting.objects.exists()
