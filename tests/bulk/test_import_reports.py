import json
import shutil
from pathlib import Path

import pytest

from events.models import Report, Statement
from events.services import queue
from tests.bulk.helpers import write_jsonl

SEED = Path(__file__).resolve().parents[1] / "data" / "reports"
TEXT = "Mediators in Doha said on Monday that both delegations had accepted the framework for a cease-fire."


@pytest.fixture
def enqueued(monkeypatch):
    """Ids handed to the queue (after commit), instead of publishing to a broker."""
    ids = []
    monkeypatch.setattr(queue, "report_enqueue", lambda *, report_id: ids.append(report_id) or True)
    return ids


@pytest.mark.django_db
def test_it_submits_new_reports_enqueues_them_after_commit_and_reports_bad_lines(
    run_command, tmp_path, enqueued, django_capture_on_commit_callbacks
):
    path = write_jsonl(
        tmp_path / "reports.jsonl",
        [
            {
                "url": "https://news.example.org/a?utm_source=x",
                "outlet": "Example",
                "title": "A",
                "text": TEXT,
                "published_at": "2025-01-16",
            },
            {"url": "https://news.example.org/a", "text": "Another text entirely, under the same address."},
            {"url": "https://other.example.net/copy", "text": "  " + TEXT.upper()},  # the same words elsewhere
            {"url": "ftp://news.example.org/b", "text": TEXT},
            {"outlet": "No URL", "text": TEXT},
            {"url": "https://news.example.org/c"},
            {"url": "https://news.example.org/d", "text": "Talks resumed.", "published_at": "yesterday"},
            {"url": "https://news.example.org/e", "html": "<html><body><p>Talks resumed in Cairo.</p></body></html>"},
        ],
    )
    rejects = tmp_path / "rejects.jsonl"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        out, err = run_command("import_reports", str(path), "--rejects", str(rejects))

    assert "read 8, imported 3 (created 3, updated 0, stored as copies 1), unchanged 0, duplicates 1, rejected 4" in out
    assert f"{path}:2: duplicate: url: same report as {path}:1" in err
    assert f"{path}:3:" not in err  # the same words at another outlet's URL: another outlet's copy, stored
    assert f"{path}:4: rejected: url: url must start with http:// or https://" in err
    assert f"{path}:5: rejected: url: This field is required." in err
    assert f"{path}:6: rejected: text: text or html is required." in err
    assert f"{path}:7: rejected: published_at: published_at is not an ISO date: 'yesterday'" in err
    assert [json.loads(line)["where"] for line in rejects.read_text().splitlines()] == [
        f"{path}:{n}" for n in (2, 4, 5, 6, 7)
    ]
    reports = list(Report.objects.order_by("id"))
    assert [(r.canonical_url, r.status, r.outlet) for r in reports] == [
        ("https://news.example.org/a", "pending", "Example"),
        ("https://other.example.net/copy", "pending", ""),
        ("https://news.example.org/e", "pending", ""),
    ]
    assert len(callbacks) == 3 and enqueued == [r.id for r in reports]


