from io import StringIO

import pytest
from django.core.management import call_command

from events.pipeline.gazetteer import default_gazetteer
from negotiations.models import Actor

pytestmark = pytest.mark.django_db


def test_it_loads_the_gazetteers_and_reports_counts():
    out = StringIO()
    call_command("load_gazetteers", stdout=out)
    assert Actor.objects.count() == len(default_gazetteer().actors)
    assert f"actors created: {len(default_gazetteer().actors)}" in out.getvalue()

    again = StringIO()
    call_command("load_gazetteers", stdout=again)
    assert "actors created: 0" in again.getvalue()
    assert "aliases added: 0" in again.getvalue()
