"""Generated reports for the pipeline benchmarks: the grammar of benchmarks/extraction_dedup.py, and its
stories as report_submit() arguments."""

from __future__ import annotations


def grammar():
    """benchmarks/extraction_dedup.py as a module (imported late: it sets its own TEST_DB_NAME default,
    which the calling benchmark has set first)."""
    from benchmarks import extraction_dedup

    return extraction_dedup


def report_payloads(stories, *, prefix: str = "") -> list[dict]:
    text_of = grammar().text_of
    base = f"https://bench.example/{prefix + '/' if prefix else ''}"
    return [
        {
            "url": f"{base}{s.key}",
            "outlet": f"Outlet {s.key % 17}",
            "title": s.title,
            "published_at": "2025-03-12T09:00:00Z",
            "text": text_of(s),
            "language": "en",
        }
        for s in stories
    ]
