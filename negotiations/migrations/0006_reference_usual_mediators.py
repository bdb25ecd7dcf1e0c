"""Reference mediators move from Participation rows to Negotiation.usual_mediators, then the reference
data is loaded (it was loaded by 0004 before usual_mediators existed; see its docstring).

A reference process's usual mediators used to be written as mediator participations, so every record
listed every past mediator of its process, whatever its reports said. A mediator participation that
the reference loader wrote and nobody touched since (its history holds only the loader's rows, none
with a user) becomes a usual mediator; one a curator edited stays a participation.
"""

from django.db import migrations

LOADER = "negotiation_reference_load"


def move_reference_mediators(apps, schema_editor):
    from negotiations.models import Negotiation, NegotiationSource, Participation, Role

    rows = Participation.objects.filter(role=Role.MEDIATOR, negotiation__source=NegotiationSource.REFERENCE)
    for participation in rows.select_related("negotiation"):
        history = list(
            Participation.history.filter(id=participation.pk).values_list("history_user_id", "history_change_reason")
        )
        if not history or any(user is not None or reason != LOADER for user, reason in history):
            continue
        negotiation: Negotiation = participation.negotiation
        negotiation.usual_mediators.add(participation.actor_id)
        participation._change_reason = LOADER
        participation.delete()


def load_reference_data(apps, schema_editor):
    from negotiations.services.gazetteer import gazetteer_load
    from negotiations.services.reference import negotiation_reference_load

    gazetteer_load()
    negotiation_reference_load()


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0005_negotiation_usual_mediators"),
    ]

    operations = [
        migrations.RunPython(move_reference_mediators, migrations.RunPython.noop),
        # Reversing leaves the rows: curators may have edited and linked them since.
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
    ]
