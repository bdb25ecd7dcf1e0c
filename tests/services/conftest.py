import json
from pathlib import Path

import pytest

from events.pipeline.types import Gazetteer

DATA = Path(__file__).resolve().parents[1] / "data"


def load_report(relative: str) -> dict:
    data = json.loads((DATA / relative).read_text())
    return {key: data[key] for key in ("url", "outlet", "title", "published_at", "language", "text") if key in data}


@pytest.fixture
def seed():
    return load_report("seed/seed-report.json")


@pytest.fixture
def empty_gazetteer():
    return Gazetteer()


@pytest.fixture
def enqueued(monkeypatch):
    """Report ids handed to the queue (the real publish is the reliability work's, tested there)."""
    ids = []
    monkeypatch.setattr("events.services.queue.report_enqueue", lambda *, report_id: ids.append(report_id) or True)
    return ids