@pytest.mark.django_db
def test_it_skips_every_known_report_when_run_again(
    run_command, tmp_path, enqueued, django_capture_on_commit_callbacks
):
    path = write_jsonl(
        tmp_path / "reports.jsonl",
        [{"url": f"https://news.example.org/{i}", "text": f"{TEXT} Report number {i}."} for i in range(5)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_command("import_reports", str(path), "--batch-size", "2")
    # Processed reports carry their fingerprint: the same text under a new URL is known as a copy.
    Report.objects.filter(canonical_url="https://news.example.org/0").update(
        status="processed",
        fingerprint=__import__("events.pipeline.normalize", fromlist=["x"]).text_fingerprint(
            f"{TEXT} Report number 0."
        ),
    )
    again = write_jsonl(
        tmp_path / "again.jsonl",
        [{"url": f"https://news.example.org/{i}", "text": f"{TEXT} Report number {i}."} for i in range(5)]
        + [{"url": "https://mirror.example.com/zero", "text": f"{TEXT} Report number 0."}],
    )

    with django_capture_on_commit_callbacks(execute=True):
        out, err = run_command("import_reports", str(again), "--batch-size", "2")

    assert "read 6, imported 1 (created 1, updated 0, stored as copies 1), unchanged 5, duplicates 0, rejected 0" in out
    assert "same text" not in err
    assert Report.objects.count() == 6 and len(enqueued) == 6
    assert Report.objects.filter(canonical_url="https://mirror.example.com/zero", status="pending").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")  # the pipeline runs on the database's gazetteer
def test_it_stores_the_same_text_at_another_outlets_url_as_a_copy_of_the_first(run_command, tmp_path, enqueued):
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            {"url": "https://wire.example.org/doha", "outlet": "Wire", "text": TEXT, "published_at": "2025-01-16"},
            {"url": "https://daily.example.com/doha", "outlet": "Daily", "text": TEXT, "published_at": "2025-01-16"},
            {"url": "https://wire.example.org/doha?utm_source=feed", "outlet": "Wire", "text": TEXT},
        ],
    )

    out, err = run_command("import_reports", str(path), "--sync")

    assert "read 3, imported 2 (created 2, updated 0, stored as copies 1), unchanged 0, duplicates 1" in out, err
    assert "processed 2, failed 0" in out
    assert f"{path}:3: duplicate: url: same report as {path}:1" in err  # one canonical URL: one report
    original, copy = Report.objects.order_by("id")
    assert (original.canonical_url, original.duplicate_of_id) == ("https://wire.example.org/doha", None)
    assert (copy.canonical_url, copy.outlet, copy.status) == ("https://daily.example.com/doha", "Daily", "processed")
    assert (copy.duplicate_of_id, copy.duplicate_similarity) == (original.id, 1.0)

    again, err = run_command("import_reports", str(path), "--sync")
    assert "read 3, imported 0 (created 0, updated 0), unchanged 3, duplicates 0" in again, err
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_it_reads_csv(run_command, tmp_path, enqueued, django_capture_on_commit_callbacks):
    path = tmp_path / "reports.csv"
    path.write_text(
        "url,outlet,title,published_at,text\n"
        f'https://news.example.org/1,Example,One,2025-01-16T10:00:00Z,"{TEXT}\nSecond paragraph, with a comma."\n'
        "https://news.example.org/2,Example,Two,,\n",
        encoding="utf-8",
    )

    with django_capture_on_commit_callbacks(execute=True):
        out, err = run_command("import_reports", str(path))

    assert "read 2, imported 1 (created 1, updated 0), unchanged 0, duplicates 0, rejected 1" in out
    assert f"{path}:4: rejected: text: text or html is required." in err
    report = Report.objects.get()
    assert report.text.endswith("Second paragraph, with a comma.") and report.published_at.hour == 10


