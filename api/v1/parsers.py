import io

from django.conf import settings
from rest_framework.parsers import JSONParser

from api.errors import RequestTooLarge


class BoundedJSONParser(JSONParser):
    """JSON bodies are limited to DATA_UPLOAD_MAX_MEMORY_SIZE like form bodies.

    Django only enforces the limit when request.body or request.POST is read;
    DRF's JSON parser reads the stream directly, so without this a client could
    post any size. Reading limit + 1 bytes keeps memory bounded.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and stream is not None:
            data = stream.read(limit + 1)
            if len(data) > limit:
                raise RequestTooLarge()
            stream = io.BytesIO(data)
        return super().parse(stream, media_type, parser_context)
