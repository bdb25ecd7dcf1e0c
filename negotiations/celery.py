import logging
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")

app = Celery("negotiations")
# Every Celery option lives in Django settings as CELERY_<NAME>.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _warm_up_extractor(**kwargs):
    # In the worker's main process, before the pool forks: every pool process starts with the
    # extractor's indexes built, instead of each paying about a second on its first report.
    try:
        import django

        django.setup()
        from events.pipeline.extract import extraction_warm_up

        extraction_warm_up()
    except Exception:  # noqa: BLE001 - an optimisation: the worker runs without it
        logging.getLogger(__name__).warning("extractor warm-up failed", exc_info=True)
