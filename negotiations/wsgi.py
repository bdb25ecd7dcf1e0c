import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "negotiations.settings")
application = get_wsgi_application()

# The URLconf, and with it every view and what they import, loaded now rather than by the first request;
# then all of it (some 130,000 objects that live as long as the process) is left out of the garbage
# collector's full passes, which walked it every few hundred requests: 50 ms each, a tenth of a list
# request's time on average, and a pause for whichever request ran into one.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
