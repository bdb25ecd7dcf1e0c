"""The unaccent extension behind the admin's accent-insensitive search (negotiations/admin/search.py).

CreateExtension does nothing on SQLite, the embedded default, which folds accents in Python instead.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0002_negotiation_reference")]

    operations = [UnaccentExtension()]
