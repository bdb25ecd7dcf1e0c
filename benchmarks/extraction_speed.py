"""Extraction throughput over plain-text reports (one process): prints reports/s.

Uses the seed and the annotated corpus (varied outlets and negotiations), each report repeated so the
run lasts a few seconds; the gazetteer indexes are built once, as in the service.
Run: .venv/bin/python benchmarks/extraction_speed.py [ROUNDS]
"""

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")

import django  # noqa: E402

django.setup()

from events.pipeline.extract import extract_report  # noqa: E402
from events.pipeline.gazetteer import default_gazetteer  # noqa: E402
from events.pipeline.identity import reference_negotiations  # noqa: E402
from events.pipeline.types import Gazetteer, NormalizedReport  # noqa: E402


def load() -> list[NormalizedReport]:
    paths = [ROOT / "tests/data/seed/seed-report.json"]
    paths += sorted(p for p in (ROOT / "tests/data/reports").glob("*.json") if not p.name.endswith(".expected.json"))
    reports = []
    for path in paths:
        raw = json.loads(path.read_text())
        published = (
            dt.datetime.fromisoformat(raw["published_at"].replace("Z", "+00:00")) if raw.get("published_at") else None
        )
        reports.append(
            NormalizedReport(
                url=raw["url"],
                canonical_url=raw["url"],
                text=raw["text"],
                fingerprint="",
                title=raw.get("title", ""),
                published_at=published,
            )
        )
    return reports


def long_reports(reports: list[NormalizedReport], target: int = 600) -> list[NormalizedReport]:
    """~600-word reports: each corpus report followed by the next ones until the target length."""
    out = []
    for i, report in enumerate(reports):
        # Whole paragraphs of the following reports until the target length (not whole reports: that overshoots).
        parts = report.text.split("\n")
        j = i + 1
        while sum(len(p.split()) for p in parts) < target:
            for paragraph in reports[j % len(reports)].text.split("\n"):
                parts.append(paragraph)
                if sum(len(p.split()) for p in parts) >= target:
                    break
            j += 1
        out.append(
            NormalizedReport(
                url=report.url,
                canonical_url=report.canonical_url,
                text="\n".join(parts),
                fingerprint="",
                title=report.title,
                published_at=report.published_at,
            )
        )
    return out


def measure(label: str, reports: list[NormalizedReport], gazetteer, rounds: int) -> None:
    words = sum(len(r.text.split()) for r in reports) / len(reports)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for report in reports:
            extract_report(report, gazetteer)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = rounds * len(reports)
    print(f"{label}: {n} reports of {words:.0f} words on average")
    print(f"  wall: {elapsed:.2f} s, {n / elapsed:.1f} reports/s ({elapsed / n * 1000:.1f} ms/report)")
    print(f"  cpu:  {cpu:.2f} s, {n / cpu:.1f} reports/s per core (wall is lower when the machine is shared)")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    reports = load()
    # With the reference negotiations, as a deployed database has them: each report is matched to its process.
    gazetteer = Gazetteer(actors=default_gazetteer().actors, negotiations=list(reference_negotiations()))
    t0 = time.perf_counter()
    extract_report(reports[0], gazetteer)
    warm = time.perf_counter() - t0
    print(f"first call (builds the gazetteer indexes): {warm * 1000:.0f} ms")
    measure("corpus reports", reports, gazetteer, rounds)
    measure("~600-word reports", long_reports(reports), gazetteer, max(1, rounds // 2))


if __name__ == "__main__":
    main()
