"""Indexes behind the API's hot lists: keyset pages (every database) and ?q= text search (PostgreSQL only).

Keyset: one btree per list ordering, (column, id), so a cursor page is a range scan that starts at the
cursor and a first page reads 50 index entries. PostgreSQL scans them backwards for the descending
orderings (said_on, date_from and published_at descending, NULL first, then id descending).

Search: ?q= is icontains, which Django writes as UPPER(column::text) LIKE UPPER('%term%'); a pg_trgm GIN
index on that same expression answers it without reading the table. SQLite has no pg_trgm: it keeps
scanning, which is fine at its sizes.

Written as SQL rather than Meta.indexes: the person and actor tables belong to the negotiations app, and
the trigram indexes exist on PostgreSQL only, so the models' state is left as it is.
"""

from django.db import migrations

KEYSET_INDEXES = [
    ("statement_said_on_id", "events_statement", "said_on, id"),
    ("meeting_date_from_id", "events_meeting", "date_from, id"),
    ("report_published_at_id", "events_report", "published_at, id"),
    ("person_name_id", "negotiations_person", "name, id"),
    ("actor_name_id", "negotiations_actor", "name, id"),
    # A negotiation's timeline: its statements and meetings in date order, each part a range scan.
    ("statement_negotiation_said_on_id", "events_statement", "negotiation_id, said_on, id"),
    ("meeting_negotiation_date_from_id", "events_meeting", "negotiation_id, date_from, id"),
]

# The columns each list's ?q= reads (the views' search_fields).
TRIGRAM_INDEXES = [
    ("statement_text_trgm", "events_statement", "text"),
    ("statement_speaker_title_trgm", "events_statement", "speaker_title"),
    ("meeting_summary_trgm", "events_meeting", "summary"),
    ("meeting_place_name_trgm", "events_meeting", "place_name"),
    ("report_title_trgm", "events_report", "title"),
    ("report_outlet_trgm", "events_report", "outlet"),
    ("report_url_trgm", "events_report", "url"),
    ("person_name_trgm", "negotiations_person", "name"),
    ("person_title_trgm", "negotiations_person", "title"),
    ("person_alias_name_trgm", "negotiations_personalias", "name"),
    ("actor_name_trgm", "negotiations_actor", "name"),
    ("actor_alias_name_trgm", "negotiations_actoralias", "name"),
]


def indexes_create(apps, schema_editor):
    for name, table, columns in KEYSET_INDEXES:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)")


def indexes_drop(apps, schema_editor):
    names = [name for name, _table, _columns in KEYSET_INDEXES]
    if schema_editor.connection.vendor == "postgresql":
        names += [name for name, _table, _column in TRIGRAM_INDEXES]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_unassigned_facts"),
        ("negotiations", "0001_initial"),
    ]

    operations = [migrations.RunPython(indexes_create, indexes_drop)]
