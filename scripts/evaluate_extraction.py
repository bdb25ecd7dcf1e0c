#!/usr/bin/env python
"""Score the extractor on the seed report and the hand-annotated corpus in tests/data/reports/.

Runs the real normalize and extract steps (no database) with the general gazetteer, scores each
report against its *.expected.json with events.pipeline.evaluation and prints a per-report table and
micro-averaged precision / recall / F1 per category. Always exits 0: it reports, it does not judge.

    .venv/bin/python scripts/evaluate_extraction.py             # table and totals
    .venv/bin/python scripts/evaluate_extraction.py -v          # plus what was missed or extra
    .venv/bin/python scripts/evaluate_extraction.py -k istanbul # only reports whose name contains this
    .venv/bin/python scripts/evaluate_extraction.py --dir PATH  # another folder of annotated reports
    .venv/bin/python scripts/evaluate_extraction.py --json out.json  # the figures as JSON too
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The repository keeps a copy of the seed; ../shared is the original, used when the copy is absent.
SEED = next(
    (p for p in (ROOT / "tests" / "data" / "seed" / "seed-report.json", ROOT.parent / "shared" / "fixtures" / "seed-report.json") if p.exists()),
    ROOT / "tests" / "data" / "seed" / "seed-report.json",
)
REPORTS = ROOT / "tests" / "data" / "reports"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")

import django  # noqa: E402

django.setup()

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from events.pipeline import evaluation  # noqa: E402
from events.pipeline.extract import extract_report  # noqa: E402
from events.pipeline.normalize import normalize_report  # noqa: E402
from events.pipeline.types import Extraction, Gazetteer  # noqa: E402


def load_gazetteer() -> Gazetteer:
    try:
        from events.pipeline.gazetteer import default_gazetteer
    except ImportError:
        return Gazetteer()
    return default_gazetteer()


def corpus(pattern: str, directory: Path | None = None) -> list[tuple[str, dict, dict]]:
    """(name, report, gold) for the seed and tests/data/reports, or for every annotated report in directory."""
    if directory is None:
        paths = ([SEED] if SEED.exists() else []) + _reports_in(REPORTS)
    else:
        paths = _reports_in(directory)
    items = []
    for path in paths:
        if pattern and pattern not in path.stem:
            continue
        gold_path = path.with_name(path.name.removesuffix(".json") + ".expected.json")
        if gold_path.exists():
            items.append((path.stem, json.loads(path.read_text()), json.loads(gold_path.read_text())))
    return items


def _reports_in(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if not p.name.endswith(".expected.json"))


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


@dataclass
class Result:
    rows: list[tuple[str, evaluation.Score]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    details: list[tuple[str, list[str]]] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def totals(self) -> evaluation.Score:
        return evaluation.total(score for _, score in self.rows)


def evaluate(items, extract, gazetteer: Gazetteer, verbose: bool = False) -> Result:
    """Normalize, extract and score every (name, report, gold); NotImplementedError propagates."""
    result = Result()
    for name, report, gold in items:
        normalized = normalize_report(
            url=report["url"], text=report.get("text", ""), outlet=report.get("outlet", ""),
            title=report.get("title", ""), published_at=report.get("published_at"), language=report.get("language", ""),
        )
        started = time.perf_counter()
        try:
            extraction = extract(normalized, gazetteer)
        except NotImplementedError:
            raise
        except Exception as error:  # a crash on one report is a finding, scored as an empty extraction
            result.failures.append(f"{name}: {error!r}")
            result.details.append((name, traceback.format_exc().splitlines()[-3:]))
            extraction = Extraction()
        result.elapsed += time.perf_counter() - started
        result.rows.append((name, evaluation.score_report(extraction, gold)))
        if verbose:
            result.details.append(
                (name, evaluation.statement_mismatches(extraction, gold)
                 + evaluation.meeting_mismatches(extraction, gold)
                 + evaluation.people_mismatches(extraction, gold))
            )
    return result


def cell(counts: evaluation.Counts) -> str:
    return f"{counts.tp}/{counts.tp + counts.fp}/{counts.tp + counts.fn}"


def ratio(value: evaluation.Ratio) -> str:
    return f"{value.correct}/{value.total}"


def print_result(console: Console, result: Result) -> None:
    table = Table(title="Per report (tp/predicted/gold; speaker and said_on: right / matched quotes)")
    for column in ("report", "statements", "speaker", "said_on", "people", "people+title+aff", "parties", "mediators", "meetings"):
        table.add_column(column, overflow="fold")
    for name, score in result.rows:
        table.add_row(name, cell(score["statements"]), ratio(score["speaker"]), ratio(score["said_on"]),
                      cell(score["people"]), cell(score["people_full"]), cell(score["parties"]),
                      cell(score["mediators"]), cell(score["meetings"]))
    console.print(table)

    totals = result.totals
    summary = Table(title=f"Totals over {len(result.rows)} reports (micro-averaged)")
    for column in ("category", "tp", "fp", "fn", "precision", "recall", "F1"):
        summary.add_column(column, justify="left" if column == "category" else "right")
    for category in evaluation.COUNT_CATEGORIES:
        c = totals[category]
        summary.add_row(category, str(c.tp), str(c.fp), str(c.fn), fmt(c.precision), fmt(c.recall), fmt(c.f1))
    console.print(summary)
    for category in evaluation.RATIO_CATEGORIES:
        r = totals[category]
        console.print(f"{category} accuracy over matched statements: {r.correct}/{r.total} = {fmt(r.value)}")
    if result.rows and result.elapsed:
        console.print(f"extraction time: {result.elapsed:.3f}s for {len(result.rows)} reports "
                      f"({len(result.rows) / result.elapsed:.1f} reports/s)")
    for failure in result.failures:
        console.print(f"extractor failed on {failure}", markup=False, highlight=False)
    for name, lines in result.details:
        if lines:
            console.print(f"\n{name}", markup=False, highlight=False)
            for line in lines:
                console.print(f"  {line}", markup=False, highlight=False)


def _figures(score: evaluation.Score) -> dict:
    figures = {}
    for name, value in score.items():
        if isinstance(value, evaluation.Counts):
            figures[name] = {"tp": value.tp, "fp": value.fp, "fn": value.fn,
                             "precision": value.precision, "recall": value.recall, "f1": value.f1}
        else:
            figures[name] = {"correct": value.correct, "total": value.total, "accuracy": value.value}
    return figures


def as_json(result: Result) -> dict:
    return {
        "reports": len(result.rows),
        "totals": _figures(result.totals),
        "per_report": {name: _figures(score) for name, score in result.rows},
        "failures": result.failures,
        "extraction_seconds": round(result.elapsed, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed, extra and misattributed facts")
    parser.add_argument("-k", "--only", default="", help="only reports whose file name contains this")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument("--dir", type=Path, default=None,
                        help="score the NAME.json + NAME.expected.json pairs in this folder instead (e.g. new real reports)")
    args = parser.parse_args()
    console = Console(width=160)
    items = corpus(args.only, args.dir)
    try:
        result = evaluate(items, extract_report, load_gazetteer(), verbose=args.verbose)
    except NotImplementedError:
        console.print("The extractor is not implemented yet (extract_report raises NotImplementedError): nothing to score.")
        console.print(f"Corpus: {len(items)} reports, {sum(len(g['statements']) for _, _, g in items)} gold statements, "
                      f"{sum(len(g['meetings']) for _, _, g in items)} gold meetings.")
        return 0
    print_result(console, result)
    if args.json:
        args.json.write_text(json.dumps(as_json(result), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
