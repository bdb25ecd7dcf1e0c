"""Worker processes start with the extractor's lazy indexes built (in the main process, before the pool
forks), so the first report of each pool process does not pay about a second for them."""

from celery.signals import worker_init

from events.pipeline import gazetteer as pipeline_gazetteer
from events.pipeline.extract import extraction_warm_up
from negotiations.celery import _warm_up_extractor


def test_it_builds_the_place_index():
    pipeline_gazetteer._place_index.cache_clear()
    extraction_warm_up()
    assert pipeline_gazetteer._place_index.cache_info().currsize == 1
    assert pipeline_gazetteer.place_lookup("Doha").country_iso == "QA"


def test_it_runs_when_a_worker_starts():
    receivers = [r() for _, r in worker_init.receivers]
    assert _warm_up_extractor in receivers
    pipeline_gazetteer._place_index.cache_clear()
    _warm_up_extractor(sender=None)
    assert pipeline_gazetteer._place_index.cache_info().currsize == 1
