"""import_reports reads every supported file in a folder (.jsonl and .csv too) and names what it skipped;
import_events exits non-zero when --strict found a rejected line or when nothing could be imported."""

import json

import pytest
from django.core.management.base import CommandError

from events.models import Report
from events.services import queue
from negotiations.models import Negotiation
from tests.bulk.helpers import write_jsonl

TEXT = "Delegations met in Muscat on Sunday and agreed to a second round of talks, the mediators said."


@pytest.fixture
def enqueued(monkeypatch):
    ids = []
    monkeypatch.setattr(queue, "report_enqueue", lambda *, report_id: ids.append(report_id) or True)
    return ids


@pytest.mark.django_db
def test_it_reads_jsonl_and_csv_files_in_a_folder_and_names_what_it_skipped(run_command, tmp_path, enqueued):
    folder = tmp_path / "archive"
    (folder / "more").mkdir(parents=True)
    write_jsonl(
        folder / "wire.jsonl",
        [
            {"url": "https://news.example.org/one", "text": TEXT},
            {"url": "https://news.example.org/two", "text": TEXT.replace("Sunday", "Monday") + " More soon."},
        ],
    )
    (folder / "more" / "sheet.csv").write_text(
        'url,outlet,text\nhttps://news.example.org/three,Sheet,"Talks in Geneva ended without a date for the next."\n',
        encoding="utf-8",
    )
    (folder / "story.txt").write_text("Envoys met in Oslo on Friday to discuss the prisoner exchange.")
    (folder / "notes.md").write_text("# not a report", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "README").write_text("what this folder holds", encoding="utf-8")

    out, err = run_command("import_reports", str(folder))

    assert "read 4, imported 4 (created 4, updated 0), unchanged 0, duplicates 0, rejected 0" in out, err
    assert out.strip().endswith("skipped files 3")
    assert set(Report.objects.values_list("canonical_url", flat=True)) >= {
        "https://news.example.org/one",
        "https://news.example.org/two",
        "https://news.example.org/three",
    }
    supported = "(supported: .txt, .html, .htm, .json, .jsonl, .ndjson, .csv)"
    assert f"{folder / 'notes.md'}: skipped: .md files are not read {supported}" in err
    assert f"{folder / 'scan.pdf'}: skipped: .pdf files are not read {supported}" in err
    assert f"{folder / 'README'}: skipped: files without an extension are not read {supported}" in err


@pytest.mark.django_db
def test_it_reads_a_json_lines_file_named_json_in_a_folder(run_command, tmp_path, enqueued):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "dump.json").write_text(
        "".join(
            json.dumps({"url": f"https://news.example.org/{n}", "text": f"{TEXT} Part {n}."}) + "\n" for n in (1, 2)
        ),
        encoding="utf-8",
    )

    out, _ = run_command("import_reports", str(folder))

    assert "read 2, imported 2" in out and "skipped" not in out


@pytest.mark.django_db
def test_it_exits_non_zero_with_strict_when_a_line_was_rejected_even_in_a_dry_run(run_command, tmp_path):
    path = write_jsonl(
        tmp_path / "events.jsonl",
        [
            {"type": "negotiation", "slug": "good", "title": "Good talks"},
            {
                "type": "negotiation",
                "slug": "bad",
                "title": "Bad dates",
                "started_on": "2024-05-01",
                "ended_on": "2024-04-01",
            },
        ],
    )

    with pytest.raises(CommandError, match="--strict: 1 rejected lines found"):
        run_command("import_events", str(path), "--strict", "--dry-run")

    assert not Negotiation.objects.exists()


@pytest.mark.django_db
def test_it_exits_non_zero_when_every_line_was_rejected(run_command, tmp_path):
    path = write_jsonl(
        tmp_path / "events.jsonl",
        [
            {"type": "negotiation", "slug": "a", "title": "A", "started_on": "2024-05-01", "ended_on": "2024-04-01"},
            {"type": "spaceship", "slug": "x"},
        ],
    )

    with pytest.raises(CommandError, match="nothing imported: all 2 lines were rejected"):
        run_command("import_events", str(path))


@pytest.mark.django_db
def test_it_exits_non_zero_for_a_file_without_records(run_command, tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")

    with pytest.raises(CommandError, match="no records to import"):
        run_command("import_events", str(path))


@pytest.mark.django_db
def test_it_exits_zero_when_some_lines_were_imported(run_command, tmp_path):
    path = write_jsonl(
        tmp_path / "events.jsonl",
        [
            {"type": "negotiation", "slug": "good", "title": "Good talks"},
            {"type": "negotiation", "slug": "a", "title": "A", "started_on": "2024-05-01", "ended_on": "2024-04-01"},
        ],
    )

    out, _ = run_command("import_events", str(path))

    assert "read 2, imported 1 (created 1, updated 0), unchanged 0, duplicates 0, rejected 1" in out
