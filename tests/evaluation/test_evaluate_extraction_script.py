"""scripts/evaluate_extraction.py: runs standalone, prints figures, exits 0 (and says so while no extractor exists)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from events.pipeline.evaluation import Counts
from events.pipeline.types import Extraction, Gazetteer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "evaluate_extraction.py"


def load_script():
    spec = importlib.util.spec_from_file_location("evaluate_extraction", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_it_runs_standalone_and_exits_zero():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "-k", "armenia"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stderr
    assert "Totals over 2 reports" in result.stdout
    assert "not implemented yet" not in result.stdout


def test_it_says_so_and_exits_zero_while_the_extractor_is_not_implemented(monkeypatch, capsys):
    module = load_script()

    def not_yet(report, gazetteer):
        raise NotImplementedError

    monkeypatch.setattr(module, "extract_report", not_yet)
    monkeypatch.setattr(sys, "argv", ["evaluate_extraction.py", "-k", "euronews-interview"])

    assert module.main() == 0
    out = capsys.readouterr().out
    assert "not implemented yet" in out
    assert "Corpus: 1 reports, 4 gold statements, 2 gold meetings." in out


def test_it_scores_an_extractor_that_finds_nothing_as_all_missed():
    module = load_script()
    items = module.corpus("euronews-interview")

    result = module.evaluate(items, lambda report, gazetteer: Extraction(), Gazetteer())

    assert [name for name, _ in result.rows] == ["euronews-interview-sybiha-2025-03-19"]
    assert result.totals["statements"] == Counts(tp=0, fp=0, fn=4)
    assert result.totals["meetings"] == Counts(tp=0, fp=0, fn=2)
    assert result.failures == []


def test_it_reports_an_extractor_crash_scores_it_empty_and_goes_on():
    module = load_script()
    items = module.corpus("armenia")

    def crash(report, gazetteer):
        raise ValueError("boom")

    result = module.evaluate(items, crash, Gazetteer())

    assert len(result.rows) == 2
    assert result.failures == [f"{name}: ValueError('boom')" for name, _, _ in items]
    assert result.totals["statements"] == Counts(tp=0, fp=0, fn=8)


def test_it_includes_the_seed_and_every_annotated_report():
    module = load_script()
    names = [name for name, _, _ in module.corpus("")]
    own = sorted(
        p.stem for p in (ROOT / "tests" / "data" / "reports").glob("*.json") if not p.name.endswith(".expected.json")
    )

    assert names == ["seed-report", *own]


def test_it_scores_another_folder_of_annotated_reports(tmp_path):
    source = ROOT / "tests" / "data" / "reports"
    for suffix in (".json", ".expected.json"):
        name = "rferl-armenia-azerbaijan-almaty-2024-05-11" + suffix
        (tmp_path / name).write_text((source / name).read_text())
    (tmp_path / "unannotated.json").write_text('{"url": "https://example.org/x", "text": "No gold for this one."}')

    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stderr
    assert ("Totals over 1 reports" in result.stdout) or ("Corpus: 1 reports, 4 gold statements" in result.stdout)


def test_it_writes_the_figures_as_json():
    module = load_script()
    result = module.evaluate(module.corpus("euronews-interview"), lambda report, gazetteer: Extraction(), Gazetteer())

    figures = module.as_json(result)

    assert figures["reports"] == 1
    assert figures["totals"]["statements"] == {"tp": 0, "fp": 0, "fn": 4, "precision": None, "recall": 0.0, "f1": None}
    assert figures["totals"]["speaker"] == {"correct": 0, "total": 0, "accuracy": None}
    assert list(figures["per_report"]) == ["euronews-interview-sybiha-2025-03-19"]
