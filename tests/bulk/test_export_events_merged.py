import io
import json

import pytest
from django.core.management import call_command

from negotiations.models import Role
from tests.factories import ActorFactory, NegotiationFactory, ParticipationFactory, PersonFactory, StatementFactory


@pytest.mark.django_db
def test_it_leaves_merged_rows_out_and_names_the_row_they_were_merged_into():
    survivor = ActorFactory(name="Türkiye", iso_code="TR")
    merged = ActorFactory(name="Turkey", merged_into=survivor)
    talks = NegotiationFactory(slug="talks")
    ParticipationFactory(negotiation=talks, actor=merged, role=Role.MEDIATOR)
    person = PersonFactory(name="Hakan Fidan", affiliation=survivor)
    copy = PersonFactory(name="H. Fidan", affiliation=merged, merged_into=person)
    StatementFactory(negotiation=talks, speaker_person=copy, text="We are ready to host the talks.")
    out = io.StringIO()

    call_command("export_events", "--negotiation", "talks", stdout=out, stderr=io.StringIO())

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["name"] for r in records if r["type"] == "actor"] == ["Türkiye"]
    assert [r["actor"] for r in records if r["type"] == "participation"] == ["Türkiye"]
    assert [r["name"] for r in records if r["type"] == "person"] == ["Hakan Fidan"]
    assert [r["speaker_person"] for r in records if r["type"] == "statement"] == [str(person.uid)]
