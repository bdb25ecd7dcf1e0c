"""Extraction entry point (filled in by the extraction work)."""

from events.pipeline.types import Extraction, Gazetteer, NormalizedReport


def extract_report(report: NormalizedReport, gazetteer: Gazetteer) -> Extraction:
    raise NotImplementedError
