import pytest

from events.bulk import importer
from negotiations.models import Negotiation
from tests.bulk.helpers import write_jsonl


@pytest.mark.django_db
def test_it_rejects_values_of_the_wrong_shape_with_the_field_named(run_command, tmp_path):
    path = write_jsonl(
        tmp_path / "odd.jsonl",
        [
            {"type": "negotiation", "slug": "a", "title": "A", "started_on": ["2024-01-01"]},
            {"type": "negotiation", "slug": "b", "title": "B", "started_on": 20240101},
            {"type": "negotiation", "slug": "c", "title": "C" * 301},
            {"type": "participation", "negotiation": {"slug": "a"}, "actor": "X", "role": "party"},
            {"type": "evidence", "report": "https://x.example/1", "statement": "s", "char_start": -1},
            {"type": ["actor"], "name": "Y"},
            {"type": "negotiation", "slug": "d", "title": "D", "started_on": "2024-01-01T00:00:00"},
        ],
    )

    out, err = run_command("import_events", str(path))

    assert "read 7, imported 1 (created 1, updated 0), unchanged 0, duplicates 0, rejected 6" in out
    lines = err.splitlines()
    assert lines[0] == "line 1: rejected: started_on: must be a single value, not a list or an object"
    assert lines[1] == "line 3: rejected: title: Ensure this value has at most 300 characters (it has 301)."
    assert lines[2] == (
        "line 4: rejected: negotiation: must name one negotiation, not a list or an object; actor: unknown actor 'X'"
    )
    assert lines[3].startswith("line 5: rejected: report: unknown source 'https://x.example/1'")
    assert "char_start: Ensure this value is greater than or equal to 0." in lines[3]
    assert lines[4].startswith("line 6: rejected: type: unknown record type ['actor']")
    assert lines[5] == (
        "line 7: rejected: started_on: “2024-01-01T00:00:00” value has an invalid date format. "
        "It must be in YYYY-MM-DD format."
    )
    # A number is read as text by the model's date parser, which takes the ISO basic form 20240101.
    assert str(Negotiation.objects.get().started_on) == "2024-01-01"


@pytest.mark.django_db
def test_it_rejects_only_the_line_the_database_refuses_when_a_batch_fails_there(run_command, tmp_path, monkeypatch):
    # A rule the bulk checks do not see (here: a check constraint skipped on purpose) fails the batch in
    # the database; the batch is redone line by line so that only that line is rejected.
    monkeypatch.setattr(importer.rules, "check_constraints", lambda obj: [])
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            {"type": "negotiation", "slug": "a", "title": "A"},
            {"type": "negotiation", "slug": "b", "title": "B", "started_on": "2024-05-01", "ended_on": "2024-04-01"},
            {"type": "negotiation", "slug": "c", "title": "C"},
        ],
    )

    out, err = run_command("import_events", str(path))

    assert "read 3, imported 2 (created 2, updated 0), unchanged 0, duplicates 0, rejected 1" in out
    assert err.startswith(
        'line 2: rejected: __all__: new row for relation "negotiations_negotiation" violates check '
        'constraint "negotiation_starts_before_it_ends"'
    )
    assert sorted(Negotiation.objects.values_list("slug", flat=True)) == ["a", "c"]


@pytest.mark.django_db
def test_it_rejects_the_line_the_database_refuses_in_a_batch_of_one(run_command, tmp_path, monkeypatch):
    monkeypatch.setattr(importer.rules, "check_constraints", lambda obj: [])
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            {"type": "negotiation", "slug": "b", "title": "B", "started_on": "2024-05-01", "ended_on": "2024-04-01"},
            # A good line too: an import where every line is rejected exits non-zero.
            {"type": "negotiation", "slug": "c", "title": "C", "started_on": "2024-05-01"},
        ],
    )

    out, err = run_command("import_events", str(path), "--batch-size", "1")

    assert "read 2, imported 1 (created 1, updated 0), unchanged 0, duplicates 0, rejected 1" in out
    assert "negotiation_starts_before_it_ends" in err
    assert list(Negotiation.objects.values_list("slug", flat=True)) == ["c"]
