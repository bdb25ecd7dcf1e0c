import json

import pytest

from events.models import Statement
from negotiations.models import Actor, Negotiation
from tests.bulk.conftest import DATA
from tests.bulk.helpers import snapshot, write_jsonl


@pytest.mark.django_db
def test_it_changes_nothing_when_the_same_file_is_imported_again(run_command):
    run_command("import_events", str(DATA / "mixed.jsonl"))
    before = snapshot()
    history_before = Statement.history.count() + Actor.history.count()
    assert (Statement.history.count(), Actor.history.count()) == (1, 3)  # one "+" row per created row

    out, _ = run_command("import_events", str(DATA / "mixed.jsonl"))

    assert "read 19, imported 0 (created 0, updated 0), unchanged 11, duplicates 0, rejected 8" in out
    assert snapshot() == before
    assert Statement.history.count() + Actor.history.count() == history_before


@pytest.mark.django_db
def test_it_updates_the_changed_record_in_place_and_records_the_change(run_command, tmp_path):
    lines = [json.loads(line) for line in (DATA / "mixed.jsonl").read_text().splitlines()[:11]]
    run_command("import_events", str(write_jsonl(tmp_path / "a.jsonl", lines)))
    lines[3]["ended_on"] = "2025-01-19"
    lines[3]["status"] = "agreement_reached"

    out, _ = run_command("import_events", str(write_jsonl(tmp_path / "b.jsonl", lines)))

    assert "imported 1 (created 0, updated 1), unchanged 10" in out
    negotiation = Negotiation.objects.get()
    assert (str(negotiation.ended_on), negotiation.status) == ("2025-01-19", "agreement_reached")
    assert list(negotiation.history.order_by("history_id").values_list("history_type", "history_change_reason")) == [
        ("+", "bulk import"),
        ("~", "bulk import"),
    ]
    # The history rows hold the row as it was at each step.
    first, second = negotiation.history.order_by("history_id")
    assert (first.status, first.ended_on, first.slug, first.id) == ("active", None, "gaza-ceasefire", negotiation.id)
    assert (second.status, str(second.ended_on)) == ("agreement_reached", "2025-01-19")
    assert negotiation.history.first().history_user_id is None


@pytest.mark.django_db
def test_it_keeps_stored_values_for_fields_a_record_leaves_out(run_command, tmp_path):
    run_command(
        "import_events",
        str(
            write_jsonl(
                tmp_path / "a.jsonl",
                [
                    {
                        "type": "negotiation",
                        "slug": "n",
                        "title": "N",
                        "started_on": "2024-05-01",
                        "topic": "prisoners",
                    },
                ],
            )
        ),
    )

    out, err = run_command(
        "import_events",
        str(
            write_jsonl(
                tmp_path / "b.jsonl",
                [
                    {"type": "negotiation", "slug": "n", "ended_on": "2024-04-01"},
                    {"type": "negotiation", "slug": "n", "summary": "Talks resumed."},
                ],
            )
        ),
        "--batch-size",
        "1",
    )

    # The first update is checked against the stored start date, so the dates would be out of order.
    assert "line 1: rejected: started_on: Constraint “negotiation_starts_before_it_ends” is violated." in err
    assert "imported 1 (created 0, updated 1)" in out
    negotiation = Negotiation.objects.get()
    assert (negotiation.topic, negotiation.summary, negotiation.ended_on) == ("prisoners", "Talks resumed.", None)
