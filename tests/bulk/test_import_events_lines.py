import json

import pytest

from events.models import Evidence, Meeting, MeetingParticipant, Report, Statement
from negotiations.models import Actor, Participation, Person
from tests.bulk.conftest import DATA


@pytest.mark.django_db
def test_it_imports_the_good_lines_and_names_line_field_and_reason_of_each_bad_one(run_command, tmp_path):
    rejects = tmp_path / "rejects.jsonl"

    out, err = run_command("import_events", str(DATA / "mixed.jsonl"), "--rejects", str(rejects))

    assert "read 19, imported 11 (created 11, updated 0), unchanged 0, duplicates 0, rejected 8" in out
    reported = {
        int(line.split(":")[0].removeprefix("line ")): line for line in err.splitlines() if line.startswith("line ")
    }
    assert sorted(reported) == [12, 13, 14, 15, 16, 17, 18, 19]
    assert "date_from: Constraint “meeting_dates_in_order” is violated" in reported[12]
    assert (
        "negotiation: unknown negotiation 'nope'" in reported[13] and "text: This field cannot be blank" in reported[13]
    )
    assert "line: invalid JSON" in reported[14]
    assert "kind: Value 'superpower' is not a valid choice" in reported[15]
    assert "uid: required" in reported[16]
    assert "type: unknown record type 'treaty'" in reported[17]
    assert "since: “2024-13-01” value has the correct format (YYYY-MM-DD) but it is an invalid date" in reported[18]
    assert "colour: unknown field for a actor record" in reported[19]

    written = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [w["line"] for w in written] == [12, 13, 14, 15, 16, 17, 18, 19]
    assert written[2]["original"] == "not json"
    assert written[0]["errors"] == [
        {"field": "date_from", "reason": "Constraint “meeting_dates_in_order” is violated."}
    ]
    assert json.loads(written[0]["original"])["uid"] == "m-2"

    assert sorted(Actor.objects.values_list("name", "iso_code")) == [("Hamas", ""), ("Israel", "IL"), ("Qatar", "QA")]
    assert Participation.objects.get().role == "mediator"
    person = Person.objects.get()
    assert (person.name, person.affiliation.name, person.normalized_name) == (
        "Mohammed bin Abdulrahman Al Thani",
        "Qatar",
        "mohammed bin abdulrahman al thani",
    )
    meeting = Meeting.objects.get()
    assert (meeting.place_country.name, str(meeting.date_to)) == ("Qatar", "2024-12-10")
    assert MeetingParticipant.objects.get().person == person
    statement = Statement.objects.get()
    assert statement.speaker_person == person and statement.text_key
    evidence = Evidence.objects.get()
    assert (evidence.statement, evidence.report.canonical_url) == (statement, "https://news.example.org/a")
    assert Report.objects.get().status == Report.Status.PROCESSED


@pytest.mark.django_db
def test_it_reads_csv_with_a_type_column_and_reports_csv_line_numbers(run_command, tmp_path):
    path = tmp_path / "records.csv"
    path.write_text(
        "type,name,kind,iso_code,slug,title,summary\n"
        "actor,Norway,state,no,,,\n"
        'negotiation,,,,oslo-talks,Oslo talks,"two lines\nof summary"\n'
        "actor,Sweden,country,,,,\n",
        encoding="utf-8",
    )

    out, err = run_command("import_events", str(path))

    assert "read 3, imported 2 (created 2, updated 0), unchanged 0, duplicates 0, rejected 1" in out
    # The quoted cell spans two physical lines, so the bad actor is on line 5.
    assert "line 5: rejected: kind: Value 'country' is not a valid choice." in err
    assert Actor.objects.get().iso_code == "NO"
    from negotiations.models import Negotiation

    assert Negotiation.objects.get().summary == "two lines\nof summary"


@pytest.mark.django_db
def test_it_reads_an_empty_cell_of_a_field_that_needs_a_value_as_absent(run_command, tmp_path):
    path = tmp_path / "records.csv"
    path.write_text(
        "type,name,kind,review_status,slug,title,status\n"
        "actor,Norway,,,,,\n"
        "negotiation,,,,oslo,Oslo talks,\n"
        "actor,,state,,,,\n",
        encoding="utf-8",
    )

    out, err = run_command("import_events", str(path))

    assert "read 3, imported 2 (created 2, updated 0), unchanged 0, duplicates 0, rejected 1" in out
    assert err.strip() == "line 4: rejected: name: This field cannot be blank."
    actor = Actor.objects.get()
    assert (actor.kind, actor.review_status) == ("other", "reviewed")  # the model's defaults
    from negotiations.models import Negotiation

    assert Negotiation.objects.get().status == "active"
