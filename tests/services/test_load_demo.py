import pytest
from django.core.management import CommandError, call_command

from events.models import Evidence, Meeting, Report, Statement
from negotiations.models import Actor, ActorAlias, Negotiation, Participation, Person

pytestmark = pytest.mark.django_db

MODELS = (Actor, ActorAlias, Person, Negotiation, Participation, Report, Statement, Meeting, Evidence)


def test_it_ingests_the_seed_through_the_pipeline_and_creates_nothing_the_second_time(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    after_first = [m.objects.count() for m in MODELS]
    call_command("load_demo")
    second = capsys.readouterr().out
    assert [m.objects.count() for m in MODELS] == after_first
    report = Report.objects.get()
    assert report.status == Report.Status.PROCESSED
    assert Statement.objects.filter(kind="direct").count() == 9
    assert Meeting.objects.count() == 2
    assert f"report {report.id} ingested: processed" in first
    assert f"report {report.id} already there: processed" in second
    assert "gazetteers: 0 actors and 0 aliases created" in second


def test_it_refuses_a_missing_file():
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_demo", "/nonexistent/report.json")
