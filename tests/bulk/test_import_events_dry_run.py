import pytest

from events.models import Evidence, Statement
from negotiations.models import Actor
from tests.bulk.conftest import DATA


@pytest.mark.django_db
def test_it_validates_and_counts_like_a_real_run_but_writes_nothing(run_command, tmp_path):
    rejects = tmp_path / "rejects.jsonl"

    out, err = run_command(
        "import_events", str(DATA / "mixed.jsonl"), "--dry-run", "--batch-size", "3", "--rejects", str(rejects)
    )

    # References across batches (the statement's person was in an earlier batch) resolve in a dry run too.
    assert out.startswith(
        "dry run: read 19, imported 11 (created 11, updated 0), unchanged 0, duplicates 0, rejected 8"
    )
    assert "line 12: rejected: date_from" in err
    assert len(rejects.read_text().splitlines()) == 8
    assert (Actor.objects.count(), Statement.objects.count(), Evidence.objects.count()) == (0, 0, 0)
    assert Actor.history.count() == 0
