import datetime as dt
import io

import pytest
from django.core.management import call_command

from events.models import Evidence, Meeting, MeetingParticipant, Statement
from negotiations.models import ActorAlias, ActorKind, PersonAlias, Role
from tests.bulk.helpers import snapshot, wipe
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    MeetingFactory,
    NegotiationFactory,
    ParticipationFactory,
    PersonFactory,
    ReportFactory,
    StatementFactory,
)


def build_varied_records():
    """Every record type, nulls and blanks, non-ASCII, commas, quotes and newlines in text."""
    qatar = ActorFactory(name="Qatar", iso_code="QA", description='Mediator, "neutral"')
    hamas = ActorFactory(name="Hamas", kind=ActorKind.ARMED_GROUP, review_status="auto")
    turkey = ActorFactory(name="Türkiye", iso_code="TR")
    ActorAlias.objects.create(actor=turkey, name="Turkey")
    talks = NegotiationFactory(
        title="Gaza cease-fire",
        slug="gaza",
        started_on=dt.date(2024, 1, 5),
        ended_on=dt.date(2025, 1, 19),
        status="agreement_reached",
        status_changed_at=dt.datetime(2025, 1, 15, 20, 30, tzinfo=dt.timezone.utc),
        summary="Line one\nline two, with a comma",
    )
    other = NegotiationFactory(title="Other talks", slug="other")
    ParticipationFactory(negotiation=talks, actor=qatar, role=Role.MEDIATOR, since=dt.date(2024, 1, 5))
    ParticipationFactory(negotiation=talks, actor=hamas, role=Role.PARTY)
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan", affiliation=turkey, title="President")
    PersonAlias.objects.create(person=erdogan, name="Erdogan")
    nobody = PersonFactory(name="Unaffiliated Envoy", affiliation=None, title="")
    meeting = MeetingFactory(negotiation=talks, place_country=qatar, kind=Meeting.Kind.TALKS, summary="")
    MeetingParticipant.objects.create(meeting=meeting, person=erdogan)
    meeting.actors.add(hamas)
    MeetingFactory(negotiation=other, date_from=None, date_to=None, place_name="", date_precision="month")
    said = StatementFactory(negotiation=talks, speaker_person=erdogan, text="“We will not accept this,” he said.")
    StatementFactory(
        negotiation=talks,
        speaker_person=None,
        speaker_actor=hamas,
        said_on=None,
        kind="reported",
        text="Hamas said it had handed over its response",
        setting="statement on Telegram",
    )
    StatementFactory(negotiation=other, speaker_person=nobody)
    report = ReportFactory(
        url="https://news.example.org/x?utm_source=a",
        canonical_url="https://news.example.org/x",
        published_at=dt.datetime(2025, 1, 15, 8, tzinfo=dt.timezone.utc),
        language="en",
    )
    EvidenceFactory(report=report, statement=said, char_start=4, char_end=40, sentence="We will not accept this.")
    EvidenceFactory(report=report, meeting=meeting, char_start=None, char_end=None, sentence="")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_it_gives_back_the_same_records_after_export_and_import_into_an_empty_database(run_command, tmp_path, fmt):
    build_varied_records()
    before = snapshot()
    path = tmp_path / f"export.{fmt}"
    run_command("export_events", "--format", fmt, "--output", str(path))
    wipe()
    assert Statement.objects.count() == 0

    out, err = run_command("import_events", str(path))

    assert "rejected 0" in out and "duplicates 0" in out, err
    after = snapshot()
    for name in before:
        assert after[name] == before[name], name
    assert len(after["statement"]) == 3 and len(after["evidence"]) == 2 and len(after["meeting_actor"]) == 1
    # And a second export is the same file, byte for byte.
    again = tmp_path / f"again.{fmt}"
    run_command("export_events", "--format", fmt, "--output", str(again))
    assert again.read_text() == path.read_text()


@pytest.mark.django_db
def test_it_exports_one_negotiation_in_a_date_range_with_what_its_records_refer_to(run_command):
    build_varied_records()
    out = io.StringIO()

    call_command(
        "export_events",
        "--negotiation",
        "gaza",
        "--since",
        "2024-12-01",
        "--until",
        "2024-12-31",
        stdout=out,
        stderr=io.StringIO(),
    )

    import json

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    by_type = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    assert [n["slug"] for n in by_type["negotiation"]] == ["gaza"]
    assert [s["text"] for s in by_type["statement"]] == ["“We will not accept this,” he said."]  # undated one is out
    assert len(by_type["meeting"]) == 1
    assert sorted(a["name"] for a in by_type["actor"]) == ["Hamas", "Qatar", "Türkiye"]
    assert [p["name"] for p in by_type["person"]] == ["Recep Tayyip Erdoğan"]
    assert [s["canonical_url"] for s in by_type["source"]] == ["https://news.example.org/x"]
    assert len(by_type["evidence"]) == 2
    assert Evidence.objects.count() == 2
