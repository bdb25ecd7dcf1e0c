import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")

app = Celery("negotiations")
# Every Celery option lives in Django settings as CELERY_<NAME>.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