@pytest.mark.django_db
def test_it_reads_a_folder_of_text_html_and_json_files_with_stable_derived_urls(
    run_command, tmp_path, enqueued, django_capture_on_commit_callbacks
):
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "two.html").write_text(
        '<html><head><link rel="canonical" href="https://news.example.org/two"></head>'
        "<body><p>Envoys met in Cairo on Tuesday to discuss the exchange of prisoners.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "three.json").write_text(json.dumps({"url": "https://news.example.org/3", "text": "Talks resumed."}))
    (folder / "notes.md").write_text("not a report")
    (folder / "broken.json").write_text("{")

    with django_capture_on_commit_callbacks(execute=True):
        out, err = run_command("import_reports", str(folder))

    assert "read 4, imported 3 (created 3, updated 0), unchanged 0, duplicates 0, rejected 1" in out
    assert f"{folder / 'broken.json'}:1: rejected: line: invalid JSON" in err
    urls = sorted(Report.objects.values_list("url", "canonical_url"))
    assert urls[1:] == [
        ("https://news.example.org/3", "https://news.example.org/3"),
        ("https://news.example.org/two", "https://news.example.org/two"),
    ]
    derived, canonical = urls[0]
    assert derived.startswith("https://imported-file.invalid/sha256/") and derived.endswith("#one.txt")
    assert canonical == derived.split("#")[0]

    # The same archive elsewhere is the same reports: nothing new.
    moved = shutil.copytree(folder, tmp_path / "moved")
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run_command("import_reports", str(moved))
    assert "read 4, imported 0 (created 0, updated 0), unchanged 3, duplicates 0, rejected 1" in out


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")  # the pipeline runs on the database's gazetteer
def test_it_runs_the_pipeline_in_process_with_sync(run_command, tmp_path, enqueued):
    folder = tmp_path / "seed"
    folder.mkdir()
    names = sorted(p.name for p in SEED.glob("*.json") if not p.name.endswith(".expected.json"))[:3]
    for name in names:
        shutil.copy(SEED / name, folder / name)

    out, err = run_command("import_reports", str(folder), "--sync")

    assert "read 3, imported 3 (created 3, updated 0)" in out and "processed 3, failed 0" in out, err
    assert enqueued == []
    reports = Report.objects.all()
    assert {r.status for r in reports} == {"processed"}
    assert all(r.fingerprint and r.language == "en" and r.processed_at for r in reports)


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")  # the pipeline runs on the database's gazetteer
def test_it_processes_with_sync_a_known_report_an_interrupted_sync_run_left_pending(run_command, tmp_path, enqueued):
    from events.services.reports import report_submit

    report, _ = report_submit(url="https://news.example.org/a", text=TEXT, enqueue=False)
    path = write_jsonl(tmp_path / "r.jsonl", [{"url": "https://news.example.org/a", "text": TEXT}])

    out, _ = run_command("import_reports", str(path), "--sync")

    assert "imported 0 (created 0, updated 0), unchanged 1" in out and "processed 1, failed 0" in out
    report.refresh_from_db()
    assert report.status == "processed"


@pytest.mark.django_db
def test_it_gives_a_source_cited_by_imported_facts_its_text_and_processes_it(run_command, tmp_path, enqueued):
    examples = Path(__file__).resolve().parents[2] / "examples"
    run_command("import_events", str(examples / "events.jsonl"))
    cited = Report.objects.get()
    assert (cited.text, cited.status) == ("", "processed")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED / "cnn-gaza-ceasefire-doha-2025-01-16.json", folder)

    out, err = run_command("import_reports", str(folder), "--sync")

    assert "read 1, imported 1 (created 0, updated 1), unchanged 0" in out and "processed 1, failed 0" in out, err
    cited.refresh_from_db()
    assert cited.status == "processed" and cited.text.startswith("Israel and Hamas have agreed to a ceasefire")
    assert Report.objects.count() == 1
    # The pipeline read the text against the imported facts: the imported quote is the same statement
    # (reviewed, now evidenced by the text too), and what else the text says was added for review.
    imported = Statement.objects.get(uid="c4f1d2a8-9b6e-4f3c-a1d7-2e8b5c9f0a21")
    assert imported.review_status == "reviewed"
    assert Statement.objects.filter(text_key=imported.text_key).count() == 1
    assert cited.evidence.count() > 2
    assert Statement.objects.filter(review_status="auto").exists()

    out, _ = run_command("import_reports", str(folder), "--sync")
    assert "read 1, imported 0 (created 0, updated 0), unchanged 1" in out


@pytest.mark.django_db
def test_it_takes_a_json_file_named_on_the_command_line_as_one_report_or_as_json_lines(
    run_command, tmp_path, enqueued, django_capture_on_commit_callbacks
):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"url": "https://news.example.org/one", "text": TEXT}, indent=2))
    lines = write_jsonl(
        tmp_path / "many.json",
        [{"url": f"https://news.example.org/many/{i}", "text": f"{TEXT} ({i})"} for i in range(2)],
    )

    with django_capture_on_commit_callbacks(execute=True):
        out, err = run_command("import_reports", str(single), str(lines))

    assert "read 3, imported 3 (created 3, updated 0), unchanged 0, duplicates 0, rejected 0" in out, err
