"""Reference data: the general gazetteers (states, organisations, offices) as actors and aliases, and the
reference peace processes (events/gazetteers/negotiations.json) with their parties, mediators and names.

A database that was only migrated must be a working one: without these rows the pipeline recognises
no state or organisation and every report would end with no facts. The load is the one
`manage.py load_gazetteers` runs (negotiations.services.gazetteer.gazetteer_load), idempotent and
curator-safe, so rerunning it (the command after editing events/gazetteers/, the test suite after a
transactional test emptied the tables) adds only what is missing.

It runs the service on the current models, not on this migration's historical ones: the load needs
normalize_name and the change-history rows that only the real models provide. So a later schema change
to Actor, ActorAlias, Negotiation, NegotiationAlias, Participation or their history models must keep a
fresh database's migrate working: turn this operation into a no-op and run the load again in a migration
after that change. Negotiation.usual_mediators (0005) was such a change: the load now runs in 0006.
"""

from django.db import migrations


def load_reference_data(apps, schema_editor):
    # A no-op since 0006 loads the same data on the models that have usual_mediators; a database that
    # already ran this keeps its rows and 0006 completes them.
    return


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0003_unaccent"),
    ]

    operations = [
        # Reversing leaves the rows: curators may have edited and linked them since.
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
    ]
