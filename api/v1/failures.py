"""What the public sees of a report's failure: a short category and message, no internal exception text.

The pipeline stores the full reason (exception class and text, addresses it tried, a database error's
details) for curators; staff users see it in the API and the admin. Everyone else gets the category.
"""

from __future__ import annotations

import re

# (category, public message, words any of which in the stored reason selects it), tried in order.
_CATEGORIES = (
    (
        "fetch_refused",
        "The article's address may not be fetched.",
        ("refused to fetch", "with credentials are not fetched"),
    ),
    ("too_large", "The article is larger than the service accepts.", ("longer than", "larger than", "too large")),
    (
        "fetch_failed",
        "The article page could not be fetched.",
        (
            "cannot resolve host",
            "has no address",
            "timeout",
            "timed out",
            "took too long",
            "tls error",
            "network error",
            "connection lost",
            "redirect",
            "unsupported content type",
            "invalid url",
            "only http",
            "url without a host",
            "fetching is not available",
        ),
    ),
    (
        "no_text",
        "No article text could be read from the report.",
        ("page is empty", "page is binary", "not decodable", "no text"),
    ),
    ("invalid_report", "The report's fields could not be read.", ("published_at", "url ")),
)
_HTTP_STATUS = re.compile(r"^HTTP (\d{3}) from ")
# How the pipeline stores an unexpected exception (a bug, a database error): "ClassName: text".
_INTERNAL = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)?: ")


def failure_reason_public(reason: str) -> str:
    if not reason:
        return ""
    status = _HTTP_STATUS.match(reason)
    if status:
        return f"fetch_failed: The article page answered HTTP {status.group(1)}."
    lowered = reason.lower()
    for category, message, words in _CATEGORIES:
        if any(word in lowered for word in words):
            return f"{category}: {message}"
    if _INTERNAL.match(reason) and " " not in reason.split(":", 1)[0]:
        return "internal: Processing failed because of an internal error."
    return "failed: The report could not be processed."
