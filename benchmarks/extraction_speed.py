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
from events.pipeline.types import NormalizedReport  # noqa: E402


def load() -> list[NormalizedReport]:
    paths = [ROOT / "tests/data/seed/seed-report.json"]
    paths += sorted(p for p in (ROOT / "tests/data/reports").glob("*.json") if not p.name.endswith(".expected.json"))
    reports = []
    for path in paths:
        raw = json.loads(path.read_text())
        published = dt.datetime.fromisoformat(raw["published_at"].replace("Z", "+00:00")) if raw.get("published_at") else None
        reports.append(NormalizedReport(url=raw["url"], canonical_url=raw["url"], text=raw["text"], fingerprint="",
                                        title=raw.get("title", ""), published_at=published))
    return reports


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    reports = load()
    gazetteer = default_gazetteer()
    t0 = time.perf_counter()
    extract_report(reports[0], gazetteer)
    warm = time.perf_counter() - t0
    words = sum(len(r.text.split()) for r in reports) / len(reports)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for report in reports:
            extract_report(report, gazetteer)
    elapsed = time.perf_counter() - t0
    n = rounds * len(reports)
    print(f"first call (builds the gazetteer indexes): {warm * 1000:.0f} ms")
    print(f"reports: {n} ({len(reports)} distinct, {words:.0f} words on average)")
    print(f"extraction: {elapsed:.2f} s, {n / elapsed:.1f} reports/s, {elapsed / n * 1000:.1f} ms/report")


if __name__ == "__main__":
    main()
