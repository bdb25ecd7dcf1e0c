import subprocess
import sys

import pytest

from negotiations.models import Actor, Person
from tests.bulk.helpers import write_jsonl
from tests.bulk.test_import_events_interrupted import ROOT, _subprocess_env


@pytest.mark.django_db(transaction=True)
def test_it_imports_the_same_file_from_two_processes_at_once_without_duplicates_or_errors(tmp_path):
    records = [{"type": "actor", "name": f"Actor {i}", "kind": "state"} for i in range(1500)]
    records += [
        {"type": "person", "uid": f"p{i}", "name": f"Person {i}", "affiliation": f"Actor {i}"} for i in range(1500)
    ]
    path = write_jsonl(tmp_path / "r.jsonl", records)
    command = [sys.executable, "manage.py", "import_events", str(path), "--batch-size", "100"]

    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=_subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in processes]

    for out, err, code in results:
        assert code == 0, err
        assert "rejected 0" in out and "duplicates 0" in out, (out, err)
    assert Actor.objects.count() == 1500 and Person.objects.count() == 1500
