import json
from pathlib import Path

import pytest

from events.models import Report
from events.pipeline.types import Gazetteer
from events.services.reports import report_process, report_submit
from negotiations.services.gazetteer import gazetteer_load
from negotiations.services.reference import negotiation_reference_load

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


@pytest.fixture
def reference_data():
    """The general gazetteers and the reference processes, as `migrate` leaves them (a transactional test
    that ran before may have emptied the tables)."""
    gazetteer_load()
    negotiation_reference_load()


def report_processed(payload: dict) -> Report:
    """The report submitted and processed by the real pipeline: the default extractor on the database's
    gazetteer, negotiation identity included."""
    report, _ = report_submit(**payload, enqueue=False)
    return report_process(report_id=report.id)
