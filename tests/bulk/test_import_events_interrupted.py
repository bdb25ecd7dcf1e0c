import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from events.bulk import importer
from events.bulk.importer import events_import
from events.models import Statement
from negotiations.models import Actor, Person
from tests.bulk.helpers import write_jsonl

ROOT = Path(__file__).resolve().parents[2]


def records(n_people: int) -> list[dict]:
    """Per person: the person, then two statements; one actor and negotiation first."""
    out = [{"type": "actor", "name": "Qatar", "kind": "state"}, {"type": "negotiation", "slug": "n", "title": "N"}]
    for i in range(n_people):
        out.append({"type": "person", "uid": f"p{i}", "name": f"Person {i}", "affiliation": "Qatar"})
        out.append(
            {"type": "statement", "uid": f"s{i}a", "negotiation": "n", "speaker_person": f"p{i}", "text": f"A {i}"}
        )
        out.append(
            {"type": "statement", "uid": f"s{i}b", "negotiation": "n", "speaker_person": f"p{i}", "text": f"B {i}"}
        )
    return out


@pytest.mark.django_db
def test_it_leaves_no_half_written_batch_when_interrupted_and_a_rerun_completes(tmp_path, monkeypatch):
    lines = records(100)
    path = write_jsonl(tmp_path / "r.jsonl", lines)  # 302 lines, 7 batches of 50
    real_write = importer._write
    calls = []

    def write_then_die(rtype, rows, result):
        real_write(rtype, rows, result)
        calls.append(rtype.name)
        # In the middle of batch 3: its people are written, its statements not yet.
        if rtype.name == "person" and calls.count("person") == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(importer, "_write", write_then_die)
    first = events_import(path=path, batch_size=50)

    assert first.interrupted and first.read == 100 and first.batches == 2
    # Exactly the first two batches; batch 3's people were rolled back with it.
    committed = lines[:100]
    assert set(Person.objects.values_list("name", flat=True)) == {r["name"] for r in committed if r["type"] == "person"}
    assert Statement.objects.count() == sum(r["type"] == "statement" for r in committed)

    monkeypatch.setattr(importer, "_write", real_write)
    second = events_import(path=path, batch_size=50)

    assert (second.read, second.created, second.unchanged, second.rejected) == (302, 202, 100, 0)
    assert Person.objects.count() == 100 and Statement.objects.count() == 200 and Actor.objects.count() == 1


def _subprocess_env() -> dict:
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    return {**os.environ, "DATABASE_URL": url, "CELERY_TASK_ALWAYS_EAGER": "true"}


def _start_and_wait_for_a_commit(path: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_events", str(path), "--batch-size", "300"],
        cwd=ROOT,
        env=_subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while Statement.objects.count() == 0:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return process


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_it_keeps_whole_batches_when_the_command_is_killed_and_a_rerun_completes(tmp_path, sig):
    lines = records(4000)  # 12002 lines: far more than is imported before the signal arrives
    path = write_jsonl(tmp_path / "big.jsonl", lines)

    process = _start_and_wait_for_a_commit(path)
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)

    written = Actor.objects.count() + Person.objects.count() + Statement.objects.count() + 1  # + the negotiation
    assert 0 < written < len(lines)
    assert written % 300 == 0  # whole batches only: the one in flight left nothing behind (or, on Ctrl-C, completed)
    if sig == signal.SIGINT:
        assert process.returncode == 130
        assert "interrupted" in err and f"read {written}, imported {written}" in out

    summary = events_import(path=path, batch_size=300)

    assert (summary.created, summary.unchanged, summary.rejected) == (len(lines) - written, written, 0)
    assert Person.objects.count() == 4000 and Statement.objects.count() == 8000
