"""Parse RSS/Atom feeds safely: defusedxml first (entity declarations, external entities -> refused:
no billion laughs, no reading local files or URLs through XML), then feedparser on the bytes (it never
touches the network when given bytes). Pure: bytes in, plain entries out."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

_TAG = re.compile(r"<[^>]+>")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


class FeedError(ValueError):
    """The feed was refused or could not be read; the message is the reason."""


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str = ""
    published_at: dt.datetime | None = None
    html: str = ""  # the entry's own article HTML, when it carries one
    summary: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    kind: str  # "rss" | "atom" | ""
    title: str
    entries: list[FeedEntry]


def check_xml_safe(data: bytes) -> bool:
    """Refuse XML with entity declarations or external entities. True when well-formed."""
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"feed refused: {exc.__class__.__name__} (entity declarations or external references)") from exc
    except ParseError:
        # Malformed XML: feedparser may still read it leniently, but only if nothing in it declares
        # entities (the lenient parser must never see a billion-laughs payload).
        if _ENTITY_DECL.search(data):
            raise FeedError("feed refused: malformed XML with entity declarations") from None
        return False
    return True


def parse_feed(data: bytes, *, max_entries: int = 200, min_article_chars: int = 600) -> ParsedFeed:
    if not data or not data.strip():
        raise FeedError("the feed is empty")
    well_formed = check_xml_safe(data)
    parsed = feedparser.parse(data)
    if not parsed.entries and (not well_formed or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or "not an RSS or Atom feed"
        raise FeedError(f"not a feed: {reason}")
    version = parsed.get("version", "") or ""
    kind = "atom" if version.startswith("atom") else "rss" if version.startswith("rss") else ""
    entries = []
    for raw in parsed.entries[:max_entries]:
        entry = _entry(raw, min_article_chars=min_article_chars)
        if entry is not None:
            entries.append(entry)
    if not well_formed and not entries:
        raise FeedError("not a feed: malformed XML with no usable entry")
    return ParsedFeed(kind=kind, title=parsed.feed.get("title", "") or "", entries=entries)


def _entry(raw, *, min_article_chars: int) -> FeedEntry | None:
    url = (raw.get("link") or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return None  # an entry we could neither fetch nor deduplicate by URL
    html = ""
    # feedparser has already sanitized this HTML (scripts, event handlers dropped).
    for candidate in [c.get("value", "") for c in raw.get("content", []) or []] + [raw.get("summary", "")]:
        if candidate and len(_text_of(candidate)) >= min_article_chars:
            html = candidate
            break
    return FeedEntry(
        url=url,
        title=(raw.get("title") or "").strip()[:500],
        published_at=_date(raw.get("published_parsed") or raw.get("updated_parsed")),
        html=html,
        summary=raw.get("summary", "") or "",
    )


def _text_of(html: str) -> str:
    return " ".join(_TAG.sub(" ", html).split())


def _date(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.timezone.utc)
    except (OverflowError, ValueError, TypeError):
        return None
