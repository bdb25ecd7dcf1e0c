import json

import pytest
from django.core.management.base import CommandError

from negotiations.models import Actor, Negotiation
from tests.bulk.conftest import DATA
from tests.bulk.helpers import write_jsonl


@pytest.mark.django_db
def test_it_writes_nothing_in_strict_mode_when_any_line_is_bad(run_command):
    with pytest.raises(CommandError, match="--strict: rejected lines found, nothing written"):
        run_command("import_events", str(DATA / "mixed.jsonl"), "--strict", "--batch-size", "2")

    assert Actor.objects.count() == 0 and Negotiation.objects.count() == 0


@pytest.mark.django_db
def test_it_imports_everything_in_strict_mode_when_all_lines_are_good(run_command, tmp_path):
    good = [json.loads(line) for line in (DATA / "mixed.jsonl").read_text().splitlines()[:11]]

    out, err = run_command("import_events", str(write_jsonl(tmp_path / "good.jsonl", good)), "--strict")

    assert "read 11, imported 11 (created 11, updated 0), unchanged 0, duplicates 0, rejected 0" in out
    assert Actor.objects.count() == 3
