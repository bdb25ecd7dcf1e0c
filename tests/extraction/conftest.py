import datetime as dt

import pytest

from events.pipeline.extract import extract_report
from events.pipeline.extraction.document import Document, build_document
from events.pipeline.types import Gazetteer, KnownActor, NormalizedReport


def make_report(text: str, published: str = "2025-03-19", title: str = "", outlet: str = "") -> NormalizedReport:
    return NormalizedReport(
        url="https://example.org/a",
        canonical_url="https://example.org/a",
        text=text,
        fingerprint="x",
        outlet=outlet,
        title=title,
        published_at=dt.datetime.fromisoformat(published).replace(tzinfo=dt.timezone.utc),
    )


@pytest.fixture
def gazetteer():
    from events.pipeline.gazetteer import default_gazetteer

    return default_gazetteer()


@pytest.fixture
def extract(gazetteer):
    def run(text: str, published: str = "2025-03-19", title: str = "", gaz: Gazetteer | None = None, outlet: str = ""):
        return extract_report(make_report(text, published, title, outlet), gaz or gazetteer)

    return run


def speakers(extraction, kind="direct"):
    """{statement text: speaker} for quick assertions."""
    return {s.text: (s.speaker_person or s.speaker_actor) for s in extraction.statements if s.kind == kind}


def person(extraction, name):
    return next(p for p in extraction.people if p.name == name)


# Three small states for the stage tests: a gazetteer built by hand, so what a stage finds depends on
# the test's own text and not on the general gazetteer.
STAGE_ACTORS = (
    KnownActor(1, "Norway", "state", "NO", ("Norwegian",)),
    KnownActor(2, "Chile", "state", "CL", ("Chilean",)),
    KnownActor(3, "Peru", "state", "PE", ("Peruvian",)),
)


def make_document(
    text: str, *, published: str = "2025-05-07", title: str = "", actors=STAGE_ACTORS, people=(), negotiations=()
) -> Document:
    gazetteer = Gazetteer(actors=list(actors), people=list(people), negotiations=list(negotiations))
    return build_document(make_report(text, published, title), gazetteer)
