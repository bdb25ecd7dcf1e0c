import pytest

from events.models import Statement
from negotiations.models import Actor
from tests.bulk.helpers import write_jsonl

BASE = [
    {"type": "actor", "name": "Qatar", "kind": "state", "iso_code": "QA"},
    {"type": "negotiation", "slug": "n", "title": "N"},
    {"type": "person", "uid": "p", "name": "A Speaker"},
]


@pytest.mark.django_db
def test_it_counts_the_same_record_twice_and_the_same_words_under_another_uid_as_duplicates(run_command, tmp_path):
    run_command(
        "import_events",
        str(
            write_jsonl(
                tmp_path / "a.jsonl",
                BASE
                + [
                    {
                        "type": "statement",
                        "uid": "s1",
                        "negotiation": "n",
                        "speaker_person": "p",
                        "text": "We want peace.",
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
                    # The same words by the same speaker (quotes and case folded): the model's unique rule.
                    {
                        "type": "statement",
                        "uid": "s2",
                        "negotiation": "n",
                        "speaker_person": "p",
                        "text": "“we want peace”",
                    },
                    {"type": "statement", "uid": "s3", "negotiation": "n", "speaker_person": "p", "text": "Not yet."},
                    {"type": "statement", "uid": "s4", "negotiation": "n", "speaker_person": "p", "text": "not yet"},
                    {"type": "actor", "name": "QATAR", "kind": "state"},
                    {"type": "actor", "name": "Qatar", "kind": "state"},
                    {"type": "actor", "name": "Doha Emirate", "kind": "state", "iso_code": "qa"},
                ],
            )
        ),
    )

    assert "read 6, imported 2 (created 1, updated 1), unchanged 0, duplicates 4, rejected 0" in out
    assert "line 1: duplicate: text_key: same as stored statement" in err
    assert "line 3: duplicate: text_key: same as line 2 (statement_unique_person_text)" in err
    assert "line 5: duplicate: __key__: repeats the record of line 4" in err
    assert "line 6: duplicate: iso_code: same as line 4 (actor_unique_live_iso_code)" in err
    assert sorted(Statement.objects.values_list("text", flat=True)) == ["Not yet.", "We want peace."]
    # "QATAR" names the stored Qatar (names are folded) and renames it.
    assert list(Actor.objects.values_list("name", flat=True)) == ["QATAR"]
