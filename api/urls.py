"""One package per API version; a new version is added here beside the others."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, include, path, re_path, resolve
from django.views.decorators.csrf import csrf_exempt

from api.errors import not_found


# No CSRF check: it answers 404 whatever the method, and a CSRF failure would answer Django's HTML 403.
@csrf_exempt
def unknown_path(request, *args, **kwargs):
    # This catch-all hides APPEND_SLASH's redirect (the path now resolves), so do it here.
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return not_found(request)


urlpatterns = [
    path("v1/", include(("api.v1.urls", "v1"), namespace="v1")),
    # Last: anything under /api/ no version matched answers JSON.
    re_path(r"^.*$", unknown_path),
]
