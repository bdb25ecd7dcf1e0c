"""Step 1 of the pipeline: turn a submission (text or untrusted HTML) into a NormalizedReport.

Pure: no database, no network. trafilatura and htmldate are only ever given an already parsed tree or
markup, never a URL, so nothing is fetched from here (their string inputs that look like URLs would be).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from events.pipeline.types import NormalizedReport
from events.text import words

# Untrusted input: bound what the parsers see. Longer news articles than this do not exist.
MAX_HTML_CHARS = 5_000_000
MAX_TEXT_CHARS = 1_000_000
MAX_URL_CHARS = 2000

# Query parameters that identify a click or a campaign, not a page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "cmp",
        "spm",
        "smid",
        "sr_share",
        "share",
        "s_cid",
        "ito",
        "at_medium",
        "at_campaign",
        "taid",
        "mkt_tok",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "rss",
        "feature",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "__hs", "vero_", "oly_")
DEFAULT_PORTS = {"http": 80, "https": 443}


class NormalizationError(ValueError):
    """The submission cannot become a report; the message says why (shown as the failure reason)."""


class EmptyReportError(NormalizationError):
    pass


# --- URL ----------------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """One spelling per page: lowercase scheme and host, no fragment, credentials, tracking
    parameters, default port or trailing slash; remaining query parameters sorted."""
    url = (url or "").strip()
    if not url:
        raise NormalizationError("url is required")
    if len(url) > MAX_URL_CHARS:
        raise NormalizationError(f"url is longer than {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise NormalizationError(f"url is malformed: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise NormalizationError("url must start with http:// or https://")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise NormalizationError("url has no host")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


# --- Text ---------------------------------------------------------------------------------------


def html_to_text(html: str) -> tuple[str, dt.date | None]:
    """Main text of an article page (paragraphs as lines) and the publication date found in it."""
    if len(html) > MAX_HTML_CHARS:
        raise NormalizationError(f"html is larger than {MAX_HTML_CHARS} characters")
    import htmldate
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        # A fragment without <html>/<body> ("<p>...</p>"): trafilatura refuses it, lxml wraps it.
        import lxml.html

        try:
            tree = lxml.html.document_fromstring(html)
        except Exception:  # lxml on binary garbage or an empty document
            return "", None
    text = trafilatura.extract(
        tree, output_format="txt", include_comments=False, include_tables=False, favor_recall=True
    )
    if not text:
        # Pages too small for trafilatura's article heuristics: keep the visible paragraphs.
        text = "\n".join(" ".join(el.text_content().split()) for el in tree.iter("p", "h1", "h2", "li", "blockquote"))
    text = _drop_repeats_and_headline(text or "", tree)
    published = None
    try:
        # A tree, not a string: htmldate would download a string that looks like a URL.
        found = htmldate.find_date(load_html(html), extensive_search=False, original_date=True)
        published = dt.date.fromisoformat(found) if found else None
    except Exception:  # htmldate on hostile markup: a missing date is not worth failing the report
        published = None
    return text, published


def _drop_repeats_and_headline(text: str, tree) -> str:
    """trafilatura may return the headline as the first line and, on short pages, the body twice
    (its fallback extractors' output appended): keep the article body, each paragraph once."""
    headlines = {
        " ".join(t.split()).casefold() for t in (tree.findtext(".//title") or "", tree.findtext(".//h1") or "")
    }
    seen: set[str] = set()
    kept = []
    for line in (" ".join(raw.split()) for raw in text.split("\n")):
        key = line.casefold()
        if not line or key in seen or (not kept and key in headlines):
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(kept)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Unicode NFC, no control characters, single spaces, one paragraph per line, no blank lines."""
    if len(text) > MAX_TEXT_CHARS:
        raise NormalizationError(f"text is longer than {MAX_TEXT_CHARS} characters")
    value = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub(" ", value).replace("\u00a0", " ")
    lines = (" ".join(line.split()) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def text_fingerprint(text: str) -> str:
    """sha256 of the word sequence: the same words under other punctuation, case or layout match."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def detect_language(text: str) -> str:
    import py3langid

    # The first 2000 characters tell the language as well as the whole text, at a fraction of the cost.
    lang, _score = py3langid.classify(text[:2000])
    return lang or ""


def parse_published_at(value) -> dt.datetime | None:
    """datetime, date or ISO string -> aware datetime (UTC when no zone is given)."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise NormalizationError(f"published_at is not an ISO date: {value[:40]!r}") from exc
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if not isinstance(value, dt.datetime):
        raise NormalizationError("published_at must be a date or a datetime")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


def normalize_report(
    *,
    url: str,
    text: str = "",
    html: str = "",
    outlet: str = "",
    title: str = "",
    published_at: dt.datetime | dt.date | str | None = None,
    language: str = "",
) -> NormalizedReport:
    canonical = canonical_url(url)
    published = parse_published_at(published_at)
    body = clean_text(text or "")
    if not body and html:
        extracted, found_date = html_to_text(html)
        body = clean_text(extracted)
        if published is None and found_date is not None:
            published = parse_published_at(found_date)
    if not words(body):
        raise EmptyReportError("the report has no text after normalization")
    return NormalizedReport(
        url=url.strip(),
        canonical_url=canonical,
        text=body,
        fingerprint=text_fingerprint(body),
        outlet=" ".join((outlet or "").split())[:200],
        title=" ".join((title or "").split())[:500],
        published_at=published,
        language=(language or "").strip().lower()[:12] or detect_language(body),
    )
