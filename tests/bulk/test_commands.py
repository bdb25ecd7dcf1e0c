import pytest
from django.core.management.base import CommandError

from tests.bulk.helpers import write_jsonl


@pytest.mark.django_db
def test_it_refuses_bad_arguments_with_a_message(run_command, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_command("import_events", str(tmp_path / "missing.jsonl"))
    with pytest.raises(CommandError, match="no such file or folder"):
        run_command("import_reports", str(tmp_path / "missing.jsonl"))
    with pytest.raises(CommandError, match="cannot tell the format"):
        run_command("import_events", str(write_jsonl(tmp_path / "records.txt", [])))
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        run_command("import_events", str(write_jsonl(tmp_path / "r.jsonl", [])), "--batch-size", "0")
    with pytest.raises(CommandError, match=r"not a date \(YYYY-MM-DD\): 'last week'"):
        run_command("export_events", "--since", "last week")


@pytest.mark.django_db
def test_it_prints_plain_progress_lines_off_a_terminal(run_command, tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", [{"type": "actor", "name": f"A{i}", "kind": "state"} for i in range(25)])

    out, err = run_command("import_events", str(path), "--progress-every", "10", "--batch-size", "5")

    assert [line.split(",")[0] for line in err.splitlines()] == ["progress: 10 records", "progress: 20 records"]
    assert out.strip() == "read 25, imported 25 (created 25, updated 0), unchanged 0, duplicates 0, rejected 0"
